import { expose } from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { type StageTimes, featureRealTimeFactor, inferenceMs, speechRealTimeFactor, stageTimesMs, windowLatencyMs } from '../core/benchmark';
import { FEATURE_CONFIG } from '../core/config';
import { errorMessage } from '../core/errors';
import { type EmotionModel, assertModelShape, parseModelMetadata } from '../core/model';
import { clipWindows, toModelInput } from '../core/pipeline';
import { DEFAULT_UNCERTAIN_BELOW } from '../core/readout';
import type { SpeechDetector } from '../core/speech';
import type { WindowSpan } from '../core/windows';
import type { BackendName } from './backend-names';
import { startBackend } from './backend';
import { type FileAnalysis, analyzeFile, decodeWhole } from './file-analysis';
import { type LiveUpdate, LiveSession } from './live';
import { loadSpeechDetector } from './speech';
// The layers a model may hold beyond tfjs's own, registered before the model is loaded (here only: the
// page itself never loads a model, and would otherwise carry tfjs-layers).
import '../core/log-spectrum';
import '../core/statistics';

export interface ModelInfo {
  backend: BackendName;
  skippedBackends: string[];
  architecture: string;
  trainedAt: string;
  /** The commit the model was trained from. */
  codeVersion: string;
  metrics: Record<string, unknown>;
  training: Record<string, unknown>;
  /** Calibrated confidence under which an answer is "uncertain". */
  uncertainBelow: number;
  /** Why speech detection is off (non-speech then gets emotions too); absent when it works. */
  speechDetectorError?: string;
}

let model: EmotionModel | undefined;
let modelBase = '';
let onBackendChange: ((info: ModelInfo) => void) | undefined;
/** Set when the browser takes the WebGL context away: the next use moves to wasm. */
let webglLost = false;

interface WebglBackend {
  gpgpu?: { gl: WebGLRenderingContext };
}

function webglContext(): WebGLRenderingContext | undefined {
  return tf.getBackend() === 'webgl' ? (tf.backend() as unknown as WebglBackend).gpgpu?.gl : undefined;
}

/** Moves to wasm (then cpu) if WebGL was lost since the last use, and tells the page. */
async function recoverFromLostWebgl(): Promise<void> {
  if (!webglLost || tf.getBackend() !== 'webgl') return;
  webglLost = false;
  const info = await analysisApi.load(modelBase, ['wasm', 'cpu'], false);
  info.skippedBackends.unshift('webgl: the context was lost during use');
  onBackendChange?.(info);
}
let live: LiveSession | undefined;
/** Loaded once, beside the first model; undefined when it failed (then the level alone finds speech). */
let speech: Promise<SpeechDetector | undefined> | undefined;
let speechDetectorError: string | undefined;
/** One abort controller per file analysis under way, by the page's file id. */
const jobs = new Map<number, AbortController>();

function requireModel(): EmotionModel {
  if (!model) throw new Error('The model is not loaded');
  return model;
}

/** The speech detector, for benchmarks that must time it (the app goes on without one). */
async function requireDetector(): Promise<SpeechDetector> {
  const detector = await speech;
  if (!detector) throw new Error(`No speech detector (${speechDetectorError ?? 'not loaded'})`);
  return detector;
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  try {
    return await response.json();
  } catch {
    throw new Error(`${url} is not valid JSON (the model files are corrupt)`);
  }
}

/**
 * Loads the model on `backend`, compiles its kernels (WebGL shaders take seconds) with a first
 * prediction, and times a few more: the median milliseconds per window.
 */
async function loadOn(backend: BackendName, modelBase: string): Promise<{ model: LayersModel; ms: number }> {
  if (!(await tf.setBackend(backend))) throw new Error(`The ${backend} backend failed to start`);
  const layers = await loadLayersModel(`${modelBase}model.json`).catch((error: Error) => {
    throw new Error(`The model cannot be loaded (${error.message})`);
  });
  assertModelShape(layers, FEATURE_CONFIG);
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const start = performance.now();
    const out = tf.tidy(() => layers.predict(tf.zeros([1, ...layers.inputs[0].shape.slice(1)] as number[])) as tf.Tensor);
    await out.data();
    out.dispose();
    if (i > 0) times.push(performance.now() - start);
  }
  return { model: layers, ms: times.sort((a, b) => a - b)[1] };
}

