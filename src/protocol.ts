/**
 * Every type that crosses between the page and the analysis worker: the worker's API, the model's card,
 * results, live updates, and the kinds of error a call can end in. The page imports these and never the
 * worker's code; the worker's `analysisApi` is checked against `AnalysisApi`.
 */
import type { AnalysisStage, ClipResult } from './core/classify';
import type { ModelMetadata } from './core/model';
import type { VoiceProfile, VoiceWindow } from './core/voice/profile';
import type { StageTimes } from './core/benchmark';
import type { WindowSpan } from './core/windows';
import type { EncodedSignal } from './core/encoder/speech-embedding';
import type { BackendName, BackendTiming } from './worker/backend-names';

export type { BackendName, BackendTiming };

/** What the page is told of the model in use: its metadata's card fields, and where and how it runs. */
export type ModelInfo = Pick<ModelMetadata, 'architecture' | 'trainedAt' | 'codeVersion' | 'metrics' | 'training'> & {
  backend: BackendName;
  skippedBackends: string[];
  /** Calibrated confidence under which an answer is "uncertain". */
  uncertainBelow: number;
  /** Why speech detection is off (non-speech then gets emotions too); absent when it works. */
  speechDetectorError?: string;
  /** Whether the model can read a voice profile (it has voice heads). */
  voiceHeads: boolean;
  /** The model's member on the speech encoder's frames, if it has one, and why it is not running when it is not. */
  encoderMember?: { architecture: string; error?: string };
};

export interface FileAnalysis {
  duration: number;
  sampleRate: number;
  channels: number;
  result: ClipResult;
  /** The voice profile it was read with, by name (none: the general model's answers). */
  voiceProfile?: string;
}

interface LiveTick {
  /** Input level of the last update interval, dBFS. */
  levelDb: number;
  /** Seconds of audio received since the start. */
  time: number;
  /** When the newest audio in this update reached the worker (ms since the epoch, comparable across threads). */
  audioAt: number;
}

/** One update of a live session: fresh probabilities, nothing to classify in the last second, or the end of it. */
export type LiveUpdate =
  | (LiveTick & {
      state: 'speech';
      /** 14 class probabilities of the last window. */
      probs: Float32Array;
      /** The voice profile they were read with (none: the general model's). */
      voiceProfile?: string;
    })
  | (LiveTick & { state: 'silence' })
  /** The session stops analysing, for `error`. */
  | (LiveTick & { state: 'error'; error: string });

/** What a clip of the speaker's voice gives a profile: its windows as the model reads them, and its speech time. */
export interface VoiceSample {
  windows: VoiceWindow[];
  speechSeconds: number;
  seconds: number;
}

export interface RecordingProgress {
  seconds: number;
  /** Speech heard so far by the speech detector (the level alone without one). */
  speechSeconds: number;
  levelDb: number;
}

/**
 * How a call to the worker can fail, by the error's name (which crosses the boundary with its message):
 * cancelled; a file that cannot be read; a clip with no speech to classify; a profile this model cannot
 * use; no usable model; anything else.
 */
export type WorkerFailure = { kind: 'cancelled' } | { kind: 'file' | 'no-speech' | 'voice-profile' | 'model' | 'failed'; message: string };

const KIND_BY_NAME: Record<string, WorkerFailure['kind']> = {
  AbortError: 'cancelled',
  FileError: 'file',
  SilentClipError: 'no-speech',
  NoSpeechError: 'no-speech',
  VoiceProfileError: 'voice-profile',
  ModelUnavailableError: 'model',
};

/** What a failed call to the worker means (see `WorkerFailure`). */
export function workerFailure(error: unknown): WorkerFailure {
  const { name, message } = error instanceof Error ? error : { name: '', message: String(error) };
  const kind = KIND_BY_NAME[name] ?? 'failed';
  return kind === 'cancelled' ? { kind } : { kind, message };
}

