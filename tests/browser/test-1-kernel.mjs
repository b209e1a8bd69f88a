// The kernel in JupyterLab: chosen in the kernel picker, runs a cell, shows
// its output; JupyterLab's Interrupt stops a busy cell.
import assert from 'node:assert/strict';
import {
  KERNEL, kernelSpec, cell, writeNotebook, openNotebook, setSource, runCell, runCells, waitIdle, waitOutput,
  outputText, screenshot,
} from './lab.mjs';

async function kernelStatus(page) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator')
    .getAttribute('data-status');
}

export const tests = {
  async runs_a_cell(page) {
    const spec = await kernelSpec(KERNEL);
    // A notebook with no kernel yet: JupyterLab asks which one to start.
    writeNotebook('smoke.ipynb', [''], null);
    await openNotebook(page, 'smoke.ipynb', spec.display, async () => {
      const dialog = page.locator('.jp-Dialog');
      await dialog.waitFor({ timeout: 60000 });
      await dialog.locator('select').selectOption({ label: spec.display });
      await dialog.locator('.jp-mod-accept').click();
    });
    await setSource(page, 0, 'print(6*7)');
    await runCell(page, 0);
    await page.waitForFunction(() => {
      const out = document.querySelector('.jp-Notebook .jp-Cell .jp-OutputArea-output');
      return out && out.textContent.includes('42');
    }, null, { timeout: 20000 });
    assert.equal(await outputText(page, 0), '42');
    await screenshot(page, 'kernel-smoke.png');
  },
  // The server runs in the background (run.sh), so the kernel inherits
  // SIGINT ignored: the interrupt must reach the cell all the same.
  async interrupt_stops_a_busy_cell(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('interrupt.ipynb', ['x = 5', 'y = x * 2', 'while True:\n    pass', 'print(x + y)']);
    await openNotebook(page, 'interrupt.ipynb', display);
    await runCells(page, 2);
    await cell(page, 2).locator('.cm-content').click();
    await page.keyboard.press('Shift+Enter');
    await page.waitForFunction(() => document.querySelector(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator')?.getAttribute('data-status') === 'busy',
    null, { timeout: 10000 });
    await page.waitForTimeout(500);
    assert.equal(await kernelStatus(page), 'busy', 'the loop is running');
    await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) [data-jp-item-name="interrupt"]').click();
    await page.waitForFunction(() => {
      const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
      return (cells[2]?.querySelector('.jp-OutputArea')?.textContent ?? '').includes('KeyboardInterrupt');
    }, null, { timeout: 10000 });
    await waitIdle(page);
    await screenshot(page, 'kernel-interrupted.png');
    // The kernel still works, with its namespace and its record of the cells.
    await runCell(page, 3);
    await waitOutput(page, 3, '15');
    // The first cell edited: the cells that read x, below it, go stale.
    await setSource(page, 0, 'x = 6');
    await runCell(page, 0);
    await page.waitForFunction(() => {
      const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
      return cells[1]?.classList.contains('xdeps-mark-stale') && cells[3]?.classList.contains('xdeps-mark-stale');
    }, null, { timeout: 5000 });
  },
};
