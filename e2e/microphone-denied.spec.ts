import { fixture, openApp } from './helpers';
import { expect, test } from './test';

for (const [name, message] of [
  ['NotAllowedError', /Microphone access was denied/],
  ['NotFoundError', /No microphone was found/],
  ['NotReadableError', /in use by another application/],
] as const) {
  test(`a microphone that fails with ${name} is explained, and files still work`, async ({ page }) => {
    await page.addInitScript((errorName) => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('refused', errorName));
    }, name);
    await openApp(page);
    await page.getByTestId('record-toggle').click();
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'error');
    await expect(page.getByRole('alert').first()).toHaveText(message);
    await page.getByTestId('file-input').setInputFiles([fixture('speech.mp3')]);
    await expect(page.getByTestId('file-result')).toHaveAttribute('data-status', 'done');
  });
}
