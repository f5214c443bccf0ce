import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import wavefile from 'wavefile';
import { nonSpeech } from '../src/core/testing/non-speech';
import { CHROMIUM_PATH } from './chromium.ts';
import { fakeMicrophone, openApp } from './helpers';
import { expect, test } from './test';

/** A fake microphone playing 12 s of music and noise, made here from the project's generators. */
function noiseFile(): string {
  const rate = 48000;
  const parts = ['music: drums', 'pink noise', 'music: piano'].map((name) => nonSpeech(name, 4, rate));
  const wav = new wavefile.WaveFile();
  wav.fromScratch(
    1,
    rate,
    '16',
    Int16Array.from(
      parts.flatMap((p) => [...p]),
      (v) => Math.round(v * 32767),
    ),
  );
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'emotion-lens-')), 'noise.wav');
  writeFileSync(file, wav.toBuffer());
  return file;
}

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: fakeMicrophone(noiseFile()) } });

test('live: music and noise at speaking level get no emotion, and the status says there is no speech', async ({ page }) => {
  await openApp(page);
  const status = page.getByTestId('live-status');
  // Every state the status passes through, recorded in the page as it changes.
  await status.evaluate((el) => {
    const seen = new Set<string>();
    (window as unknown as { seenStates: Set<string> }).seenStates = seen;
    new MutationObserver(() => seen.add(el.getAttribute('data-state') ?? '')).observe(el, { attributes: true, attributeFilter: ['data-state'] });
  });
  await page.getByTestId('record-toggle').click();
  await expect(status).toHaveAttribute('data-seconds', /^(9|1\d)\./, { timeout: 60_000 });
  const seen = await page.evaluate(() => [...(window as unknown as { seenStates: Set<string> }).seenStates]);
  expect(seen).toContain('silence');
  expect(seen).not.toContain('speech');
  await expect(status).toHaveText('No speech: waiting for a voice');
  await expect(page.getByTestId('live-now')).toHaveAttribute('data-emotion', '');
});
