import type { AnalysisStage } from '../core/classify';
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { FEATURE_CONFIG } from '../core/config';
import { errorMessage } from '../core/errors';
import { type EmotionModel, assertModelShape, parseModelMetadata } from '../core/model';
import { toModelInput } from '../core/pipeline';
import { DEFAULT_UNCERTAIN_BELOW } from '../core/readout';
import type { SpeechDetector } from '../core/speech';
import { BACKENDS, type BackendName, type BackendTiming } from './backend-names';
import { startBackend } from './backend';
import { type FileAnalysis, analyzeFile, decodeWhole } from './file-analysis';
import { replaceModel } from './model-swap';
import { type ActiveVoice, type LiveUpdate, LiveSession } from './live';
import { type SpeechWorkers, loadSpeechWorkers } from './speech';
import { type SpeechEncoder, assertEncoderFiles } from '../core/encoder/speech-embedding';
import { VoiceProfileError, fitVoiceProfile, voiceReader } from '../core/voice/fit';
import { type VoiceProfile, createVoiceProfile, modelTie, parseVoiceProfile } from '../core/voice/profile';
import type { VoiceModel } from '../core/voice/voice-model';
import { type RecordingProgress, type VoiceSample, VoiceRecording, voiceSample } from './voice-recording';
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
  /** Whether the model can read a voice profile (it has voice heads). */
  voiceHeads: boolean;
}

let model: EmotionModel | undefined;
/** What the page was last told of the model in use. */
let modelInfo: ModelInfo | undefined;
let modelBase = '';
let onBackendChange: ((info: ModelInfo) => void) | undefined;
let live: LiveSession | undefined;
/** Loaded once, beside the first model; undefined when it failed (then the level alone finds speech). */
let speech: Promise<SpeechDetector | undefined> | undefined;
/** The detector's workers, which also run the speech encoder that voice heads may read. */
let speechWorkers: Promise<SpeechWorkers | undefined> | undefined;
let speechDetectorError: string | undefined;
/** The voice profile that live and file analysis read through, and its name; none: the general model's answers. */
let voice: ActiveVoice | undefined;
/** A clip being recorded for a voice profile. */
let recording: VoiceRecording | undefined;
/** One abort controller per file analysis under way, by the page's file id. */
const jobs = new Map<number, AbortController>();
/**
 * A move to other backends, made at the model's next use: away from WebGL when the browser took its context
 * (at once: the model is broken there), or to a backend the page's background race found faster (only
 * while nothing else uses the model, which the move disposes).
 */
let pendingMove: { backends: BackendName[]; notes: string[]; broken: boolean } | undefined;
/** The move under way, which every use of the model waits for. */
let moving: Promise<void> | undefined;

/** In a worker the context draws on an OffscreenCanvas, which WebWorker's types leave off the context. */
type WorkerWebgl = WebGLRenderingContext & { readonly canvas: OffscreenCanvas };

interface WebglBackend {
  gpgpu?: { gl: WorkerWebgl };
}

export function webglContext(): WorkerWebgl | undefined {
  return tf.getBackend() === 'webgl' ? (tf.backend() as unknown as WebglBackend).gpgpu?.gl : undefined;
}

/** Makes the pending move, if any and if it may be made now, and tells the page; or waits for the one under way. */
function applyPendingMove(): Promise<void> {
  if (moving) return moving;
  const move = pendingMove;
  if (!move || (!move.broken && (jobs.size > 0 || live))) return Promise.resolve();
  pendingMove = undefined;
  moving = (async () => {
    try {
      const info = await analysisApi.load(modelBase, move.backends);
      info.skippedBackends.unshift(...move.notes);
      onBackendChange?.(info);
    } catch (error) {
      // The model in use stays (`replaceModel`); the page hears that the move failed. A model the browser
      // broke (a lost WebGL context) cannot stay: its use fails with the reason.
      if (move.broken || !modelInfo) throw error;
      const failed = `${move.backends.join(', ')}: the move failed (${errorMessage(error)}); the model stays on ${modelInfo.backend}`;
      onBackendChange?.({ ...modelInfo, skippedBackends: [...move.notes, failed, ...modelInfo.skippedBackends] });
    }
  })().finally(() => {
    moving = undefined;
  });
  return moving;
}

export function requireModel(): EmotionModel {
  if (!model) throw new Error('The model is not loaded');
  return model;
}

function requireVoiceHeads(): VoiceModel {
  const heads = requireModel().meta.voice;
  if (!heads) throw new VoiceProfileError('This model cannot learn a voice (it has no voice heads)');
  return heads;
}

