import { describe, expect, it } from 'vitest';
import { FRAME_SECONDS, VAD_FRAME, assertDetectorRate, speechCoverage, speechMask, speechSecondsIn, utteranceSpans, windowEndsInSpeech } from './speech';

describe('speechMask', () => {
  it('starts speech at 0.5 and keeps it while the probability stays at 0.35 or more', () => {
    expect([...speechMask([0.1, 0.49, 0.5, 0.4, 0.35, 0.34, 0.4, 0.6])]).toEqual([0, 0, 1, 1, 1, 0, 0, 1]);
  });
});

describe('speechSecondsIn', () => {
  it('counts the speech frames that overlap a span of samples', () => {
    const mask = Uint8Array.from([1, 1, 0, 1, 0]);
    expect(speechSecondsIn(mask, 0, 5 * VAD_FRAME)).toBeCloseTo(3 * FRAME_SECONDS);
    // Samples 600..1100 touch frames 1 and 2 only.
    expect(speechSecondsIn(mask, 600, 1100)).toBeCloseTo(FRAME_SECONDS);
    expect(speechSecondsIn(mask, -5000, 99999)).toBeCloseTo(3 * FRAME_SECONDS);
  });
});

describe('windowEndsInSpeech', () => {
  const frames = (speech: number[]) => Array.from({ length: 94 }, (_, i) => (speech.includes(i) ? 0.9 : 0.05));
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

  it('needs enough speech in the window and some of it in the last second', () => {
    expect(windowEndsInSpeech(frames(range(80, 94)))).toBe(true);
    // Plenty of speech, but all of it more than a second ago: the readout would describe the past.
    expect(windowEndsInSpeech(frames(range(0, 40)))).toBe(false);
    // A click's worth of speech at the end is not enough.
    expect(windowEndsInSpeech(frames([92, 93]))).toBe(false);
  });
});

/** Frame probabilities: speech (0.9) in the given frame ranges [from, to), else 0.05. */
const heard = (length: number, ...runs: [number, number][]) => Array.from({ length }, (_, i) => (runs.some(([a, b]) => i >= a && i < b) ? 0.9 : 0.05));

describe('utteranceSpans', () => {
  it('joins runs of speech across pauses under half a second and parts them at longer ones', () => {
    // Runs at frames 10-30 and 35-60 (a 5-frame, 0.16 s pause), then 80-100 (a 0.64 s pause).
    expect(utteranceSpans(heard(120, [10, 30], [35, 60], [80, 100]))).toEqual([
      { start: 10 * VAD_FRAME, end: 60 * VAD_FRAME },
      { start: 80 * VAD_FRAME, end: 100 * VAD_FRAME },
    ]);
  });

  it('ends an utterance before it grows past 10 s: at a pause, or within fluent speech with none', () => {
    // 20 s of speech with a short pause at 8 s (frames 250-255), then 14 s with no pause at all.
    const frames = (seconds: number) => Math.round(seconds / FRAME_SECONDS);
    const spans = utteranceSpans(heard(frames(40), [0, 250], [255, frames(20)], [frames(22), frames(36)]));
    const seconds = spans.map((s) => [s.start, s.end].map((v) => Math.round((v / VAD_FRAME) * FRAME_SECONDS * 10) / 10));
    // The pause at 8 s is joined (the utterance is then 8.2 s), the next step past 10 s starts another.
    expect(seconds).toEqual([
      [0, 10],
      [10, 20],
      [22, 32],
      [32, 36],
    ]);
  });

  it('leaves out runs shorter than a window needs to be classified (a click, a breath)', () => {
    // 7 frames are 0.22 s, under the 0.25 s a window needs; 8 frames are 0.26 s.
    expect(utteranceSpans(heard(100, [10, 17], [60, 68]))).toEqual([{ start: 60 * VAD_FRAME, end: 68 * VAD_FRAME }]);
  });
});

describe('speechCoverage', () => {
  it('counts the speech heard, and the part of it inside the spans, overlaps once', () => {
    const probs = heard(100, [10, 30], [60, 80]);
    const { detectedSeconds, classifiedSeconds } = speechCoverage(probs, [
      { start: 0, end: 20 * VAD_FRAME },
      { start: 15 * VAD_FRAME, end: 25 * VAD_FRAME },
    ]);
    expect(detectedSeconds).toBeCloseTo(40 * FRAME_SECONDS);
    // Frames 10-25 of the first run are inside a span; none of the second.
    expect(classifiedSeconds).toBeCloseTo(15 * FRAME_SECONDS);
  });
});

describe('assertDetectorRate', () => {
  it('refuses features at another rate than the detector reads', () => {
    expect(() => assertDetectorRate(16000)).not.toThrow();
    expect(() => assertDetectorRate(22050)).toThrow('The speech detector reads 16000 Hz audio, but the features are computed at 22050 Hz');
  });
});
