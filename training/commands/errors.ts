import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FEATURE_CONFIG } from '../../src/core/config';
import { EMOTIONS } from '../../src/core/labels';
import { toModelInput } from '../../src/core/pipeline';
import { rms, toDb } from '../../src/core/signal';
import { soundIslands } from '../../src/core/windows';
import { decodeFile } from '../data/decode';
import { crossvalFoldsSchema, heldOutOf } from '../eval/crossval-windows';
import { type ScoredClip, clipProbabilities, crossFittedDecisions, metricsOf, recallBy, terciles } from '../eval/errors';
import { computeMetrics } from '../eval/metrics';
import { markdownTable } from '../eval/report';
import { parseJsonFile, readIfExists } from '../files';
import { progressBar } from '../progress';

export interface ErrorsOptions {
  report: string;
  recipe: string;
  /** The corpora's folder: with it, each clip's speech level and length are measured too. */
  data?: string;
  out: string;
}

const SAD = EMOTIONS.indexOf('sad');
const HAPPY = EMOTIONS.indexOf('happy');
const fixed = (v: number | null) => (v === null ? '–' : v.toFixed(2));

/** What a RAVDESS name says beyond the emotion: the intensity the actor was asked for, and the sentence. */
function ravdessFactors(file: string): Record<string, string> {
  const parts = path.basename(file).split('.')[0].split('-');
  if (parts.length !== 7) return {};
  return { intensity: parts[3] === '02' ? 'strong' : 'normal', statement: parts[4] === '01' ? '"Kids are talking…"' : '"Dogs are sitting…"' };
}

/** A clip's speech level (dBFS over its sound) and length (seconds of sound), as the app finds its sound. */
async function levelAndLength(file: string): Promise<{ level: number; seconds: number }> {
  const { channels, sampleRate } = await decodeFile(file);
  const signal = await toModelInput(channels, sampleRate, FEATURE_CONFIG);
  const islands = soundIslands(signal, FEATURE_CONFIG);
  const samples = islands.reduce((n, s) => n + s.end - s.start, 0);
  const energy = islands.reduce((sum, s) => sum + rms(signal, s.start, s.end) ** 2 * (s.end - s.start), 0);
  return { level: toDb(Math.sqrt(energy / Math.max(1, samples))), seconds: samples / FEATURE_CONFIG.sampleRate };
}

async function scoredClips(options: ErrorsOptions, recipe: string): Promise<ScoredClip[]> {
  const held = await heldOutOf(options.report, recipe);
  if (held.length === 0) throw new Error(`${options.report}: no held-out windows of ${recipe} beside it`);
  return held.map((c) => {
    const gender = Number(c.group.split(':')[1]) % 2 === 1 ? 'male' : 'female';
    return {
      emotion: c.emotion,
      group: c.group,
      probs: clipProbabilities(c.windows),
      factors: { speaker: c.group, gender, ...ravdessFactors(c.path), path: c.path },
    };
  });
}

/** Adds speech level and length terciles to each clip's factors (decoding every clip). */
async function addLevels(clips: ScoredClip[], data: string): Promise<string[]> {
  const bar = progressBar('levels');
  const measured: { level: number; seconds: number }[] = [];
  for (const [i, c] of clips.entries()) {
    measured.push(await levelAndLength(path.join(data, c.factors.path)));
    bar.update(i + 1, clips.length);
  }
  bar.stop();
  const level = terciles(measured.map((m) => m.level));
  const length = terciles(measured.map((m) => m.seconds));
  clips.forEach((c, i) => {
    c.factors.level = level.label(measured[i].level);
    c.factors.length = length.label(measured[i].seconds);
  });
  return [
    `Speech level terciles cut at ${level.cuts.map((v) => v.toFixed(1)).join(' and ')} dBFS; length terciles at ${length.cuts.map((v) => v.toFixed(2)).join(' and ')} s of sound.`,
  ];
}

