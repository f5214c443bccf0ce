// The browser build carries its own Buffer polyfill; it runs the same in Node.
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { ClipResult } from './classify';
import { EMOTIONS, emotionProbabilities, genderProbabilities } from './labels';
import { readout } from './readout';
import { answerOf, utteranceSummary, utterancesOf } from './utterances';

/**
 * Results as files people can open elsewhere: the page's exports and `npm run classify` write them
 * through here, so the two agree column for column.
 */

/** One recording's outcome: a result, or why there is none. */
export interface ClipRecord {
  file: string;
  /** `done`, `no-speech` (nothing to classify in it) or `error`. */
  status: string;
  duration?: number;
  result?: ClipResult;
  error?: string;
  /** The voice profile its answers were read with (none: the general model's, for any voice). */
  voiceProfile?: string;
}

/** Who made the numbers: goes into the JSON, so a result can be traced to its model and app. */
export interface Provenance {
  app: string;
  model: string;
  featureConfigVersion: number;
  uncertainBelow: number;
  exportedAt: string;
}

/** The provenance of results from `app` with a model of this metadata, made now. */
export function provenanceOf(
  app: string,
  model: { architecture: string; trainedAt: string; codeVersion: string },
  featureConfigVersion: number,
  uncertainBelow: number,
): Provenance {
  return {
    app,
    model: `${model.architecture}, trained ${model.trainedAt} from ${model.codeVersion}`,
    featureConfigVersion,
    uncertainBelow,
    exportedAt: new Date().toISOString(),
  };
}

const fixed = (v: number | undefined, digits = 4) => (v === undefined ? '' : v.toFixed(digits));

/** The recording's answer as the page shows it (by utterance): an emotion or "uncertain", with its confidence. */
function answer(result: ClipResult, uncertainBelow: number) {
  const r = utteranceSummary(result, uncertainBelow).overall;
  return { emotion: r.emotion ?? 'uncertain', confidence: r.confidence };
}

const EMOTION_COLUMNS = EMOTIONS.map((e) => `p_${e}`);

/** One row per recording: status, duration, answer, the seven probabilities, gender, error. */
export function clipsCsv(records: readonly ClipRecord[], uncertainBelow: number): string {
  const header = ['file', 'status', 'duration_s', 'emotion', 'confidence', ...EMOTION_COLUMNS, 'gender', 'p_female', 'voice_profile', 'error'];
  const rows = records.map(({ file, status, duration, result, error, voiceProfile }) => {
    const a = result && answer(result, uncertainBelow);
    return [
      file,
      status,
      fixed(duration, 2),
      a?.emotion ?? '',
      fixed(a?.confidence),
      ...EMOTIONS.map((e) => fixed(result?.emotions[e])),
      result?.topGender ?? '',
      fixed(result?.gender.female),
      voiceProfile ?? '',
      error ?? '',
    ];
  });
  return stringify([header, ...rows]);
}

/** One row per analysed 3 s window of every recording, in seconds from the recording's start. */
export function windowsCsv(records: readonly ClipRecord[], uncertainBelow: number): string {
  const header = ['file', 'start_s', 'end_s', 'emotion', 'confidence', ...EMOTION_COLUMNS, 'gender', 'p_female'];
  const rows = records.flatMap(({ file, result }) =>
    (result?.windows ?? []).map((w) => {
      const emotions = emotionProbabilities(w.probs);
      const gender = genderProbabilities(w.probs);
      const r = readout(emotions, uncertainBelow);
      const a = { emotion: r.emotion ?? 'uncertain', confidence: r.confidence };
      return [
        file,
        fixed(w.start, 2),
        fixed(w.end, 2),
        a.emotion,
        fixed(a.confidence),
        ...EMOTIONS.map((e) => fixed(emotions[e])),
        gender.female >= 0.5 ? 'female' : 'male',
        fixed(gender.female),
      ];
    }),
  );
  return stringify([header, ...rows]);
}

/** Everything, with named fields, and the app, model and feature version that produced it. */
export function resultsJson(records: readonly ClipRecord[], provenance: Provenance): string {
  const recordings = records.map(({ file, status, duration, result, error, voiceProfile }) => ({
    file,
    status,
    ...(voiceProfile && { voiceProfile }),
    ...(error && { error }),
    ...(duration !== undefined && { durationSeconds: duration }),
    ...(result && {
      ...answer(result, provenance.uncertainBelow),
      emotions: result.emotions,
      gender: result.gender,
      ...(result.speech && { speech: { detectedSeconds: result.speech.detectedSeconds, classifiedSeconds: result.speech.classifiedSeconds } }),
      utterances: utterancesOf(result, provenance.uncertainBelow).map((u) => ({ start: u.start, end: u.end, emotion: answerOf(u), confidence: u.confidence })),
      windows: result.windows.map((w) => ({
        startSeconds: w.start,
        endSeconds: w.end,
        emotions: emotionProbabilities(w.probs),
        gender: genderProbabilities(w.probs),
      })),
    }),
  }));
  return `${JSON.stringify({ ...provenance, recordings }, null, 2)}\n`;
}
