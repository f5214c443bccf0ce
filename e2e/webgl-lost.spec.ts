import { fixture, openApp } from './helpers';
import { expect, test } from './test';

declare const emotionLensBench: { analysis: { loseWebglContext(): Promise<boolean> } };

test('when the WebGL context is lost mid-session, analysis moves to wasm and goes on', async ({ page }) => {
  expect(await openApp(page, '?bench&backend=webgl')).toBe('webgl');
  // Resolves once the worker has heard the context go.
  expect(await page.evaluate(() => emotionLensBench.analysis.loseWebglContext())).toBe(true);
  await page.getByTestId('file-input').setInputFiles([fixture('speech.flac')]);
  await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect(page.getByTestId('model-info')).toContainText('webgl: the context was lost during use');
});
