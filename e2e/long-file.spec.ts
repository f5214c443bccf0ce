import type { Locator, Page } from '@playwright/test';
import { fixtureSpeech, openApp } from './helpers';
import { expect, test } from './test';
import { readFile } from 'node:fs/promises';
import wavefile from 'wavefile';

/** A long recording made here: the espeak-ng sentence and a second of silence, over and over, 11.025 kHz mono 16-bit. */
function longRecording(minutes: number): Buffer {
  const speech = fixtureSpeech();
  // 44.1 kHz to 11.025 kHz by taking every fourth sample: telephone-like, and still speech.
  const voice = speech.samples.filter((_, i) => i % 4 === 0);
  const rate = speech.rate / 4;
  const period = voice.length + rate;
  const samples = new Int16Array(minutes * 60 * rate);
  for (let i = 0; i < samples.length; i++) {
    const j = i % period;
    samples[i] = j < voice.length ? Math.round(32767 * voice[j]) : 0;
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
  // Every value the progress bar shows and every text beside it, recorded in the page as they change:
  // the analysis may take only seconds.
  await card.evaluate((el) => {
    const seen: { values: number[]; texts: string[] } = { values: [], texts: [] };
    (window as unknown as { seenProgress: typeof seen }).seenProgress = seen;
    new MutationObserver(() => {
      const bar = el.querySelector('progress');
      if (bar) seen.values.push(bar.value);
      const text = el.querySelector('[data-testid="progress-text"]')?.textContent;
      if (text) seen.texts.push(text);
    }).observe(el, { attributes: true, childList: true, subtree: true, characterData: true });
  });
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 110_000 });
  // The page kept rendering while the worker worked: the bar moved past reading before the end.
  const seen = await page.evaluate(() => (window as unknown as { seenProgress: { values: number[]; texts: string[] } }).seenProgress);
  expect(seen.values.some((v) => v > 0.2 && v < 1)).toBe(true);
  // It says what it waits on, and the time left.
  expect(seen.texts.some((t) => /^\d+%: (decoding|finding the speech|reading the emotions), about \d+:\d\d left$/.test(t))).toBe(true);
  await expect(card).toContainText('720.0 s');
  // Hundreds of windows: the timeline draws the utterances and three emotions' lines, the numbers come a page at a time.
  await expect(card.getByTestId('timeline')).toBeVisible();
  await expect(card.locator('.recharts-line')).toHaveCount(3);
  await card.getByText(/^Emotion timeline as numbers/).click();
  await expect(card.getByTestId('table-pages')).toContainText(/rows 1–200 of \d{3}/);
  await card.getByTestId('table-pages').getByRole('button', { name: 'Next' }).click();
  await expect(card.getByTestId('table-pages')).toContainText(/rows 201–400 of/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const { recordings } = JSON.parse(await readFile((await download.path())!, 'utf8'));
  const ends = recordings[0].windows.map((w: { endSeconds: number }) => w.endSeconds);
  expect(Math.max(...ends)).toBeGreaterThan(700);
  expect(recordings[0].windows.length).toBeGreaterThan(400);
});

test('a long analysis can be cancelled', async ({ page }) => {
  const card = await startLongAnalysis(page);
  await card.getByRole('button', { name: 'Cancel' }).click();
  // Said at once, before the worker stops between windows.
  await expect(card.getByRole('button', { name: 'Cancelling…' })).toBeDisabled();
  await expect(card).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
});

test('closing the page asks first while a recording is being analysed, and not once nothing would be lost', async ({ page }) => {
  const card = await startLongAnalysis(page);
  // Browsers ask only on a page the user has interacted with.
  await page.mouse.click(1, 1);
  const asked = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  // Staying keeps the page and its analysis.
  await expect(card).toHaveAttribute('data-status', 'processing');

  await card.getByRole('button', { name: 'Cancel' }).click();
  await expect(card).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
  let askedAgain = false;
  page.on('dialog', (d) => {
    askedAgain = true;
    void d.accept();
  });
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  expect(askedAgain).toBe(false);
});
