// The kernel's state as a user can get it: a `%deps --all --json` cell's
// output, read from the notebook saved to disk.
import fs from 'node:fs';
import path from 'node:path';
import { env } from './lab.mjs';

// Saves the open notebook (Ctrl+S) and waits until the file on disk has its
// outputs; returns the file's path.
export async function saveNotebook(page, name) {
  const file = path.join(env.root, name);
  const before = fs.statSync(file).mtimeMs;
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+s');
  // The server may still be writing when the time changes: wait until it parses.
  const saved = () => {
    if (fs.statSync(file).mtimeMs === before) return false;
    try {
      JSON.parse(fs.readFileSync(file, 'utf8'));
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 100 && !saved(); i++) {
    await page.waitForTimeout(100);
  }
  if (!saved()) throw new Error(`${name} was not saved`);
  return file;
}

// The state JSON shown by the `%deps --all --json` cell at `index`.
export function kernelState(file, index) {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
  const outputs = nb.cells[index].outputs ?? [];
  const shown = outputs.find((o) => o.data && o.data['application/json']);
  if (!shown) throw new Error(`cell ${index} shows no state JSON: ${JSON.stringify(outputs).slice(0, 300)}`);
  return shown.data['application/json'];
}