/** What the page may ask of the analysis worker. Heavy work stays there; the page only draws. */
export interface AnalysisApi {
  /**
   * Loads the model on the first of `backends` that works (loads run one after another); `onChange` hears of
   * later moves to other backends, and of moves that failed. A failed load keeps the model in use.
   */
  load(base: string, backends: BackendName[], onChange?: (info: ModelInfo) => void): Promise<ModelInfo>;
  /** Times the model on each backend in turn (for a worker of its own, which the page starts to race them). */
  timeBackends(base: string, backends: BackendName[]): Promise<BackendTiming[]>;
  /** Moves the model to `backend` (or the first after it that works) once nothing uses it; `notes` go to the card. */
  moveTo(backend: BackendName, notes: string[]): void;
  /** Analyses one dropped file; `onProgress` gets 0..1 and the stage it waits on. */
  analyzeFile(id: number, file: Blob, onProgress: (fraction: number, stage: AnalysisStage) => void): Promise<FileAnalysis>;
  cancel(id: number): void;
  /** Starts live analysis of the audio arriving on `port` (Float32Array chunks at `sampleRate`). */
  startLive(port: MessagePort, sampleRate: number, onUpdate: (update: LiveUpdate) => void): Promise<void>;
  stopLive(): void;
  /** A new, empty voice profile of the loaded model. */
  newVoiceProfile(name: string, id: string): VoiceProfile;
  /** Checks a stored or imported profile against the loaded model. */
  readVoiceProfile(value: unknown): VoiceProfile;
  /** Fits a profile to what it holds. */
  fitVoiceProfile(profile: VoiceProfile): VoiceProfile;
  /** Reads live and file analysis through this profile from now on (it must be fitted); null: the general model. */
  useVoice(profile: Pick<VoiceProfile, 'name' | 'fit'> | null): Promise<void>;
  /** Records a clip for a voice profile from the audio arriving on `port`, reporting the speech heard. */
  startVoiceRecording(port: MessagePort, sampleRate: number, onProgress: (progress: RecordingProgress) => void): Promise<void>;
  /** Ends the recording: its speech as the model reads it (no audio leaves the worker). */
  stopVoiceRecording(): Promise<VoiceSample>;
  cancelVoiceRecording(): void;
  /** A kept recording's speech (or a part of it, in seconds) as a voice sample. */
  voiceSampleOfFile(file: Blob, part?: { start: number; end: number }): Promise<VoiceSample>;
}

/** What tests and benchmarks may ask of a worker that a `?bench` page started, beyond the app's API. */
export interface DebugHooks {
  /** Makes the browser drop the WebGL context, as a GPU reset would; resolves once it is gone (false: not on WebGL). */
  loseWebglContext(): Promise<boolean>;
  /** Frees the model's weights under it, so that its next use fails as a broken GPU would make it. */
  breakModel(): void;
  /** The number of live tfjs tensors: flat over a session, or something leaks. */
  tensorCount(): number;
  /** Feature extraction's real-time factor over `seconds` of test signal. */
  benchFeatures(seconds: number): number;
  /** Milliseconds of each of `runs` predictions of one window. */
  benchInference(runs: number): Promise<number[]>;
  /** The speech detector's real-time factor over `seconds` of test signal. */
  benchSpeech(seconds: number): Promise<number>;
  /** Milliseconds of each of `runs` windows, features and prediction, as live analysis makes them. */
  benchWindows(runs: number): Promise<number[]>;
  /** Where a file's analysis spends its time, in ms: decoding, then the stages after it. */
  benchStages(bytes: Uint8Array<ArrayBuffer>): Promise<StageTimes & { decode: number }>;
  /** Features of every model window of a decoded clip (Node/browser parity). */
  clipFeatures(channels: Float32Array[], sampleRate: number): Promise<{ span: WindowSpan; data: Float32Array }[]>;
  /** The speech encoder's vectors of a 16 kHz signal, as the app's workers read it (Node/browser parity). */
  clipEncoding(signal: Float32Array): Promise<EncodedSignal>;
}

/** The API of a worker a `?bench` page started: the app's, the hooks, and a promise that they are in. */
export type DebugApi = AnalysisApi & DebugHooks & { debugReady(): Promise<void> };
