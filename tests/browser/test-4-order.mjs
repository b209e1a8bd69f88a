// Notebook order (issue: a cell below never makes a cell above stale): the
// extension sends the cells' positions, so moving or adding a cell re-judges
// statuses in the new order, in the notebook and in the kernel's own state.
import assert from 'node:assert/strict';
import {
  env, KERNEL, OTHER_KERNEL, kernelSpec,
  cell, writeNotebook, openNotebook, setSource, runCell, runCells, waitIdle, waitOutput, screenshot,
} from './lab.mjs';

// A re-judged state follows a move within the debounce and one round trip.
const MARK_TIMEOUT = 2000;

async function marks(page, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(await cell(page, i).evaluate((node) =>
      ['stale', 'downstream', 'maybe-stale'].find((m) => node.classList.contains(`xdeps-mark-${m}`)) ?? null));
  }
  return out;
}

async function waitMarks(page, expected, timeout = MARK_TIMEOUT) {
  const started = Date.now();
  let actual;
  while (Date.now() - started <= timeout) {
    actual = await marks(page, expected.length);
    if (JSON.stringify(actual) === JSON.stringify(expected)) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`marks ${JSON.stringify(actual)} != expected ${JSON.stringify(expected)} after ${timeout} ms`);
}

async function sources(page, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await cell(page, i).locator('.cm-content').innerText());
  return out;
}

async function prompts(page, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push((await cell(page, i).locator('.jp-InputArea-prompt').innerText()).replace(/[^\[\]0-9]/g, ''));
  }
  return out;
}

// The kernel's own state (`%deps --all --json`), asked on a connection of
// the test's own to the notebook's kernel, as another client would.
async function kernelState(page, notebook) {
  const res = await fetch(`${env.url}/api/sessions?token=${env.token}`);
  const session = (await res.json()).find((s) => s.path === notebook);
  assert.ok(session, `no session for ${notebook}`);
  const url = `${env.url.replace(/^http/, 'ws')}/api/kernels/${session.kernel.id}/channels?token=${env.token}`;
  return page.evaluate((wsUrl) => new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    const msgId = `order-test-${Date.now()}`;
    const timer = setTimeout(() => { ws.close(); reject(new Error('no state from the kernel')); }, 20000);
    ws.onopen = () => ws.send(JSON.stringify({
      channel: 'shell', buffers: [], metadata: {}, parent_header: {},
      header: { msg_id: msgId, msg_type: 'execute_request', username: 'test', session: msgId, version: '5.3',
                date: new Date().toISOString() },
      content: { code: '%deps --all --json', silent: false, store_history: false, user_expressions: {},
                 allow_stdin: false, stop_on_error: false },
    }));
    ws.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      if (msg.parent_header?.msg_id !== msgId) return;
      const data = msg.msg_type === 'display_data' ? msg.content.data['application/json'] : undefined;
      if (data) {
        clearTimeout(timer);
        ws.close();
        resolve(typeof data === 'string' ? JSON.parse(data) : data);
      }
    };
    ws.onerror = () => reject(new Error('websocket to the kernel failed'));
  }), url);
}

// Each cell of the kernel's state by its id (the notebook's cell ids: cell-0, ...).
// The kernel's state once it has the positions a move sent (the extension
// sends them 100 ms after the last change); the latest state otherwise.
async function stateWithPositions(page, notebook, expected, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await kernelState(page, notebook);
    const cells = byId(state);
    const positions = expected.map((_, i) => cells[`cell-${i}`]?.position);
    if (JSON.stringify(positions) === JSON.stringify(expected) || Date.now() > deadline) {
      return state;
    }
    await page.waitForTimeout(200);
  }
}

function byId(state) {
  return Object.fromEntries(state.cells.map((c) => [c.id, c]));
}

// Moves the cell at `index` with JupyterLab's shortcuts, in command mode.
async function moveCell(page, index, direction, times) {
  await cell(page, index).locator('.jp-InputPrompt').click();
  await page.keyboard.press('Escape');
  for (let i = 0; i < times; i++) {
    await page.keyboard.press(direction === 'up' ? 'Control+Shift+ArrowUp' : 'Control+Shift+ArrowDown');
  }
}

async function indicator(page) {
  const node = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .xdeps-order');
  return (await node.count()) && (await node.isVisible()) ? (await node.innerText()).trim() : null;
}

