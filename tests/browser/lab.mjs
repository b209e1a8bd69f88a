// Helpers to drive JupyterLab 4 in headless Chromium.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

export const env = {
  url: process.env.LAB_URL,
  token: process.env.LAB_TOKEN,
  root: process.env.LAB_ROOT,
  artifacts: process.env.ARTIFACTS,
};

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  return { browser };
}

// The kernels: the one under test (XDEPS_KERNEL, default xdeps) and a plain
// one the extension must leave alone (XDEPS_OTHER_KERNEL, default xpython).
export const KERNEL = process.env.XDEPS_KERNEL || 'xdeps';
export const OTHER_KERNEL = process.env.XDEPS_OTHER_KERNEL || 'xpython';

// A kernelspec as the server lists it: { name, display }.
export async function kernelSpec(name) {
  const res = await fetch(`${env.url}/api/kernelspecs?token=${env.token}`);
  const specs = (await res.json()).kernelspecs;
  if (!specs[name]) {
    throw new Error(`kernel ${name} is not installed; the server has ${Object.keys(specs).join(', ')}`);
  }
  return { name, display: specs[name].spec.display_name };
}

// Writes a notebook with the given code cells into the server's root; with
// kernel null it names no kernel, and JupyterLab asks for one.
export function writeNotebook(name, cells, kernel = KERNEL, display = 'Python 3 (xdeps)') {
  const nb = {
    nbformat: 4, nbformat_minor: 5,
    metadata: kernel ? { kernelspec: { name: kernel, display_name: display, language: 'python' } } : {},
    cells: cells.map((source, i) => ({
      cell_type: 'code', id: `cell-${i}`, metadata: {}, execution_count: null, outputs: [], source,
    })),
  };
  fs.writeFileSync(path.join(env.root, name), JSON.stringify(nb));
}

// Opens a notebook and waits until its kernel is named in the toolbar and idle.
// `chooseKernel`, when given, answers JupyterLab's kernel picker first.
export async function openNotebook(page, name, kernelDisplay, chooseKernel = null) {
  // A workspace of its own, reset: only this notebook is open.
  const workspace = name.replace(/[^A-Za-z0-9]/g, '-');
  await page.goto(`${env.url}/lab/workspaces/${workspace}/tree/${name}?reset&token=${env.token}`);
  if (chooseKernel) await chooseKernel();
  await page.waitForSelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell', { timeout: 60000 });
  await page.waitForFunction((display) => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    if (!panel) return false;
    const name = panel.querySelector('.jp-KernelName, .jp-Toolbar-kernelName');
    const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
    return name && name.textContent.includes(display) && status && status.getAttribute('data-status') === 'idle';
  }, kernelDisplay, { timeout: 60000 });
  // JupyterLab asks once whether to fetch news; answer no, out of the way.
  const no = page.locator('.jp-Notification-Toast button:has-text("No")');
  if (await no.count()) {
    await no.first().click().catch(() => {});
  }
}

export function cell(page, index) {
  return page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(index);
}

// Replaces a cell's source by typing into its editor.
export async function setSource(page, index, text) {
  const editor = cell(page, index).locator('.cm-content');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

export async function waitIdle(page) {
  await page.waitForFunction(() => {
    const status = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
    if (status) {
      return status.getAttribute('data-status') === 'idle';
    }
    // A narrow notebook (a sidebar open) moves the toolbar's indicator into
    // its overflow menu; the status bar names the kernel's state too.
    return [...document.querySelectorAll('.jp-StatusBar-TextItem')].some((item) =>
      /\| Idle$/.test(item.textContent ?? ''));
  }, null, { timeout: 60000 });
}

// Runs a cell (Shift+Enter) and waits until the kernel is idle again.
export async function runCell(page, index) {
  await cell(page, index).locator('.cm-content').click();
  await page.keyboard.press('Shift+Enter');
  await waitIdle(page);
}

// Runs the first `count` cells, one after the other.
export async function runCells(page, count) {
  for (let i = 0; i < count; i++) {
    await runCell(page, i);
  }
}

export async function outputText(page, index) {
  return (await cell(page, index).locator('.jp-OutputArea').innerText()).trim();
}

// Sets a JupyterLab setting for this server (its settings dir is temporary).
export async function setSetting(plugin, values) {
  const res = await fetch(`${env.url}/lab/api/settings/${plugin}?token=${env.token}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ raw: JSON.stringify(values) }),
  });
  if (!res.ok) throw new Error(`setting ${plugin}: HTTP ${res.status}`);
}

// Waits until cell `index` shows an output whose text is `expected`; the
// execution indicator can read idle before a queued cell has started.
export async function waitOutput(page, index, expected, timeout = 20000) {
  await page.waitForFunction(([i, text]) => {
    const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
    const out = cells[i]?.querySelector('.jp-OutputArea-output');
    return !!out && out.textContent.trim() === text;
  }, [index, expected], { timeout });
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(env.artifacts, name), fullPage: false });
}
