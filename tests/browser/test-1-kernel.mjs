// The kernel in JupyterLab: chosen in the kernel picker, runs a cell, shows its output.
import assert from 'node:assert/strict';
import {
  KERNEL, kernelSpec, writeNotebook, openNotebook, setSource, runCell, outputText, screenshot,
} from './lab.mjs';

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
};