/** The speech encoder, when the model's voice head reads it (loaded on first use, its files checked against the head's). */
async function voiceEncoder(): Promise<SpeechEncoder | undefined> {
  const wanted = requireModel().meta.voice?.encoder;
  if (!wanted) return undefined;
  const workers = await speechWorkers;
  if (!workers) throw new VoiceProfileError(`Voice profiles need the speech encoder, whose workers did not start (${speechDetectorError ?? 'unknown'})`);
  const encoder = await workers.encoder();
  assertEncoderFiles(wanted, encoder.digests);
  return encoder;
}

/** The speech detector, for benchmarks that must time it (the app goes on without one). */
export async function requireDetector(): Promise<SpeechDetector> {
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

/** One prediction on a window of zeros, read back: the model's time per window, as a page would wait for it. */
async function predictOnce(layers: LayersModel): Promise<number> {
  const start = performance.now();
  const out = tf.tidy(() => layers.predict(tf.zeros([1, ...layers.inputs[0].shape.slice(1)] as number[])) as tf.Tensor);
  await out.data();
  out.dispose();
  return performance.now() - start;
}

/** Loads the model on `backend` and compiles its kernels with a first prediction (WebGL shaders take seconds). */
async function loadOn(backend: BackendName, modelBase: string): Promise<LayersModel> {
  if (!(await tf.setBackend(backend))) throw new Error(`The ${backend} backend failed to start`);
  const layers = await loadLayersModel(`${modelBase}model.json`).catch((error: Error) => {
    throw new Error(`The model cannot be loaded (${error.message})`);
  });
  assertModelShape(layers, FEATURE_CONFIG);
  await predictOnce(layers);
  return layers;
}

/** The loads asked for, in turn. */
let loads: Promise<unknown> = Promise.resolve();

/** Starts the first tfjs backend of `backends` that works and loads the model, refusing one made for other features. */
async function loadModel(base: string, backends: BackendName[], onChange?: (info: ModelInfo) => void): Promise<ModelInfo> {
  modelBase = base;
  onBackendChange = onChange ?? onBackendChange;
  speechWorkers ??= loadSpeechWorkers().catch((error: unknown) => {
    speechDetectorError = errorMessage(error);
    return undefined;
  });
  speech ??= speechWorkers.then((workers) => workers?.detector);
  const before = model && { trainedAt: model.meta.trainedAt, backend: tf.getBackend() };
  let started: { backend: BackendName; skipped: string[] } | undefined;
  model = await replaceModel(
    model,
    async () => {
      started = await startBackend(backends);
      const meta = parseModelMetadata(await fetchJson(`${modelBase}metadata.json`), FEATURE_CONFIG);
      return { model: await loadOn(started.backend, modelBase), meta };
    },
    {
      restore: async () => {
        if (before) await tf.setBackend(before.backend);
      },
      dispose: (old) => old.model.dispose(),
    },
  );
  const { meta } = model;
  const { backend, skipped } = started!;
  // A move to another backend keeps the profile in use; another model does not read it.
  if (before?.trainedAt !== meta.trainedAt) voice = undefined;
  await speech;
  webglContext()?.canvas.addEventListener('webglcontextlost', () => {
    if (tf.getBackend() === 'webgl') pendingMove = { backends: ['wasm', 'cpu'], notes: ['webgl: the context was lost during use'], broken: true };
  });
  return (modelInfo = {
    backend,
    skippedBackends: skipped,
    architecture: meta.architecture,
    trainedAt: meta.trainedAt,
    codeVersion: meta.codeVersion,
    metrics: meta.metrics,
    training: meta.training,
    uncertainBelow: meta.calibration?.uncertainBelow ?? DEFAULT_UNCERTAIN_BELOW,
    speechDetectorError,
    voiceHeads: Boolean(meta.voice),
  });
}

/** What the page may ask of the analysis worker (exposed by `analysis.worker.ts`). Heavy work stays here; the page only draws. */
export const analysisApi = {
  /** Loads the model (see `loadModel`); loads run one after another, since tfjs backends must not start side by side. */
  load(base: string, backends: BackendName[], onChange?: (info: ModelInfo) => void): Promise<ModelInfo> {
    const next = loads.then(() => loadModel(base, backends, onChange));
    loads = next.catch(() => undefined);
    return next;
  },

  /**
   * Times the model on each backend in turn, letting it go after: for a worker of its own, which the page
   * starts on a first visit to race WebGL against wasm in the background (WebGL's shaders take seconds to
   * compile, which the start of the app need not wait for), both timed under the same conditions.
   */
  async timeBackends(base: string, backends: BackendName[]): Promise<BackendTiming[]> {
    const timings: BackendTiming[] = [];
    for (const backend of backends) {
      try {
        const layers = await loadOn(backend, base);
        // The median of three, after the first that compiled the kernels.
        const times = [await predictOnce(layers), await predictOnce(layers), await predictOnce(layers)].sort((a, b) => a - b);
        layers.dispose();
        timings.push({ backend, ms: times[1] });
      } catch (error) {
        timings.push({ backend, error: errorMessage(error) });
      }
    }
    return timings;
  },

  /** Moves the model to `backend` (or the first after it that works) at its next use; `notes` go to the model card. */
  moveTo(backend: BackendName, notes: string[]): void {
    pendingMove = { backends: BACKENDS.slice(BACKENDS.indexOf(backend)), notes, broken: false };
  },

  /** Analyses one dropped file; `onProgress` gets 0..1 and the stage it waits on. */
  async analyzeFile(id: number, file: Blob, onProgress: (fraction: number, stage: AnalysisStage) => void): Promise<FileAnalysis> {
    await applyPendingMove();
    const controller = new AbortController();
    jobs.set(id, controller);
    try {
      const reading = voice;
      const result = await analyzeFile(
        file,
        requireModel(),
        FEATURE_CONFIG,
        onProgress,
        controller.signal,
        await speech,
        undefined,
        reading && { reader: reading.reader, encoder: reading.encoder },
      );
      return reading ? { ...result, voiceProfile: reading.name } : result;
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
    live = undefined;
    await applyPendingMove();
    const session = await LiveSession.start(
      sampleRate,
      FEATURE_CONFIG,
      async () => {
        await applyPendingMove();
        return requireModel();
      },
      onUpdate,
      { speech: await speech, voice: () => voice },
    );
    live = session;
    port.onmessage = (event: MessageEvent<Float32Array>) => {
      if (live === session) session.push(event.data);
    };
  },

  stopLive(): void {
    live?.stop();
    live = undefined;
  },

  /** A new, empty voice profile of the loaded model. */
  newVoiceProfile(name: string, id: string): VoiceProfile {
    return createVoiceProfile(name, modelTie(requireModel().meta), id);
  },

  /** Checks a stored or imported profile against the loaded model (see `parseVoiceProfile`). */
  readVoiceProfile(value: unknown): VoiceProfile {
    return parseVoiceProfile(value, requireModel().meta);
  },

  /** Fits a profile to what it holds (about 1.6 s for 14 clips: 582 values a window, tens of windows, a refit per clip for its check). */
  fitVoiceProfile(profile: VoiceProfile): VoiceProfile {
    return fitVoiceProfile(profile, requireVoiceHeads());
  },

  /** Reads live and file analysis through this profile from now on (it must be fitted); null: the general model. */
  async useVoice(profile: Pick<VoiceProfile, 'name' | 'fit'> | null): Promise<void> {
    if (!profile?.fit) {
      voice = undefined;
      return;
    }
    const reader = voiceReader(profile.fit, requireVoiceHeads());
    voice = { reader, name: profile.name, encoder: await voiceEncoder() };
  },

  /** Records a clip for a voice profile from the audio arriving on `port`, reporting the speech heard. */
  async startVoiceRecording(port: MessagePort, sampleRate: number, onProgress: (progress: RecordingProgress) => void): Promise<void> {
    recording?.cancel();
    const session = await VoiceRecording.start(sampleRate, FEATURE_CONFIG, onProgress, await speech);
    recording = session;
    port.onmessage = (event: MessageEvent<Float32Array>) => {
      if (recording === session) session.push(event.data);
    };
  },

  /** Ends the recording: its speech as the model reads it (no audio leaves the worker). */
  async stopVoiceRecording(): Promise<VoiceSample> {
    const session = recording;
    recording = undefined;
    if (!session) throw new Error('No voice recording under way');
    await applyPendingMove();
    return voiceSample(requireModel(), await session.finish(), FEATURE_CONFIG, await speech, await voiceEncoder());
  },

  cancelVoiceRecording(): void {
    recording?.cancel();
    recording = undefined;
  },

  /** A kept recording's speech (or a part of it, in seconds) as a voice sample: a baseline, or a relabelled part. */
  async voiceSampleOfFile(file: Blob, part?: { start: number; end: number }): Promise<VoiceSample> {
    await applyPendingMove();
    const { channels, sampleRate } = await decodeWhole(file);
    const signal = await toModelInput(channels, sampleRate, FEATURE_CONFIG);
    const at = (seconds: number) => Math.round(seconds * FEATURE_CONFIG.sampleRate);
    return voiceSample(requireModel(), part ? signal.subarray(at(part.start), at(part.end)) : signal, FEATURE_CONFIG, await speech, await voiceEncoder());
  },
};

export type AnalysisApi = typeof analysisApi;
