// Runs the browser tests of this folder (test-*.mjs), in order: all of them,
// or those whose file or test name contains one of the arguments. Exits
// non-zero if any fails, or if none matched.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './lab.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = fs.readdirSync(here).filter((f) => /^test-.*\.mjs$/.test(f))
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));  // test-10 after test-9
const selected = (file, name) => only.length === 0 || only.some((o) => file.includes(o) || name.includes(o));

let failed = 0;
let ran = 0;
const { browser } = await launch();
try {
  for (const file of files) {
    const mod = await import(path.join(here, file));
    for (const [name, test] of Object.entries(mod.tests)) {
      if (!selected(file, name)) continue;
      ran += 1;
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      const started = Date.now();
      try {
        await test(page, errors);
        console.log(`ok   ${file} ${name} (${Date.now() - started} ms)`);
      } catch (e) {
        failed += 1;
        console.log(`FAIL ${file} ${name}: ${e.stack || e}`);
        for (const error of errors) console.log(`     console error: ${error}`);
        await page.screenshot({ path: path.join(process.env.ARTIFACTS, `failed-${name}.png`) }).catch(() => {});
      } finally {
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
}
if (ran === 0) {
  console.log(`no browser test matches ${only.join(' ')}`);
  process.exit(1);
}
console.log(failed ? `${failed} of ${ran} browser tests failed` : `all ${ran} browser tests passed`);
process.exit(failed ? 1 : 0);
