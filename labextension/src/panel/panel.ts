// The dependency panel in the right sidebar: the current notebook's cell
// graph, drawn again on every state the kernel pushes, the selected cell and
// its neighbours highlighted; clicking a node selects the cell and scrolls
// to it.

import { JupyterFrontEnd } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { LabIcon } from '@jupyterlab/ui-components';
import { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';

import { DepGraph, GraphModel, describeNames, shortNames } from '../graph';
import { Layout, LayoutInput, layoutGraph, layoutKey } from './graph_layout';
import { drawGraph } from './graph_svg';

export const PANEL_ID = 'xdeps-dependency-panel';
const SHOW_PANEL = 'xdeps:show-dependency-panel';

const graphIcon = new LabIcon({
  name: 'xdeps:graph',
  svgstr: '<svg xmlns="http://www.w3.org/2000/svg" width="16" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161">'
    + '<rect x="3" y="2" width="8" height="6" rx="1"/><rect x="13" y="16" width="8" height="6" rx="1"/>'
    + '<rect x="3" y="16" width="8" height="6" rx="1"/><path d="M6 8h2v8H6zM8 11h9v5h-2v-3H8z"/></g></svg>',
});

export class DependencyPanel extends Widget {
  constructor(private _tracker: INotebookTracker, private _modelOf: (panel: NotebookPanel) => GraphModel | undefined) {
    super();
    this.id = PANEL_ID;
    this.addClass('xdeps-panel');
    this.title.icon = graphIcon;
    this.title.caption = 'Cell dependencies (xdeps)';
    this._message = document.createElement('div');
    this._message.className = 'xdeps-panel-message';
    this._canvas = document.createElement('div');
    this._canvas.className = 'xdeps-panel-canvas';
    this.node.append(this._message, this._canvas);
    this._canvas.addEventListener('click', (event) => this._onClick(event));
    _tracker.currentChanged.connect(() => this._follow());
    _tracker.activeCellChanged.connect(() => this._restyle(true));
    this._follow();
  }

  // The notebook shown: the tracker's current one.
  get notebook(): NotebookPanel | null {
    return this._notebook;
  }

  protected onAfterShow(_: Message): void {
    this._render();
  }

  // The notebook's graph model is made when the notebook is added, which may
  // come just after it becomes current: look again on the next turn.
  private _follow(retry = true): void {
    const notebook = this._tracker.currentWidget;
    const model = notebook ? this._modelOf(notebook) : undefined;
    if (notebook && !model && retry) {
      setTimeout(() => this._follow(false), 0);
    }
    if (notebook === this._notebook && model === this._model) {
      return;
    }
    this._model?.changed.disconnect(this._schedule, this);
    this._notebook?.content.model?.cells.changed.disconnect(this._schedule, this);
    this._notebook = notebook;
    this._model = model ?? null;
    this._model?.changed.connect(this._schedule, this);
    notebook?.content.model?.cells.changed.connect(this._schedule, this);
    this._render();
  }

  // States pushed within one frame (Run All) are drawn once, the latest.
  private _schedule(): void {
    if (!this._scheduled) {
      this._scheduled = true;
      requestAnimationFrame(() => {
        this._scheduled = false;
        this._render();
      });
    }
  }

  private _render(): void {
    if (this.isHidden) {
      return;  // drawn when shown
    }
    const graph = this._model?.graph ?? null;
    const notebook = this._notebook;
    if (!notebook || !graph) {
      this._show(notebook ? 'No dependency state: the notebook\'s kernel is not xdeps, or it has not answered yet.'
        : 'Open a notebook with the Python 3 (xdeps) kernel to see its cell graph.');
      return;
    }
    if (graph.cells.length === 0) {
      this._show('Run a cell to see the graph.');
      return;
    }
    const input = graphInput(graph, notebook);
    const key = layoutKey(input);
    if (key !== this._layoutKey || !this._placed) {
      this._placed = layoutGraph(input);
      this._layoutKey = key;
    }
    const scroll = { top: this._canvas.scrollTop, left: this._canvas.scrollLeft };
    this._canvas.replaceChildren(drawGraph(this._placed, titles(graph, input)));
    this._canvas.scrollTop = scroll.top;
    this._canvas.scrollLeft = scroll.left;
    this._message.textContent = `${graph.cells.length} cells, ${graph.edges.length} edges`;
    this._message.dataset.empty = 'false';
    this._restyle(false);
  }

  private _show(message: string): void {
    this._message.textContent = message;
    this._message.dataset.empty = 'true';
    this._canvas.replaceChildren();
    this._placed = null;
  }

  // Status and selection as classes; `reveal` scrolls the selected node into view.
  private _restyle(reveal: boolean): void {
    const graph = this._model?.graph;
    if (!graph || !this._notebook) {
      return;
    }
    const active = this._tracker.activeCell;
    const selected = active && this._notebook.content.widgets.includes(active) ? active.model.id : null;
    const up = new Set(selected ? graph.upstreamOf(selected).map((e) => e.from) : []);
    const down = new Set(selected ? graph.downstreamOf(selected).map((e) => e.to) : []);
    let selectedNode: SVGGElement | null = null;
    this._canvas.querySelectorAll<SVGGElement>('.xdeps-panel-node').forEach((node) => {
      const id = node.dataset.cellId!;
      node.dataset.status = graph.cell(id)?.status ?? 'fresh';
      node.classList.toggle('xdeps-selected', id === selected);
      node.classList.toggle('xdeps-near-upstream', up.has(id) && id !== selected);
      node.classList.toggle('xdeps-near-downstream', down.has(id) && !up.has(id) && id !== selected);
      node.classList.toggle('xdeps-absent', !this._notebook!.content.widgets.some((c) => c.model.id === id));
      if (id === selected) {
        selectedNode = node;
      }
    });
    this._canvas.querySelectorAll<SVGGElement>('.xdeps-panel-edge').forEach((edge) => {
      edge.classList.toggle('xdeps-near', edge.dataset.from === selected || edge.dataset.to === selected);
    });
    if (reveal && selectedNode) {
      this._reveal(selectedNode);
    }
  }

  private _reveal(node: SVGGElement): void {
    const box = node.getBoundingClientRect();
    const view = this._canvas.getBoundingClientRect();
    if (box.top < view.top || box.bottom > view.bottom) {
      this._canvas.scrollTop += box.top - view.top - (view.height - box.height) / 2;
    }
    if (box.left < view.left || box.right > view.right) {
      this._canvas.scrollLeft += box.left - view.left - (view.width - box.width) / 2;
    }
  }

  // A click on a node selects its cell and scrolls the notebook to it.
  private _onClick(event: MouseEvent): void {
    const node = (event.target as Element).closest<SVGGElement>('.xdeps-panel-node');
    const notebook = this._notebook;
    if (!node || !notebook) {
      return;
    }
    const index = notebook.content.widgets.findIndex((c) => c.model.id === node.dataset.cellId);
    if (index < 0) {
      return;
    }
    // The notebook takes the focus, in command mode: keys go to it, not
    // into the cell's code.
    this.activateNotebook?.(notebook);
    const content = notebook.content;
    content.mode = 'command';
    content.activeCellIndex = index;
    content.deselectAll();
    // Not scrollToCell: it activates the cell's editor.
    void content.scrollToItem(index, 'center');
  }

  // Set by the plugin: brings the notebook to the front and focuses it.
  activateNotebook: ((notebook: NotebookPanel) => void) | null = null;

  private _notebook: NotebookPanel | null = null;
  private _model: GraphModel | null = null;
  private _placed: Layout | null = null;
  private _layoutKey = '';
  private _scheduled = false;
  private _message: HTMLDivElement;
  private _canvas: HTMLDivElement;
}

// Nodes in notebook order (cells no longer in the notebook last, by count),
// labelled `[n]` and the first line of the cell's code.
function graphInput(graph: DepGraph, notebook: NotebookPanel): LayoutInput {
  const cells = notebook.content.widgets;
  const position = new Map(cells.map((c, i) => [c.model.id, i]));
  const source = new Map(cells.map((c) => [c.model.id, c.model.sharedModel.getSource()]));
  const order = [...graph.cells].sort((a, b) =>
    (position.get(a.id) ?? Infinity) - (position.get(b.id) ?? Infinity) || a.execution_count - b.execution_count);
  return {
    nodes: order.map((c) => ({ id: c.id, label: `[${c.execution_count}] ${firstLine(source.get(c.id))}` })),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, label: shortNames(e.names) })),
  };
}

