import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import wavefile from 'wavefile';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_CONFIG } from '../core/config';
import { testModel } from '../core/testing/model';
import { vowelLike } from '../core/testing/signals';
import { analyzeFile } from './file-analysis';

const RATE = 16000;

/** A WAV file whose stream comes in chunks of the given sizes (bytes), cycling, as a browser's may. */
function chunkedWav(samples: Float32Array, sizes: number[], failAfter = Infinity): Blob {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(
    1,
    RATE,
    '16',
    Int16Array.from(samples, (v) => Math.round(v * 32767)),
  );
  const bytes = new Uint8Array(wav.toBuffer());
  const blob = new Blob([bytes]);
  const stream = () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0, k = 0; at < bytes.length; k++) {
          if (at >= failAfter) return controller.error(new Error('the disk went away'));
          const size = sizes[k % sizes.length];
          controller.enqueue(bytes.slice(at, at + size));
          at += size;
        }
        controller.close();
      },
    });
  return Object.assign(blob, { stream });
}

describe('file analysis in blocks', () => {
  beforeAll(() => tf.setBackend('cpu'));

  it('gives the same windows whatever sizes the file is read in', async () => {
    // 9 s in blocks of 4 s: the block ends fall inside the decoder's chunks.
    const speech = vowelLike(9, RATE);
    const model = testModel();
    const analyse = (sizes: number[]) => analyzeFile(chunkedWav(speech, sizes), model, FEATURE_CONFIG, () => {}, new AbortController().signal, undefined, 4);
    const [a, b] = [await analyse([4096]), await analyse([1000, 77_777, 333])];
    const times = (r: typeof a) => r.result.windows.map((w) => [w.start, w.end]);
    expect(times(a)).toEqual(times(b));
    expect(a.result.windows.map((w) => Array.from(w.probs))).toEqual(b.result.windows.map((w) => Array.from(w.probs)));
    // Windows sit on the same 1 s grid in every block.
    for (const [start] of times(a)) expect(start % 1).toBeCloseTo(0, 6);
  });

  it('stops with a clear error when the file breaks off while an earlier block is classified', async () => {
    // 9 s in blocks of 4 s; the stream fails after about 6 s, while the first block is in the model.
    const file = chunkedWav(vowelLike(9, RATE), [4096], 6 * RATE * 2);
    const analysis = analyzeFile(file, testModel(), FEATURE_CONFIG, () => {}, new AbortController().signal, undefined, 4);
    await expect(analysis).rejects.toThrow(/The WAV data is corrupt or truncated \(the disk went away\)/);
  });
});
