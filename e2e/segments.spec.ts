import { readFile } from 'node:fs/promises';
import wavefile from 'wavefile';
import { nonSpeech } from '../src/core/testing/non-speech';
import { fixtureSpeech, openApp } from './helpers';
import { expect, test } from './test';

/** Blocks of sound, each `seconds` long from `start`: the espeak-ng sentence over and over, or music, or silence. */
type Block = { kind: 'speech' | 'music' | 'silence'; seconds: number };

function recording(blocks: Block[]): { buffer: Buffer; spans: { kind: Block['kind']; start: number; end: number }[] } {
  const { samples: voice, rate } = fixtureSpeech();
  const music = nonSpeech('music: piano', 60, rate);
  const parts: number[] = [];
  const spans = blocks.map(({ kind, seconds }) => {
    const start = parts.length / rate;
    const n = Math.round(seconds * rate);
    for (let i = 0; i < n; i++) parts.push(kind === 'speech' ? voice[i % voice.length] : kind === 'music' ? music[i] : 0);
    return { kind, start, end: parts.length / rate };
  });
  const wav = new wavefile.WaveFile();
  wav.fromScratch(
    1,
    rate,
    '16',
    Int16Array.from(parts, (v) => Math.round(v * 32767)),
  );
  return { buffer: Buffer.from(wav.toBuffer()), spans };
}

test('a recording in blocks gets segments within each block of speech, a summary whose shares sum to 1 with the uncertain, and seeking', async ({ page }) => {
  await openApp(page);
  const { buffer, spans } = recording([
    { kind: 'speech', seconds: 15 },
    { kind: 'silence', seconds: 4 },
    { kind: 'music', seconds: 10 },
    { kind: 'speech', seconds: 15 },
  ]);
  await page.getByTestId('file-input').setInputFiles({ name: 'blocks.wav', mimeType: 'audio/wav', buffer });
  const card = page.locator('[data-testid="file-result"][data-file-name="blocks.wav"]');
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 60_000 });

  const segments = card.getByTestId('segment');
  const found = await segments.evaluateAll((items) =>
    items.map((s) => ({ start: Number(s.getAttribute('data-start')), end: Number(s.getAttribute('data-end')), emotion: s.getAttribute('data-emotion') })),
  );
  const speech = spans.filter((s) => s.kind === 'speech');
  // Each block of speech is covered by its own segments (where the answer changes for 3 s or more, a block
  // has several), and none reaches into the silence and music between them.
  const inBlock = speech.map((block) => found.filter((s) => s.start >= block.start - 2 && s.end <= block.end + 2));
  expect(inBlock.flat()).toHaveLength(found.length);
  inBlock.forEach((mine, i) => {
    expect(mine.length, `segments of block ${i}`).toBeGreaterThan(0);
    expect(Math.abs(mine[0].start - speech[i].start), `block ${i} start`).toBeLessThanOrEqual(2);
    expect(Math.abs(mine.at(-1)!.end - speech[i].end), `block ${i} end`).toBeLessThanOrEqual(2);
    mine.slice(1).forEach((s, k) => expect(s.start, `block ${i}: segment ${k + 1} follows on`).toBeCloseTo(mine[k].end, 0));
  });
  for (const segment of found) expect(segment.emotion).toMatch(/^(angry|disgust|fear|happy|neutral|sad|surprise|uncertain)$/);

  const summary = card.getByTestId('file-summary');
  const shares = await summary.locator('[data-testid^="summary-"]').evaluateAll((items) => items.map((s) => Number(s.getAttribute('data-share'))));
  // Shares of the utterances by answer: with the uncertain ones, they make the whole.
  expect(shares).toHaveLength(7);
  expect(shares.reduce((a, b) => a + b, 0) + Number(await summary.getAttribute('data-uncertain-share'))).toBeCloseTo(1, 3);
  expect(Number(await summary.getAttribute('data-speech-seconds'))).toBeCloseTo(30, -1);

  // Clicking the second segment plays the file from its start.
  await segments.nth(1).click();
  await expect.poll(() => card.locator('audio').evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThanOrEqual(found[1].start);

  // A click on the timeline seeks too: three quarters across is in the second block of speech.
  await card.locator('audio').evaluate((a: HTMLAudioElement) => {
    a.pause();
    a.currentTime = 0;
  });
  const chart = card.locator('.recharts-wrapper');
  const box = (await chart.boundingBox())!;
  const position = { x: box.width * 0.8, y: box.height / 2 };
  // As a user does: the pointer rests there (the chart marks the window under it), then clicks.
  await chart.hover({ position });
  await expect(card.locator('.recharts-tooltip-wrapper')).toBeVisible();
  await chart.click({ position });
  await expect.poll(() => card.locator('audio').evaluate((a: HTMLAudioElement) => a.currentTime)).toBeGreaterThan(found[1].start);

  // This recording's windows as CSV: a header with the seven emotions, a row per window.
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('export-windows-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^emotion-lens-blocks-windows-\d{4}-\d\d-\d\d\.csv$/);
  const lines = (await readFile((await download.path())!, 'utf8')).trim().split('\n');
  expect(lines[0]).toBe('file,start_s,end_s,emotion,confidence,p_angry,p_disgust,p_fear,p_happy,p_neutral,p_sad,p_surprise,gender,p_female');
  expect(lines.length).toBeGreaterThan(20);
});
