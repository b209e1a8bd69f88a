// The extension's settings (JupyterLab's settings registry): notices in
// outputs, reactive mode's default; and its colours in the light and dark
// themes.
import assert from 'node:assert/strict';
import {
  KERNEL, kernelSpec, setSetting,
  cell, writeNotebook, openNotebook, setSource, runCell, runCells, waitOutput, outputText, screenshot,
} from './lab.mjs';
import { settlesOn } from './test-5-reactive.mjs';

const PLUGIN = 'xdeps-labextension:plugin';
const PANEL = '.jp-NotebookPanel:not(.lm-mod-hidden)';

async function noticeCount(page, index) {
  return cell(page, index).locator('.xdeps-notice').count();
}

async function waitMark(page, index, mark) {
  await page.waitForFunction(([i, m]) => {
    const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
    return cells[i]?.classList.contains(`xdeps-mark-${m}`);
  }, [index, mark], { timeout: 5000 });
}

// The colour `css` (a colour expression such as `var(--jp-error-color1)`)
// resolves to in the page's current theme, as rgb().
async function resolved(page, css) {
  return page.evaluate((value) => {
    const probe = document.createElement('div');
    probe.style.color = value;
    document.body.appendChild(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, css);
}

async function themeColours(page) {
  const badge = cell(page, 1).locator('.xdeps-badge');
  const toggle = page.locator(`${PANEL} .xdeps-reactive-toggle`);
  return {
    staleBadge: await badge.evaluate((n) => getComputedStyle(n).backgroundColor),
    staleBar: await cell(page, 1).evaluate((n) => getComputedStyle(n).boxShadow),
    toggle: await toggle.evaluate((n) => getComputedStyle(n).backgroundColor),
    toggleLabel: await toggle.locator('.jp-ToolbarButtonComponent-label')
      .evaluate((n) => getComputedStyle(n).color),
    error: await resolved(page, 'var(--jp-error-color1)'),
    brand: await resolved(page, 'var(--jp-brand-color1)'),
    inverse: await resolved(page, 'var(--jp-ui-inverse-font-color1)'),
  };
}

async function chooseTheme(page, name, light) {
  await page.locator('.lm-MenuBar-itemLabel:text-is("Settings")').click();
  await page.locator('.lm-Menu-itemLabel:text-is("Theme")').hover();
  await page.locator(`.lm-Menu-itemLabel:text-is("${name}")`).click();
  await page.waitForFunction((l) => document.body.dataset.jpThemeLight === l, String(light), { timeout: 20000 });
  await page.waitForTimeout(500);
}

export const tests = {
  async notices_can_be_left_out_of_outputs(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('quiet.ipynb', ['A = 1', 'B = A + 1', '%deps --stale']);
    await setSetting(PLUGIN, { showNotices: false });
    try {
      await openNotebook(page, 'quiet.ipynb', display);
      await runCells(page, 2);
      await setSource(page, 0, 'A = 2');
      await runCell(page, 0);
      await waitMark(page, 1, 'stale');
      assert.equal(await noticeCount(page, 0), 0, 'no notice in the output while the extension marks cells');
      await runCell(page, 2);
      assert.match(await outputText(page, 2), /^1 cell needs re-running/, '%deps still answers');
    } finally {
      await setSetting(PLUGIN, {});
    }
    // The default again, on a new page: the kernel is told, and the notice is back.
    await openNotebook(page, 'quiet.ipynb', display);
    await runCell(page, 1);
    await setSource(page, 0, 'A = 3');
    await runCell(page, 0);
    await waitMark(page, 1, 'stale');
    assert.equal(await noticeCount(page, 0), 1, 'the notice is shown by default');
  },

  async reactive_mode_can_be_on_by_default(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('reactive-default.ipynb', ['A = 1', 'B = A + 1', 'print(B)', '%deps reactive']);
    await setSetting(PLUGIN, { reactiveByDefault: true });
    try {
      await openNotebook(page, 'reactive-default.ipynb', display);
      await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true',
        `${PANEL} .xdeps-reactive-toggle`, { timeout: 10000 });
      await runCells(page, 3);
      await setSource(page, 0, 'A = 5');
      await runCell(page, 0);
      await settlesOn(page, ['[4]', '[5]', '[6]']);
      await waitOutput(page, 2, '6');
      await runCell(page, 3);
      assert.match(await outputText(page, 3), /^Reactive mode is on/);
    } finally {
      await setSetting(PLUGIN, {});
    }
  },

  async colours_follow_the_light_and_dark_themes(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('themes.ipynb', ['A = 1', 'B = A + 1']);
    await openNotebook(page, 'themes.ipynb', display);
    await runCells(page, 2);
    await setSource(page, 0, 'A = 2');
    await runCell(page, 0);
    await waitMark(page, 1, 'stale');
    await page.locator(`${PANEL} .xdeps-reactive-toggle`).click();
    await page.waitForSelector(`${PANEL} .xdeps-reactive-toggle[aria-pressed="true"]`);
    await page.mouse.move(0, 0);
    const seen = {};
    try {
      for (const [theme, light] of [['JupyterLab Light', true], ['JupyterLab Dark', false]]) {
        await chooseTheme(page, theme, light);
        const c = await themeColours(page);
        assert.equal(c.staleBadge, c.error, `${theme}: the stale badge is the theme's error colour`);
        assert.ok(c.staleBar.includes(c.error), `${theme}: the stale bar is the theme's error colour: ${c.staleBar}`);
        assert.equal(c.toggle, c.brand, `${theme}: reactive mode on is the theme's brand colour`);
        assert.equal(c.toggleLabel, c.inverse, `${theme}: its label reads on it`);
        seen[theme] = c;
        await screenshot(page, `theme-${light ? 'light' : 'dark'}.png`);
      }
      assert.notEqual(seen['JupyterLab Light'].brand, seen['JupyterLab Dark'].brand, 'the two themes differ');
    } finally {
      await chooseTheme(page, 'JupyterLab Light', true);
    }
  },
};
