import { withTemperature } from '../calibration';
import { EMOTIONS, type Emotion, emotionProbabilities } from '../labels';
import { type Linear, type SoftmaxFit, addAffine, fitSoftmax, logSoftmaxInPlace, softmaxInPlace } from './linear';
import type { SpeechSummary, VoiceClip, VoiceFit, VoiceProfile, VoiceWindow } from './profile';
import { type Centre, type VoiceModel, headLinear } from './voice-model';

/** The taught head's fit: strong enough a penalty that 1-4 clips per emotion stay near the general model. */
export const TAUGHT_FIT: SoftmaxFit = { l2: 0.3, iterations: 300, rate: 0.3 };

/** Under this much calm speech a baseline's mean is mostly what was said, not how the voice sounds. */
export const MIN_BASELINE_SECONDS = 10;

export class VoiceProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VoiceProfileError';
  }
}

/** Refuses a baseline with too little speech to trust, saying how much it holds and needs. */
export function assertBaselineSeconds(seconds: number): void {
  if (seconds < MIN_BASELINE_SECONDS) {
    throw new VoiceProfileError(`The baseline holds ${seconds.toFixed(0)} s of speech; it needs at least ${MIN_BASELINE_SECONDS} s (about 30 s reads best)`);
  }
}

/** The mean of windows' statistics. */
export function meanStatistics(stats: readonly ArrayLike<number>[]): number[] {
  if (stats.length === 0) throw new VoiceProfileError('No speech to learn the voice from');
  const mean = new Array<number>(stats[0].length).fill(0);
  for (const s of stats) for (let i = 0; i < mean.length; i++) mean[i] += s[i] / stats.length;
  return mean;
}

/** Speech heard without labels, as a profile keeps it. */
export function speechSummary(stats: readonly ArrayLike<number>[], seconds: number): SpeechSummary {
  return { mean: meanStatistics(stats), windows: stats.length, seconds };
}

/** Two summaries of one speaker's speech as one (a running mean, weighted by windows). */
export function mergeSpeech(a: SpeechSummary | undefined, b: SpeechSummary): SpeechSummary {
  if (!a) return b;
  const windows = a.windows + b.windows;
  return { mean: a.mean.map((m, i) => (m * a.windows + b.mean[i] * b.windows) / windows), windows, seconds: a.seconds + b.seconds };
}

/** The general model's 7 emotion log-probabilities of a window (genders summed). */
export function emotionLogits(probs: ArrayLike<number>): Float64Array {
  const byEmotion = emotionProbabilities(probs);
  return Float64Array.from(EMOTIONS, (e) => Math.log(Math.max(byEmotion[e], 1e-8)));
}

/** A window's statistics relative to the speaker's centre, in units of the training spread. */
function centred(stats: ArrayLike<number>, mean: readonly number[], scale: readonly number[]): Float64Array {
  return Float64Array.from(scale, (s, i) => (stats[i] - mean[i]) / s);
}

/** How one profile reads a window: its centre, its voice head (and weight), and a taught head if any. */
export interface VoiceReader {
  readonly centre: Centre;
  readonly mean: readonly number[];
  readonly scale: readonly number[];
  readonly head: Linear;
  readonly headWeight: number;
  readonly taught?: Linear;
  /** Applied to the adapted probabilities (see `VoiceModel.temperatures`). */
  readonly temperature: number;
}

/** The 7 adapted emotion logits of a window. */
export function readerLogits(reader: VoiceReader, probs: ArrayLike<number>, stats: ArrayLike<number>): Float64Array {
  const z = centred(stats, reader.mean, reader.scale);
  const logits = emotionLogits(probs);
  const head = logSoftmaxInPlace(addAffine(z, reader.head, new Float64Array(EMOTIONS.length)));
  for (let k = 0; k < logits.length; k++) logits[k] += reader.headWeight * head[k];
  return reader.taught ? addAffine(z, reader.taught, logits) : logits;
}

function taughtReader(voice: VoiceModel, clips: readonly VoiceClip[]): VoiceReader {
  const windows = clips.flatMap((c) => c.windows.map((w) => ({ w, label: EMOTIONS.indexOf(c.emotion) })));
  const mean = meanStatistics(windows.map(({ w }) => w.stats));
  const prior: VoiceReader = {
    centre: 'mixed',
    mean,
    scale: voice.scale,
    head: headLinear(voice),
    headWeight: voice.weights.taught,
    temperature: voice.temperatures.taught,
  };
  const taught = fitSoftmax(
    {
      x: windows.map(({ w }) => centred(w.stats, mean, voice.scale)),
      offsets: windows.map(({ w }) => readerLogits(prior, w.probs, w.stats)),
      labels: windows.map(({ label }) => label),
      classes: EMOTIONS.length,
    },
    TAUGHT_FIT,
  );
  return { ...prior, taught };
}

