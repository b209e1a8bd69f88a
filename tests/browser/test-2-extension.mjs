// The extension (issue: stale cells highlighted live, "Run stale cells").
import assert from 'node:assert/strict';
import {
  KERNEL, OTHER_KERNEL, kernelSpec, setSetting,
  cell, writeNotebook, openNotebook, setSource, runCell, runCells, waitIdle, waitOutput, outputText, screenshot,
} from './lab.mjs';

const MARK_TIMEOUT = 1000;

async function markOf(page, index) {
  return cell(page, index).evaluate((node) => {
    for (const m of ['stale', 'downstream', 'maybe-stale']) {
      if (node.classList.contains(`xdeps-mark-${m}`)) return m;
    }
    return null;
  });
}

// The execution counts shown in the first n cells' prompts.
async function prompts(page, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push((await cell(page, i).locator('.jp-InputArea-prompt').innerText()).replace(/[^\[\]0-9]/g, ''));
  }
  return out;
}

async function waitMarks(page, expected, timeout = MARK_TIMEOUT) {
  const started = Date.now();
  let actual;
  while (Date.now() - started <= timeout) {
    actual = [];
    for (let i = 0; i < expected.length; i++) actual.push(await markOf(page, i));
    if (JSON.stringify(actual) === JSON.stringify(expected)) return Date.now() - started;
    await page.waitForTimeout(50);
  }
  throw new Error(`marks ${JSON.stringify(actual)} != expected ${JSON.stringify(expected)} after ${timeout} ms`);
}

// Scrolls the notebook with the mouse wheel, as a user does, until `target` shows.
async function scrollTo(page, target, dy) {
  await page.mouse.move(760, 500);
  for (let i = 0; i < 60 && !(await target.isVisible()); i++) {
    await page.mouse.wheel(0, dy);
    await page.waitForTimeout(100);
  }
  await target.waitFor({ timeout: 5000 });
}

function cellWithSource(page, source) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')
    .filter({ has: page.locator('.cm-content', { hasText: source }) });
}

async function windowedScrolling(page) {
  const { display } = await kernelSpec(KERNEL);
  const filler = Array.from({ length: 60 }, (_, i) => `x${i} = ${i}\n\n\n`);
  writeNotebook('long.ipynb', ['A = 1', ...filler, 'last = A * 2']);
  await openNotebook(page, 'long.ipynb', display);
  await page.locator('.lm-MenuBar-itemLabel:text-is("Run")').click();
  await page.locator('.lm-Menu-itemLabel:text-is("Run All Cells")').click();
  await waitIdle(page);
  const first = cellWithSource(page, /^A = 1$/);
  await scrollTo(page, first, -600);
  await setSource(page, 0, 'A = 2');
  await runCell(page, 0);
  const last = cellWithSource(page, /^last = A \* 2$/);
  const edited = cellWithSource(page, /^A = 2$/);
  for (const round of [1, 2]) {
    await scrollTo(page, last, 600);
    // Attached by the scroll, the last cell carries its mark and its badge.
    await page.waitForFunction((sel) => {
      const node = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')]
        .find((c) => c.querySelector('.cm-content')?.textContent === sel);
      return node && node.classList.contains('xdeps-mark-stale')
        && node.querySelector('.jp-InputArea-prompt .xdeps-badge');
    }, 'last = A * 2', { timeout: round === 1 ? 10000 : 2000 });
    if (round === 1) await screenshot(page, 'extension-windowed.png');
    await scrollTo(page, edited, -600);
  }
}

