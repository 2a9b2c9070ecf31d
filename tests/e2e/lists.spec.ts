// Lists that fit an office screen: at 1366×768 and 1440×900 every ledger list and the today list shows its key
// columns whole (no ellipsis, no sideways scroll); printing a list prints every row with the town's title and page
// numbers; the printed detail page carries no on-screen buttons and keeps the ID number on one line.
import { generateDemoTown } from '../../electron/core/demo/generate';
import { expect, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

for (const width of [1366, 1440]) {
  test(`at ${width} wide the ledger lists and the today list show their key columns whole`, async ({ app }) => {
    test.setTimeout(180_000);
    const { page } = app;
    await page.setViewportSize({ width, height: width === 1366 ? 768 : 900 });
    generateDemoTown(app.ctx, { residents: 5_000, seed: 3 });
    for (const route of ['today', 'released', 'patient', 'lowIncome']) {
      await app.open(route);
      await expect(page.locator('tbody tr.ant-table-row').first()).toBeVisible();
      const fit = await page.locator('.ant-table').first().evaluate((table) => {
        const scroller = table.querySelector('.ant-table-content, .ant-table-body') as HTMLElement;
        const clipped = [...table.querySelectorAll('td, th')]
          .filter((c) => (c as HTMLElement).scrollWidth > (c as HTMLElement).clientWidth + 1 || c.classList.contains('ant-table-cell-ellipsis'))
          .map((c) => (c.textContent ?? '').slice(0, 20));
        return { sideways: scroller.scrollWidth - scroller.clientWidth, clipped };
      });
      expect(fit, `${route} at ${width}`).toEqual({ sideways: 0, clipped: [] });
      await app.screenshot(`lists-${width}-${route}`);
    }
    await app.open('people');
    await expect(page.getByTestId('resident-row').first()).toBeVisible();
    const people = await page.locator('.vtable-scroll').evaluate((scroller) => {
      const clipped = [...scroller.querySelectorAll('.vtable-row .vcell')]
        .filter((c) => (c as HTMLElement).scrollWidth > (c as HTMLElement).clientWidth + 1 || (c as HTMLElement).scrollHeight > (c as HTMLElement).clientHeight + 1)
        .map((c) => (c.textContent ?? '').slice(0, 20));
      return { sideways: scroller.scrollWidth - scroller.clientWidth, clipped };
    });
    expect(people, `people at ${width}`).toEqual({ sideways: 0, clipped: [] });
    await app.screenshot(`lists-${width}-people`);
    await app.open('staff');
    await app.screenshot(`lists-${width}-staff`);
  });
}
