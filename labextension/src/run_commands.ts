// Run upstream / Run downstream (docs/labextension.md): the selected cell's
// stale upstream cells then the cell, or the cell then every cell that
// depends on it, in dependency order. In the palette, the cell context menu
// and on shortcuts JupyterLab 4.6 does not use.

import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';

import { CellRunner } from './cell_runner';
import { dependencyOrder, downstreamOf, upstreamOf } from './dependency_order';
import { State, StateStore } from './state';

export const RUN_UPSTREAM = 'xdeps:run-upstream';
export const RUN_DOWNSTREAM = 'xdeps:run-downstream';
export const UPSTREAM_SHORTCUT = 'Alt Shift U';
export const DOWNSTREAM_SHORTCUT = 'Alt Shift D';

// What the commands need of a notebook.
export interface RunTarget {
  readonly panel: NotebookPanel;
  readonly runner: CellRunner;
  readonly store: StateStore;
  readonly state: State | null;
  readonly connected: boolean;
}

// The stale upstream cells of `id` in the order of Run stale cells, then `id`.
export function upstreamRun(target: RunTarget, id: string): string[] {
  const upstream = target.state ? upstreamOf(target.state, id) : new Set<string>();
  const stale = target.store.rerunOrder(target.runner.position()).filter((up) => upstream.has(up));
  return [...stale, id];
}

// `id`, then the cells that read from it, transitively, in dependency order.
export function downstreamRun(target: RunTarget, id: string): string[] {
  if (!target.state) {
    return [id];
  }
  const downstream = downstreamOf(target.state, id);
  return [id, ...dependencyOrder(target.state, downstream, target.runner.position())];
}

export function addRunCommands(
  app: JupyterFrontEnd,
  palette: ICommandPalette | null,
  current: () => RunTarget | undefined,
): void {
  const selected = () => {
    const target = current();
    const cell = target?.panel.content.activeCell;
    return target && target.connected && cell && cell.model.type === 'code' ? { target, id: cell.model.id } : null;
  };
  const commands: [string, string, string, string, (t: RunTarget, id: string) => string[]][] = [
    [RUN_UPSTREAM, 'Run upstream cells and this cell',
     'Run the stale cells this cell depends on, in dependency order, then this cell', UPSTREAM_SHORTCUT, upstreamRun],
    [RUN_DOWNSTREAM, 'Run this cell and downstream cells',
     'Run this cell, then every cell that depends on it, in dependency order', DOWNSTREAM_SHORTCUT, downstreamRun],
  ];
  let rank = 10;
  for (const [command, label, caption, keys, order] of commands) {
    app.commands.addCommand(command, {
      label,
      caption: `${caption} (${keys.replace(/ /g, '+')}), stopping at the first error`,
      isEnabled: () => !!selected(),
      isVisible: () => !!current()?.connected,
      execute: async () => {
        const at = selected();
        if (at) {
          await at.target.runner.runAll(order(at.target, at.id));
        }
      },
    });
    app.commands.addKeyBinding({ command, keys: [keys], selector: '.jp-Notebook' });
    app.contextMenu.addItem({ command, selector: '.jp-Notebook .jp-Cell', rank: rank++ });
    palette?.addItem({ command, category: 'Notebook Operations' });
  }
}