export const tests = {
  async moving_a_cell_rejudges_statuses_in_the_new_order(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('order.ipynb', ['x = 1', 'y = x + 1', 'print(y)', 'x = 10']);
    await openNotebook(page, 'order.ipynb', display);
    // A top-to-bottom run: the last cell rebinds `x`, below its readers.
    await runCells(page, 4);
    await waitOutput(page, 2, '2');
    await waitMarks(page, [null, null, null, null]);
    let state = await kernelState(page, 'order.ipynb');
    assert.equal(state.order, 'notebook');
    assert.deepEqual(state.cells.filter((c) => c.status !== 'fresh').map((c) => c.id), [], 'a plain run marks nothing');
    assert.deepEqual(Object.fromEntries(state.cells.map((c) => [c.id, c.position])),
      { 'cell-0': 0, 'cell-1': 1, 'cell-2': 2, 'cell-3': 3 });

    // Move `x = 10` up above `y = x + 1`: its change now comes from above.
    await moveCell(page, 3, 'up', 2);
    assert.deepEqual(await sources(page, 4), ['x = 1', 'x = 10', 'y = x + 1', 'print(y)']);
    await waitMarks(page, [null, null, 'stale', 'downstream']);
    const tooltip = await cell(page, 2).locator('.xdeps-badge').getAttribute('title');
    assert.equal(tooltip, 'stale: read `x`, changed by [4]');
    await screenshot(page, 'order-moved-up.png');
    state = await stateWithPositions(page, 'order.ipynb', [0, 2, 3, 1]);
    let cells = byId(state);
    assert.deepEqual([0, 1, 2, 3].map((i) => cells[`cell-${i}`].position), [0, 2, 3, 1], 'positions after the move');
    assert.deepEqual([0, 1, 2, 3].map((i) => cells[`cell-${i}`].status), ['fresh', 'stale', 'downstream', 'fresh']);
    assert.deepEqual(state.rerun_order, ['cell-1', 'cell-2']);

    // Run stale cells follows the new order: `y` then its printer.
    await page.locator('.xdeps-run-stale-button').click();
    await waitIdle(page);
    await waitOutput(page, 3, '11', 10000);
    await waitMarks(page, [null, null, null, null], 10000);
    // The test's own state queries took execution counts too: compare them.
    const counts = (await prompts(page, 4)).map((p) => Number(p.replace(/[\[\]]/g, '')));
    assert.deepEqual(counts.slice(0, 2), [1, 4], 'only the stale cells ran');
    assert.ok(4 < counts[2] && counts[2] < counts[3], `run order: ${counts}`);

    // Move it back down: `y` now read `x` from a cell below it, which a
    // top-to-bottom run would not reproduce; the kernel says so.
    await moveCell(page, 1, 'down', 2);
    assert.deepEqual(await sources(page, 4), ['x = 1', 'y = x + 1', 'print(y)', 'x = 10']);
    state = await stateWithPositions(page, 'order.ipynb', [0, 1, 2, 3]);
    cells = byId(state);
    assert.deepEqual([0, 1, 2, 3].map((i) => cells[`cell-${i}`].position), [0, 1, 2, 3], 'positions after moving back');
    const below = cells['cell-1'].reasons.find((r) => r.below);
    assert.ok(below, `no out-of-order reason: ${JSON.stringify(cells['cell-1'])}`);
    assert.equal(below.text, 'reads `x` from [4], below it');
    assert.equal(cells['cell-1'].status, 'stale', 'a top-to-bottom run would not reproduce it');
    await waitMarks(page, [null, cells['cell-1'].status, cells['cell-2'].status, null].map((s) => s === 'fresh' ? null : s));
    if (cells['cell-1'].status !== 'fresh') {
      const text = await cell(page, 1).locator('.xdeps-badge').getAttribute('title');
      assert.match(text, /reads `x` from \[4\], below it/, `tooltip: ${text}`);
      await screenshot(page, 'order-below.png');
    }
  },

  async a_cell_added_above_its_readers_counts_from_above(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('added.ipynb', ['rate = 2', 'cost = rate * 100', 'print(cost)']);
    await openNotebook(page, 'added.ipynb', display);
    await runCells(page, 3);
    await waitMarks(page, [null, null, null]);
    // A new cell between the first two (command mode `b`: insert below), run
    // last in time but above `cost` in the notebook.
    await cell(page, 0).locator('.jp-InputPrompt').click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('b');
    await setSource(page, 1, 'rate = 3');
    await runCell(page, 1);
    assert.deepEqual(await sources(page, 4), ['rate = 2', 'rate = 3', 'cost = rate * 100', 'print(cost)']);
    await waitMarks(page, [null, null, 'stale', 'downstream']);
    // Under notebook order this holds only if the new cell's place was sent:
    // without positions, a cell first run last stands last.
    const state = await kernelState(page, 'added.ipynb');
    assert.equal(state.order, 'notebook');
    const cells = byId(state);
    assert.deepEqual(['cell-1', 'cell-2'].map((id) => cells[id].status), ['stale', 'downstream']);
  },

  async the_toolbar_shows_the_order_rule_and_a_click_switches_it(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('mode.ipynb', ['x = 1', 'y = x + 1', 'x = 10']);
    await openNotebook(page, 'mode.ipynb', display);
    await runCells(page, 3);
    await page.waitForFunction(() => !!document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .xdeps-order'));
    assert.equal(await indicator(page), 'order: notebook');
    await waitMarks(page, [null, null, null]);
    // Any order: the change by the cell below counts.
    await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .xdeps-order').click();
    await page.waitForFunction(() =>
      document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .xdeps-order')?.textContent === 'order: any',
      null, { timeout: 5000 });
    await waitMarks(page, [null, 'stale', null]);
    assert.equal((await kernelState(page, 'mode.ipynb')).order, 'any');
    await screenshot(page, 'order-any.png');
    await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .xdeps-order').click();
    await page.waitForFunction(() =>
      document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .xdeps-order')?.textContent === 'order: notebook',
      null, { timeout: 5000 });
    await waitMarks(page, [null, null, null]);
    assert.equal((await kernelState(page, 'mode.ipynb')).order, 'notebook');
  },

  async no_order_indicator_with_other_kernels(page) {
    const other = await kernelSpec(OTHER_KERNEL);
    writeNotebook('plain-order.ipynb', ['x = 1'], other.name, other.display);
    await openNotebook(page, 'plain-order.ipynb', other.display);
    await runCell(page, 0);
    await page.waitForTimeout(500);
    assert.equal(await indicator(page), null);
  },
};
