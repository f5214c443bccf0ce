import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { NoSpeechError, SilentClipError, classifySignal, classifySpans, speechSpans, summarize } from './classify';
import { withTemperature } from './calibration';
import { FEATURE_CONFIG } from './config';
import { MEYDA_VERSION } from './features';
import { type EmotionModel, assertModelShape, parseModelMetadata, predictWindows } from './model';
import { ROW_FRAMES, type SpeechDetector, VAD_FRAME, readWhole } from './speech';
import { testMetadata, testNetwork } from './testing/model';
import { padded, sine, vowelLike } from './testing/signals';

describe('model metadata', () => {
  it('accepts metadata made for this feature config', () => {
    expect(parseModelMetadata(JSON.parse(JSON.stringify(testMetadata())), FEATURE_CONFIG).architecture).toBe('test');
  });

  it('refuses a model trained on other features, other labels or a wrong normalisation', () => {
    expect(() => parseModelMetadata(testMetadata({ featureConfig: { ...FEATURE_CONFIG, hopSize: 256 } }), FEATURE_CONFIG)).toThrow(/hopSize: 256 vs 512/);
    expect(() => parseModelMetadata(testMetadata({ labels: ['a', 'b'] }), FEATURE_CONFIG)).toThrow(/labels/);
    expect(() => parseModelMetadata(testMetadata({ normalization: { mean: [0], std: [1] } }), FEATURE_CONFIG)).toThrow(/normalisation/);
    expect(() => parseModelMetadata({ format: 'other' }, FEATURE_CONFIG)).toThrow(/metadata is invalid/);
  });

  it('refuses a model whose features came from another meyda release', () => {
    expect(parseModelMetadata(testMetadata({ featureLibrary: { meyda: MEYDA_VERSION } }), FEATURE_CONFIG).featureLibrary?.meyda).toBe(MEYDA_VERSION);
    expect(() => parseModelMetadata(testMetadata({ featureLibrary: { meyda: '6.0.0' } }), FEATURE_CONFIG)).toThrow(
      `features from meyda 6.0.0; this build computes them with meyda ${MEYDA_VERSION}`,
    );
  });

  it('refuses a network of the wrong shape', () => {
    const wrong = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3 })] });
    expect(() => assertModelShape(wrong, FEATURE_CONFIG)).toThrow(/expected \[null,92,98\]/);
    expect(() => assertModelShape(testNetwork(), FEATURE_CONFIG)).not.toThrow();
  });
});

