// A PC with animations switched off (prefers-reduced-motion, as playwright.config.ts runs every spec): the app's
// dialogs open and close at once (antd's motion token off: every animation and transition lasts 0 s).
import { expect, test } from './fixtures';
import { seedTown } from './ui';

test('with animations switched off, a dialog opens and closes without zooming', async ({ app }) => {
  const { page } = app;
  await seedTown(app);
  await app.open('patient');
  expect(await page.evaluate(() => window.matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
  await page.getByTestId('patient-register').click();
  const dialog = page.getByRole('dialog', { name: '登记严重精神障碍患者' });
  await expect(dialog).toBeVisible();
  const timing = await page.evaluate(() => {
    const modal = getComputedStyle(document.querySelector('.ant-modal')!);
    const mask = getComputedStyle(document.querySelector('.ant-modal-mask')!);
    return [modal.animationDuration, modal.transitionDuration, mask.animationDuration];
  });
  expect(timing).toEqual(['0s', '0s', '0s']);
  await dialog.getByRole('button', { name: '关闭' }).click();
  await expect(dialog).toBeHidden();
});
