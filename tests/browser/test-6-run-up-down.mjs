// Run upstream / Run downstream: from the shortcuts, the cell context menu
// and the palette, in dependency order; shortcuts free in JupyterLab; absent
// with another kernel.
import assert from 'node:assert/strict';
import {
  env, KERNEL, OTHER_KERNEL, kernelSpec,
  cell, writeNotebook, openNotebook, setSource, runCell, runCells, waitIdle, waitOutput, outputText,
} from './lab.mjs';
import { settlesOn } from './test-5-reactive.mjs';

const UPSTREAM = 'Run upstream cells and this cell';
const DOWNSTREAM = 'Run this cell and downstream cells';

async function contextMenu(page, index) {
  await cell(page, index).locator('.jp-InputPrompt').click({ button: 'right' });
  await page.locator('.lm-Menu').first().waitFor({ timeout: 5000 });
}

export const tests = {
  async run_upstream_and_downstream_in_dependency_order(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('updown.ipynb', ['A = 1', 'B = A + 1', 'C = B * 10', 'D = 5', 'E = C + D', 'print(E)']);
    await openNotebook(page, 'updown.ipynb', display);
    await runCells(page, 6);
    await waitOutput(page, 5, '25');
    await setSource(page, 0, 'A = 2');
    await runCell(page, 0);

    // Upstream of E, by its shortcut in command mode: the stale B and C,
    // then E; D is fresh and the print is below.
    await cell(page, 4).locator('.jp-InputPrompt').click();
    await page.keyboard.press('Alt+Shift+U');
    await settlesOn(page, ['[7]', '[8]', '[9]', '[4]', '[10]', '[6]']);
    assert.equal(await outputText(page, 5), '25', 'the print below E did not run');

    // Downstream of A, from the cell's context menu: A, then every cell that
    // reads from it, transitively; D is not one.
    await contextMenu(page, 0);
    await page.locator(`.lm-Menu-itemLabel:text-is("${DOWNSTREAM}")`).click();
    await settlesOn(page, ['[11]', '[12]', '[13]', '[4]', '[14]', '[15]']);
    assert.equal(await outputText(page, 5), '35');

    // Downstream of D, by its shortcut, after an edit.
    await setSource(page, 3, 'D = 6');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Shift+D');
    await settlesOn(page, ['[11]', '[12]', '[13]', '[16]', '[17]', '[18]']);
    assert.equal(await outputText(page, 5), '36');

    // Upstream from the palette, on the print: nothing upstream is stale,
    // so only the print runs.
    await cell(page, 5).locator('.jp-InputPrompt').click();
    await page.keyboard.press('Control+Shift+C');
    await page.keyboard.type('Run upstream');
    await page.locator(`.lm-CommandPalette-item:has-text("${UPSTREAM}")`).first().click();
    await settlesOn(page, ['[11]', '[12]', '[13]', '[16]', '[17]', '[19]']);
    await page.keyboard.press('Control+Shift+C');
    await page.keyboard.type('downstream cells');
    await page.locator(`.lm-CommandPalette-item:has-text("${DOWNSTREAM}")`).first().waitFor({ timeout: 5000 });
    await page.keyboard.press('Escape');
  },

  async the_shortcuts_are_free_in_jupyterlab(page) {
    // Every shortcut JupyterLab's own plugins declare, from its settings API.
    const res = await fetch(`${env.url}/lab/api/settings/?token=${env.token}`);
    const taken = [];
    for (const plugin of (await res.json()).settings) {
      if (plugin.id.startsWith('xdeps')) continue;
      for (const shortcut of plugin.schema?.['jupyter.lab.shortcuts'] ?? []) {
        taken.push([shortcut.keys.join(' ').toLowerCase(), shortcut.command]);
      }
    }
    assert.ok(taken.length > 100, `JupyterLab declares its shortcuts (${taken.length} found)`);
    for (const keys of ['alt shift u', 'alt shift d', 'alt shift r']) {
      const clash = taken.filter(([k]) => k === keys);
      assert.deepEqual(clash, [], `${keys} is used by JupyterLab`);
    }
  },

  async other_kernels_have_no_run_upstream_or_downstream(page) {
    const other = await kernelSpec(OTHER_KERNEL);
    writeNotebook('updown-plain.ipynb', ['A = 1', 'B = A + 1'], other.name, other.display);
    await openNotebook(page, 'updown-plain.ipynb', other.display);
    await runCells(page, 2);
    await contextMenu(page, 0);
    // JupyterLab's own entries are there; ours are not shown.
    await page.locator('.lm-Menu-itemLabel', { hasText: /^Cut Cell/ }).first().waitFor({ timeout: 5000 });
    for (const label of [UPSTREAM, DOWNSTREAM]) {
      const item = page.locator(`.lm-Menu-itemLabel:text-is("${label}")`).filter({ visible: true });
      assert.equal(await item.count(), 0, `${label} in the context menu`);
    }
    await page.keyboard.press('Escape');
    // The shortcut does nothing: no cell runs.
    await cell(page, 0).locator('.jp-InputPrompt').click();
    await page.keyboard.press('Alt+Shift+D');
    await page.waitForTimeout(1000);
    await waitIdle(page);
    const counts = [];
    for (const i of [0, 1]) {
      counts.push((await cell(page, i).locator('.jp-InputArea-prompt').innerText()).replace(/[^\[\]0-9]/g, ''));
    }
    assert.deepEqual(counts, ['[1]', '[2]']);
  },
};
