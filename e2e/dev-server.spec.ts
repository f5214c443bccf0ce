import { DEV_PORT } from '../playwright.config';
import { fixture, openApp } from './helpers';
import { expect, test } from './test';

// `npm run dev`, as the README runs the app: React runs effects twice there, and dependencies are served
// one module at a time, neither of which the production build's tests see.
test.use({ baseURL: `http://localhost:${DEV_PORT}/` });

test('the development server runs the app: the model on wasm, the race, and a file', async ({ page }) => {
  expect(await openApp(page)).toBe('wasm');
  // The race's verdict is remembered; wasm was never passed over for failing.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('emotion-lens.fastest-backend')), { timeout: 90_000 }).toMatch(/^(webgl|wasm)$/);
  await expect(page.getByTestId('model-info')).not.toContainText(/wasm: (?!slower)/);
  await page.getByTestId('file-input').setInputFiles([fixture('speech.flac')]);
  await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
});
