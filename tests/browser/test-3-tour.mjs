// What the README shows: the notice after re-running a cell, and a %deps graph.
import assert from 'node:assert/strict';
import { cell, writeNotebook, openNotebook, setSource, runCell, runCells, screenshot } from './lab.mjs';

export const tests = {
  async notice_and_graph(page) {
    writeNotebook('tour.ipynb', [
      'A = 23',
      'def f(x):\n    return x + A',
      'r = f(1)',
      'print(r * 2)',
      '%deps --all',
    ]);
    await openNotebook(page, 'tour.ipynb', 'Python 3 (xdeps)');
    await runCells(page, 4);
    await setSource(page, 0, 'A = 24');
    await runCell(page, 0);
    const notice = cell(page, 0).locator('.xdeps-notice');
    await notice.waitFor({ timeout: 5000 });
    assert.match(await notice.innerText(),
      /2 cells are now stale: \[\d+\] read A \(via f\), changed by \[\d+\]; \[\d+\] uses r from \[\d+\], computed from A changed by \[\d+\]\./);
    await runCell(page, 4);
    const graph = cell(page, 4).locator('svg.xdeps-graph');
    await graph.waitFor({ timeout: 5000 });
    assert.ok((await graph.locator('rect').count()) >= 4, 'the graph draws the cells');
    await page.keyboard.press('Escape');
    const news = page.locator('.jp-Notification-Toast button:has-text("No")');
    if (await news.count()) {
      await news.first().click().catch(() => {});
    }
    await screenshot(page, 'tour.png');
  },
};
