// Runs every browser test file in this folder (test-*.mjs), in order; exits
// non-zero if any fails.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './lab.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = fs.readdirSync(here).filter((f) => /^test-.*\.mjs$/.test(f)).sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));

let failed = 0;
const { browser } = await launch();
try {
  for (const file of files) {
    const mod = await import(path.join(here, file));
    for (const [name, test] of Object.entries(mod.tests)) {
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
console.log(failed ? `${failed} browser test(s) failed` : 'all browser tests passed');
process.exit(failed ? 1 : 0);
