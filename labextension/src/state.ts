// The kernel's dependency state (docs/comm.md) and what it means for
// each cell: its mark, the reasons to show, and which cells an edit may make
// stale.

// The state's types are generated from the schema (schema.ts).
import type { CellState, State, Status } from './schema';

export type { CellState, Reason, State, StateMessage, Status } from './schema';

export type Mark = Status | 'maybe-stale';

export class StateStore {
  private _cells = new Map<string, CellState>();
  private _edited = new Set<string>();  // cells edited since they last ran
  private _maybe = new Map<string, string>();  // cell id -> edited cell id
  private _rerunOrder: string[] = [];

  update(state: State): void {
    this._cells = new Map(state.cells.map((c) => [c.id, c]));
    this._rerunOrder = state.rerun_order ?? [];
    this._recomputeMaybe();
  }

  clear(): void {
    this._cells.clear();
    this._rerunOrder = [];
    this._maybe.clear();
  }

  get size(): number {
    return this._cells.size;
  }

  has(id: string): boolean {
    return this._cells.has(id);
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

  // What the mark's tooltip says: the kernel's sentences, each once.
  describe(id: string): string {
    const cell = this._cells.get(id);
    if (cell && cell.status !== 'fresh') {
      const lines = [...new Set(cell.reasons.map((r) => r.text ?? '').filter((t) => t !== ''))];
      return lines.length > 0 ? `${cell.status}: ${lines.join('; ')}` : cell.status;
    }
    const edited = this._maybe.get(id);
    if (edited !== undefined) {
      return `may be stale: reads what the edited cell ${this.label(edited)} writes`;
    }
    return '';
  }

  // Whether `id`'s source differs from what last ran; cells that read what
  // an edited cell wrote may be stale. Returns whether any mark changed.
  setEdited(id: string, edited: boolean): boolean {
    if (edited === this._edited.has(id)) {
      return false;
    }
    if (edited) {
      this._edited.add(id);
    } else {
      this._edited.delete(id);
    }
    const before = JSON.stringify([...this._maybe]);
    this._recomputeMaybe();
    return before !== JSON.stringify([...this._maybe]);
  }

  private _recomputeMaybe(): void {
    this._maybe.clear();
    for (const id of this._edited) {
      const writes = new Set(this._cells.get(id)?.writes ?? []);
      if (writes.size === 0) {
        continue;
      }
      for (const cell of this._cells.values()) {
        if (cell.id !== id && !this._maybe.has(cell.id) && cell.reads.some((r) => writes.has(r))) {
          this._maybe.set(cell.id, id);
        }
      }
    }
  }

  // Stale and downstream cells in the order to re-run them, as the kernel
  // orders them (`rerun_order`: each after the pending cells upstream of it,
  // otherwise in notebook order, from the positions this extension sends);
  // cells no longer in the notebook (`position` -1) are left out.
  rerunOrder(position: (id: string) => number): string[] {
    return this._rerunOrder.filter((id) => this._cells.has(id) && position(id) >= 0);
  }
}
