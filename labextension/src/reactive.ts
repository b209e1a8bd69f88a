// Reactive mode (docs/labextension.md): while it is on, after cells run by
// hand, the cells they made stale or downstream run too, in the order of Run
// stale cells, each at most once, stopping at the first error. The kernel
// keeps the flag (`%deps reactive`, the comm's `set_reactive`); the toolbar
// toggle and the palette command follow it both ways.

import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette, ToolbarButton } from '@jupyterlab/apputils';
import { Cell } from '@jupyterlab/cells';
import { Notebook, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { Signal } from '@lumino/signaling';

import { CellRunner } from './cell_runner';
import { CommClient } from './comm';
import { madeStaleBy } from './dependency_order';
import { SettingsModel } from './settings';
import { State, StateMessage, StateStore } from './state';

export const TOGGLE_REACTIVE = 'xdeps:toggle-reactive';

export class ReactiveMode {
  // Emitted when the mode or its availability changes.
  readonly changed = new Signal<ReactiveMode, boolean>(this);

  constructor(
    private _panel: NotebookPanel,
    private _client: CommClient,
    private _runner: CellRunner,
    private _store: StateStore,
    private _settings: SettingsModel,
  ) {
    _client.stateReceived.connect((_, message) => this._follow(message), this);
    _client.connectionChanged.connect((_, connected) => {
      this._firstState = true;
      this._state = null;
      if (!connected) {
        this._show(false);
      }
      this.changed.emit(this._on);
    }, this);
    NotebookActions.executed.connect(this._onExecuted, this);
    NotebookActions.selectionExecuted.connect(this._onSelectionExecuted, this);
    _panel.disposed.connect(() => Signal.clearData(this));
  }

  // The kernel is xdeps: the mode can be used.
  get available(): boolean {
    return this._client.connected;
  }

  get on(): boolean {
    return this._on;
  }

  // Tells the kernel; the state it pushes back confirms.
  set(on: boolean): void {
    if (this._client.send({ type: 'set_reactive', on })) {
      this._show(on);
    }
  }

  private _show(on: boolean): void {
    if (on !== this._on) {
      this._on = on;
      this.changed.emit(on);
    }
  }

  private _follow(message: StateMessage): void {
    const state = message.state;
    this._state = state;
    if (message.cause) {
      this._caused.add(message.cause.cell_id);
    }
    if (typeof state.reactive === 'boolean') {
      this._show(state.reactive);
    }
    // A kernel that has recorded nothing yet starts in the default mode.
    if (this._firstState) {
      this._firstState = false;
      if (state.cells.length === 0) {
        void this._settings.ready.then(() => {
          const wanted = this._settings.current.reactiveByDefault;
          if (this._state === state && wanted !== this._on) {
            this.set(wanted);
          }
        });
      }
    }
  }

  // A cell run by hand (not by a sequence of the extension) that the kernel
  // recorded: it may start a chain once its batch of runs ends.
  private _onExecuted(_: unknown, args: { notebook: Notebook; cell: Cell; success: boolean }): void {
    if (args.notebook !== this._panel.content || this._runner.busy) {
      return;
    }
    if (!args.success) {
      this._failed = true;
    } else if (this._caused.has(args.cell.model.id)) {
      this._ranByHand.add(args.cell.model.id);
    }
  }

  private _onSelectionExecuted(_: unknown, args: { notebook: Notebook }): void {
    if (args.notebook !== this._panel.content || this._runner.busy) {
      return;
    }
    const origins = this._ranByHand;
    const failed = this._failed;
    this._ranByHand = new Set();
    this._failed = false;
    this._caused.clear();
    if (this._on && !failed && origins.size > 0 && this._client.connected) {
      void this._chain(origins);
    }
  }

  // Runs what `origins` made stale, then what those runs made stale, each
  // cell once (so a cycle cannot loop), next always the first in the order of
  // Run stale cells; stops at the first error, an interrupt, or mode off.
  private async _chain(origins: Set<string>): Promise<void> {
    const changers = new Set(origins);
    let last: string | null = null;
    await this._runner.runEach(() => {
      if (last !== null) {
        changers.add(last);
      }
      const state = this._state;
      if (!state || !this._on || !this._client.connected) {
        return null;
      }
      const pending = new Set(madeStaleBy(state, changers).filter((id) => !changers.has(id)));
      last = this._store.rerunOrder(this._runner.position()).find((id) => pending.has(id)) ?? null;
      return last;
    });
    this._caused.clear();
  }

  private _on = false;
  private _state: State | null = null;
  private _firstState = true;
  // Cells whose run the kernel recorded (a state came with them as cause).
  private _caused = new Set<string>();
  private _ranByHand = new Set<string>();
  private _failed = false;
}

// The toolbar toggle: pressed while the mode is on, absent with other kernels.
export function addReactiveButton(app: JupyterFrontEnd, panel: NotebookPanel, reactive: ReactiveMode): void {
  const button = new ToolbarButton({
    className: 'xdeps-reactive-toggle',
    label: 'Reactive',
    tooltip: 'Reactive mode is off: click to re-run automatically the cells a run makes stale',
    pressedTooltip: 'Reactive mode is on: the cells a run makes stale re-run after it (click to turn off)',
    pressed: reactive.on,
    // The button has toggled itself already.
    onClick: () => reactive.set(button.pressed),
  });
  if (!panel.toolbar.insertAfter('xdeps-run-stale', 'xdeps-reactive', button)) {
    panel.toolbar.insertAfter('cellType', 'xdeps-reactive', button);
  }
  const sync = () => {
    button.pressed = reactive.on;
    button.node.classList.toggle('xdeps-mod-reactive', reactive.on);
    button.node.style.display = reactive.available ? '' : 'none';
    app.commands.notifyCommandChanged(TOGGLE_REACTIVE);
  };
  reactive.changed.connect(sync);
  sync();
}

export function addReactiveCommand(
  app: JupyterFrontEnd,
  palette: ICommandPalette | null,
  current: () => ReactiveMode | undefined,
): void {
  app.commands.addCommand(TOGGLE_REACTIVE, {
    label: 'Reactive mode',
    caption: 'Re-run automatically, after a cell runs, the cells it made stale or downstream',
    isEnabled: () => !!current()?.available,
    isToggled: () => !!current()?.on,
    execute: () => {
      const reactive = current();
      reactive?.set(!reactive.on);
    },
  });
  palette?.addItem({ command: TOGGLE_REACTIVE, category: 'Notebook Operations' });
}
