import type { AnalysisStage } from '../core/classify';
import type { AnalysisApi, BackendName, BackendTiming, FileAnalysis, LiveUpdate, ModelInfo, RecordingProgress, VoiceSample } from '../protocol';
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { FEATURE_CONFIG } from '../core/config';
import { errorMessage } from '../core/errors';
import { type EmotionModel, assertModelShape, parseModelMetadata } from '../core/model';
import { toModelInput } from '../core/pipeline';
import { DEFAULT_UNCERTAIN_BELOW } from '../core/readout';
import type { SpeechDetector } from '../core/speech';
import { BACKENDS } from './backend-names';
import { AnalysisEngine } from './engine';
import { startBackend } from './backend';
import { analyzeFile, decodeWhole } from './file-analysis';
import { type ActiveVoice, LiveSession } from './live';
import { type SpeechWorkers, loadSpeechWorkers } from './speech';
import { type SpeechEncoder, assertEncoderFiles } from '../core/encoder/speech-embedding';
import { type EncoderMember, type EncoderMemberMeta, assertMemberShape } from '../core/encoder/member';
import { CLASS_LABELS } from '../core/labels';
import { VoiceProfileError, fitVoiceProfile, voiceReader } from '../core/voice/fit';
import { type VoiceProfile, createVoiceProfile, modelTie, parseVoiceProfile } from '../core/voice/profile';
import type { VoiceModel } from '../core/voice/voice-model';
import { VoiceRecording, voiceSample } from './voice-recording';
// The layers a model may hold beyond tfjs's own, registered before the model is loaded (here only: the
// page itself never loads a model, and would otherwise carry tfjs-layers).
import '../core/log-spectrum';
import '../core/statistics';

/** The speech detector's workers, started once beside the first model: a step of its own, which may fail alone. */
interface SpeechStep {
  workers: Promise<SpeechWorkers | undefined>;
  /** Why they did not start (then the level alone finds speech, and voice heads that read the encoder cannot be used). */
  error?: string;
}

/** The model's base URL, as the page gave it at the last load (moves load from there too). */
let modelBase = '';
let speechStep: SpeechStep | undefined;
let live: LiveSession | undefined;
/** The voice profile that live and file analysis read through, and its name; none: the general model's answers. */
let voice: ActiveVoice | undefined;
/** A clip being recorded for a voice profile. */
let recording: VoiceRecording | undefined;
/** One abort controller per file analysis under way, by the page's file id. */
const jobs = new Map<number, AbortController>();

/** In a worker the context draws on an OffscreenCanvas, which WebWorker's types leave off the context. */
type WorkerWebgl = WebGLRenderingContext & { readonly canvas: OffscreenCanvas };

interface WebglBackend {
  gpgpu?: { gl: WorkerWebgl };
}

