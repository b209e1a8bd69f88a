// The notebook's cell graph, from the kernel's state (docs/comm.md): an
// edge from the cell that bound a value to each cell that read it, labelled
// with the names. Shared by the neighbourhood marks and the dependency panel.

import { Signal } from '@lumino/signaling';

import { CommClient } from './comm';
import type { CellState, State } from './schema';

// One name flowing along an edge; `via` is the notebook function through
// which the reader read it (empty when read directly).
export interface EdgeName {
  symbol: string;
  via: string;
}

export interface Edge {
  from: string;  // the cell that bound the values
  to: string;  // the cell that read them
  names: EdgeName[];
}

export class DepGraph {
  readonly cells: CellState[];
  readonly edges: Edge[];

  constructor(state: State) {
    this.cells = state.cells;
    this._byId = new Map(state.cells.map((c) => [c.id, c]));
    const edges = new Map<string, Edge>();
    for (const reader of state.cells) {
      for (const up of reader.upstream) {
        if (up === reader.id || !this._byId.has(up)) {
          continue;
        }
        edges.set(`${up}\n${reader.id}`, { from: up, to: reader.id, names: namesRead(reader, this._byId.get(up)!) });
      }
    }
    this.edges = [...edges.values()];
  }

  cell(id: string): CellState | undefined {
    return this._byId.get(id);
  }

  // `[n]`, as the kernel names cells.
  label(id: string | null | undefined): string {
    const cell = id ? this._byId.get(id) : undefined;
    return cell ? `[${cell.execution_count}]` : 'a deleted cell';
  }

  // The cells whose values `id` read.
  upstreamOf(id: string): Edge[] {
    return this.edges.filter((e) => e.to === id);
  }

  // The cells that read values `id` bound.
  downstreamOf(id: string): Edge[] {
    return this.edges.filter((e) => e.from === id);
  }

  private _byId: Map<string, CellState>;
}

// The names `reader` read from versions `binder` bound: its `read_versions`
// say who bound each; a state without them falls back to what one wrote and
// the other read.
function namesRead(reader: CellState, binder: CellState): EdgeName[] {
  const seen = new Set<string>();
  const names: EdgeName[] = [];
  const add = (symbol: string, via: string) => {
    const key = `${symbol}\n${via}`;
    if (!seen.has(key)) {
      seen.add(key);
      names.push({ symbol, via });
    }
  };
  for (const rv of reader.read_versions ?? []) {
    if (rv.bound_by === binder.id) {
      add(rv.symbol, rv.via ?? '');
    }
  }
  if (names.length === 0) {
    const written = new Set(binder.writes);
    reader.reads.filter((r) => written.has(r)).forEach((r) => add(r, ''));
  }
  return names;
}

// `A`, `B` (via `f`): names in backticks, as the kernel's sentences write them.
export function describeNames(names: EdgeName[]): string {
  return names.map((n) => (n.via ? `\`${n.symbol}\` (via \`${n.via}\`)` : `\`${n.symbol}\``)).join(', ');
}

// Each symbol once, for short labels.
export function shortNames(names: EdgeName[]): string {
  return [...new Set(names.map((n) => n.symbol))].join(', ');
}

// The latest graph of one notebook's kernel; null while no xdeps comm is open
// (another kernel, or a restart), so nothing is drawn or marked then.
export class GraphModel {
  readonly changed = new Signal<GraphModel, void>(this);

  constructor(client: CommClient) {
    client.stateReceived.connect((_, message) => {
      this._graph = new DepGraph(message.state);
      this.changed.emit();
    }, this);
    client.connectionChanged.connect((_, connected) => {
      if (!connected && this._graph) {
        this._graph = null;
        this.changed.emit();
      }
    }, this);
  }

  get graph(): DepGraph | null {
    return this._graph;
  }

  private _graph: DepGraph | null = null;
}
