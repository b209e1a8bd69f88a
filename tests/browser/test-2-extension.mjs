// The extension (issue: stale cells highlighted live, "Run stale cells").
import assert from 'node:assert/strict';
import {
  cell, writeNotebook, openNotebook, setSource, runCell, waitIdle, outputText, screenshot,
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

export const tests = {
  async marks_follow_edits_and_run_stale_clears_them(page) {
    writeNotebook('chain.ipynb', ['A = 1', 'B = A + 1', 'C = B * 10', 'C']);
    await openNotebook(page, 'chain.ipynb', 'Python 3 (xdeps)');
    // Run every cell once, in order.
    for (let i = 0; i < 4; i++) {
      await runCell(page, i);
      await waitIdle(page);
    }
    assert.match(await outputText(page, 3), /20/);
    await waitMarks(page, [null, null, null, null]);

    // Edit without running: readers of what the cell writes may be stale.
    await setSource(page, 0, 'A = 2');
    await waitMarks(page, [null, 'maybe-stale', null, null]);
    await screenshot(page, 'extension-maybe-stale.png');

    // Run the edited cell: B's cell is stale, C's and the display downstream, within 1 s.
    await runCell(page, 0);
    await waitIdle(page);
    const elapsed = await waitMarks(page, [null, 'stale', 'downstream', 'downstream']);
    console.log(`     marks applied ${elapsed} ms after the kernel went idle`);
    const tooltip = await cell(page, 1).locator('.xdeps-badge').getAttribute('title');
    assert.match(tooltip, /reads `A`, changed by \[5\]/, `tooltip: ${tooltip}`);
    await screenshot(page, 'extension-stale.png');

    // Marks follow cells when they move: move the stale cell down one place.
    await cell(page, 1).locator('.jp-InputPrompt').click();
    await cell(page, 1).locator('button[title="Move this cell down"], [data-command="notebook:move-cell-down"]').first().click();
    await waitMarks(page, [null, 'downstream', 'stale', 'downstream']);
    await cell(page, 2).locator('.jp-InputPrompt').click();
    await cell(page, 2).locator('button[title="Move this cell up"], [data-command="notebook:move-cell-up"]').first().click();
    await waitMarks(page, [null, 'stale', 'downstream', 'downstream']);

    // Run stale cells from the toolbar button: marks clear, outputs update.
    await page.locator('.xdeps-run-stale-button').click();
    await waitIdle(page);
    await waitMarks(page, [null, null, null, null], 10000);
    await page.waitForFunction(() => {
      const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
      return cells[3] && cells[3].querySelector('.jp-OutputArea')?.textContent.includes('30');
    }, null, { timeout: 10000 });
    await screenshot(page, 'extension-after-run-stale.png');
  },

  async run_stale_cells_is_in_the_palette_and_has_a_shortcut(page) {
    writeNotebook('palette.ipynb', ['x = 1', 'y = x + 1', 'print(y)']);
    await openNotebook(page, 'palette.ipynb', 'Python 3 (xdeps)');
    for (let i = 0; i < 3; i++) {
      await runCell(page, i);
      await waitIdle(page);
    }
    await setSource(page, 0, 'x = 5');
    await runCell(page, 0);
    await waitIdle(page);
    await waitMarks(page, [null, 'stale', 'downstream']);
    // The keyboard shortcut, in command mode.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Shift+R');
    await waitIdle(page);
    await waitMarks(page, [null, null, null], 10000);
    assert.match(await outputText(page, 2), /6/);
    // The command palette lists it.
    await page.keyboard.press('Control+Shift+C');
    await page.keyboard.type('Run stale cells');
    await page.waitForSelector('.lm-CommandPalette-item:has-text("Run stale cells")', { timeout: 5000 });
    await page.keyboard.press('Escape');
  },

  async run_stale_cells_stops_at_the_first_error(page) {
    writeNotebook('error.ipynb', ['A = 1', 'B = 10 / A', 'print(B * 2)']);
    await openNotebook(page, 'error.ipynb', 'Python 3 (xdeps)');
    for (let i = 0; i < 3; i++) {
      await runCell(page, i);
      await waitIdle(page);
    }
    await setSource(page, 0, 'A = 0');
    await runCell(page, 0);
    await waitIdle(page);
    await waitMarks(page, [null, 'stale', 'downstream']);
    await page.locator('.xdeps-run-stale-button').click();
    await page.waitForFunction(() => {
      const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
      return cells[1] && cells[1].querySelector('.jp-OutputArea')?.textContent.includes('ZeroDivisionError');
    }, null, { timeout: 10000 });
    await waitIdle(page);
    await page.waitForTimeout(500);
    assert.match(await outputText(page, 2), /^20\.0$/, 'the cell after the error must not have run');
  },

  async other_kernels_stay_unmarked_and_quiet(page, errors) {
    writeNotebook('plain.ipynb', ['A = 1', 'B = A + 1'], 'xpython', 'Python 3.11 (XPython)');
    await openNotebook(page, 'plain.ipynb', 'XPython');
    for (let i = 0; i < 2; i++) {
      await runCell(page, i);
      await waitIdle(page);
    }
    await setSource(page, 0, 'A = 2');
    await runCell(page, 0);
    await waitIdle(page);
    await page.waitForTimeout(500);
    assert.deepEqual([await markOf(page, 0), await markOf(page, 1)], [null, null]);
    assert.equal(await page.locator('.xdeps-badge').count(), 0);
    assert.equal(await page.locator('.xdeps-run-stale-button:visible').count(), 0, 'no Run stale button');
    const ours = errors.filter((e) => /xdeps/i.test(e));
    assert.deepEqual(ours, [], `console errors from the extension: ${ours}`);
  },
};
