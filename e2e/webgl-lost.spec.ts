import { fixture, openApp } from './helpers';
import { expect, test } from './test';

declare const emotionLensBench: { analysis: { loseWebglContext(): Promise<boolean>; moveTo(backend: string, notes: string[]): Promise<void> } };

test('when the WebGL context is lost mid-session, analysis moves to wasm and goes on', async ({ page }) => {
  expect(await openApp(page, '?bench&backend=webgl')).toBe('webgl');
  // Resolves once the worker has heard the context go.
  expect(await page.evaluate(() => emotionLensBench.analysis.loseWebglContext())).toBe(true);
  await page.getByTestId('file-input').setInputFiles([fixture('speech.flac')]);
  await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect(page.getByTestId('model-info')).toContainText('webgl: the context was lost during use');
});

test('a backend found faster is taken over at the model\'s next use, not under a running one', async ({ page }) => {
  expect(await openApp(page, '?bench&backend=wasm')).toBe('wasm');
  await page.evaluate(() => emotionLensBench.analysis.moveTo('webgl', ['wasm: slower here (a test says so)']));
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await page.getByTestId('file-input').setInputFiles([fixture('speech.flac')]);
  await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('backend')).toHaveText('webgl');
  await expect(page.getByTestId('model-info')).toContainText('wasm: slower here (a test says so)');
});
