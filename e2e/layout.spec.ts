import { readFileSync } from 'node:fs';
import wavefile from 'wavefile';
import { fixture, fixtureSpeech, openApp } from './helpers';
import { expect, test } from './test';

test.use({ viewport: { width: 390, height: 844 } });

test('on a 390 px phone the page never scrolls sideways, with every panel and table open', async ({ page }) => {
  await openApp(page);
  // 15 s of speech: long enough for a timeline and its table of numbers.
  const { samples, rate } = fixtureSpeech();
  const wav = new wavefile.WaveFile();
  wav.fromScratch(
    1,
    rate,
    '16',
    Int16Array.from({ length: 15 * rate }, (_, i) => Math.round(samples[i % samples.length] * 32767)),
  );
  const long = { name: 'a rather long file name that could widen the card on a phone.wav', mimeType: 'audio/wav', buffer: Buffer.from(wav.toBuffer()) };
  const file = (name: string) => ({ name, mimeType: 'application/octet-stream', buffer: readFileSync(fixture(name)) });
  await page.getByTestId('file-input').setInputFiles([file('speech.flac'), long, file('notes.wav')]);
  await expect(page.locator('[data-testid="file-result"][data-status="done"]')).toHaveCount(2);
  await page.locator('details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  expect(await page.locator('details:not([open])').count()).toBe(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