function firstLine(source: string | undefined): string {
  if (source === undefined) {
    return '(not in this notebook)';
  }
  return source.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
}

// Hover text: a node's whole first line, status and reasons; an edge's names.
function titles(graph: DepGraph, input: LayoutInput): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of input.nodes) {
    const cell = graph.cell(node.id)!;
    const reasons = [...new Set(cell.reasons.map((r) => r.text ?? '').filter((t) => t))];
    out.set(node.id, cell.status === 'fresh' ? node.label : `${node.label}\n${cell.status}: ${reasons.join('; ')}`);
  }
  for (const edge of graph.edges) {
    out.set(`${edge.from}\n${edge.to}`, `${graph.label(edge.to)} reads ${describeNames(edge.names)} from ${graph.label(edge.from)}`);
  }
  return out;
}

// Adds the panel to the right sidebar and a command to show it.
export function addDependencyPanel(
  app: JupyterFrontEnd, tracker: INotebookTracker, modelOf: (panel: NotebookPanel) => GraphModel | undefined,
  palette: ICommandPalette | null,
): DependencyPanel {
  const panel = new DependencyPanel(tracker, modelOf);
  panel.activateNotebook = (notebook) => app.shell.activateById(notebook.id);
  app.shell.add(panel, 'right', { rank: 900 });
  app.commands.addCommand(SHOW_PANEL, {
    label: 'Show cell dependencies',
    caption: 'Show the notebook\'s cell graph in the right sidebar',
    execute: () => app.shell.activateById(PANEL_ID),
  });
  palette?.addItem({ command: SHOW_PANEL, category: 'Notebook Operations' });
  return panel;
}
