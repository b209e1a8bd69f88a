// Runs a notebook's cells one at a time through JupyterLab's own notebook
// actions, so they behave as if run by hand (same metadata, same execution
// signals). One sequence at a time per notebook; it stops at the first error
// or when the kernel is interrupted.

import { JupyterFrontEnd } from '@jupyterlab/application';
import { ISessionContextDialogs } from '@jupyterlab/apputils';
import { NotebookActions, NotebookPanel } from '@jupyterlab/notebook';

// Commands that interrupt the kernel: a running sequence stops with them.
const INTERRUPT_COMMANDS = new Set(['notebook:interrupt-kernel', 'kernelmenu:interrupt']);

export class CellRunner {
  constructor(private _panel: NotebookPanel, private _dialogs: ISessionContextDialogs | null) {}

  // A sequence is running: executions seen now are the runner's, not the user's.
  get busy(): boolean {
    return this._busy;
  }

  // The cell index of each cell id, -1 for a cell not in the notebook.
  position(): (id: string) => number {
    const index = new Map(this._panel.content.widgets.map((c, i) => [c.model.id, i]));
    return (id) => index.get(id) ?? -1;
  }

  // Runs `ids` in the given order; see runEach.
  async runAll(ids: string[]): Promise<boolean> {
    let i = 0;
    return this.runEach(() => (i < ids.length ? ids[i++] : null));
  }

  // Runs the cell `next` names, then asks again (the order may follow the
  // states the runs push), until it gives null. Returns false when a cell
  // raised, the kernel was interrupted, or another sequence was running.
  async runEach(next: () => string | null): Promise<boolean> {
    if (this._busy) {
      return false;
    }
    this._busy = true;
    this._cancelled = false;
    try {
      const notebook = this._panel.content;
      for (let id = next(); id !== null; id = next()) {
        if (this._cancelled || this._panel.isDisposed) {
          return false;
        }
        const cell = notebook.widgets.find((c) => c.model.id === id);
        if (!cell || cell.model.type !== 'code') {
          continue;
        }
        const ok = await NotebookActions.runCells(notebook, [cell], this._panel.sessionContext, this._dialogs ?? undefined);
        if (!ok || this._cancelled) {
          return false;
        }
      }
      return true;
    } finally {
      this._busy = false;
    }
  }

  // Stops the running sequence before its next cell.
  cancel(): void {
    this._cancelled = true;
  }

  private _busy = false;
  private _cancelled = false;
}

// An interrupt of the current notebook's kernel stops its running sequence
// (the cell running then gets KeyboardInterrupt from the kernel).
export function cancelOnInterrupt(app: JupyterFrontEnd, current: () => CellRunner | undefined): void {
  app.commands.commandExecuted.connect((_, { id }) => {
    if (INTERRUPT_COMMANDS.has(id)) {
      current()?.cancel();
    }
  });
}
