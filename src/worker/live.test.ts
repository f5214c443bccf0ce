import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_CONFIG } from '../core/config';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createSpeechDetector } from '../core/speech';
import { nonSpeech } from '../core/testing/non-speech';
import { testModel } from '../core/testing/model';
import { vowelLike } from '../core/testing/signals';
import type { LiveUpdate } from '../protocol';
import { LiveSession } from './live';

const RATE = 16000;

/** Feeds `signal` in 128-sample chunks (as the capture worklet does), each once the update it started is done. */
async function play(session: LiveSession, signal: Float32Array): Promise<void> {
  for (let i = 0; i < signal.length; i += 128) {
    session.push(signal.subarray(i, i + 128));
    await session.settled();
  }
}

describe('live session', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('reports silence, then speech with 14 probabilities, every 200 ms of audio, without leaking tensors', async () => {
    const updates: LiveUpdate[] = [];
    const m = testModel();
    const session = await LiveSession.start(
      RATE,
      FEATURE_CONFIG,
      async () => m,
      (u) => updates.push(u),
    );
    await play(session, new Float32Array(RATE));
    const before = tf.memory().numTensors;
    await play(session, vowelLike(3, RATE));
    session.stop();
    expect(updates.slice(0, 5).every((u) => u.state === 'silence')).toBe(true);
    const speech = updates.filter((u) => u.state === 'speech');
    expect(speech.length).toBeGreaterThan(5);
    for (const u of speech) expect(u.probs!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    // Time stamps advance by the update interval (0.2 s of audio); never two at once.
    const times = updates.map((u) => u.time);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(0.2 - 1e-9);
    expect(times.at(-1)).toBeCloseTo(4, 0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('tells the page when the analysis fails, once, and stops analysing', async () => {
    const updates: LiveUpdate[] = [];
    const session = await LiveSession.start(
      RATE,
      FEATURE_CONFIG,
      async () => {
        throw new Error('WebGL is gone');
      },
      (u) => updates.push(u),
    );
    await play(session, vowelLike(3, RATE));
    session.stop();
    const errors = updates.filter((u) => u.state === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].error).toBe('The live analysis failed: WebGL is gone');
    expect(updates.at(-1)!.state).toBe('error');
  });

  it('with a speech detector, treats music at speaking level as silence', async () => {
    const file = createRequire(import.meta.url).resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx');
    const speech = await createSpeechDetector(await readFile(file));
    const updates: LiveUpdate[] = [];
    const m = testModel();
    const session = await LiveSession.start(
      RATE,
      FEATURE_CONFIG,
      async () => m,
      (u) => updates.push(u),
      { speech },
    );
    await play(session, nonSpeech('music: piano', 4, RATE));
    session.stop();
    expect(updates.length).toBeGreaterThan(15);
    expect(updates.every((u) => u.state === 'silence')).toBe(true);
    // Loud enough to be sound: only the detector stood between it and an emotion.
    expect(Math.max(...updates.map((u) => u.levelDb))).toBeGreaterThan(-30);
  });

  it('resamples a 48 kHz microphone to the model rate', async () => {
    const updates: LiveUpdate[] = [];
    const m = testModel();
    const session = await LiveSession.start(
      48000,
      FEATURE_CONFIG,
      async () => m,
      (u) => updates.push(u),
    );
    await play(session, vowelLike(2, 48000));
    session.stop();
    // Counted at 16 kHz: 2 s in, the last whole 200 ms update (the resampler holds back a few ms).
    expect(updates.at(-1)!.time).toBeGreaterThanOrEqual(1.8);
    expect(updates.at(-1)!.time).toBeLessThanOrEqual(2);
    expect(updates).toHaveLength(9);
  });
});
