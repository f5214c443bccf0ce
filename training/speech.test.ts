import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_CONFIG } from '../src/core/config';
import { toModelInput } from '../src/core/pipeline';
import { speechSpans } from '../src/core/classify';
import { type SpeechDetector, VAD_FRAME, createReading, frameProbabilities, speechMask, speechSecondsIn, speechWindows } from '../src/core/speech';
import { NON_SPEECH, nonSpeech } from '../src/core/testing/non-speech';
import { noise, vowelLike } from '../src/core/testing/signals';
import { createRandom } from '../src/core/random';
import { soundIslands, windowSpans } from '../src/core/windows';
import { decodeFile } from './data/decode';
import { loadSpeechDetector } from './speech';

describe('the Silero detector', () => {
  let detector: SpeechDetector;
  beforeAll(async () => {
    detector = await loadSpeechDetector();
  });

  it('reads a signal of one row exactly as a stream reads it, chunk by chunk', async () => {
    const signal = new Float32Array([...vowelLike(2, 16000), ...noise(0.05, 2, 16000)]);
    const whole = await frameProbabilities(detector, signal);
    const stream = detector.stream();
    const streamed: number[] = [];
    for (let i = 0; i < signal.length; i += 1000) streamed.push(...(await stream.push(signal.subarray(i, i + 1000))));
    expect(whole.length).toBe(Math.ceil(signal.length / VAD_FRAME));
    // The stream has not seen the zero-padded last frame.
    expect(streamed.length).toBe(Math.floor(signal.length / VAD_FRAME));
    streamed.forEach((p, i) => expect(whole[i]).toBeCloseTo(p, 5));
  });

  it('reads a long signal in rows, every frame once, telling how far it is', async () => {
    const signal = nonSpeech('pink noise', 95, 16000);
    const fractions: number[] = [];
    const probs = await frameProbabilities(detector, signal, [], (f) => fractions.push(f));
    expect(probs.length).toBe(Math.ceil(signal.length / VAD_FRAME));
    expect(probs.every((p) => p >= 0 && p <= 1)).toBe(true);
    // 95 s is ten rows in three batches (4, 4 and 2 rows) of 312 frames each: a report as each is read.
    expect(fractions.map((f) => f.toFixed(3))).toEqual(['0.333', '0.667', '1.000']);
  });

  it('reads a signal handed over in pieces of any size to exactly the frames of one pass, starting before its end', async () => {
    // 95 s: ten rows, read in three batches of up to four.
    const signal = new Float32Array([...vowelLike(40, 16000), ...nonSpeech('pink noise', 15, 16000), ...vowelLike(40, 16000)]);
    const whole = await frameProbabilities(detector, signal);
    const reading = createReading(detector.readBatch);
    for (let at = 0, k = 0; at < 45 * 16000; k++) {
      const size = Math.min([1, 16_000, 77_777, 333_333][k % 4], 45 * 16000 - at);
      reading.push(signal.subarray(at, at + size));
      at += size;
    }
    // The first 40 s are a whole batch: it is read while the rest has not come yet.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    reading.push(signal.subarray(45 * 16000));
    const fractions: number[] = [];
    expect(await reading.finish((f) => fractions.push(f))).toEqual(whole);
    expect(fractions[0]).toBeGreaterThan(312 / 936);
  });

  it('reads two signals and a live stream at once, each as it would be read alone', async () => {
    const a = new Float32Array([...vowelLike(30, 16000), ...noise(0.05, 20, 16000)]);
    const b = nonSpeech('music: piano', 45, 16000);
    const c = vowelLike(2, 16000);
    const [aloneA, aloneB] = [await frameProbabilities(detector, a), await frameProbabilities(detector, b)];
    const stream = detector.stream();
    const [togetherA, togetherB, streamed] = await Promise.all([frameProbabilities(detector, a), frameProbabilities(detector, b), stream.push(c)]);
    expect(togetherA).toEqual(aloneA);
    expect(togetherB).toEqual(aloneB);
    expect(streamed).toEqual(Array.from((await frameProbabilities(detector, c)).subarray(0, streamed.length)));
  });

  it('hears the speech of the espeak-ng fixture in every window', async () => {
    const audio = await decodeFile(path.join(import.meta.dirname, '../e2e/fixtures/speech.flac'));
    const signal = await toModelInput(audio.channels, audio.sampleRate, FEATURE_CONFIG);
    const spans = windowSpans(signal, FEATURE_CONFIG);
    expect(spans.length).toBeGreaterThan(0);
    const kept = speechWindows(await frameProbabilities(detector, signal), spans);
    expect(kept.map(({ start, end }) => ({ start, end }))).toEqual(spans);
    // Each says where its speech lies: inside it, and most of it for a window full of speech.
    for (const w of kept) {
      expect(w.speech.start).toBeGreaterThanOrEqual(w.start);
      expect(w.speech.end).toBeLessThanOrEqual(w.end);
      expect(w.speech.end).toBeGreaterThan(w.speech.start);
    }
  });

  it('hears every utterance of a recording in blocks, the quiet one after loud ones too (issue 29)', async () => {
    // Five whispered utterances, the fourth far quieter than the three before it (e2e/fixtures/make-fixtures.sh).
    const audio = await decodeFile(path.join(import.meta.dirname, '../e2e/fixtures/utterance-blocks.flac'));
    const signal = await toModelInput(audio.channels, audio.sampleRate, FEATURE_CONFIG);
    const islands = soundIslands(signal, FEATURE_CONFIG);
    expect(islands).toHaveLength(5);
    const heardIn = (mask: Uint8Array) => islands.map((s) => speechSecondsIn(mask, s.start, s.end) / ((s.end - s.start) / 16000));
    // Read as one whole, the detector's state after the loud ones leaves it deaf to the quiet one ...
    expect(Math.min(...heardIn(speechMask(await frameProbabilities(detector, signal))))).toBeLessThan(0.2);
    // ... which it hears when that stretch is read again alone: every utterance is mostly speech.
    for (const share of heardIn(speechMask(await frameProbabilities(detector, signal, islands)))) expect(share).toBeGreaterThan(0.5);
    // And the app's path classifies windows over all of them, the speech it heard all inside them.
    const { spans, track } = await speechSpans(signal, FEATURE_CONFIG, detector);
    expect(track!.utterances).toHaveLength(5);
    for (const u of track!.utterances) expect(spans.some((w) => w.speech!.start / 16000 < u.end && u.start < w.speech!.end / 16000)).toBe(true);
    expect(track!.classifiedSeconds).toBeCloseTo(track!.detectedSeconds, 5);
  });

  it.each([1, 2, 3])('classifies windows over all the speech it hears in a generated recording (seed %i)', async (seed) => {
    // Vowel-like utterances of 0.4-3 s at levels 0-30 dB apart, with pauses of 0.2-2.5 s.
    const random = createRandom(seed);
    const parts: number[] = [];
    for (let i = 0; i < 14; i++) {
      parts.push(...new Float32Array(Math.round((0.2 + 2.3 * random()) * 16000)));
      const gain = 10 ** (-(30 * random()) / 20);
      parts.push(...vowelLike(0.4 + 2.6 * random(), 16000).map((v) => v * gain));
    }
    const signal = Float32Array.from([...parts, ...new Float32Array(16000)]);
    const { track } = await speechSpans(signal, FEATURE_CONFIG, detector);
    expect(track!.utterances.length).toBeGreaterThan(5);
    // Speech detected and classified agree within half a second per utterance.
    expect(track!.detectedSeconds - track!.classifiedSeconds).toBeLessThanOrEqual(0.5 * track!.utterances.length);
    expect(track!.detectedSeconds - track!.classifiedSeconds).toBeLessThanOrEqual(0.5);
  });

  // Chirps are the one generated sound it takes for speech (training/results/SPEECH.md).
  it.each(Object.keys(NON_SPEECH).filter((name) => name !== 'chirps'))('finds no speech window in %s', async (name) => {
    const signal = nonSpeech(name, 10, 16000);
    const spans = Array.from({ length: 8 }, (_, i) => ({ start: i * 16000, end: (i + 3) * 16000 }));
    expect(speechWindows(await frameProbabilities(detector, signal, soundIslands(signal, FEATURE_CONFIG)), spans)).toEqual([]);
  });
});
