import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CalibrationSample } from '../../src/core/calibration';
import type { Clip } from '../data/corpora';
import { parseJsonFile, readIfExists } from '../files';
import type { Sample } from '../model/calibrate';

/**
 * The window probabilities that cross-validation's models gave the folded corpus's clips, each from the
 * fold that held its speaker out: speakers no model of theirs had heard, to calibrate the shipped recipe on.
 */
const windowsFileSchema = z.object({
  corpus: z.string(),
  recipes: z.record(
    z.string(),
    z.array(z.object({ path: z.string(), group: z.string(), emotion: z.number().int(), windows: z.array(z.array(z.number())) })),
  ),
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

/**
 * A recipe's held-out clips from a crossval report's windows file, leaving out `excludedGroups` (the
 * committed test speakers, whose figures must stay untouched); empty when the file or recipe is absent.
 */
export async function crossvalSamples(report: string, recipe: string, excludedGroups: ReadonlySet<string>): Promise<CalibrationSample[]> {
  const file = windowsFileOf(report);
  const text = await readIfExists(file);
  if (text === null) return [];
  const clips = parseJsonFile(file, text, windowsFileSchema).recipes[recipe] ?? [];
  return clips.filter((c) => !excludedGroups.has(c.group)).map((c) => ({ emotion: c.emotion, windows: c.windows.map((w) => Float32Array.from(w)) }));
}