describe('classification', () => {
  let model: EmotionModel;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    model = { model: testNetwork(), meta: testMetadata() };
  });

  it('gives each window 14 probabilities summing to 1, without leaking tensors', async () => {
    const signal = padded(vowelLike(5, 16000), 8000, 8000);
    const result = await classifySignal(model, signal, FEATURE_CONFIG);
    // Windows every second from the speech onset (found to within one 32 ms hop).
    expect(result.windows).toHaveLength(3);
    result.windows.forEach((w, i) => expect(Math.abs(w.start - (0.5 + i))).toBeLessThanOrEqual(0.032));
    for (const w of result.windows) {
      expect(w.probs).toHaveLength(14);
      expect(w.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    const sumEmotions = Object.values(result.emotions).reduce((a, b) => a + b, 0);
    expect(sumEmotions).toBeCloseTo(1, 5);
    expect(result.emotions[result.topEmotion]).toBe(Math.max(...Object.values(result.emotions)));
    const before = tf.memory().numTensors;
    await classifySignal(model, signal, FEATURE_CONFIG);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('batches without changing results', async () => {
    const signal = padded(vowelLike(6, 16000), 8000, 8000);
    const { clipWindows } = await import('./pipeline');
    const windows = [...clipWindows(signal, FEATURE_CONFIG)].map((w) => w.features);
    const together = await predictWindows(model, { features: windows }, 32);
    const oneByOne = await predictWindows(model, { features: windows }, 1);
    together.forEach((p, i) => p.forEach((v, k) => expect(v).toBeCloseTo(oneByOne[i][k], 5)));
  });

  it("scales every window by the model's calibration temperature", async () => {
    const signal = padded(vowelLike(3, 16000), 8000, 8000);
    const { clipWindows } = await import('./pipeline');
    const windows = [...clipWindows(signal, FEATURE_CONFIG)].map((w) => w.features);
    const raw = await predictWindows(model, { features: windows });
    const soft = await predictWindows(
      { model: model.model, meta: testMetadata({ calibration: { temperature: 2, uncertainBelow: 0.5 } }) },
      { features: windows },
    );
    raw.forEach((p, i) => {
      const expected = withTemperature(p, 2);
      p.forEach((_, k) => expect(soft[i][k]).toBeCloseTo(expected[k], 6));
      // Softer: the top class loses, the order stays.
      expect(Math.max(...soft[i])).toBeLessThan(Math.max(...p));
      expect(soft[i].indexOf(Math.max(...soft[i]))).toBe(p.indexOf(Math.max(...p)));
    });
    expect(() => parseModelMetadata(testMetadata({ calibration: { temperature: -1, uncertainBelow: 0.5 } }), FEATURE_CONFIG)).toThrow(/calibration/);
  });

  /** A slow detector that hears speech from `from` to `to` seconds of a 16 kHz signal, and nothing elsewhere. */
  const hearing = (from: number, to: number, onRead = () => {}): SpeechDetector => ({
    readBatch: async (_, { first, rows, steps }) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      onRead();
      return Float32Array.from({ length: rows * steps }, (_, k) => {
        const at = ((first + Math.floor(k / steps)) * ROW_FRAMES + (k % steps)) * VAD_FRAME;
        return at >= from * 16000 && at < to * 16000 ? 0.9 : 0.1;
      });
    },
    stream: () => {
      throw new Error('not used');
    },
  });

  it('keeps, while it reads every window, exactly the windows and results of speech detection first', async () => {
    const signal = padded(vowelLike(8, 16000), 8000, 8000);
    const progress: number[] = [];
    let reportsBeforeDetection = -1;
    // Only its first reading counts: the one `classifySignal` waits for.
    const speech = hearing(4.2, 5, () => {
      if (reportsBeforeDetection < 0) reportsBeforeDetection = progress.length;
    });
    const together = await classifySignal(model, signal, FEATURE_CONFIG, { speech: readWhole(speech, signal), onProgress: (f) => progress.push(f) });
    const inTurn = await classifySpans(model, signal, await speechSpans(signal, FEATURE_CONFIG, speech), FEATURE_CONFIG);
    expect(together.windows.length).toBeGreaterThan(0);
    expect(together.windows.length).toBeLessThan((await classifySignal(model, signal, FEATURE_CONFIG)).windows.length);
    expect(together.windows.map(({ start, end, speech }) => ({ start, end, speech }))).toEqual(
      inTurn.windows.map(({ start, end, speech }) => ({ start, end, speech })),
    );
    expect(together.windows.map((w) => Array.from(w.probs))).toEqual(inTurn.windows.map((w) => Array.from(w.probs)));
    // The model is done first; progress waits for the detector, which tells none until it is done.
    expect(reportsBeforeDetection).toBeGreaterThan(0);
    expect(progress.slice(0, reportsBeforeDetection).every((f) => f === 0)).toBe(true);
    expect(progress.at(-1)).toBe(1);
    await expect(classifySignal(model, signal, FEATURE_CONFIG, { speech: readWhole(hearing(0, 0), signal) })).rejects.toBeInstanceOf(NoSpeechError);
  });

  it('says so when a recording is silent', async () => {
    await expect(classifySignal(model, new Float32Array(48000), FEATURE_CONFIG)).rejects.toBeInstanceOf(SilentClipError);
    await expect(classifySignal(model, new Float32Array(48000), FEATURE_CONFIG)).rejects.toThrow(/^The recording is silent: no speech/);
    expect(() => summarize([])).toThrow(/silent/);
  });

  it('tells a recording that is too quiet to count as speech from silence, with its level', async () => {
    // A tone (8 whole periods a hop) whose RMS is 3 dB under the floor: sound, but not speech by the config's rule.
    const level = FEATURE_CONFIG.silenceFloorDb - 3;
    const quiet = sine(250, Math.SQRT2 * 10 ** (level / 20), 2, FEATURE_CONFIG.sampleRate);
    const error = await classifySignal(model, quiet, FEATURE_CONFIG).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SilentClipError);
    expect((error as SilentClipError).loudestDb).toBeCloseTo(level, 1);
    expect((error as Error).message).toBe(
      `The recording is too quiet to classify: its loudest moment is at ${level.toFixed(1)} dBFS, under the ` +
        `${FEATURE_CONFIG.silenceFloorDb} dBFS that counts as speech. Record closer to the microphone, or amplify the file`,
    );
    // 6 dB louder it is speech, and it is classified.
    await expect(
      classifySignal(
        model,
        quiet.map((v) => v * 2),
        FEATURE_CONFIG,
      ),
    ).resolves.toHaveProperty('windows');
  });
});
