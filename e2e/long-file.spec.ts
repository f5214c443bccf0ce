import type { Locator, Page } from '@playwright/test';
import { openApp } from './helpers';
import { expect, test } from './test';
import { readFile } from 'node:fs/promises';
import wavefile from 'wavefile';

/** A long recording made here: two-second voiced bursts every five seconds, 8 kHz mono 16-bit. */
function longRecording(minutes: number): Buffer {
  const rate = 8000;
  const samples = new Int16Array(minutes * 60 * rate);
  for (let i = 0; i < samples.length; i++) {
    const t = i / rate;
    if (t % 5 > 2) continue;
    let v = 0;
    for (let h = 1; h <= 8; h++) v += Math.sin(2 * Math.PI * (140 + 20 * Math.sin(t / 7)) * h * t) / h;
    samples[i] = Math.round(5000 * v);
  }
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, rate, '16', samples);
  return Buffer.from(wav.toBuffer());
}

/** Opens the app and drops a 12-minute recording on it; returns its card once it is being analysed. */
async function startLongAnalysis(page: Page): Promise<Locator> {
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles([{ name: 'long.wav', mimeType: 'audio/wav', buffer: longRecording(12) }]);
  const card = page.getByTestId('file-result');
  await expect(card).toHaveAttribute('data-status', 'processing');
  return card;
}

test('a 12-minute file is analysed in blocks with progress, and the page stays responsive', async ({ page }) => {
  const card = await startLongAnalysis(page);
  // The main thread answers at once while the worker works.
  const started = Date.now();
  await page.evaluate(() => 1 + 1);
  expect(Date.now() - started).toBeLessThan(1000);
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  await expect(card).toContainText('720.0 s');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const results = JSON.parse(await readFile((await download.path())!, 'utf8'));
  const ends = results[0].windows.map((w: { end: number }) => w.end);
  expect(Math.max(...ends)).toBeGreaterThan(700);
  expect(results[0].windows.length).toBeGreaterThan(600);
});

test('a long analysis can be cancelled', async ({ page }) => {
  const card = await startLongAnalysis(page);
  await card.getByRole('button', { name: 'Cancel' }).click();
  await expect(card).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
});
