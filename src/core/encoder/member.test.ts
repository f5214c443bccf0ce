import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTemperature } from '../calibration';
import { classifySignal } from '../classify';
import { FEATURE_CONFIG } from '../config';
import { type EmotionModel, modelWindows, parseModelMetadata, predictWindows } from '../model';
import { weightedProduct } from '../product';
import { testEncoder, testMemberMeta, testMemberNetwork, testMetadata, testNetwork } from '../testing/model';
import { padded, vowelLike } from '../testing/signals';
import { levelGain } from '../windows';
import { encoderFrames, frameSteps } from './frames';
import { assertMemberShape } from './member';
import { ENCODER_DIM, VECTOR_HOP, VECTOR_SPAN } from './speech-embedding';

describe("the encoder frames of a recording's windows", () => {
  const whole = (signal: Float32Array) => [{ start: 0, end: signal.length }];

  it("are the vectors of each window's sound on the signal's own grid, read in one call at one gain", async () => {
    const encoder = testEncoder();
    const signal = vowelLike(5, 16000).map((v) => v * 0.1);
    const gain = levelGain(signal, FEATURE_CONFIG);
    const spans = [
      { start: 0, end: 48000 },
      { start: 16000, end: 64000 },
      { start: 32000, end: 80000 },
    ];
    const calls = encoder.calls;
    const frames = await encoderFrames(encoder, signal, spans, FEATURE_CONFIG);
    expect(encoder.calls - calls).toBe(1);
    expect(frameSteps(FEATURE_CONFIG)).toBe(28);
    const all = await encoder.encode(signal.map((v) => v * gain));
    spans.forEach((span, n) => {
      expect(frames[n]).toHaveLength(28 * ENCODER_DIM);
      // The first vector that starts in the window, and as many as end in it.
      const first = Math.ceil(span.start / VECTOR_HOP);
      const count = Math.floor((span.end - VECTOR_SPAN) / VECTOR_HOP) - first + 1;
      expect(Array.from(frames[n].subarray(0, count * ENCODER_DIM))).toEqual(
        Array.from(all.vectors.subarray(first * ENCODER_DIM, (first + count) * ENCODER_DIM)),
      );
      expect(frames[n].subarray(count * ENCODER_DIM).every(Number.isNaN)).toBe(true);
    });
    // A window read alone gives what it gives among others at the same gain.
    const [alone] = await encoderFrames(encoder, signal, [spans[1]], FEATURE_CONFIG, gain);
    expect(Array.from(alone)).toEqual(Array.from(frames[1]));
  });

  it("bring the recording to the features' level: a quiet copy reads as a loud one", async () => {
    const encoder = testEncoder();
    const signal = vowelLike(3, 16000).map((v) => v * 0.3);
    const [quiet] = await encoderFrames(encoder, signal, whole(signal), FEATURE_CONFIG);
    const [loud] = await encoderFrames(
      encoder,
      signal.map((v) => v * 3),
      whole(signal),
      FEATURE_CONFIG,
    );
    quiet.forEach((v, i) => expect(loud[i]).toBeCloseTo(v, 4));
  });

  it("keep a short utterance's vectors and leave the silence padding its window as missing", async () => {
    const encoder = testEncoder();
    // 1 s of sound in the middle of a 3 s window (as a short clip is padded).
    const signal = padded(vowelLike(1, 16000), 16000, 16000);
    const [frames] = await encoderFrames(encoder, signal, whole(signal), FEATURE_CONFIG);
    const kept = frames.findIndex(Number.isNaN) / ENCODER_DIM;
    // The second of sound and a quarter second either side: 1.5 s, about 9 vectors of 80 ms that fit in it.
    expect(kept).toBeGreaterThanOrEqual(8);
    expect(kept).toBeLessThanOrEqual(10);
    expect(frames.subarray(kept * ENCODER_DIM).every(Number.isNaN)).toBe(true);
    // A window that runs past the signal (a clip shorter than a window) reads zeros there.
    const short = vowelLike(1, 16000);
    const [past] = await encoderFrames(encoder, short, [{ start: -16000, end: 32000 }], FEATURE_CONFIG);
    expect(past.findIndex(Number.isNaN) / ENCODER_DIM).toBeGreaterThanOrEqual(8);
    expect(await encoderFrames(encoder, short, [], FEATURE_CONFIG)).toEqual([]);
  });
});