export const tests = {
  async marks_follow_edits_and_run_stale_clears_them(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('chain.ipynb', ['A = 1', 'B = A + 1', 'C = B * 10', 'D = 5', 'C']);
    await openNotebook(page, 'chain.ipynb', display);
    // Run every cell once, in order.
    await runCells(page, 5);
    await waitOutput(page, 4, '20');
    await waitMarks(page, [null, null, null, null, null]);

    // Edit without running: readers of what the cell writes may be stale,
    // until the edit is undone.
    await setSource(page, 0, 'A = 2');
    await waitMarks(page, [null, 'maybe-stale', null, null, null]);
    const maybe = await cell(page, 1).locator('.xdeps-badge').getAttribute('title');
    assert.match(maybe, /may be stale: reads what the edited cell \[1\] writes/, `tooltip: ${maybe}`);
    await screenshot(page, 'extension-maybe-stale.png');
    await setSource(page, 0, 'A = 1');
    await waitMarks(page, [null, null, null, null, null]);
    // An edit stays pending while other cells run.
    await setSource(page, 0, 'A = 2');
    await runCell(page, 3);
    await waitMarks(page, [null, 'maybe-stale', null, null, null]);

    // Run the edited cell: B's cell is stale, C's and the display downstream,
    // D's untouched, within 1 s.
    await runCell(page, 0);
    const elapsed = await waitMarks(page, [null, 'stale', 'downstream', null, 'downstream']);
    console.log(`     marks applied ${elapsed} ms after the kernel went idle`);
    const badge = cell(page, 1).locator('.xdeps-badge');
    await badge.hover();
    const tooltip = await badge.getAttribute('title');
    // The kernel's own sentence (the state's `text`), as in its notices.
    assert.match(tooltip, /^stale: read `A`, changed by \[7\]$/, `tooltip: ${tooltip}`);
    const downstream = await cell(page, 2).locator('.xdeps-badge').getAttribute('title');
    assert.match(downstream, /^downstream: uses `B` from \[2\], computed from `A` changed by \[7\]$/,
      `tooltip: ${downstream}`);
    await screenshot(page, 'extension-stale.png');

    // Marks follow cells when they move: move the stale cell down one place.
    // The kernel re-judges in the new order: `C = B * 10` now reads `B` from
    // a cell below it, so it is stale too (test-4-order.mjs).
    await cell(page, 1).locator('.jp-InputPrompt').click();
    await cell(page, 1).locator('button[title="Move this cell down"], [data-command="notebook:move-cell-down"]').first().click();
    await waitMarks(page, [null, 'stale', 'stale', null, 'downstream'], 2000);
    await cell(page, 2).locator('.jp-InputPrompt').click();
    await cell(page, 2).locator('button[title="Move this cell up"], [data-command="notebook:move-cell-up"]').first().click();
    await waitMarks(page, [null, 'stale', 'downstream', null, 'downstream'], 2000);

    // Run stale cells from the toolbar button: marks clear, outputs update,
    // and only the stale and downstream cells ran.
    await page.locator('.xdeps-run-stale-button').click();
    await waitIdle(page);
    await waitMarks(page, [null, null, null, null, null], 10000);
    await waitOutput(page, 4, '30', 10000);
    assert.deepEqual(await prompts(page, 5), ['[7]', '[8]', '[9]', '[6]', '[10]'], 'run order');
    await screenshot(page, 'extension-after-run-stale.png');
  },

  async marks_survive_windowed_scrolling(page) {
    // JupyterLab's 'full' windowing attaches only the cells in view.
    await setSetting('@jupyterlab/notebook-extension:tracker', { windowingMode: 'full' });
    try {
      await windowedScrolling(page);
    } finally {
      await setSetting('@jupyterlab/notebook-extension:tracker', {});
    }
  },

  async marks_return_after_a_reload_and_a_kernel_restart(page, errors) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('restart.ipynb', ['A = 1', 'B = A + 1']);
    await openNotebook(page, 'restart.ipynb', display);
    await runCells(page, 2);
    await setSource(page, 0, 'A = 2');
    await runCell(page, 0);
    await waitMarks(page, [null, 'stale']);
    // A new page on the same kernel: the comm opens again and the state comes with it.
    await openNotebook(page, 'restart.ipynb', display);
    await waitMarks(page, [null, 'stale'], 5000);
    // A restart forgets everything: marks clear, and the comm is opened anew.
    await page.locator('.lm-MenuBar-itemLabel:text-is("Kernel")').click();
    await page.locator('.lm-Menu-itemLabel:text-is("Restart Kernel…")').click();
    await page.locator('.jp-Dialog .jp-mod-accept').click();
    await waitMarks(page, [null, null], 10000);
    await page.waitForFunction(() => {
      const status = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
      return status && status.getAttribute('data-status') === 'idle';
    }, null, { timeout: 60000 });
    await runCells(page, 2);
    await setSource(page, 0, 'A = 3');
    await runCell(page, 0);
    await waitMarks(page, [null, 'stale']);
    // Closing the notebook closes the comm quietly.
    await page.locator('.jp-mod-current .lm-TabBar-tabCloseIcon').first().click();
    const discard = page.locator('.jp-Dialog button:has-text("Discard")');
    await discard.click({ timeout: 5000 });
    await page.locator('.jp-NotebookPanel').waitFor({ state: 'detached', timeout: 5000 });
    await page.waitForTimeout(500);
    const ours = errors.filter((e) => /xdeps|comm/i.test(e));
    assert.deepEqual(ours, [], `console errors: ${ours}`);
  },

  async run_stale_cells_is_in_the_palette_and_has_a_shortcut(page) {
    writeNotebook('palette.ipynb', ['x = 1', 'y = x + 1', 'print(y)']);
    await openNotebook(page, 'palette.ipynb', (await kernelSpec(KERNEL)).display);
    await runCells(page, 3);
    await setSource(page, 0, 'x = 5');
    await runCell(page, 0);
    await waitMarks(page, [null, 'stale', 'downstream']);
    // The keyboard shortcut, in command mode.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Shift+R');
    await waitIdle(page);
    await waitMarks(page, [null, null, null], 10000);
    await waitOutput(page, 2, '6', 10000);
    // The command palette lists it.
    await page.keyboard.press('Control+Shift+C');
    await page.keyboard.type('Run stale cells');
    await page.waitForSelector('.lm-CommandPalette-item:has-text("Run stale cells")', { timeout: 5000 });
    await page.keyboard.press('Escape');
  },

  async run_stale_cells_stops_at_the_first_error(page) {
    writeNotebook('error.ipynb', ['A = 1', 'B = 10 / A', 'print(B * 2)']);
    await openNotebook(page, 'error.ipynb', (await kernelSpec(KERNEL)).display);
    await runCells(page, 3);
    await setSource(page, 0, 'A = 0');
    await runCell(page, 0);
    await waitMarks(page, [null, 'stale', 'downstream']);
    await page.locator('.xdeps-run-stale-button').click();
    await page.waitForFunction(() => {
      const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
      return cells[1] && cells[1].querySelector('.jp-OutputArea')?.textContent.includes('ZeroDivisionError');
    }, null, { timeout: 10000 });
    await waitIdle(page);
    await page.waitForTimeout(500);
    // The erring cell ran as [5]; the one after it still shows its first run.
    assert.deepEqual(await prompts(page, 3), ['[4]', '[5]', '[3]'], 'the cell after the error must not run');
    assert.match(await outputText(page, 2), /^20\.0$/);
  },

  async other_kernels_stay_unmarked_and_quiet(page, errors) {
    const other = await kernelSpec(OTHER_KERNEL);
    writeNotebook('plain.ipynb', ['A = 1', 'B = A + 1'], other.name, other.display);
    await openNotebook(page, 'plain.ipynb', other.display);
    await runCells(page, 2);
    await setSource(page, 0, 'A = 2');
    await runCell(page, 0);
    await page.waitForTimeout(500);
    assert.deepEqual([await markOf(page, 0), await markOf(page, 1)], [null, null]);
    assert.equal(await page.locator('.xdeps-badge').count(), 0);
    assert.equal(await page.locator('.xdeps-run-stale-button:visible').count(), 0, 'no Run stale button');
    const ours = errors.filter((e) => /xdeps/i.test(e));
    assert.deepEqual(ours, [], `console errors from the extension: ${ours}`);
  },
};
