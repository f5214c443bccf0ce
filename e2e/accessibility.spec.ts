import AxeBuilder from '@axe-core/playwright';
import { fixture, openApp } from './helpers';
import { expect, test } from './test';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no accessibility violations with a result on the page (${colorScheme} theme)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await openApp(page);
    await page.getByTestId('file-input').setInputFiles([fixture('speech.flac'), fixture('notes.wav')]);
    await expect(page.locator('[data-testid="file-result"][data-file-name="speech.flac"]')).toHaveAttribute('data-status', 'done');
    await expect(page.locator('[data-testid="file-result"][data-file-name="notes.wav"]')).toHaveAttribute('data-status', 'error');
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}
