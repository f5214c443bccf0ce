import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { type CalibrationSample, clipEmotions, expectedCalibrationError, fitTemperature } from '../../src/core/calibration';
import type { Clip } from '../data/corpora';
import { parseJsonFile, readIfExists } from '../files';
import type { Sample } from '../model/calibrate';

/**
 * The window probabilities that cross-validation's models gave the folded corpus's clips, each from the
 * fold that held its speaker out: speakers no model of theirs had heard, to calibrate the shipped recipe on.
 */
const windowsFileSchema = z.object({
  corpus: z.string(),
  recipes: z.record(z.string(), z.array(z.object({ path: z.string(), group: z.string(), emotion: z.number().int(), windows: z.array(z.array(z.number())) }))),
});

type WindowsFile = z.infer<typeof windowsFileSchema>;
export type HeldOutClip = WindowsFile['recipes'][string][number];

/** The file beside a crossval report (`CROSSVAL.md` → `CROSSVAL-windows.json`). */
export const windowsFileOf = (report: string) => report.replace(/(\.md|\.json)$/, '') + '-windows.json';

export function heldOutClips(samples: readonly Sample[], clips: readonly Clip[], corpus: string): HeldOutClip[] {
  return samples
    .filter((s) => s.corpus === corpus)
    .map((s) => ({
      path: clips[s.clip].path,
      group: clips[s.clip].group,
      emotion: s.emotion,
      // Four significant digits keep the file small and change no probability the app shows.
      windows: s.windows.map((w) => Array.from(w, (p) => Number(p.toPrecision(4)))),
    }));
}

export async function writeWindowsFile(file: string, corpus: string, recipes: Map<string, HeldOutClip[]>): Promise<void> {
  const content: WindowsFile = { corpus, recipes: Object.fromEntries(recipes) };
  await writeFile(file, `${JSON.stringify(content)}\n`);
}

/** A recipe's held-out clips from a crossval report's windows file; empty when the file or recipe is absent. */
export async function heldOutOf(report: string, recipe: string): Promise<HeldOutClip[]> {
  const file = windowsFileOf(report);
  const text = await readIfExists(file);
  return text === null ? [] : (parseJsonFile(file, text, windowsFileSchema).recipes[recipe] ?? []);
}

/**
 * A recipe's held-out clips, leaving out `excludedGroups` (the committed test speakers, whose figures must
 * stay untouched); empty when the file or recipe is absent.
 */
export async function crossvalSamples(report: string, recipe: string, excludedGroups: ReadonlySet<string>): Promise<CalibrationSample[]> {
  const clips = await heldOutOf(report, recipe);
  return clips.filter((c) => !excludedGroups.has(c.group)).map((c) => ({ emotion: c.emotion, windows: c.windows.map((w) => Float32Array.from(w)) }));
}

/** What a crossval JSON report says of its folds: the corpus folded, and each recipe's test speakers per fold. */
export const crossvalFoldsSchema = z.object({
  options: z.object({ corpus: z.string() }),
  recipes: z.array(z.object({ recipe: z.string(), folds: z.array(z.object({ fold: z.number().int(), test: z.array(z.string()) })) })),
});

/** Cross-validated calibration of a recipe: each fold's clips at a temperature fitted on the other folds. */
export interface CrossvalCalibration {
  n: number;
  /** ECE (15 bins, top-1) of all held-out clips, at T = 1 and at their folds' fitted temperatures. */
  before: number;
  after: number;
}

function ece(samples: readonly CalibrationSample[], temperatures: readonly number[]): number {
  const answers = samples.map((s, i) => {
    const p = clipEmotions(s.windows, temperatures[i]);
    const top = p.indexOf(Math.max(...p));
    return { confidence: p[top], correct: top === s.emotion };
  });
  return expectedCalibrationError(
    answers.map((a) => a.confidence),
    answers.map((a) => a.correct),
  );
}

/**
 * How well the temperature fitting calibrates speakers it has not seen, over every speaker of the folded
 * corpus: on 1,200 clips rather than the test split's few hundred, whose ECE is mostly sampling noise.
 * Each fold's temperature is fitted as `train` fits the shipped one: on the other folds, with `leftOut`
 * (clips of corpora left out of training) weighing as much. Undefined when the report lacks the recipe's windows.
 */
export async function crossvalCalibration(
  report: string,
  recipe: string,
  leftOut: readonly CalibrationSample[] = [],
): Promise<CrossvalCalibration | undefined> {
  const [windowsText, reportText] = await Promise.all([readIfExists(windowsFileOf(report)), readIfExists(report)]);
  if (windowsText === null || reportText === null) return undefined;
  const clips = parseJsonFile(windowsFileOf(report), windowsText, windowsFileSchema).recipes[recipe];
  const folds = parseJsonFile(report, reportText, crossvalFoldsSchema).recipes.find((r) => r.recipe === recipe)?.folds;
  if (!clips?.length || !folds?.length) return undefined;
  const samples = clips.map((c) => ({ group: c.group, emotion: c.emotion, windows: c.windows.map((w) => Float32Array.from(w)) }));
  const temperatures = new Array<number>(samples.length).fill(1);
  for (const { test } of folds) {
    const inFold = new Set(test);
    const fitted = fitTemperature([samples.filter((s) => !inFold.has(s.group)), leftOut]);
    samples.forEach((s, i) => {
      if (inFold.has(s.group)) temperatures[i] = fitted;
    });
  }
  return {
    n: samples.length,
    before: ece(
      samples,
      samples.map(() => 1),
    ),
    after: ece(samples, temperatures),
  };
}
