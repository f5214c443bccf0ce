import { expect, test } from './test';
import { CHROMIUM_PATH } from './chromium.ts';
import { fakeMicrophone, fixture, openApp } from './helpers';

// Chromium's fake capture offers three microphones: its default and "Fake Audio Input 1" and "2".
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: fakeMicrophone(fixture('mic-speech.wav')) } });

test('the microphone chosen is the one heard, kept across visits, and an unplugged one gives way to the default', async ({ page }) => {
  await openApp(page);
  const choice = page.getByTestId('microphone-choice');
  await expect(choice.locator('option')).toHaveText(['Default microphone', 'Fake Audio Input 1', 'Fake Audio Input 2']);
  await choice.selectOption({ label: 'Fake Audio Input 2' });

  const toggle = page.getByTestId('record-toggle');
  await toggle.click();
  // The name comes from the track the browser opened: that device, not only the menu, changed.
  await expect(page.getByTestId('live-input')).toHaveText('Hearing: Fake Audio Input 2');
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', /speech|silence/, { timeout: 30_000 });
  await expect(choice).toBeDisabled();
  await toggle.click();
  await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'idle');

  await page.reload();
  await expect(choice.locator('option:checked')).toHaveText('Fake Audio Input 2');

  // A microphone chosen on an earlier visit and unplugged since: the default is used, and the page says so.
  await page.evaluate(() => localStorage.setItem('emotion-lens.microphone', 'a-headset-unplugged-since'));
  await openApp(page);
  await expect(choice.locator('option:checked')).toHaveText('Default microphone');
  await expect(page.getByTestId('microphone-missing')).toBeVisible();
  await toggle.click();
  await expect(page.getByTestId('live-input')).toHaveText('Hearing: Fake Default Audio Input');
  await toggle.click();
});
