import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import wavefile from 'wavefile';
import { nonSpeech } from '../src/core/testing/non-speech';
import { fixture, fixtureSpeech, openApp } from './helpers';
import { expect, test } from './test';

const RATE = 16000;

/** A WAV of mono samples at 16 kHz, as a file to drop. */
function wav(name: string, samples: ArrayLike<number>) {
  const file = new wavefile.WaveFile();
  file.fromScratch(
    1,
    RATE,
    '16',
    Int16Array.from(samples, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767)),
  );
  return { name, mimeType: 'audio/wav', buffer: Buffer.from(file.toBuffer()) };
}

/** The espeak-ng sentence of the fixtures, at 16 kHz. */
function sentence(): Float32Array {
  const { samples, rate } = fixtureSpeech();
  return Float32Array.from({ length: Math.floor((samples.length * RATE) / rate) }, (_, i) => samples[Math.floor((i * rate) / RATE)]);
}

/** Pieces of about 3 s of the voice-profile fixture's passage (another espeak-ng voice, at 16 kHz). */
function passagePieces(): Float32Array[] {
  const file = new wavefile.WaveFile(readFileSync(fixture('voice-speech.wav')));
  const samples = Float32Array.from(file.getSamples(false, Int16Array) as unknown as Int16Array, (v) => v / 32768);
  return Array.from({ length: 5 }, (_, i) => samples.slice(i * 3.2 * RATE, (i * 3.2 + 3) * RATE));
}

const silence = (seconds: number) => new Float32Array(Math.round(seconds * RATE));

/**
 * Three blocks of five utterances each, with 1-2 s pauses inside a block and 7 s of silence or music
 * between blocks: the sentence, the passage's pieces, and the sentence again 12 dB quieter.
 */
function blocksRecording() {
  const parts: Float32Array[] = [silence(1)];
  let at = 1;
  const add = (samples: Float32Array) => {
    parts.push(samples);
    at += samples.length / RATE;
  };
  const blocks: { start: number; end: number }[] = [];
  const block = (utterances: Float32Array[]) => {
    const start = at;
    utterances.forEach((u, i) => {
      if (i > 0) add(silence(1 + (i % 3) * 0.4));
      add(u);
    });
    blocks.push({ start, end: at });
  };
  const voice = sentence();
  block(Array(5).fill(voice));
  add(silence(7));
  block(passagePieces());
  add(nonSpeech('music: piano', 7, RATE));
  block(Array(5).fill(voice.map((v) => v / 4)));
  add(silence(1));
  const samples = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((offset, p) => (samples.set(p, offset), offset + p.length), 0);
  return { file: wav('blocks.wav', samples), blocks, duration: samples.length / RATE };
}

