import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_CONFIG } from '../src/core/config';
import { toModelInput } from '../src/core/pipeline';
import { type SpeechDetector, VAD_FRAME, createReading, frameProbabilities, speechWindows } from '../src/core/speech';
import { NON_SPEECH, nonSpeech } from '../src/core/testing/non-speech';
import { noise, vowelLike } from '../src/core/testing/signals';
import { windowSpans } from '../src/core/windows';
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
    const probs = await frameProbabilities(detector, signal, (f) => fractions.push(f));
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
    const [togetherA, togetherB, streamed] = await Promise.all([
      frameProbabilities(detector, a),
      frameProbabilities(detector, b),
      stream.push(c),
    ]);
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

  // Chirps are the one generated sound it takes for speech (training/SPEECH.md).
  it.each(Object.keys(NON_SPEECH).filter((name) => name !== 'chirps'))('finds no speech window in %s', async (name) => {
    const signal = nonSpeech(name, 10, 16000);
    const spans = Array.from({ length: 8 }, (_, i) => ({ start: i * 16000, end: (i + 3) * 16000 }));
    expect(speechWindows(await frameProbabilities(detector, signal), spans)).toEqual([]);
  });
});