export function webglContext(): WorkerWebgl | undefined {
  return tf.getBackend() === 'webgl' ? (tf.backend() as unknown as WebglBackend).gpgpu?.gl : undefined;
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

/** Frees a network when what follows its loading fails, and fails on. */
const disposing =
  (layers: LayersModel) =>
  (error: unknown): never => {
    layers.dispose();
    throw error;
  };

/**
 * The model's member on the speech encoder's frames, on the current backend, with the detector workers'
 * encoder (its files checked against the member's). Without those workers: why it cannot run.
 */
async function loadMember(named: EncoderMemberMeta, workers: SpeechWorkers | undefined, why?: string): Promise<{ member?: EncoderMember; error?: string }> {
  if (!workers) return { error: `it needs the speech encoder, whose workers did not start (${why ?? 'unknown'})` };
  const encoder = await workers.encoder();
  assertEncoderFiles(named.encoder, encoder.digests, "The model's encoder member");
  const model = await loadLayersModel(`${modelBase}${named.path}`).catch((error: Error) => {
    throw new Error(`The model's encoder member cannot be loaded (${error.message})`);
  });
  assertMemberShape(named, model, FEATURE_CONFIG, CLASS_LABELS.length);
  await predictOnce(model);
  return { member: { model, encoder } };
}

/** Starts the speech detector's workers once; the model goes on without them. */
function speechWorkers(): SpeechStep {
  if (!speechStep) {
    const step: SpeechStep = {
      workers: loadSpeechWorkers().catch((error: unknown) => {
        step.error = errorMessage(error);
        return undefined;
      }),
    };
    speechStep = step;
  }
  return speechStep;
}

const detector = async (): Promise<SpeechDetector | undefined> => (await speechWorkers().workers)?.detector;

/** The model on tfjs: the first backend of a list that works, the model and its metadata loaded on it. */
const engine = new AnalysisEngine<EmotionModel>({
  async load(backends) {
    const { backend, skipped } = await startBackend(backends);
    const meta = parseModelMetadata(await fetchJson(`${modelBase}metadata.json`), FEATURE_CONFIG);
    const layers = await loadOn(backend, modelBase);
    const speech = speechWorkers();
    const workers = await speech.workers;
    const joined = meta.encoderMember && (await loadMember(meta.encoderMember, workers, speech.error).catch(disposing(layers)));
    // Without the detector's workers there is no encoder: the network on the features answers alone.
    const model: EmotionModel = joined?.member
      ? { model: layers, meta, member: joined.member }
      : { model: layers, meta: { ...meta, encoderMember: undefined } };
    webglContext()?.canvas.addEventListener('webglcontextlost', () => {
      if (tf.getBackend() === 'webgl') engine.requestMove({ backends: ['wasm', 'cpu'], notes: ['webgl: the context was lost during use'], broken: true });
    });
    const info: ModelInfo = {
      backend,
      skippedBackends: skipped,
      architecture: meta.architecture,
      trainedAt: meta.trainedAt,
      codeVersion: meta.codeVersion,
      metrics: meta.metrics,
      training: meta.training,
      uncertainBelow: meta.calibration?.uncertainBelow ?? DEFAULT_UNCERTAIN_BELOW,
      speechDetectorError: speech.error,
      voiceHeads: Boolean(meta.voice),
      ...(meta.encoderMember && { encoderMember: { architecture: meta.encoderMember.architecture, error: joined?.error } }),
    };
    return { model, info };
  },
  restore: async ({ info }) => void (await tf.setBackend(info.backend)),
  dispose: ({ model, member }) => {
    model.dispose();
    member?.model.dispose();
  },
  busy: () => jobs.size > 0 || live !== undefined,
});

/** The model for a use: any move it is due made first. */
const currentModel = async (): Promise<EmotionModel> => (await engine.use()).model;

export const requireModel = (): EmotionModel => engine.require().model;

function requireVoiceHeads(): VoiceModel {
  const heads = requireModel().meta.voice;
  if (!heads) throw new VoiceProfileError('This model cannot learn a voice (it has no voice heads)');
  return heads;
}

/** The speech encoder, when the model's voice head reads it (loaded on first use, its files checked against the head's). */
async function voiceEncoder(): Promise<SpeechEncoder | undefined> {
  const wanted = requireModel().meta.voice?.encoder;
  if (!wanted) return undefined;
  const speech = speechWorkers();
  const workers = await speech.workers;
  if (!workers) throw new VoiceProfileError(`Voice profiles need the speech encoder, whose workers did not start (${speech.error ?? 'unknown'})`);
  const encoder = await workers.encoder();
  assertEncoderFiles(wanted, encoder.digests);
  return encoder;
}

/** The speech encoder of the detector's workers, whatever the model's head reads (for parity tests). */
export async function requireEncoder(): Promise<SpeechEncoder> {
  const workers = await speechWorkers().workers;
  if (!workers) throw new Error(`No speech encoder (${speechWorkers().error ?? 'not loaded'})`);
  return workers.encoder();
}

/** The speech detector, for benchmarks that must time it (the app goes on without one). */
export async function requireDetector(): Promise<SpeechDetector> {
  const found = await detector();
  if (!found) throw new Error(`No speech detector (${speechWorkers().error ?? 'not loaded'})`);
  return found;
}

/** What the page may ask of the analysis worker (exposed by `analysis.worker.ts`). */
export const analysisApi = {
  async load(base, backends, onChange) {
    modelBase = base;
    const before = engine.state.info?.trainedAt;
    const { info } = await engine.load(backends, onChange);
    // A move to another backend keeps the profile in use; another model does not read it.
    if (before !== info.trainedAt) voice = undefined;
    return info;
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
    engine.requestMove({ backends: BACKENDS.slice(BACKENDS.indexOf(backend)), notes, broken: false });
  },

  /** Analyses one dropped file; `onProgress` gets 0..1 and the stage it waits on. */
  async analyzeFile(id: number, file: Blob, onProgress: (fraction: number, stage: AnalysisStage) => void): Promise<FileAnalysis> {
    const model = await currentModel();
    const controller = new AbortController();
    jobs.set(id, controller);
    try {
      const reading = voice;
      const result = await analyzeFile(
        file,
        model,
        FEATURE_CONFIG,
        onProgress,
        controller.signal,
        await detector(),
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
    await engine.settle();
    const session = await LiveSession.start(sampleRate, FEATURE_CONFIG, currentModel, onUpdate, { speech: await detector(), voice: () => voice });
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
    const session = await VoiceRecording.start(sampleRate, FEATURE_CONFIG, onProgress, await detector());
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
    const model = await currentModel();
    return voiceSample(model, await session.finish(), FEATURE_CONFIG, await detector(), await voiceEncoder());
  },

  cancelVoiceRecording(): void {
    recording?.cancel();
    recording = undefined;
  },

  /** A kept recording's speech (or a part of it, in seconds) as a voice sample: a baseline, or a relabelled part. */
  async voiceSampleOfFile(file: Blob, part?: { start: number; end: number }): Promise<VoiceSample> {
    const model = await currentModel();
    const { channels, sampleRate } = await decodeWhole(file);
    const signal = await toModelInput(channels, sampleRate, FEATURE_CONFIG);
    const at = (seconds: number) => Math.round(seconds * FEATURE_CONFIG.sampleRate);
    return voiceSample(model, part ? signal.subarray(at(part.start), at(part.end)) : signal, FEATURE_CONFIG, await detector(), await voiceEncoder());
  },
} satisfies AnalysisApi;
