// The dependency panel in the right sidebar: the kernel's cell graph, live;
// clicking a node selects and scrolls to its cell; a 100-cell notebook is
// drawn in layers; the colours follow the light and dark themes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  KERNEL, OTHER_KERNEL, kernelSpec, cell, writeNotebook, openNotebook, setSource, runCell, runCells, waitIdle,
  screenshot,
} from './lab.mjs';
import { kernelState, saveNotebook } from './state.mjs';
import { foldLeftSidebar, widenRightSidebar } from './sidebars.mjs';

const PANEL = '#xdeps-dependency-panel';

async function openPanel(page) {
  await page.locator('.jp-SideBar.jp-mod-right .lm-TabBar-tab[data-id="xdeps-dependency-panel"]').click();
  await page.locator(PANEL).waitFor({ state: 'visible', timeout: 5000 });
}

// The drawn graph: nodes (cell id, label, status, classes, box) and edges.
async function drawn(page) {
  return page.locator(PANEL).evaluate((panel) => ({
    nodes: [...panel.querySelectorAll('.xdeps-panel-node')].map((n) => {
      const r = n.querySelector('rect').getBoundingClientRect();
      return {
        id: n.dataset.cellId, label: n.querySelector('text').textContent, status: n.dataset.status,
        selected: n.classList.contains('xdeps-selected'),
        box: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
      };
    }),
    edges: [...panel.querySelectorAll('.xdeps-panel-edge')].map((e) => ({
      from: e.dataset.from, to: e.dataset.to, label: e.querySelector('text')?.textContent ?? '',
    })),
  }));
}

async function waitDrawn(page, check, timeout = 5000) {
  const started = Date.now();
  let graph;
  for (;;) {
    graph = await drawn(page);
    try {
      check(graph);
      return graph;
    } catch (e) {
      if (Date.now() - started > timeout) throw e;
    }
    await page.waitForTimeout(100);
  }
}

function node(page, id) {
  return page.locator(`${PANEL} .xdeps-panel-node[data-cell-id="${id}"]`);
}

// The kernel's edges: from each cell that bound a value to each cell that read it.
function stateEdges(state) {
  return state.cells.flatMap((c) => c.upstream.filter((u) => u !== c.id).map((u) => `${u}>${c.id}`)).sort();
}

function idsOf(file, n) {
  return JSON.parse(fs.readFileSync(file, 'utf8')).cells.slice(0, n).map((c) => c.id);
}

async function activeIndex(page) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')
    .evaluateAll((cells) => cells.findIndex((c) => c.classList.contains('jp-mod-active')));
}

async function chooseTheme(page, theme) {
  await page.locator('.lm-MenuBar-itemLabel:text-is("Settings")').click();
  await page.locator('.lm-Menu-itemLabel:text-is("Theme")').click();
  await page.locator(`.lm-Menu-itemLabel:text-is("${theme}")`).click();
  await page.waitForFunction((name) => document.body.dataset.jpThemeName === name, theme, { timeout: 20000 });
}

// A stale node's border and a node's fill, and the theme variables they should be.
async function colours(page) {
  return page.evaluate(() => {
    const root = getComputedStyle(document.body);
    const probe = (value) => {
      const el = document.createElement('div');
      el.style.color = value;
      document.body.appendChild(el);
      const rgb = getComputedStyle(el).color;
      el.remove();
      return rgb;
    };
    const stale = document.querySelector('.xdeps-panel-node[data-status="stale"] rect');
    const fresh = document.querySelector('.xdeps-panel-node[data-status="fresh"]:not(.xdeps-selected):not(.xdeps-near-upstream):not(.xdeps-near-downstream) rect');
    return {
      staleStroke: getComputedStyle(stale).stroke, error: probe(root.getPropertyValue('--jp-error-color1').trim()),
      freshFill: getComputedStyle(fresh).fill, layout: probe(root.getPropertyValue('--jp-layout-color2').trim()),
    };
  });
}

