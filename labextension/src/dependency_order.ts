// Walking the cell graph of a state: the cells upstream or downstream of a
// cell, and an order to run a set of cells in (docs/labextension.md).

import type { CellState, State } from './schema';

// The cells `id` read from, transitively (`upstream`), without `id`.
export function upstreamOf(state: State, id: string): Set<string> {
  const cells = new Map(state.cells.map((c) => [c.id, c]));
  return reach(id, (at) => cells.get(at)?.upstream ?? []);
}

// The cells that read from `id`, transitively, without `id`.
export function downstreamOf(state: State, id: string): Set<string> {
  const readers = new Map<string, string[]>();
  for (const cell of state.cells) {
    for (const up of cell.upstream) {
      readers.set(up, [...(readers.get(up) ?? []), cell.id]);
    }
  }
  return reach(id, (at) => readers.get(at) ?? []);
}

function reach(start: string, next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    for (const id of next(todo.pop()!)) {
      if (id !== start && !seen.has(id)) {
        seen.add(id);
        todo.push(id);
      }
    }
  }
  return seen;
}

// `ids` in dependency order: a cell after the cells of `ids` upstream of it,
// otherwise in notebook order (`position`); when only a cycle is left, its
// first cell in the notebook goes next. Cells not in the notebook are left out.
export function dependencyOrder(state: State, ids: Iterable<string>, position: (id: string) => number): string[] {
  const cells = new Map<string, CellState>(state.cells.map((c) => [c.id, c]));
  const pending = [...new Set(ids)].filter((id) => position(id) >= 0).sort((a, b) => position(a) - position(b));
  const inSet = new Set(pending);
  const waiting = new Map(pending.map((id) => [id, new Set(
    (cells.get(id)?.upstream ?? []).filter((up) => up !== id && inSet.has(up)))]));
  const order: string[] = [];
  while (waiting.size > 0) {
    const left = pending.filter((id) => waiting.has(id));
    const next = left.find((id) => waiting.get(id)!.size === 0) ?? left[0];
    waiting.delete(next);
    waiting.forEach((ups) => ups.delete(next));
    order.push(next);
  }
  return order;
}

// The cells whose staleness comes from a change made by one of `changers`:
// not fresh, and a reason or an outdated read names one of them.
export function madeStaleBy(state: State, changers: Set<string>): string[] {
  return state.cells
    .filter((c) => c.status !== 'fresh')
    .filter((c) => c.reasons.some((r) => r.changed_by !== null && changers.has(r.changed_by))
      || c.read_versions.some((v) => v.outdated && !!v.outdated_by && changers.has(v.outdated_by)))
    .map((c) => c.id);
}