function byFactorTable(clips: readonly ScoredClip[], factor: string): string {
  const rows = recallBy(clips, factor).map((r) => [r.level, r.n, r.uar.toFixed(3), ...r.recall.map(fixed)]);
  return markdownTable([factor, 'clips', 'UAR', ...EMOTIONS], rows);
}

/** Where an emotion's clips go: the share of its clips given each emotion. */
function confusionRow(clips: readonly ScoredClip[], emotion: number): (string | number)[] {
  const m = metricsOf(clips);
  const row = m.confusion[emotion];
  const n = row.reduce((a, b) => a + b, 0);
  return [EMOTIONS[emotion], n, ...row.map((v) => fixed(v / n))];
}

/**
 * Why sad and happy fail on unseen speakers: a crossval's held-out clips broken down by speaker, gender,
 * intensity, sentence, level and length; each recipe's recall of them; and what a per-emotion decision bias,
 * fitted on the other folds, would give (`npm run crossval:errors`).
 */
export async function errorsCommand(options: ErrorsOptions): Promise<void> {
  const text = await readIfExists(options.report);
  if (text === null) throw new Error(`${options.report}: no such crossval report`);
  const report = parseJsonFile(options.report, text, crossvalFoldsSchema);
  const notes: string[] = [];
  const shipped = await scoredClips(options, options.recipe);
  if (options.data) notes.push(...(await addLevels(shipped, options.data)));
  const recipeRows: (string | number)[][] = [];
  let biases: number[][] = [];
  for (const { recipe, folds } of report.recipes) {
    const clips = recipe === options.recipe ? shipped : await scoredClips(options, recipe);
    const plain = metricsOf(clips);
    const decided = crossFittedDecisions(
      clips,
      folds.map((f) => f.test),
    );
    if (recipe === options.recipe) biases = decided.biases;
    const biased = computeMetrics(
      clips.map((c) => c.emotion),
      decided.predicted,
      EMOTIONS,
    );
    recipeRows.push([
      recipe,
      clips.length,
      plain.uar.toFixed(3),
      fixed(plain.perClass[SAD].recall),
      fixed(plain.perClass[HAPPY].recall),
      biased.uar.toFixed(3),
      fixed(biased.perClass[SAD].recall),
      fixed(biased.perClass[HAPPY].recall),
    ]);
  }
  const folds = report.recipes.find((r) => r.recipe === options.recipe)?.folds ?? [];
  const factors = ['gender', 'intensity', 'statement', ...(options.data ? ['level', 'length'] : []), 'speaker'];
  const out = [
    `# Why sad and happy fail: ${options.recipe} on ${report.options.corpus}'s held-out speakers`,
    '',
    `Every clip that a fold of \`${options.report}\` held out, with the probabilities of the fold model that never heard its speaker`,
    '(T = 1, genders summed, the mean of its windows as the app reads it).',
    '',
    '## Where sad and happy go',
    '',
    markdownTable(['truth', 'clips', ...EMOTIONS], [confusionRow(shipped, SAD), confusionRow(shipped, HAPPY)]),
    '',
    '## Recall by factor',
    '',
    ...notes,
    '',
    ...factors.flatMap((f) => [byFactorTable(shipped, f), '']),
    '## Each recipe, and a decision bias fitted on the other folds',
    '',
    "A per-emotion bias on the log-probabilities (neutral held at 0), fitted for UAR on the other folds' clips and applied to",
    "each fold's own: what a prior correction could give a recipe without retraining.",
    '',
    markdownTable(['recipe', 'clips', 'UAR', 'sad', 'happy', 'UAR, biased', 'sad, biased', 'happy, biased'], recipeRows),
    '',
    `${options.recipe}'s biases by fold (${EMOTIONS.join(', ')}):`,
    '',
    ...biases.map((b, i) => `- fold ${folds[i].fold}: ${b.map((v) => v.toFixed(1)).join(', ')}`),
    '',
  ].join('\n');
  console.log(out);
  await mkdir(path.dirname(options.out), { recursive: true });
  await writeFile(options.out, out);
  console.log(`Written to ${options.out}`);
}
