import { fixture, openApp } from './helpers';
import { expect, test } from './test';

test('results are kept across a reload until the user deletes them all', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles([fixture('speech.flac'), fixture('notes.wav')]);
  const done = page.locator('[data-testid="file-result"][data-file-name="speech.flac"]');
  const failed = page.locator('[data-testid="file-result"][data-file-name="notes.wav"]');
  await expect(done).toHaveAttribute('data-status', 'done');
  await expect(failed).toHaveAttribute('data-status', 'error');
  const answer = await done.getAttribute('data-top-emotion');
  const confidence = await done.getAttribute('data-confidence');

  await page.reload();
  await expect(done).toHaveAttribute('data-status', 'done');
  await expect(done).toHaveAttribute('data-top-emotion', answer!);
  await expect(done).toHaveAttribute('data-confidence', confidence!);
  await expect(failed.getByTestId('error-message')).toHaveText(/Not an audio file/);
  // The audio came back too: it plays.
  await expect(done.locator('audio')).toHaveJSProperty('readyState', 4, { timeout: 10_000 });

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete all' }).click();
  await expect(page.getByTestId('file-result')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('model-info')).toHaveAttribute('data-status', 'ready', { timeout: 90_000 });
  await expect(page.getByTestId('file-result')).toHaveCount(0);
});
