import { CHROMIUM_PATH } from './chromium.ts';
import { fakeMicrophone, fixture, openApp } from './helpers';
import { expect, test } from './test';

declare const emotionLensBench: { analysis: { breakModel(): Promise<void> } };

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: fakeMicrophone(fixture('mic-speech.wav')) } });

test('a live analysis that fails mid-session says so and stops, keeping what it heard', async ({ page }) => {
  await openApp(page, '?bench');
  await page.getByTestId('record-toggle').click();
  const status = page.getByTestId('live-status');
  await expect(status).toHaveAttribute('data-state', 'speech', { timeout: 30_000 });
  await page.evaluate(() => emotionLensBench.analysis.breakModel());
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(page.getByRole('alert').filter({ hasText: 'The live analysis failed' })).toBeVisible();
  await expect(page.getByTestId('record-toggle')).toHaveText('Start listening');
  // The speech heard before the failure is kept as a recording.
  await expect(page.locator('[data-testid="file-result"][data-source="live"]')).toHaveAttribute('data-status', 'done');
});