test.describe('results by utterance', () => {
  test.use({ hasTouch: true });

  test('a recording of blocks reads as one block per block, answers by its utterances, and seeks where it is tapped', async ({ page }) => {
    await openApp(page);
    const { file, blocks, duration } = blocksRecording();
    await page.getByTestId('file-input').setInputFiles(file);
    const card = page.locator('[data-testid="file-result"][data-file-name="blocks.wav"]');
    await expect(card).toHaveAttribute('data-status', 'done', { timeout: 90_000 });

    // One block per block of the recording, its boundaries within 2 s of the block's.
    const found = await card
      .getByTestId('segment')
      .evaluateAll((items) => items.map((s) => ({ start: Number(s.getAttribute('data-start')), end: Number(s.getAttribute('data-end')) })));
    expect(found).toHaveLength(blocks.length);
    found.forEach((b, i) => {
      expect(Math.abs(b.start - blocks[i].start), `block ${i} start`).toBeLessThanOrEqual(2);
      expect(Math.abs(b.end - blocks[i].end), `block ${i} end`).toBeLessThanOrEqual(2);
    });

    // Every utterance is there (the quiet ones too), inside a block, with an answer and a confidence.
    const utterances = await card.getByTestId('utterance').evaluateAll((items) =>
      items.map((u) => ({
        start: Number(u.getAttribute('data-start')),
        end: Number(u.getAttribute('data-end')),
        emotion: u.getAttribute('data-emotion')!,
        confidence: Number(u.getAttribute('data-confidence')),
      })),
    );
    expect(utterances.length).toBeGreaterThanOrEqual(15);
    for (const u of utterances) {
      expect(
        blocks.some((b) => u.start >= b.start - 0.5 && u.end <= b.end + 0.5),
        `utterance at ${u.start}`,
      ).toBe(true);
      expect(u.emotion).toMatch(/^(angry|disgust|fear|happy|neutral|sad|surprise|uncertain)$/);
      expect(u.confidence).toBeGreaterThan(0);
    }
    for (const b of blocks) expect(utterances.filter((u) => u.start >= b.start - 0.5 && u.end <= b.end + 0.5).length).toBeGreaterThanOrEqual(5);

    // The recording's answer is its most common utterance answer, or uncertain: never a third emotion.
    const counts = new Map<string, number>();
    for (const u of utterances) counts.set(u.emotion, (counts.get(u.emotion) ?? 0) + 1);
    const answer = (await card.getAttribute('data-top-emotion'))!;
    expect(answer === 'uncertain' || counts.get(answer) === Math.max(...counts.values())).toBe(true);
    await expect(card.getByTestId('utterance-counts')).toContainText(
      `by utterance: ${[...counts].sort((a, b) => b[1] - a[1])[0][0]} ${Math.max(...counts.values())}`,
    );

    // The legend switches a line on and off.
    const lines = card.locator('.recharts-line');
    const before = await lines.count();
    const legend = card.getByTestId('legend-angry');
    const wasOn = (await legend.getAttribute('aria-pressed')) === 'true';
    await legend.click();
    await expect(legend).toHaveAttribute('aria-pressed', String(!wasOn));
    await expect(lines).toHaveCount(before + (wasOn ? -1 : 1));

    // A tap on the timeline seeks to the moment tapped (the plot starts 44 px in and ends 8 px before the edge).
    const timeline = card.getByTestId('timeline');
    const box = (await timeline.boundingBox())!;
    for (const fraction of [0.7, 0.3]) {
      await timeline.tap({ position: { x: 44 + fraction * (box.width - 52), y: box.height / 2 } });
      await expect.poll(() => card.locator('audio').evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(fraction * duration - 1);
      expect(await card.locator('audio').evaluate((a: HTMLAudioElement) => (a.pause(), a.currentTime))).toBeLessThan(fraction * duration + 1);
    }

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
  });
});

test('300 recordings fit a list under three screens, sorted and filtered by answer and status', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  const voice = sentence().slice(0, 2 * RATE);
  const pieces = passagePieces();
  const files = Array.from({ length: 300 }, (_, i) => {
    if (i % 5 === 4)
      return wav(
        `noise ${i}.wav`,
        nonSpeech('pink noise', 2, RATE).map((v) => v * 0.1),
      );
    return i % 2
      ? wav(`passage ${i}.wav`, pieces[i % 5].slice(0, 2 * RATE))
      : wav(
          `sentence ${i}.wav`,
          voice.map((v) => v * (0.3 + (i % 7) / 10)),
        );
  });
  await page.getByTestId('file-input').setInputFiles(files);
  const rows = page.getByTestId('recording-row');
  await expect(rows).toHaveCount(300);
  await expect(page.getByTestId('queue-summary')).toHaveText(/^300 recordings: \d+ with a result, 60 with no speech$/, { timeout: 240_000 });
  // The list view: no card is open, and the page is under three screens tall.
  await expect(page.getByTestId('file-result')).toHaveCount(0);
  const { height, screen } = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, screen: window.innerHeight }));
  expect(height).toBeLessThan(3 * screen);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  // Filtered by an answer, only the rows with it are left; then by status.
  const answers = await rows.evaluateAll((items) => items.map((r) => r.getAttribute('data-emotion')!));
  const common = [...new Set(answers.filter(Boolean))].sort((a, b) => answers.filter((x) => x === b).length - answers.filter((x) => x === a).length)[0];
  await page.getByTestId('filter-answer').selectOption(common);
  await expect(rows).toHaveCount(answers.filter((a) => a === common).length);
  expect(new Set(await rows.evaluateAll((items) => items.map((r) => r.getAttribute('data-emotion'))))).toEqual(new Set([common]));
  await page.getByTestId('filter-answer').selectOption('');
  await page.getByTestId('filter-status').selectOption('no-speech');
  await expect(rows).toHaveCount(60);
  await page.getByTestId('filter-status').selectOption('');

  // Sorted by name, the natural order of the numbers in them; a name opens its card.
  await page.getByRole('button', { name: /^Recording/ }).click();
  const names = await rows.evaluateAll((items) => items.slice(0, 3).map((r) => r.getAttribute('data-name')));
  expect(names).toEqual(['noise 4.wav', 'noise 9.wav', 'noise 14.wav']);
  await rows.filter({ hasText: 'sentence 0.wav' }).getByRole('button').click();
  const card = page.locator('[data-testid="file-result"][data-file-name="sentence 0.wav"]');
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute('data-status', 'done');
});
