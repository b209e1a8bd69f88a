// JupyterLab's sidebars, moved as a user moves them, to give screenshots room.

// Folds the left sidebar (a click on its open tab).
export async function foldLeftSidebar(page) {
  const open = page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current');
  if (await open.count()) await open.first().click();
}

// Drags the right sidebar's edge `px` pixels to the left.
export async function widenRightSidebar(page, px) {
  const handle = page.locator('#jp-main-split-panel > .lm-SplitPanel-handle:not(.lm-mod-hidden)').last();
  const box = await handle.boundingBox();
  if (!box) return;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x - px, y, { steps: 5 });
  await page.mouse.up();
}
