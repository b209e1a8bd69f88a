// The kernel in JupyterLab: selectable, runs a cell, shows its output.
import assert from 'node:assert/strict';
import { writeNotebook, openNotebook, setSource, runCell, waitIdle, outputText, screenshot } from './lab.mjs';

export const tests = {
  async runs_a_cell(page) {
    writeNotebook('smoke.ipynb', ['']);
    await openNotebook(page, 'smoke.ipynb', 'Python 3 (xdeps)');
    await setSource(page, 0, 'print(6*7)');
    await runCell(page, 0);
    await waitIdle(page);
    await page.waitForFunction(() => {
      const out = document.querySelector('.jp-Notebook .jp-Cell .jp-OutputArea-output');
      return out && out.textContent.includes('42');
    }, null, { timeout: 20000 });
    assert.equal(await outputText(page, 0), '42');
    await screenshot(page, 'kernel-smoke.png');
  },
};
