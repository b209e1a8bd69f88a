// The xdeps JupyterLab extension: with the xdeps kernel, stale and
// downstream cells are marked live, and "Run stale cells" re-runs them in
// dependency order. With any other kernel it does nothing.

import { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, ISessionContextDialogs, ToolbarButton } from '@jupyterlab/apputils';
import { Cell } from '@jupyterlab/cells';
import { INotebookTracker, NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';

import { CellRunner, cancelOnInterrupt } from './cell_runner';
import { CommClient } from './comm';
import { GraphModel } from './graph';
import { Neighbourhood } from './neighbourhood';
import { addDependencyPanel } from './panel/panel';
import { clearNotebook, markCell, markNotebook } from './marks';
import { followNotebookOrder } from './positions';
import { ReactiveMode, addReactiveButton, addReactiveCommand } from './reactive';
import { addRunCommands } from './run_commands';
import { SettingsModel, sendSettings } from './settings';
import { State, StateStore } from './state';

const RUN_STALE = 'xdeps:run-stale-cells';
const SHORTCUT = 'Alt Shift R';

// One notebook's connection to its kernel's state.
class NotebookDeps {
  readonly store = new StateStore();
  readonly client: CommClient;
  readonly graph: GraphModel;
  readonly runner: CellRunner;
  readonly reactive: ReactiveMode;
  state: State | null = null;

  constructor(readonly panel: NotebookPanel, dialogs: ISessionContextDialogs | null, settings: SettingsModel) {
    this.client = new CommClient(panel.sessionContext);
    this.runner = new CellRunner(panel, dialogs);
    this.client.stateReceived.connect((_, message) => {
      this.state = message.state;
      this.store.update(message.state);
      this.refresh();
    });
    this.reactive = new ReactiveMode(panel, this.client, this.runner, this.store, settings);
    sendSettings(this.client, settings);
    this.client.connectionChanged.connect((_, connected) => {
      if (!connected) {
        this.state = null;
        this.store.clear();
        clearNotebook(panel);
      }
    });
    this.graph = new GraphModel(this.client);
    new Neighbourhood(panel, this.graph);
    const notebook = panel.content;
    notebook.model?.cells.changed.connect(() => this.refresh());
    // Windowed rendering attaches cells as they scroll into view.
    notebook.cellInViewportChanged.connect((_, cell) => this.markOne(cell));
    notebook.activeCellChanged.connect((_, cell) => this.watchEdits(cell));
    this.watchEdits(notebook.activeCell);
  }

  refresh(): void {
    if (this.client.connected) {
      markNotebook(this.panel, this.store);
    }
  }

  markOne(cell: Cell): void {
    if (this.client.connected) {
      markCell(cell, this.store);
    }
  }

  // The source each cell had when it was last sent to the kernel.
  ran(cell: Cell): void {
    this._ranSource.set(cell.model.id, cell.model.sharedModel.getSource());
    if (this.store.setEdited(cell.model.id, false)) {
      this.refresh();
    }
  }

  // Source edits not yet run make the cells reading what it writes "may be stale".
  private watchEdits(cell: Cell | null): void {
    if (!cell || this._watched.has(cell)) {
      return;
    }
    this._watched.add(cell);
    const id = cell.model.id;
    if (!this._ranSource.has(id)) {
      this._ranSource.set(id, cell.model.sharedModel.getSource());
    }
    cell.model.contentChanged.connect(() => {
      const edited = cell.model.sharedModel.getSource() !== this._ranSource.get(id);
      if (this.store.setEdited(id, edited)) {
        this.refresh();
      }
    });
  }

  // Runs stale and downstream cells, upstream first; stops at the first error.
  async runStale(): Promise<void> {
    await this.runner.runAll(this.store.rerunOrder(this.runner.position()));
  }

  get connected(): boolean {
    return this.client.connected;
  }

  private _watched = new WeakSet<Cell>();
  private _ranSource = new Map<string, string>();
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'xdeps-labextension:plugin',
  description: 'Marks stale cells and re-runs them in dependency order, with the xdeps kernel.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ICommandPalette, ISessionContextDialogs, ISettingRegistry],
  activate: (
    app: JupyterFrontEnd,
    tracker: INotebookTracker,
    palette: ICommandPalette | null,
    dialogs: ISessionContextDialogs | null,
    registry: ISettingRegistry | null,
  ) => {
    const notebooks = new WeakMap<NotebookPanel, NotebookDeps>();
    const settings = new SettingsModel(registry, plugin.id);

    tracker.widgetAdded.connect((_, panel) => {
      const deps = new NotebookDeps(panel, dialogs, settings);
      notebooks.set(panel, deps);
      const button = new ToolbarButton({
        className: 'xdeps-run-stale-button',
        label: 'Run stale',
        tooltip: `Run stale cells in dependency order (${SHORTCUT.replace(/ /g, '+')})`,
        onClick: () => void app.commands.execute(RUN_STALE),
      });
      panel.toolbar.insertAfter('cellType', 'xdeps-run-stale', button);
      const syncButton = () => {
        button.node.style.display = deps.client.connected ? '' : 'none';
        app.commands.notifyCommandChanged(RUN_STALE);
      };
      deps.client.connectionChanged.connect(syncButton);
      syncButton();
      followNotebookOrder(panel, deps.client);
      addReactiveButton(app, panel, deps.reactive);
      panel.disposed.connect(() => deps.client.dispose());
    });

    NotebookActions.executionScheduled.connect((_, { notebook, cell }) => {
      const panel = tracker.find((p) => p.content === notebook);
      const deps = panel ? notebooks.get(panel) : undefined;
      deps?.ran(cell);
    });

    const current = () => {
      const panel = tracker.currentWidget;
      return panel ? notebooks.get(panel) : undefined;
    };
    app.commands.addCommand(RUN_STALE, {
      label: 'Run stale cells',
      caption: 'Run every stale and downstream cell in dependency order, stopping at the first error',
      isEnabled: () => !!current()?.client.connected,
      execute: async () => {
        await current()?.runStale();
      },
    });
    app.commands.addKeyBinding({ command: RUN_STALE, keys: [SHORTCUT], selector: '.jp-Notebook' });
    palette?.addItem({ command: RUN_STALE, category: 'Notebook Operations' });
    addDependencyPanel(app, tracker, (panel) => notebooks.get(panel)?.graph, palette);
    addReactiveCommand(app, palette, () => current()?.reactive);
    addRunCommands(app, palette, current);
    cancelOnInterrupt(app, () => current()?.runner);
  },
};

export default plugin;
