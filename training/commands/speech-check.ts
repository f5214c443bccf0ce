import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { FEATURE_CONFIG } from '../../src/core/config';
import { errorMessage } from '../../src/core/errors';
import { toModelInput } from '../../src/core/pipeline';
import { MIN_WINDOW_SPEECH_SECONDS, frameProbabilities, speechSecondsOf } from '../../src/core/speech';
import { NON_SPEECH, nonSpeech } from '../../src/core/testing/non-speech';
import { soundIslands, windowSpans } from '../../src/core/windows';
import { decodeFile } from '../data/decode';
import { scanDataset } from '../data/scan';
import { markdownTable } from '../eval/report';
import { progressBar } from '../progress';
import { loadSpeechDetector } from '../speech';

/** Minimum speech per window compared in the report; the shipped one is MIN_WINDOW_SPEECH_SECONDS. */
const CANDIDATES = [0.1, MIN_WINDOW_SPEECH_SECONDS, 0.5, 1];
const LEVELS_DB = [-20, -40];
const SOUND_SECONDS = 30;

/** Seconds of speech in each model window of a signal (none when no window is above the silence floor). */
async function windowSpeech(signal: Float32Array): Promise<number[]> {
  const spans = windowSpans(signal, FEATURE_CONFIG);
  return spans.length ? speechSecondsOf(await frameProbabilities(await loadSpeechDetector(), signal, soundIslands(signal, FEATURE_CONFIG)), spans) : [];
}

/** Most speech in any window of a signal (0 when no window is above the silence floor). */
const mostSpeech = async (signal: Float32Array) => Math.max(0, ...(await windowSpeech(signal)));

const share = (values: number[], threshold: number) => {
  const n = values.filter((v) => v < threshold).length;
  return `${n} (${((100 * n) / values.length).toFixed(1)}%)`;
};

/**
 * Measures the speech detector as the app uses it: how many clips of the corpora it would refuse (false
 * rejects: every clip is acted speech) and how many generated non-speech sounds it would classify
 * (false accepts), for the shipped minimum of speech per window and its neighbours.
 */
export async function speechCheckCommand(opts: { data: string; out: string }): Promise<void> {
  const dataset = await scanDataset(opts.data);
  if (dataset.clips.length === 0) throw new Error(`${opts.data}: no labelled clips to check`);
  const byCorpus = new Map<string, number[]>();
  const failed: string[] = [];
  const bar = progressBar('speech');
  let audioSeconds = 0;
  const started = performance.now();
  for (const [i, clip] of dataset.clips.entries()) {
    try {
      const audio = await decodeFile(path.resolve(dataset.root, clip.path));
      const signal = await toModelInput(audio.channels, audio.sampleRate, FEATURE_CONFIG);
      audioSeconds += signal.length / FEATURE_CONFIG.sampleRate;
      const values = byCorpus.get(clip.corpus) ?? [];
      values.push(await mostSpeech(signal));
      byCorpus.set(clip.corpus, values);
    } catch (error) {
      failed.push(`${clip.path}: ${errorMessage(error)}`);
    }
    bar.update(i + 1, dataset.clips.length);
  }
  bar.stop();
  const rate = audioSeconds / ((performance.now() - started) / 1000);
  const corpora = [...byCorpus.keys()].sort();
  const all = corpora.flatMap((k) => byCorpus.get(k)!);
  const rejectRows = [
    ...corpora.map((k) => [k, byCorpus.get(k)!.length, ...CANDIDATES.map((t) => share(byCorpus.get(k)!, t))]),
    ['all', all.length, ...CANDIDATES.map((t) => share(all, t))],
  ];

  const soundRows: (string | number)[][] = [];
  for (const name of Object.keys(NON_SPEECH)) {
    for (const db of LEVELS_DB) {
      const signal = nonSpeech(name, SOUND_SECONDS, FEATURE_CONFIG.sampleRate).map((v) => v * 10 ** ((db + 20) / 20));
      const seconds = await windowSpeech(signal);
      soundRows.push([name, db, seconds.length, ...CANDIDATES.map((t) => seconds.filter((s) => s >= t).length)]);
    }
  }
  const header = (t: number) => (t === MIN_WINDOW_SPEECH_SECONDS ? `**≥ ${t} s (shipped)**` : `≥ ${t} s`);
  const text = [
    '# Speech detection: what it refuses and what it lets through',
    '',
    `Written by \`npm run speech-check\`. Silero VAD v5 on 32 ms frames; a 3 s model window is classified when it holds`,
    'at least the minimum of speech frames below, and a recording with no such window gets "no speech found".',
    '',
    '## False rejects: acted-speech clips with no window classified',
    '',
    'Every clip of the corpora is speech, so every refusal is a miss.',
    '',
    markdownTable(['corpus', 'clips', ...CANDIDATES.map((t) => `refused at ${header(t)}`)], rejectRows),
    '',
    `## False accepts: windows of generated non-speech classified (${SOUND_SECONDS} s each)`,
    '',
    'Sounds from `src/core/testing/non-speech.ts`, at a normal (-20 dBFS RMS) and a quiet (-40 dBFS) level. A window',
    'that passes the silence floor is a candidate; the columns count those the detector lets through.',
    '',
    markdownTable(['sound', 'level dBFS', 'windows over the floor', ...CANDIDATES.map((t) => `classified at ${header(t)}`)], soundRows),
    '',
    `Speech detection ran at ${rate.toFixed(0)}x real time here (decoding and resampling included, one thread).`,
    ...(failed.length ? ['', `## Clips not read (${failed.length})`, '', ...failed.map((f) => `- ${f}`)] : []),
    '',
  ].join('\n');
  await writeFile(opts.out, text);
  console.log(`${text}\nWritten to ${opts.out}`);
}
