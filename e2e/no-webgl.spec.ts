import { expect, test } from './test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';
import { fixture, openApp } from './helpers';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--disable-webgl', '--disable-webgl2'] } });

test.describe('without WebGL', () => {
  test('falls back to wasm and still classifies', async ({ page }) => {
    expect(await openApp(page)).toBe('wasm');
    await page.getByTestId('file-input').setInputFiles([fixture('speech.ogg')]);
    await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
  });
});