/** A clip's answer: the emotion whose mean probability over its windows is the highest. */
function clipAnswer(windows: readonly VoiceWindow[], logitsOf: (w: VoiceWindow) => Float64Array): number {
  const mean = new Float64Array(EMOTIONS.length);
  for (const w of windows) softmaxInPlace(logitsOf(w)).forEach((p, k) => (mean[k] += p));
  return mean.indexOf(Math.max(...mean));
}

/** Leave-one-out hit rates on the taught clips: each clip read by a profile fitted without it. */
function leaveOneOut(voice: VoiceModel, clips: readonly VoiceClip[]): NonNullable<VoiceFit['check']> {
  let profile = 0;
  let general = 0;
  clips.forEach((clip, i) => {
    const others = clips.filter((_, j) => j !== i);
    const reader = taughtReader(voice, others);
    const truth = EMOTIONS.indexOf(clip.emotion);
    if (clipAnswer(clip.windows, (w) => readerLogits(reader, w.probs, w.stats)) === truth) profile++;
    if (clipAnswer(clip.windows, (w) => emotionLogits(w.probs)) === truth) general++;
  });
  return { clips: clips.length, profile: profile / clips.length, general: general / clips.length };
}

/** The emotions with no taught clip: a taught profile seldom answers them (its head learned none of them). */
export function missingEmotions(profile: Pick<VoiceProfile, 'clips'>): Emotion[] {
  return EMOTIONS.filter((e) => !profile.clips.some((c) => c.emotion === e));
}

/**
 * Fits a profile to what it holds: with taught clips, their centre and a head fitted on them (checked
 * leave-one-out, unless `check` is false: a refit per clip); else a calm baseline's centre; else all its
 * unlabelled speech's. Throws, saying what is missing, when it holds no speech to learn from or a baseline
 * too short to trust.
 */
export function fitVoiceProfile(profile: VoiceProfile, voice: VoiceModel, { check = true } = {}): VoiceProfile {
  const { clips, baseline, unlabelled } = profile;
  let fit: VoiceFit;
  if (clips.length > 0) {
    if (new Set(clips.map((c) => c.emotion)).size < 2) {
      throw new VoiceProfileError(`Teach it at least two emotions: it has clips of ${clips[0].emotion} only`);
    }
    const reader = taughtReader(voice, clips);
    fit = {
      centre: 'mixed',
      mean: [...reader.mean],
      taught: { weights: Array.from(reader.taught!.weights), bias: Array.from(reader.taught!.bias) },
      check: check && clips.length > 1 ? leaveOneOut(voice, clips) : undefined,
    };
  } else if (baseline) {
    assertBaselineSeconds(baseline.seconds);
    // The centre of all the speaker's speech, estimated from their calm speech.
    fit = { centre: 'calm', mean: baseline.mean.map((m, i) => m + voice.calmOffset[i]) };
  } else if (unlabelled) {
    fit = { centre: 'mixed', mean: unlabelled.mean };
  } else {
    throw new VoiceProfileError('The profile has no speech yet: record a calm baseline or teach it a few clips');
  }
  return { ...profile, fit };
}

/** The reader of a fitted profile. */
export function voiceReader(fit: VoiceFit, voice: VoiceModel): VoiceReader {
  const inputs = voice.scale.length;
  if (fit.mean.length !== inputs) throw new VoiceProfileError(`The profile's statistics have ${fit.mean.length} values; the model reads ${inputs}`);
  const taught = fit.taught && { inputs, outputs: EMOTIONS.length, weights: Float64Array.from(fit.taught.weights), bias: Float64Array.from(fit.taught.bias) };
  if (taught && taught.weights.length !== inputs * EMOTIONS.length) throw new VoiceProfileError("The profile's taught head has the wrong shape");
  return {
    centre: fit.centre,
    mean: fit.mean,
    scale: voice.scale,
    head: headLinear(voice),
    headWeight: taught ? voice.weights.taught : voice.weights[fit.centre],
    taught,
    temperature: taught ? voice.temperatures.taught : voice.temperatures[fit.centre],
  };
}

/**
 * A window's 14 class probabilities as the profile reads them: the 7 emotions adapted, each emotion's
 * split between the genders kept as the general model gave it (the profile knows nothing of gender), at
 * the reader's temperature.
 */
export function adaptWindow(reader: VoiceReader, probs: ArrayLike<number>, stats: ArrayLike<number>): Float32Array {
  const adapted = softmaxInPlace(readerLogits(reader, probs, stats));
  const out = new Float32Array(probs.length);
  EMOTIONS.forEach((_, e) => {
    const female = probs[e];
    const male = probs[e + EMOTIONS.length];
    const share = female + male > 0 ? female / (female + male) : 0.5;
    out[e] = adapted[e] * share;
    out[e + EMOTIONS.length] = adapted[e] * (1 - share);
  });
  return withTemperature(out, reader.temperature);
}
