// The xdeps JupyterLab extension: with the xdeps kernel, stale and
// downstream cells are marked live, and "Run stale cells" re-runs them in
// dependency order. With any other kernel it does nothing.

import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, ToolbarButton } from '@jupyterlab/apputils';
import { Cell, CodeCell } from '@jupyterlab/cells';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';

import { CommClient, isXdepsKernel } from './comm';
import { clearNotebook, markNotebook } from './marks';
import { StateStore } from './state';

const RUN_STALE = 'xdeps:run-stale-cells';

// One notebook's connection to its kernel's state.
class NotebookDeps {
  readonly store = new StateStore();
  readonly client: CommClient;

  constructor(readonly panel: NotebookPanel) {
    this.client = new CommClient(panel.sessionContext);
    this.client.stateReceived.connect((_, state) => {
      this.store.update(state);
      this.refresh();
    });
    this.client.disconnected.connect(() => {
      this.store.clear();
      clearNotebook(panel);
    });
    const notebook = panel.content;
    notebook.model?.cells.changed.connect(() => this.refresh());
    notebook.cellInViewportChanged.connect(() => this.refresh());
    notebook.activeCellChanged.connect((_, cell) => this.watchEdits(cell));
    this.watchEdits(notebook.activeCell);
  }

  refresh(): void {
    if (isXdepsKernel(this.panel.sessionContext.session?.kernel)) {
      markNotebook(this.panel, this.store);
    }
  }

  // Source edits of the active cell, before it runs, make its readers "may be stale".
  private watchEdits(cell: Cell | null): void {
    if (!cell || this._watched.has(cell)) {
      return;
    }
    this._watched.add(cell);
    cell.model.contentChanged.connect(() => {
      if (this.store.edited(cell.model.id)) {
        this.refresh();
      }
    });
  }

  // Runs stale and downstream cells, upstream first; stops at the first error.
  async runStale(): Promise<void> {
    const byId = new Map(this.panel.content.widgets.map((c) => [c.model.id, c]));
    for (const id of this.store.rerunOrder()) {
      const cell = byId.get(id);
      if (!(cell instanceof CodeCell)) {
        continue;
      }
      const reply = await CodeCell.execute(cell, this.panel.sessionContext);
      if (!reply || reply.content.status !== 'ok') {
        return;
      }
    }
  }

  private _watched = new WeakSet<Cell>();
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'xdeps-labextension:plugin',
  description: 'Marks stale cells and re-runs them in dependency order, with the xdeps kernel.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, palette: ICommandPalette | null) => {
    const notebooks = new WeakMap<NotebookPanel, NotebookDeps>();

    tracker.widgetAdded.connect((_, panel) => {
      const deps = new NotebookDeps(panel);
      notebooks.set(panel, deps);
      const button = new ToolbarButton({
        className: 'xdeps-run-stale-button',
        label: 'Run stale',
        tooltip: 'Run stale cells in dependency order (Alt+Shift+R)',
        onClick: () => void app.commands.execute(RUN_STALE),
      });
      panel.toolbar.insertAfter('cellType', 'xdeps-run-stale', button);
      const syncButton = () => {
        button.node.style.display = isXdepsKernel(panel.sessionContext.session?.kernel) ? '' : 'none';
      };
      panel.sessionContext.kernelChanged.connect(syncButton);
      void panel.sessionContext.ready.then(syncButton);
      syncButton();
      panel.disposed.connect(() => deps.client.dispose());
    });

    app.commands.addCommand(RUN_STALE, {
      label: 'Run stale cells',
      caption: 'Run every stale and downstream cell in dependency order, stopping at the first error',
      isEnabled: () => {
        const panel = tracker.currentWidget;
        return !!panel && isXdepsKernel(panel.sessionContext.session?.kernel);
      },
      execute: async () => {
        const panel = tracker.currentWidget;
        const deps = panel ? notebooks.get(panel) : undefined;
        if (deps) {
          await deps.runStale();
        }
      },
    });
    app.commands.addKeyBinding({ command: RUN_STALE, keys: ['Alt Shift R'], selector: '.jp-Notebook' });
    palette?.addItem({ command: RUN_STALE, category: 'Notebook Operations' });
  },
};

export default plugin;
