// The kernel's dependency state (DESIGN.md section 3) and what it means for
// each cell: its mark, the reasons to show, and which cells an edit may make
// stale.

export type Status = 'fresh' | 'stale' | 'downstream';

export interface Reason {
  symbol: string;
  changed_by: string | null;
  bound_by?: string | null;
  via?: string;
  kind?: Status;
  deleted?: boolean;
}

export interface CellState {
  id: string;
  execution_count: number;
  status: Status;
  reads: string[];
  writes: string[];
  calls: [string, string][];
  reasons: Reason[];
  upstream: string[];
}

export interface State {
  version: number;
  cells: CellState[];
  rerun_order?: string[];
}

export type Mark = Status | 'maybe-stale';

export class StateStore {
  private _cells = new Map<string, CellState>();
  private _order: string[] = [];
  private _maybe = new Map<string, string>();  // cell id -> edited cell id

  update(state: State): void {
    this._cells = new Map(state.cells.map((c) => [c.id, c]));
    this._order = state.rerun_order ?? [];
    this._maybe.clear();
  }

  clear(): void {
    this._cells.clear();
    this._order = [];
    this._maybe.clear();
  }

  label(id: string | null | undefined): string {
    const cell = id ? this._cells.get(id) : undefined;
    return cell ? `[${cell.execution_count}]` : 'a deleted cell';
  }

  mark(id: string): Mark | null {
    const cell = this._cells.get(id);
    if (cell && cell.status !== 'fresh') {
      return cell.status;
    }
    return this._maybe.has(id) ? 'maybe-stale' : null;
  }

  // What the mark's tooltip says.
  describe(id: string): string {
    const cell = this._cells.get(id);
    if (cell && cell.status !== 'fresh') {
      const lines = cell.reasons.map((r) => {
        if ((r.kind ?? cell.status) === 'stale') {
          const via = r.via ? ` (via \`${r.via}\`)` : '';
          return `reads \`${r.symbol}\`${via}, ${r.deleted ? 'deleted' : 'changed'} by ${this.label(r.changed_by)}`;
        }
        return `uses \`${r.symbol}\` from ${this.label(r.bound_by)}, which is out of date`;
      });
      return `${cell.status}: ${lines.join('; ')}`;
    }
    const edited = this._maybe.get(id);
    if (edited !== undefined) {
      return `may be stale: reads what the edited cell ${this.label(edited)} writes`;
    }
    return '';
  }

  // An edit of `id` not yet run: cells that read what it wrote may be stale.
  edited(id: string): boolean {
    const source = this._cells.get(id);
    if (!source || source.writes.length === 0) {
      return false;
    }
    const writes = new Set(source.writes);
    let changed = false;
    for (const cell of this._cells.values()) {
      if (cell.id !== id && !this._maybe.has(cell.id) && cell.reads.some((r) => writes.has(r))) {
        this._maybe.set(cell.id, id);
        changed = true;
      }
    }
    return changed;
  }

  // Stale and downstream cells, in the order to re-run them.
  rerunOrder(): string[] {
    const pending = new Set([...this._cells.values()].filter((c) => c.status !== 'fresh').map((c) => c.id));
    const ordered = this._order.filter((id) => pending.has(id));
    for (const id of this._fallbackOrder(pending)) {
      if (!ordered.includes(id)) {
        ordered.push(id);
      }
    }
    return ordered;
  }

  // Upstream first, then by execution count, for kernels without rerun_order.
  private _fallbackOrder(pending: Set<string>): string[] {
    const done = new Set<string>();
    const out: string[] = [];
    const visit = (id: string, path: Set<string>): void => {
      if (done.has(id) || path.has(id)) {
        return;
      }
      path.add(id);
      for (const up of this._cells.get(id)?.upstream ?? []) {
        if (pending.has(up)) {
          visit(up, path);
        }
      }
      done.add(id);
      out.push(id);
    };
    const byCount = [...pending].sort(
      (a, b) => (this._cells.get(a)?.execution_count ?? 0) - (this._cells.get(b)?.execution_count ?? 0));
    byCount.forEach((id) => visit(id, new Set()));
    return out;
  }
}
