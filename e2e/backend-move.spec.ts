import { expect, test } from './test';
import { CHROMIUM_PATH } from './chromium.ts';
import { WITHOUT_SERVICE_WORKER, fakeMicrophone, fixture, openApp } from './helpers';

declare const emotionLensBench: { analysis: { moveTo(backend: string, notes: string[]): Promise<void> } };

// The move the page asks for when its background race finds another backend faster (here told directly:
// software WebGL never wins), and a fake microphone playing project-made speech for a live session.
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: fakeMicrophone(fixture('mic-speech.wav')) } });

test("a backend found faster is taken over at the model's next use, not under a running one", async ({ page }) => {
  expect(await openApp(page, '?bench&backend=wasm')).toBe('wasm');
  await page.evaluate(() => emotionLensBench.analysis.moveTo('webgl', ['wasm: slower here (a test says so)']));
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await page.getByTestId('file-input').setInputFiles([fixture('speech.flac')]);
  await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('backend')).toHaveText('webgl');
  await expect(page.getByTestId('model-info')).toContainText('wasm: slower here (a test says so)');
});

test('a backend found faster waits until the live session and the files are done with the model', async ({ page }) => {
  expect(await openApp(page, '?bench&backend=wasm')).toBe('wasm');
  await page.getByTestId('record-toggle').click();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'speech', { timeout: 30_000 });
  await page.evaluate(() => emotionLensBench.analysis.moveTo('webgl', []));
  // A file analysed beside the live session leaves the model where it is.
  await page.getByTestId('file-input').setInputFiles([fixture('speech.flac')]);
  await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('live-status')).not.toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  // Stopped, the session lets it go: the next file moves it.
  await page.getByTestId('record-toggle').click();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'idle');
  await page.getByTestId('file-input').setInputFiles([fixture('speech.ogg')]);
  await expect(page.locator('[data-testid="file-result"][data-file-name="speech.ogg"]')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('backend')).toHaveText('webgl');
});

test.describe('a move that cannot load', () => {
  // The worker's fetches then reach the network, where the test can refuse them.
  test.use(WITHOUT_SERVICE_WORKER);

  test('keeps the model where it was, says why, and analysis goes on', async ({ page }) => {
    expect(await openApp(page, '?bench&backend=wasm')).toBe('wasm');
    // The model's files can no longer be had (a server gone, a cache cleared): the move's load fails.
    await page.context().route('**/model/model.json', (route) => route.abort());
    await page.evaluate(() => emotionLensBench.analysis.moveTo('cpu', ['wasm: slower here (a test says so)']));
    await page.getByTestId('file-input').setInputFiles([fixture('speech.flac')]);
    await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('backend')).toHaveText('wasm');
    await expect(page.getByTestId('model-info')).toContainText('cpu: the move failed (The model cannot be loaded');
    await expect(page.getByTestId('model-info')).toContainText('the model stays on wasm');
    // Nothing is left half-moved: the next file is read too.
    await page.getByTestId('file-input').setInputFiles([fixture('speech.ogg')]);
    await expect(page.locator('[data-testid="file-result"][data-file-name="speech.ogg"]')).toHaveAttribute('data-status', 'done');
  });
});
