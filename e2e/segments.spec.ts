import wavefile from 'wavefile';
import { nonSpeech } from '../src/core/testing/non-speech';
import { fixtureSpeech, openApp } from './helpers';
import { expect, test } from './test';

test('a recording gets a summary and segments of one answer each; a segment plays from its start', async ({ page }) => {
  await openApp(page);
  // Speech, 10 s of music, speech again: two stretches of speech with a gap between.
  const { samples: voice, rate } = fixtureSpeech();
  const music = nonSpeech('music: piano', 10, rate);
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, rate, '16', Int16Array.from([...voice, ...music, ...voice], (v) => Math.round(v * 32767)));
  await page.getByTestId('file-input').setInputFiles({ name: 'two turns.wav', mimeType: 'audio/wav', buffer: Buffer.from(wav.toBuffer()) });
  const card = page.locator('[data-testid="file-result"][data-file-name="two turns.wav"]');
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 60_000 });

  const segments = card.getByTestId('segments').locator('li');
  const spans = await segments.evaluateAll((items) => items.map((li) => [Number(li.getAttribute('data-start')), Number(li.getAttribute('data-end'))]));
  expect(spans.length).toBeGreaterThanOrEqual(2);
  // In order, never overlapping, and the music's middle is in none of them.
  const musicMiddle = voice.length / rate + 5;
  spans.forEach(([start, end], i) => {
    expect(end).toBeGreaterThan(start);
    if (i > 0) expect(start).toBeGreaterThanOrEqual(spans[i - 1][1]);
    expect(musicMiddle < start || musicMiddle > end).toBe(true);
  });
  await expect(card.getByTestId('speech-time')).toHaveText(/^Speech 0:\d\d of 0:\d\d \(silence, noise and music left out\)/);

  // Clicking the last segment plays from its start.
  await segments.last().getByRole('button').click();
  const audio = card.locator('audio');
  await expect.poll(() => audio.evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThanOrEqual(spans.at(-1)![0]);
});
