// The selected cell's neighbourhood: the cells whose values it read
// (upstream) and the cells that read its values (downstream in the graph)
// get a quiet outlined tag under their prompt, naming what flows, with the
// whole sentence on hover. Distinct from the stale/downstream marks, which
// say what needs re-running; these only say what is connected.

import { Cell } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';

import { DepGraph, Edge, GraphModel, describeNames, shortNames } from './graph';

export type Side = 'upstream' | 'downstream';

const SIDES: Side[] = ['upstream', 'downstream'];
const TAG_CLASS = 'xdeps-near';
const ARROW: Record<Side, string> = { upstream: '↑', downstream: '↓' };

interface Near {
  side: Side;
  text: string;  // the tag
  title: string;  // its tooltip
}

export class Neighbourhood {
  constructor(private _panel: NotebookPanel, private _model: GraphModel) {
    const notebook = _panel.content;
    _model.changed.connect(() => this.refresh(), this);
    notebook.activeCellChanged.connect(() => this.refresh(), this);
    notebook.model?.cells.changed.connect(() => this.refresh(), this);
    // Windowed rendering attaches cells as they scroll into view: the tag
    // moves under the prompt once the cell has one.
    notebook.cellInViewportChanged.connect((_, cell) => this._apply(cell), this);
    _panel.disposed.connect(() => this._near.clear());
  }

  // Recomputes the marks for the active cell and applies them to every cell.
  refresh(): void {
    const graph = this._model.graph;
    const active = this._panel.content.activeCell;
    this._near = graph && active ? neighbours(graph, active.model.id) : new Map();
    for (const cell of this._panel.content.widgets) {
      this._apply(cell);
    }
  }

  private _apply(cell: Cell): void {
    const near = this._near.get(cell.model.id);
    for (const side of SIDES) {
      cell.node.classList.toggle(`xdeps-near-${side}`, near?.side === side);
    }
    let tag = cell.node.querySelector<HTMLElement>(`.${TAG_CLASS}`);
    if (!near) {
      tag?.remove();
      return;
    }
    if (!tag) {
      tag = document.createElement('div');
      tag.className = TAG_CLASS;
    }
    const home = cell.node.querySelector('.jp-InputArea-prompt') ?? cell.node;
    if (tag.parentElement !== home) {
      home.appendChild(tag);
    }
    tag.dataset.side = near.side;
    tag.textContent = near.text;
    tag.title = near.title;
  }

  private _near = new Map<string, Near>();
}

// The cells next to `id` in the graph, with what to say on each. A cell both
// upstream and downstream (a cycle of two) is shown as upstream.
export function neighbours(graph: DepGraph, id: string): Map<string, Near> {
  const near = new Map<string, Near>();
  const selected = graph.label(id);
  const tag = (side: Side, edge: Edge) => `${ARROW[side]} ${shortNames(edge.names)}`;
  for (const edge of graph.downstreamOf(id)) {
    near.set(edge.to, {
      side: 'downstream',
      text: tag('downstream', edge),
      title: `downstream of the selected cell ${selected}: reads ${describeNames(edge.names)} from it`,
    });
  }
  for (const edge of graph.upstreamOf(id)) {
    near.set(edge.from, {
      side: 'upstream',
      text: tag('upstream', edge),
      title: `upstream of the selected cell ${selected}: it reads ${describeNames(edge.names)} from here`,
    });
  }
  return near;
}
