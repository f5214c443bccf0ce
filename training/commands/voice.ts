import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { modelMetadataSchema } from '../../src/core/model';
import { scanDataset } from '../data/scan';
import { splitOf, splitPlanSchema } from '../data/split';
import { markdownTable } from '../eval/report';
import { parseJsonFile } from '../files';
import { progressBar } from '../progress';
import { SHIPPED_RECIPE } from '../recipe';
import { loadSpeechDetector } from '../speech';
import { loadEmotionModel } from '../tf/load';
import { prepareCrossvalAdaptation, scoreCrossvalAdaptation } from '../voice/crossval-adapt';
import { type HeadWeights, HEAD_WEIGHTS, fitVoiceHeads } from '../voice/heads';
import { type AdaptMode, adaptModeName } from '../voice/simulate';
import { speakerWindows } from '../voice/speakers';
import { readVoiceClips } from '../voice/windows';

export interface CrossvalAdaptOptions {
  report: string;
  recipe: string;
  data: string;
  split: string;
  model: string;
  cache: string;
  adapt: AdaptMode[];
  adaptSeed: number[];
  weights?: HeadWeights;
}

/**
 * The folded corpus's held-out speakers of a crossval run, adapted by each mode: per-fold voice heads
 * fitted on the fold's training speakers, the fold's own window probabilities; UAR per seed and their mean.
 */
export async function crossvalAdaptCommand(opts: CrossvalAdaptOptions): Promise<void> {
  const model = await loadEmotionModel(opts.model);
  const dataset = await scanDataset(opts.data);
  const saved = parseJsonFile(opts.split, await readFile(opts.split, 'utf8'), splitPlanSchema);
  const bar = progressBar('voice windows');
  const prepared = await prepareCrossvalAdaptation(opts.report, opts.recipe, dataset, saved, model, await loadSpeechDetector(), {
    cacheDir: opts.cache,
    onProgress: (d, t) => bar.update(d, t),
  });
  bar.stop();
  const rows = opts.adapt.map((mode) => {
    const runs = opts.adaptSeed.map((seed) => scoreCrossvalAdaptation(prepared, mode, seed, opts.weights));
    const uars = runs.map((r) => r.metrics.uar);
    const mean = uars.reduce((a, b) => a + b, 0) / uars.length;
    return [adaptModeName(mode), runs[0].metrics.n, ...uars.map((u) => u.toFixed(3)), mean.toFixed(3), runs[0].refused];
  });
  console.log(`${opts.recipe}, ${prepared.corpus} over ${prepared.folds} folds (${prepared.readings.length} clips); heads weighed ${JSON.stringify(opts.weights ?? HEAD_WEIGHTS)}\n`);
  console.log(markdownTable(['adaptation', 'clips scored', ...opts.adaptSeed.map((s) => `UAR, seed ${s}`), 'mean UAR', 'speakers refused'], rows));
}

/**
 * Fits a model's voice heads on its training speakers (the corpora it was trained on, the test split's
 * speakers left out) and writes them into its metadata; the weights are not touched.
 */
export async function voiceFitCommand(opts: { data: string; model: string; cache: string }): Promise<void> {
  const model = await loadEmotionModel(opts.model);
  const dataset = await scanDataset(opts.data);
  const plan = splitPlanSchema.parse({ seed: 0, ...(model.meta.training.split as object) });
  const clips = dataset.clips.filter((c) => c.gender && !SHIPPED_RECIPE.excludedCorpora.includes(c.corpus) && splitOf(c, plan) !== 'test');
  const bar = progressBar('voice windows');
  const { readings, failed } = await readVoiceClips(model, dataset.root, clips, await loadSpeechDetector(), { cacheDir: opts.cache, onProgress: (d, t) => bar.update(d, t) });
  bar.stop();
  const voice = fitVoiceHeads(speakerWindows(readings));
  const file = path.join(opts.model, 'metadata.json');
  const meta = parseJsonFile(file, await readFile(file, 'utf8'), modelMetadataSchema);
  await writeFile(file, `${JSON.stringify({ ...meta, voice }, null, 1)}\n`);
  console.log(`Voice heads fitted on ${voice.speakers} speakers (${voice.windows} windows; ${failed.length} clips unreadable or without speech) and written to ${file}`);
}
