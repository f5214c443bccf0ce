import { create } from 'zustand';
import type { Microphone } from '../audio/microphone';
import { type WindowResult, summarize } from '../core/classify';
import { FEATURE_CONFIG } from '../core/config';
import { errorMessage } from '../core/errors';
import { EMOTIONS, type Emotion, emotionProbabilities, genderProbabilities } from '../core/labels';
import type { FileAnalysis, LiveUpdate } from '../protocol';

export type LiveStatus = 'idle' | 'starting' | 'listening' | 'speech' | 'silence' | 'error';

export interface LivePoint {
  /** Seconds since the recording started. */
  t: number;
  emotions: Record<Emotion, number> | null;
}

/** How many seconds of history the live chart keeps. */
export const HISTORY_SECONDS = 30;

export interface LiveState {
  status: LiveStatus;
  error?: string;
  /** The name of the microphone the session hears. */
  input?: string;
  levelDb: number;
  emotions: Record<Emotion, number> | null;
  female: number | null;
  history: LivePoint[];
  /** Seconds since the start of the latest update, and of the latest one with speech (null before any). */
  clock: number;
  lastSpeechAt: number | null;
  updates: number;
  /** From the newest audio reaching the worker to this update reaching the page, ms. */
  latencyMs: number;
  /** Exponential smoothing of the shown probabilities. */
  smoothing: boolean;
  /** The browser's echo cancellation, noise suppression and auto gain. */
  processing: boolean;
  setSmoothing(on: boolean): void;
  setProcessing(on: boolean): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What the live store needs from outside the page's state: the microphone, the worker, the recordings, a clock. */
export interface LiveBridge {
  /** Opens the chosen microphone; `onEnded` fires if the device goes away. */
  openMicrophone(processing: boolean, onEnded: () => void): Promise<Microphone>;
  /** Starts the worker's analysis of the audio the microphone sends. */
  startLive(microphone: Microphone, onUpdate: (update: LiveUpdate) => void): Promise<void>;
  stopLive(): Promise<void>;
  /** Keeps a stopped session as a recording. */
  keepSession(name: string, session: FileAnalysis): void;
  /** Milliseconds since the epoch, on the clock of `LiveUpdate.audioAt`. */
  now(): number;
}

/**
 * A live update is kept as what it is, the model's window of the last 3 s, with its speech in the last
 * second before it: where the speech detector heard the speech that made it an update with probabilities
 * (the window reaches back into what may have been silence). The session's utterances are those seconds
 * of speech, joined where they meet.
 */
const HEARD_SECONDS = 1;
const SMOOTHING = 0.5;

function smooth(previous: Record<Emotion, number> | null, next: Record<Emotion, number>, on: boolean): Record<Emotion, number> {
  if (!on || !previous) return next;
  const out = {} as Record<Emotion, number>;
  for (const e of EMOTIONS) out[e] = SMOOTHING * previous[e] + (1 - SMOOTHING) * next[e];
  return out;
}

/** How old the shown probabilities may be and still count as "now". */
export const FRESH_SECONDS = 1;

/** Whether the probabilities shown are not from the last second of speech (silence since, or stopped). */
export function isStale({ status, emotions, clock, lastSpeechAt }: Pick<LiveState, 'status' | 'emotions' | 'clock' | 'lastSpeechAt'>): boolean {
  if (!emotions || lastSpeechAt === null) return false;
  return status === 'idle' || status === 'error' || clock - lastSpeechAt > FRESH_SECONDS;
}

/** The live microphone session. */
export const createLiveStore = (bridge: LiveBridge) =>
  create<LiveState>((set, get) => {
    let microphone: Microphone | undefined;
    /** The session's speech updates (as the worker gave them, unsmoothed) and when it started: kept at Stop. */
    let windows: WindowResult[] = [];
    /** The voice profile the session's last answers were read with. */
    let voice: string | undefined;
    let startedAt = new Date();
    /** Counts starts and stops: a start that a stop overtook closes what it opened instead of listening. */
    let generation = 0;

    const onUpdate = (update: LiveUpdate) => {
      const state = get();
      if (state.status === 'idle' || state.status === 'error') return;
      if (update.state === 'error') return void fail(update.error);
      const history = state.history.filter((p) => p.t > update.time - HISTORY_SECONDS);
      const common = { levelDb: update.levelDb, clock: update.time, updates: state.updates + 1, latencyMs: bridge.now() - update.audioAt };
      if (update.state === 'silence') {
        set({ ...common, status: 'silence', history: [...history, { t: update.time, emotions: null }] });
        return;
      }
      windows.push({
        start: Math.max(0, update.time - FEATURE_CONFIG.windowSeconds),
        end: update.time,
        probs: update.probs,
        speech: { start: Math.max(0, update.time - HEARD_SECONDS), end: update.time },
      });
      voice = update.voiceProfile;
      const emotions = smooth(state.emotions, emotionProbabilities(update.probs), state.smoothing);
      set({
        ...common,
        status: 'speech',
        emotions,
        female: genderProbabilities(update.probs).female,
        history: [...history, { t: update.time, emotions }],
        lastSpeechAt: update.time,
      });
    };

    const fail = async (message: string) => {
      await get().stop();
      set({ status: 'error', error: message });
    };

    return {
      status: 'idle',
      levelDb: -120,
      emotions: null,
      female: null,
      history: [],
      clock: 0,
      lastSpeechAt: null,
      updates: 0,
      latencyMs: 0,
      smoothing: true,
      processing: false,
      setSmoothing: (smoothing) => set({ smoothing }),
      setProcessing: (processing) => set({ processing }),
      async start() {
        if (microphone || get().status === 'starting') return;
        const mine = ++generation;
        set({ status: 'starting', error: undefined, input: undefined, history: [], emotions: null, female: null, clock: 0, lastSpeechAt: null, updates: 0 });
        windows = [];
        startedAt = new Date(bridge.now());
        try {
          const opened = await bridge.openMicrophone(get().processing, () => void fail('The microphone was disconnected.'));
          if (mine !== generation) {
            await opened.stop();
            return;
          }
          microphone = opened;
          set({ input: opened.label });
          await bridge.startLive(opened, onUpdate);
          // Stopped meanwhile: the worker may have started its session after the stop reached it.
          if (mine !== generation) {
            await bridge.stopLive();
            return;
          }
          set({ status: 'listening' });
        } catch (error) {
          await fail(errorMessage(error));
        }
      },
      async stop() {
        generation++;
        const mic = microphone;
        microphone = undefined;
        await bridge.stopLive().catch(() => {});
        await mic?.stop().catch(() => {});
        if (get().status !== 'error') set({ status: 'idle', levelDb: -120 });
        // The session becomes a recording, with the same summary, segments, timeline and exports as a file.
        if (mic && windows.length) {
          bridge.keepSession(`Live session ${startedAt.toLocaleString()}`, {
            duration: get().clock,
            sampleRate: mic.sampleRate,
            channels: 1,
            result: summarize(windows),
            voiceProfile: voice,
          });
        }
        windows = [];
      },
    };
  });