/** What the page may ask of the analysis worker. Heavy work stays here; the page only draws. */
export const analysisApi = {
  /**
   * Starts the best tfjs backend and loads the model, refusing one made for other features. With
   * `pickFastest`, WebGL must also beat wasm on this device (software WebGL is many times slower).
   */
  async load(base: string, backends: BackendName[], pickFastest: boolean, onChange?: (info: ModelInfo) => void): Promise<ModelInfo> {
    modelBase = base;
    onBackendChange = onChange ?? onBackendChange;
    speech ??= loadSpeechDetector().catch((error: unknown) => {
      speechDetectorError = errorMessage(error);
      return undefined;
    });
    const { backend, skipped } = await startBackend(backends);
    const meta = parseModelMetadata(await fetchJson(`${modelBase}metadata.json`), FEATURE_CONFIG);
    model?.model.dispose();
    model = undefined;
    let chosen = backend;
    let timed = await loadOn(backend, modelBase);
    if (pickFastest && backend === 'webgl' && backends.includes('wasm')) {
      const wasm = await loadOn('wasm', modelBase).catch(() => null);
      if (wasm && wasm.ms < timed.ms) {
        skipped.push(`webgl: slower here (${timed.ms.toFixed(0)} ms vs ${wasm.ms.toFixed(0)} ms per window on wasm)`);
        timed.model.dispose();
        [chosen, timed] = ['wasm', wasm];
      } else {
        wasm?.model.dispose();
        await tf.setBackend('webgl');
      }
    }
    model = { model: timed.model, meta };
    await speech;
    webglContext()?.canvas.addEventListener('webglcontextlost', () => {
      webglLost = true;
    });
    return {
      backend: chosen,
      skippedBackends: skipped,
      architecture: meta.architecture,
      trainedAt: meta.trainedAt,
      codeVersion: meta.codeVersion,
      metrics: meta.metrics,
      training: meta.training,
      uncertainBelow: meta.calibration?.uncertainBelow ?? DEFAULT_UNCERTAIN_BELOW,
      speechDetectorError,
    };
  },

  /** Analyses one dropped file; `onProgress` gets 0..1. */
  async analyzeFile(id: number, file: Blob, onProgress: (fraction: number) => void): Promise<FileAnalysis> {
    await recoverFromLostWebgl();
    const controller = new AbortController();
    jobs.set(id, controller);
    try {
      return await analyzeFile(file, requireModel(), FEATURE_CONFIG, onProgress, controller.signal, await speech);
    } catch (error) {
      // An AbortError crosses to the page by name (comlink keeps an error's name), whatever threw first.
      throw controller.signal.aborted ? new DOMException(`Analysis of the file was cancelled`, 'AbortError') : error;
    } finally {
      jobs.delete(id);
    }
  },

  cancel(id: number): void {
    jobs.get(id)?.abort();
  },

  /** Starts live analysis of the audio arriving on `port` (Float32Array chunks at `sampleRate`). */
  async startLive(port: MessagePort, sampleRate: number, onUpdate: (update: LiveUpdate) => void): Promise<void> {
    live?.stop();
    const session = await LiveSession.start(sampleRate, FEATURE_CONFIG, async () => {
      await recoverFromLostWebgl();
      return requireModel();
    }, onUpdate, { speech: await speech });
    live = session;
    port.onmessage = (event: MessageEvent<Float32Array>) => {
      if (live === session) session.push(event.data);
    };
  },

  stopLive(): void {
    live?.stop();
    live = undefined;
  },

  /** Test hook: makes the browser drop the WebGL context, as a GPU reset would; resolves once it is gone. */
  async loseWebglContext(): Promise<boolean> {
    const gl = webglContext();
    const extension = gl?.getExtension('WEBGL_lose_context');
    if (!gl || !extension) return false;
    const lost = new Promise<void>((resolve) => gl.canvas.addEventListener('webglcontextlost', () => resolve(), { once: true }));
    extension.loseContext();
    await lost;
    return true;
  },


  /** Test hook: frees the model's weights under it, so that its next use fails as a broken GPU would make it. */
  breakModel(): void {
    requireModel().model.dispose();
  },

  /** The number of live tfjs tensors: flat over a session, or something leaks. */
  tensorCount(): number {
    return tf.memory().numTensors;
  },

  /** Benchmarks of this worker (`npm run bench`): feature real-time factor, and ms per window. */
  benchFeatures: (seconds: number) => featureRealTimeFactor(FEATURE_CONFIG, seconds),
  benchInference: (runs: number) => inferenceMs(requireModel(), FEATURE_CONFIG, runs),
  benchSpeech: async (seconds: number) => speechRealTimeFactor(await requireDetector(), seconds),
  benchWindows: (runs: number) => windowLatencyMs(requireModel(), FEATURE_CONFIG, runs),
  /** Where a file's analysis spends its time, in ms: decoding, then the stages after it, one at a time. */
  async benchStages(bytes: Uint8Array<ArrayBuffer>): Promise<StageTimes & { decode: number }> {
    const start = performance.now();
    const { channels, sampleRate } = await decodeWhole(new Blob([bytes]));
    const decode = performance.now() - start;
    return { decode, ...(await stageTimesMs(requireModel(), FEATURE_CONFIG, channels, sampleRate, await requireDetector())) };
  },

  /** Features of every model window of a decoded clip (used to prove Node/browser parity). */
  async clipFeatures(channels: Float32Array[], sampleRate: number): Promise<{ span: WindowSpan; data: Float32Array }[]> {
    const signal = await toModelInput(channels, sampleRate, FEATURE_CONFIG);
    return [...clipWindows(signal, FEATURE_CONFIG)].map((w) => ({ span: w.span, data: w.features.data }));
  },
};

export type AnalysisApi = typeof analysisApi;

expose(analysisApi);
