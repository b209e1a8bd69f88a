// The selected cell's neighbourhood: clicking a cell tags the cells it read
// from (upstream) and the cells that read from it (downstream), as the
// kernel's state says; selecting another cell moves the tags; another kernel
// gets none.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  KERNEL, OTHER_KERNEL, kernelSpec, cell, writeNotebook, openNotebook, setSource, runCell, runCells, screenshot,
} from './lab.mjs';
import { kernelState, saveNotebook } from './state.mjs';
import { foldLeftSidebar } from './sidebars.mjs';

// Each cell's neighbourhood tag: 'upstream', 'downstream' or null, and its tooltip.
async function tags(page, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(await cell(page, i).evaluate((node) => {
      const tag = node.querySelector('.xdeps-near');
      const side = ['upstream', 'downstream'].find((s) => node.classList.contains(`xdeps-near-${s}`)) ?? null;
      return { side, tag: tag ? tag.dataset.side : null, text: tag?.textContent ?? null, title: tag?.title ?? null };
    }));
  }
  return out;
}

async function waitSides(page, expected, timeout = 2000) {
  const started = Date.now();
  let sides;
  while (Date.now() - started <= timeout) {
    sides = (await tags(page, expected.length)).map((t) => t.side);
    if (JSON.stringify(sides) === JSON.stringify(expected)) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`neighbourhood ${JSON.stringify(sides)} != expected ${JSON.stringify(expected)}`);
}

// Selects a cell as a user does: a click on its prompt (command mode).
async function select(page, index) {
  await cell(page, index).locator('.jp-InputPrompt').click();
}

// What the kernel's state says of cell `id`'s neighbours, by cell index.
function expectedSides(state, ids, id) {
  const byId = new Map(state.cells.map((c) => [c.id, c]));
  return ids.map((other) => {
    if (other === id) return null;
    if ((byId.get(id)?.upstream ?? []).includes(other)) return 'upstream';
    if ((byId.get(other)?.upstream ?? []).includes(id)) return 'downstream';
    return null;
  });
}

export const tests = {
  async neighbourhood_marks_move_with_the_selection(page) {
    const { display } = await kernelSpec(KERNEL);
    const sources = ['A = 1', 'def f(x):\n    return x + A', 'r = f(1)', 'print(r * 2)', 'D = 5', '%deps --all --json'];
    writeNotebook('near.ipynb', sources);
    await openNotebook(page, 'near.ipynb', display);
    await runCells(page, 6);

    // r = f(1) read `f` from the def and `A` (through f) from the first cell;
    // print(r * 2) read `r` from it.
    await select(page, 2);
    await waitSides(page, ['upstream', 'upstream', null, 'downstream', null, null]);
    let shown = await tags(page, 5);
    assert.equal(shown[0].text, '↑ A');
    assert.equal(shown[0].title, 'upstream of the selected cell [3]: it reads `A` (via `f`) from here');
    assert.equal(shown[1].title, 'upstream of the selected cell [3]: it reads `f` from here');
    assert.equal(shown[3].text, '↓ r');
    assert.equal(shown[3].title, 'downstream of the selected cell [3]: reads `r` from it');
    assert.equal(shown[4].tag, null, 'an unrelated cell has no tag');
    await cell(page, 0).locator('.xdeps-near').hover();

    // The same, as the kernel's state has it (the %deps --all --json output,
    // read from the saved notebook).
    const path = await saveNotebook(page, 'near.ipynb');
    const state = kernelState(path, 5);
    const ids = JSON.parse(fs.readFileSync(path, 'utf8')).cells.slice(0, 6).map((c) => c.id);
    assert.deepEqual(expectedSides(state, ids, ids[2]), ['upstream', 'upstream', null, 'downstream', null, null]);

    // Another selection moves the marks: the first cell's value is read (via
    // f) by r = f(1) only; defining f read nothing.
    await select(page, 0);
    await waitSides(page, expectedSides(state, ids, ids[0]));
    await waitSides(page, [null, null, 'downstream', null, null, null]);
    shown = await tags(page, 3);
    assert.equal(shown[2].title, 'downstream of the selected cell [1]: reads `A` (via `f`) from it');
    await select(page, 4);
    await waitSides(page, [null, null, null, null, null, null]);
    assert.equal(await page.locator('.xdeps-near').count(), 0);

    // Stale and downstream marks stay what they are; the tags sit beside them.
    await setSource(page, 0, 'A = 2');
    await runCell(page, 0);
    await select(page, 2);
    await waitSides(page, ['upstream', 'upstream', null, 'downstream', null, null]);
    const marks = await Promise.all([2, 3].map((i) => cell(page, i).evaluate((node) => [
      node.classList.contains('xdeps-mark-stale'), node.classList.contains('xdeps-mark-downstream'),
      !!node.querySelector('.xdeps-badge'), !!node.querySelector('.xdeps-near')])));
    assert.deepEqual(marks, [[true, false, true, false], [false, true, true, true]]);
    assert.equal((await tags(page, 1))[0].title, 'upstream of the selected cell [3]: it reads `A` (via `f`) from here');
    // The tag and the badge look different: outlined, not filled.
    const looks = await cell(page, 3).evaluate((node) => {
      const style = (el) => getComputedStyle(el);
      return [style(node.querySelector('.xdeps-near')).backgroundColor, style(node.querySelector('.xdeps-badge')).backgroundColor];
    });
    assert.notEqual(looks[0], looks[1], `tag and badge backgrounds: ${looks}`);
    await foldLeftSidebar(page);
    await cell(page, 0).locator('.xdeps-near').hover();
    await screenshot(page, 'neighbourhood.png');
  },

  async no_neighbourhood_with_another_kernel(page) {
    const other = await kernelSpec(OTHER_KERNEL);
    writeNotebook('near-plain.ipynb', ['A = 1', 'B = A + 1', 'C = B + 1'], other.name, other.display);
    await openNotebook(page, 'near-plain.ipynb', other.display);
    await runCells(page, 3);
    await select(page, 1);
    await page.waitForTimeout(500);
    assert.equal(await page.locator('.xdeps-near, .xdeps-near-upstream, .xdeps-near-downstream').count(), 0);
  },
};
