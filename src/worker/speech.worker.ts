import sileroUrl from '@ricky0123/vad-web/dist/silero_vad_v5.onnx?url';
import { expose, proxy, transfer } from 'comlink';
import { type SpeechDetector, createSpeechDetector } from '../core/speech';

/**
 * The speech detector in a worker of its own, so that it reads a file on another core while the analysis
 * worker computes the windows' features and runs the model. Its files are bundled with the app (and
 * precached): nothing comes from a CDN.
 */
async function load(): Promise<SpeechDetector> {
  const response = await fetch(sileroUrl);
  if (!response.ok) throw new Error(`The speech detector cannot be loaded (${sileroUrl}: HTTP ${response.status})`);
  return createSpeechDetector(new Uint8Array(await response.arrayBuffer()));
}

const detector = load();

export const speechApi = {
  /** Resolves once the detector is loaded; rejects with why it cannot be. */
  async ready(): Promise<void> {
    await detector;
  },
  /** A reading of one signal, handed over in pieces as it is decoded; kept here and driven from the analysis worker. */
  async reading() {
    const reading = (await detector).reading();
    return proxy({
      push: (samples: Float32Array) => reading.push(samples),
      async finish(onProgress?: (fraction: number) => void): Promise<Float32Array> {
        const probs = await reading.finish(onProgress);
        return transfer(probs, [probs.buffer]);
      },
      cancel: () => reading.cancel(),
    });
  },
  /** A live stream, kept here and driven from the analysis worker. */
  async stream() {
    return proxy((await detector).stream());
  },
};

export type SpeechApi = typeof speechApi;

expose(speechApi);