export const tests = {
  async panel_shows_the_graph_follows_runs_and_selects_cells(page) {
    const { display } = await kernelSpec(KERNEL);
    writeNotebook('panel.ipynb', ['A = 1', 'def f(x):\n    return x + A', 'r = f(1)', 'print(r * 2)', 'D = 5',
      '%deps --all --json']);
    await openNotebook(page, 'panel.ipynb', display);
    await openPanel(page);
    await runCells(page, 6);
    const file = await saveNotebook(page, 'panel.ipynb');
    const state = kernelState(file, 5);
    const ids = idsOf(file, 6);

    // Every cell the kernel recorded, `[n]` and its first line; the kernel's edges, labelled.
    let graph = await waitDrawn(page, (g) => assert.equal(g.nodes.length, 5));
    assert.deepEqual(graph.nodes.map((n) => n.label),
      ['[1] A = 1', '[2] def f(x):', '[3] r = f(1)', '[4] print(r * 2)', '[5] D = 5']);
    assert.deepEqual(graph.edges.map((e) => `${e.from}>${e.to}`).sort(), stateEdges(state));
    const label = (from, to) => graph.edges.find((e) => e.from === ids[from] && e.to === ids[to])?.label;
    assert.deepEqual([label(0, 2), label(1, 2), label(2, 3)], ['A', 'f', 'r']);
    assert.ok(graph.nodes.every((n) => n.status === 'fresh'));

    // A run updates it: the edited cell's new count, stale and downstream colours.
    await setSource(page, 0, 'A = 2');
    await runCell(page, 0);
    graph = await waitDrawn(page, (g) => {
      assert.equal(g.nodes[0].label, '[7] A = 2');
      assert.deepEqual(g.nodes.map((n) => n.status), ['fresh', 'fresh', 'stale', 'downstream', 'fresh']);
    });

    // A click on a node selects its cell and highlights the node.
    await node(page, ids[3]).click();
    await page.waitForFunction(() => document.querySelector(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell.jp-mod-active')?.textContent.includes('print(r * 2)'));
    assert.equal(await activeIndex(page), 3);
    // in command mode, not editing the cell's code.
    assert.equal(await page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook.jp-mod-commandMode').count(), 1);
    graph = await waitDrawn(page, (g) => assert.deepEqual(g.nodes.map((n) => n.selected), [false, false, false, true, false]));
    // and the selection's neighbourhood moves with it, in the notebook too.
    assert.ok(await cell(page, 2).evaluate((n) => n.classList.contains('xdeps-near-upstream')));
    // Selecting in the notebook moves the highlight in the panel.
    await cell(page, 2).locator('.jp-InputPrompt').click();
    await waitDrawn(page, (g) => assert.deepEqual(g.nodes.map((n) => n.selected), [false, false, true, false, false]));

    // The colours are the theme's variables, in the light theme and the dark.
    const light = await colours(page);
    assert.equal(light.staleStroke, light.error);
    assert.equal(light.freshFill, light.layout);
    await foldLeftSidebar(page);
    await widenRightSidebar(page, 200);
    await screenshot(page, 'panel.png');
    await page.mouse.move(700, 600);
    await chooseTheme(page, 'JupyterLab Dark');
    try {
      const dark = await colours(page);
      assert.equal(dark.staleStroke, dark.error);
      assert.equal(dark.freshFill, dark.layout);
      assert.notEqual(dark.freshFill, light.freshFill, 'the dark theme changes the node fill');
      await screenshot(page, 'panel-dark.png');
    } finally {
      await chooseTheme(page, 'JupyterLab Light');
    }
  },

  async panel_lays_out_a_100_cell_notebook_in_layers(page) {
    const { display } = await kernelSpec(KERNEL);
    // A data cell read by twenty chains of five; each link also reads the
    // chain's head.
    const sources = ['data = list(range(100))'];
    for (let i = 1; i < 100; i++) {
      const head = i - ((i - 1) % 5);
      sources.push((i - 1) % 5 === 0 ? `v${i} = data[${i}]`
        : `v${i} = v${i - 1} + v${head}  # link ${(i - 1) % 5} of chain ${head}`);
    }
    sources.push('%deps --all --json');
    writeNotebook('hundred.ipynb', sources);
    await openNotebook(page, 'hundred.ipynb', display);
    await openPanel(page);
    await page.locator('.lm-MenuBar-itemLabel:text-is("Run")').click();
    await page.locator('.lm-Menu-itemLabel:text-is("Run All Cells")').click();
    await waitIdle(page);
    const graph = await waitDrawn(page, (g) => assert.equal(g.nodes.length, 100), 60000);
    const file = await saveNotebook(page, 'hundred.ipynb');
    const state = kernelState(file, 100);
    assert.equal(state.cells.length, 100);
    assert.deepEqual(graph.edges.map((e) => `${e.from}>${e.to}`).sort(), stateEdges(state));

    // Layered: every edge goes down from one row of nodes to a lower one, and no two nodes overlap.
    const box = new Map(graph.nodes.map((n) => [n.id, n.box]));
    for (const e of graph.edges) {
      assert.ok(box.get(e.from).bottom < box.get(e.to).top, `edge ${e.from} -> ${e.to} goes down`);
    }
    for (let i = 0; i < graph.nodes.length; i++) {
      for (let j = i + 1; j < graph.nodes.length; j++) {
        const a = graph.nodes[i].box;
        const b = graph.nodes[j].box;
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        assert.ok(apart, `nodes ${graph.nodes[i].label} and ${graph.nodes[j].label} overlap`);
      }
    }
    const rows = new Set(graph.nodes.map((n) => Math.round(n.box.top)));
    assert.ok(rows.size >= 6 && rows.size <= 10, `${rows.size} rows`);
    // Too big for the sidebar: it scrolls.
    const scrolls = await page.locator(`${PANEL} .xdeps-panel-canvas`).evaluate((c) =>
      c.scrollWidth > c.clientWidth || c.scrollHeight > c.clientHeight);
    assert.ok(scrolls, 'the panel scrolls');
    // A chain's head in the middle: its node is brought into view, with its data cell and its first link.
    await foldLeftSidebar(page);
    await widenRightSidebar(page, 350);
    await node(page, state.cells.find((c) => c.execution_count === 47).id).click();
    await page.waitForFunction(() => document.querySelector(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell.jp-mod-active')?.textContent.includes('v46 = data[46]'));
    await page.mouse.move(600, 880);
    await screenshot(page, 'panel-100.png');

    // A node far down the notebook: the click scrolls the notebook to its cell.
    const last = state.cells.find((c) => c.execution_count === 100).id;
    await node(page, last).click();
    await page.waitForFunction(() => {
      const active = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell.jp-mod-active');
      const view = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')?.getBoundingClientRect();
      if (!active || !view || !active.textContent.includes('link 3 of chain 96')) return false;
      const r = active.getBoundingClientRect();
      return r.top >= view.top - 1 && r.bottom <= view.bottom + 1;
    }, null, { timeout: 5000 });
  },

  async panel_is_empty_with_another_kernel(page) {
    const other = await kernelSpec(OTHER_KERNEL);
    writeNotebook('panel-plain.ipynb', ['A = 1', 'B = A + 1'], other.name, other.display);
    await openNotebook(page, 'panel-plain.ipynb', other.display);
    await openPanel(page);
    await runCells(page, 2);
    await page.waitForTimeout(500);
    assert.equal(await page.locator(`${PANEL} .xdeps-panel-node`).count(), 0);
    assert.match(await page.locator(`${PANEL} .xdeps-panel-message`).innerText(), /not xdeps/);
  },
};
