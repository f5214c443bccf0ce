import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clip } from '../data/corpora';
import { type Dataset, scanDataset } from '../data/scan';
import { type SplitPlan, extendSplit, planSplit, splitPlanSchema } from '../data/split';
import type { TrainingWay } from '../eval/headline';
import { countTable } from '../eval/report';
import { parseJsonFile, readIfExists } from '../files';
import { SHIPPED_RECIPE } from '../recipe';
import type { TrainingOptions } from './options';

/** Keeps every k-th clip of each corpus so that at most `limit` remain per corpus (smoke runs). */
function limitClips(clips: Clip[], limit: number): Clip[] {
  const byCorpus = new Map<string, Clip[]>();
  for (const c of clips) byCorpus.set(c.corpus, [...(byCorpus.get(c.corpus) ?? []), c]);
  return [...byCorpus.values()].flatMap((list) => {
    const step = Math.max(1, Math.floor(list.length / limit));
    return list.filter((_, i) => i % step === 0).slice(0, limit);
  });
}

async function loadOrPlanSplit(dataset: Dataset, options: TrainingOptions, splitFile: string): Promise<SplitPlan> {
  const saved = options.newSplit ? null : await readIfExists(splitFile);
  if (saved !== null) {
    const { plan, added } = extendSplit(parseJsonFile(splitFile, saved, splitPlanSchema), dataset.clips);
    if (added.length) {
      await writeSplit(plan, splitFile);
      console.error(`Split: ${splitFile} extended to the strata it did not know (${added.join(', ')}); its other groups stay where they were`);
    }
    console.error(`Split: ${splitFile} (${plan.test.length} test and ${plan.val.length} validation groups)`);
    return plan;
  }
  const plan = planSplit(dataset.clips, options.seed);
  await writeSplit(plan, splitFile);
  console.error(`Split: planned and written to ${splitFile}`);
  return plan;
}

async function writeSplit(plan: SplitPlan, splitFile: string): Promise<void> {
  const record = {
    seed: plan.seed,
    rule: 'whole groups (speakers; TESS words) per corpus and gender: ~20% test, ~10% validation, rest training; augmented copies only in training',
    test: plan.test,
    val: plan.val,
  };
  await mkdir(path.dirname(splitFile), { recursive: true });
  await writeFile(splitFile, `${JSON.stringify(record, null, 2)}\n`);
}

/** How this run trains: what a crossval report records, and what `train` checks a report against. */
export function trainingWay(options: TrainingOptions, trainedOn: Dataset): TrainingWay {
  return {
    refit: Boolean(options.refit),
    corpora: [...new Set(trainedOn.clips.map((c) => c.corpus))].sort(),
    share: { ...options.share },
    frontEnd: options.frontEnd,
    crops: Boolean(options.crops),
    bandLimit: options.bandLimit ?? 0,
    loss: options.loss ?? 'crossentropy',
  };
}

/** Scans the data, prints its count table (unless `report` is off: a member trained in its own process), and loads the committed split (or plans and writes one). */
export async function loadData(options: TrainingOptions, report = true): Promise<{ dataset: Dataset; plan: SplitPlan; leftOut: Clip[] }> {
  const dataset = await scanDataset(options.data);
  if (options.limit) dataset.clips = limitClips(dataset.clips, options.limit);
  if (dataset.clips.length === 0) throw new Error(`${options.data}: no labelled clips found`);
  if (report) {
    console.log(`Clips per class and corpus (${dataset.clips.length} clips; ${dataset.skipped.length} files skipped):\n`);
    console.log(`${countTable(dataset.clips)}\n`);
  }
  const splitFile = options.limit ? path.join(options.runs, 'split.json') : options.split;
  // The split knows every corpus found, trained on or not, so that its held-out speakers never move.
  const plan = await loadOrPlanSplit(dataset, options, splitFile);
  const chosen = chooseCorpora(dataset.clips, options.corpora, report);
  const trainedOn = (c: Clip) => chosen.has(c.corpus);
  return { dataset: { ...dataset, clips: dataset.clips.filter(trainedOn) }, plan, leftOut: dataset.clips.filter((c) => !trainedOn(c)) };
}

/** The corpora asked for (`--corpora`), or every corpus found but those the shipped recipe leaves out; says which are left out. */
function chooseCorpora(clips: Clip[], corpora: string[] | undefined, report: boolean): Set<string> {
  const found = [...new Set(clips.map((c) => c.corpus))].sort();
  const missing = (corpora ?? []).filter((k) => !found.includes(k));
  if (missing.length) throw new Error(`No clips of ${missing.join(', ')} (found: ${found.join(', ')})`);
  const chosen = corpora ?? found.filter((k) => !SHIPPED_RECIPE.excludedCorpora.includes(k));
  const left = found.filter((k) => !chosen.includes(k));
  if (report && left.length)
    console.log(`Trained on ${chosen.join(', ')}; left out: ${left.join(', ')}${corpora ? '' : ' (the shipped recipe; --corpora to choose)'}\n`);
  return new Set(chosen);
}
