import { expect, test } from './test';
import { fixture, openApp } from './helpers';

test.describe('microphone refused', () => {
  test('says so, and files still work', async ({ page }) => {
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
    await openApp(page);
    await page.getByTestId('record-toggle').click();
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'error');
    await expect(page.getByRole('alert').first()).toHaveText(/Microphone access was denied/);
    await page.getByTestId('file-input').setInputFiles([fixture('speech.mp3')]);
    await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
  });
});