describe('a model with an encoder member', () => {
  let general: EmotionModel;
  let joined: EmotionModel;
  const encoder = testEncoder();
  beforeAll(async () => {
    await tf.setBackend('cpu');
    general = { model: testNetwork(), meta: testMetadata() };
    joined = {
      model: general.model,
      meta: testMetadata({ encoderMember: testMemberMeta(), calibration: { temperature: 1.5, uncertainBelow: 0 } }),
      member: { model: testMemberNetwork(), encoder },
    };
  });

  it("joins the network's and the member's answers by their weighted product, then calibrates", async () => {
    const signal = vowelLike(4, 16000).map((v, i) => v * (i > 40000 && i % 7 === 0 ? 0.2 : 1));
    const inputs = await modelWindows(
      joined,
      signal,
      [
        { start: 0, end: 48000 },
        { start: 16000, end: 64000 },
      ],
      FEATURE_CONFIG,
    );
    expect(inputs.frames).toHaveLength(2);
    const network = await predictWindows(general, { features: inputs.features });
    const member = await Promise.all(
      inputs.frames!.map(async (f) => {
        const out = joined.member!.model.predict(tf.tensor3d(f, [1, 28, ENCODER_DIM])) as tf.Tensor;
        const p = (await out.data()) as Float32Array;
        out.dispose();
        return p;
      }),
    );
    const probs = await predictWindows(joined, inputs);
    probs.forEach((p, i) => {
      const expected = withTemperature(weightedProduct([network[i], member[i]], [1, 0.5]), 1.5);
      p.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 5));
      // The member moves the answer: it is not the network's alone.
      expect(Math.max(...p.map((v, k) => Math.abs(v - withTemperature(network[i], 1.5)[k])))).toBeGreaterThan(1e-4);
    });
  });

  it('reads each window of a clip through the member, without leaking tensors', async () => {
    const signal = padded(vowelLike(5, 16000), 8000, 8000);
    const before = tf.memory().numTensors;
    const calls = encoder.calls;
    const result = await classifySignal(joined, signal, FEATURE_CONFIG);
    // One call for the batch of windows.
    expect(encoder.calls - calls).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    const alone = await classifySignal({ ...general, meta: { ...general.meta, calibration: joined.meta.calibration } }, signal, FEATURE_CONFIG);
    expect(result.windows).toHaveLength(alone.windows.length);
    expect(Array.from(result.probs)).not.toEqual(Array.from(alone.probs));
  });

  it('refuses to predict without the member or without its frames', async () => {
    const signal = vowelLike(3, 16000);
    const spans = [{ start: 0, end: signal.length }];
    const { features } = await modelWindows(general, signal, spans, FEATURE_CONFIG);
    const unloaded = { model: general.model, meta: joined.meta };
    await expect(modelWindows(unloaded, signal, spans, FEATURE_CONFIG)).rejects.toThrow("member on the speech encoder's frames is not loaded");
    await expect(predictWindows(unloaded, { features })).rejects.toThrow('not loaded');
    await expect(predictWindows(joined, { features })).rejects.toThrow('0 windows of encoder frames for 1 windows');
  });

  it('refuses metadata and networks that do not fit this build', () => {
    expect(parseModelMetadata(JSON.parse(JSON.stringify(joined.meta)), FEATURE_CONFIG).encoderMember?.weight).toBe(0.5);
    expect(() => parseModelMetadata(testMetadata({ encoderMember: testMemberMeta({ steps: 30 }) }), FEATURE_CONFIG)).toThrow(
      "reads 30 vectors a window; this build's windows hold 28",
    );
    const short = testMemberMeta({ normalization: { mean: [0], std: [1] } });
    expect(() => parseModelMetadata(testMetadata({ encoderMember: short }), FEATURE_CONFIG)).toThrow(/encoderMember\.normalization/);
    expect(() => parseModelMetadata(testMetadata({ encoderMember: testMemberMeta({ path: '../elsewhere.json' }) }), FEATURE_CONFIG)).toThrow(
      /encoderMember\.path/,
    );
    expect(() => assertMemberShape(testMemberMeta(), testNetwork(), FEATURE_CONFIG, 14)).toThrow(/expected \[null,28,96\] and \[null,14\]/);
    expect(() => assertMemberShape(testMemberMeta(), testMemberNetwork(), FEATURE_CONFIG, 14)).not.toThrow();
  });
});
