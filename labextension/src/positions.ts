// Notebook order (docs/comm.md): the kernel judges a cell only by the cells
// above it, and only the frontend knows where cells stand. So the cell ids
// go to the kernel, top to bottom, once the comm is up and whenever cells
// are added, moved or deleted; and the toolbar shows the kernel's order rule.

import { NotebookPanel } from '@jupyterlab/notebook';
import { Widget } from '@lumino/widgets';

import { CommClient } from './comm';
import type { State } from './state';

// A run of moves (a drag, repeated move-up presses) sends one message, once
// it has settled.
const DEBOUNCE_MS = 100;

// The rule the kernel judges cells by.
type Order = State['order'];

const TOOLTIP: Record<Order, string> = {
  notebook: 'Notebook order: a cell is judged by the cells above it only; a change by a cell below never '
    + 'makes it stale. Click for any order (%deps order any).',
  any: 'Any order: a change by any other cell, above or below, can make a cell stale. '
    + 'Click for notebook order (%deps order notebook).',
};

export function followNotebookOrder(panel: NotebookPanel, client: CommClient): void {
  const indicator = new OrderIndicator(panel, client);
  if (!panel.toolbar.insertAfter('xdeps-run-stale', 'xdeps-order', indicator)) {
    panel.toolbar.addItem('xdeps-order', indicator);
  }
  let sent: string | null = null;  // the ids last sent on this connection
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stateSeen = false;
  const send = () => {
    timer = null;
    const model = panel.content.model;
    if (!client.connected || !stateSeen || !model) {
      return;
    }
    const ids = Array.from(model.cells, (cell) => cell.id);
    const key = JSON.stringify(ids);
    if (key !== sent) {
      sent = key;
      client.send({ type: 'positions', cell_ids: ids });
    }
  };
  const schedule = () => {
    if (timer !== null) {
      clearTimeout(timer);
    }
    timer = setTimeout(send, DEBOUNCE_MS);
  };
  client.connectionChanged.connect(() => {
    // A new comm (a restart, a new kernel) knows nothing yet.
    sent = null;
    stateSeen = false;
    indicator.setOrder(null);
  });
  client.stateReceived.connect((_, message) => {
    indicator.setOrder(message.state.order ?? null);
    if (!stateSeen) {
      stateSeen = true;
      send();
    }
  });
  const watch = () => panel.content.model?.cells.changed.connect(schedule);
  panel.content.modelChanged.connect(() => {
    watch();
    schedule();
  });
  watch();
  panel.disposed.connect(() => {
    if (timer !== null) {
      clearTimeout(timer);
    }
  });
}

// "order: notebook" or "order: any" in the notebook toolbar, hidden while
// the kernel says nothing of its order; a click switches the rule.
class OrderIndicator extends Widget {
  order: Order | null = null;

  constructor(private _panel: NotebookPanel, private _client: CommClient) {
    super();
    this.addClass('xdeps-order');
    this.node.setAttribute('role', 'button');
    this.node.tabIndex = 0;
    this.node.addEventListener('click', () => void this._switch());
    this.node.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        void this._switch();
      }
    });
    this.setOrder(null);
  }

  setOrder(order: Order | null): void {
    this.order = order;
    this.setHidden(!order);
    this.node.textContent = order ? `order: ${order}` : '';
    this.node.title = order ? TOOLTIP[order] : '';
    this.node.dataset.order = order ?? '';
  }

  // Runs `%deps order ...` as a request of its own (no cell, no history),
  // then asks for the state the new rule gives.
  private async _switch(): Promise<void> {
    const kernel = this._panel.sessionContext.session?.kernel;
    if (!kernel || !this.order || !this._client.connected) {
      return;
    }
    const next: Order = this.order === 'notebook' ? 'any' : 'notebook';
    await kernel.requestExecute({ code: `%deps order ${next}`, silent: true, store_history: false }).done;
    this._client.requestState();
  }
}
