// Marks on cell nodes: a class for the style and a badge whose tooltip says
// why. Keyed by cell id, so they follow cells through moves, re-rendering and
// windowed scrolling (cell widgets keep their nodes while detached).

import { Cell } from '@jupyterlab/cells';
import { NotebookPanel } from '@jupyterlab/notebook';

import { Mark, StateStore } from './state';

const MARKS: Mark[] = ['stale', 'downstream', 'maybe-stale'];
const BADGE_CLASS = 'xdeps-badge';

const BADGE_TEXT: Record<Mark, string> = {
  stale: 'stale',
  downstream: 'downstream',
  'maybe-stale': 'maybe',
  fresh: '',
};

export function markCell(cell: Cell, store: StateStore): void {
  const id = cell.model.id;
  const mark = store.mark(id);
  for (const m of MARKS) {
    cell.node.classList.toggle(`xdeps-mark-${m}`, m === mark);
  }
  let badge = cell.node.querySelector<HTMLElement>(`.${BADGE_CLASS}`);
  if (!mark) {
    badge?.remove();
    return;
  }
  if (!badge) {
    badge = document.createElement('div');
    badge.className = BADGE_CLASS;
  }
  // Under the input prompt; a cell not rendered yet gets it on its node, and
  // it moves under the prompt once the cell renders.
  const home = cell.node.querySelector('.jp-InputArea-prompt') ?? cell.node;
  if (badge.parentElement !== home) {
    home.appendChild(badge);
  }
  badge.textContent = BADGE_TEXT[mark];
  badge.dataset.mark = mark;
  badge.title = store.describe(id);
}

export function markNotebook(panel: NotebookPanel, store: StateStore): void {
  for (const cell of panel.content.widgets) {
    markCell(cell, store);
  }
}

export function clearNotebook(panel: NotebookPanel): void {
  for (const cell of panel.content.widgets) {
    for (const m of MARKS) {
      cell.node.classList.remove(`xdeps-mark-${m}`);
    }
    cell.node.querySelector(`.${BADGE_CLASS}`)?.remove();
  }
}
