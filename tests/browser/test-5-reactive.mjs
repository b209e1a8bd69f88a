// Reactive mode: the toolbar toggle, the palette command and `%deps reactive`
// follow each other; a run by hand re-runs what it made stale, each cell once,
// stopping at an error or an interrupt; absent with another kernel.
import assert from 'node:assert/strict';
import {
  KERNEL, OTHER_KERNEL, kernelSpec,
  cell, writeNotebook, openNotebook, setSource, runCell, runCells, waitIdle, waitOutput, outputText, screenshot,
} from './lab.mjs';

const TOGGLE = '.jp-NotebookPanel:not(.lm-mod-hidden) .xdeps-reactive-toggle';

// The execution counts shown in the first n cells' prompts.
export async function prompts(page, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push((await cell(page, i).locator('.jp-InputArea-prompt').innerText()).replace(/[^\[\]0-9]/g, ''));
  }
  return out;
}

// Waits until the prompts read `expected`, then checks that they stay so
// (nothing else runs after the chain).
export async function settlesOn(page, expected, timeout = 20000) {
  const started = Date.now();
  let actual;
  while (Date.now() - started < timeout) {
    actual = await prompts(page, expected.length);
    if (JSON.stringify(actual) === JSON.stringify(expected)) break;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(actual, expected, 'execution counts after the chain');
  await waitIdle(page);
  await page.waitForTimeout(1500);
  assert.deepEqual(await prompts(page, expected.length), expected, 'no cell ran after the chain ended');
}

async function toggleState(page) {
  return page.locator(TOGGLE).getAttribute('aria-pressed');
}

async function waitToggle(page, pressed) {
  await page.waitForFunction(([sel, want]) => document.querySelector(sel)?.getAttribute('aria-pressed') === want,
    [TOGGLE, String(pressed)], { timeout: 5000 });
}

// Runs a cell holding only `%deps reactive`, typed by hand, and returns what it says.
async function askKernel(page, index) {
  await runCell(page, index);
  return outputText(page, index);
}

export const tests = {
  async reactive_mode_reruns_what_a_run_made_stale(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('reactive.ipynb', ['A = 1', 'B = A + 1', 'C = B * 10', 'D = 5', 'print(C)', '%deps reactive']);
    await openNotebook(page, 'reactive.ipynb', display);
    await page.locator(TOGGLE).waitFor({ timeout: 10000 });
    assert.equal(await toggleState(page), 'false', 'off by default');
    await runCells(page, 5);
    await waitOutput(page, 4, '20');

    // On from the toolbar: the button shows it, and the kernel knows it.
    await page.locator(TOGGLE).click();
    await waitToggle(page, true);
    assert.match(await askKernel(page, 5), /^Reactive mode is on/);
    await screenshot(page, 'reactive-on.png');

    // Edit A and run it by hand: B, C and the print re-run, each once, in
    // dependency order; D stays as it was.
    await setSource(page, 0, 'A = 2');
    await runCell(page, 0);
    await settlesOn(page, ['[7]', '[8]', '[9]', '[4]', '[10]']);
    await waitOutput(page, 4, '30');
    assert.equal(await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) [class*="xdeps-mark-"]').count(), 0,
      'nothing is left stale');

    // Off from the palette: the next edit re-runs nothing else.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+C');
    await page.keyboard.type('Reactive mode');
    await page.locator('.lm-CommandPalette-item:has-text("Reactive mode")').first().click();
    await waitToggle(page, false);
    await setSource(page, 0, 'A = 3');
    await runCell(page, 0);
    await settlesOn(page, ['[11]', '[8]', '[9]', '[4]', '[10]']);
    assert.match(await askKernel(page, 5), /^Reactive mode is off\.$/);
  },

  async the_toggle_follows_deps_reactive_and_a_chain_stops_at_an_error(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('reactive-error.ipynb', ['A = 1', 'B = 10 / A', 'C = B * 2', 'print(C)', '%deps reactive on']);
    await openNotebook(page, 'reactive-error.ipynb', display);
    await runCells(page, 4);
    await waitOutput(page, 3, '20.0');
    await runCell(page, 4);
    await waitToggle(page, true);
    await setSource(page, 0, 'A = 0');
    await runCell(page, 0);
    await page.waitForFunction(() => {
      const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
      return cells[1]?.querySelector('.jp-OutputArea')?.textContent.includes('ZeroDivisionError');
    }, null, { timeout: 10000 });
    // B raised as [7]; C and the print did not run again.
    await settlesOn(page, ['[6]', '[7]', '[3]', '[4]']);
    assert.equal(await outputText(page, 3), '20.0');
  },

  async a_cycle_runs_each_cell_once(page) {
    const { display } = await kernelSpec(KERNEL);
    // The third cell changes what the second read: q and p feed each other.
    // (With the rule that a later cell never makes an earlier one stale
    // there is no cycle, and each cell still runs once.)
    writeNotebook('reactive-cycle.ipynb', ['p = 1', 'q = p + 1', 'p = q + 1', 'print(p, q)', '%deps reactive on']);
    await openNotebook(page, 'reactive-cycle.ipynb', display);
    await runCells(page, 5);
    await waitToggle(page, true);
    await setSource(page, 0, 'p = 10');
    await runCell(page, 0);
    // Each of the three cells after it ran once ([7] to [9], the print last,
    // which order the other two take depends on the rule); then nothing.
    const started = Date.now();
    let counts;
    do {
      await page.waitForTimeout(200);
      counts = await prompts(page, 4);
    } while (counts[3] !== '[9]' && Date.now() - started < 20000);
    assert.equal(counts[0], '[6]');
    assert.deepEqual([counts[1], counts[2]].sort(), ['[7]', '[8]'], `counts ${counts}`);
    await settlesOn(page, counts);
    assert.match(await outputText(page, 3), /\d+ \d+$/);
  },

  async the_kernel_interrupt_stops_a_chain(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('reactive-interrupt.ipynb',
      ['S = 0', 'import time\nprint("sleeping", S, flush=True)\ntime.sleep(S)\nT = S', 'U = T + 1',
       '%deps reactive on']);
    await openNotebook(page, 'reactive-interrupt.ipynb', display);
    await runCells(page, 4);
    await waitToggle(page, true);
    await setSource(page, 0, 'S = 8');
    await cell(page, 0).locator('.cm-content').click();
    await page.keyboard.press('Shift+Enter');
    // The chain has started the sleeping cell: interrupt from the toolbar.
    await page.waitForFunction(() => {
      const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
      return cells[1]?.querySelector('.jp-OutputArea')?.textContent.includes('sleeping 8');
    }, null, { timeout: 20000 });
    await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) [data-command="notebook:interrupt-kernel"]').click();
    // The sleeping cell is interrupted; the chain goes no further: U's cell
    // keeps its first run.
    await settlesOn(page, ['[5]', '[6]', '[3]']);
    assert.match(await outputText(page, 1), /KeyboardInterrupt/, 'the sleep was interrupted');
    await waitIdle(page);
    await page.waitForTimeout(2000);
    assert.deepEqual(await prompts(page, 3), ['[5]', '[6]', '[3]'], 'nothing ran after the interrupt');
  },

  async other_kernels_have_no_reactive_toggle(page, errors) {
    const other = await kernelSpec(OTHER_KERNEL);
    writeNotebook('reactive-plain.ipynb', ['A = 1', 'B = A + 1'], other.name, other.display);
    await openNotebook(page, 'reactive-plain.ipynb', other.display);
    await runCells(page, 2);
    await page.waitForTimeout(500);
    assert.equal(await page.locator(`${TOGGLE}:visible`).count(), 0, 'no reactive toggle');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+C');
    await page.keyboard.type('Reactive mode');
    const item = page.locator('.lm-CommandPalette-item:has-text("Reactive mode")');
    if (await item.count()) {
      assert.ok(await item.first().evaluate((n) => n.classList.contains('lm-mod-disabled')), 'disabled in the palette');
    }
    await page.keyboard.press('Escape');
    const ours = errors.filter((e) => /xdeps/i.test(e));
    assert.deepEqual(ours, [], `console errors from the extension: ${ours}`);
  },
};
