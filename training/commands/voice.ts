import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { modelMetadataSchema } from '../../src/core/model';
import { scanDataset } from '../data/scan';
import type { Clip } from '../data/corpora';
import { type SplitPlan, splitOf, splitPlanSchema } from '../data/split';
import { markdownTable } from '../eval/report';
import { parseJsonFile } from '../files';
import { progressBar } from '../progress';
import { SHIPPED_RECIPE } from '../recipe';
import { loadSpeechDetector } from '../speech';
import { loadEmotionModel } from '../tf/load';
import type { VoiceModel } from '../../src/core/voice/voice-model';
import { fitVoiceTemperatures, prepareCrossvalAdaptation, scoreCrossvalAdaptation } from '../voice/crossval-adapt';
import { heldOutOf } from '../eval/crossval-windows';
import type { Dataset } from '../data/scan';
import { ENCODER_WEIGHT, type HeadWeights, HEAD_WEIGHTS, fitVoiceHeads } from '../voice/heads';
import { type AdaptMode, adaptModeName } from '../voice/simulate';
import { speakerWindows } from '../voice/speakers';
import { readVoiceClips } from '../voice/windows';
import { loadSpeechEncoder } from '../encoder/load';

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
  /** Read the windows with speech_embedding too: the heads see its pooled vectors beside the statistics. */
  encoder?: boolean;
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
    encoder: opts.encoder ? await loadSpeechEncoder() : undefined,
  });
  bar.stop();
  const rows = opts.adapt.map((mode) => {
    const runs = opts.adaptSeed.map((seed) => scoreCrossvalAdaptation(prepared, mode, seed, opts.weights));
    const uars = runs.map((r) => r.metrics.uar);
    const mean = uars.reduce((a, b) => a + b, 0) / uars.length;
    const used =
      mode.kind === 'baseline'
        ? `${runs[0].clipsUsed.toFixed(1)} clips, ${runs[0].seconds.toFixed(1)} s of speech`
        : mode.kind === 'none'
          ? ''
          : `${runs[0].clipsUsed.toFixed(1)} clips`;
    return [adaptModeName(mode), used, runs[0].metrics.n, ...uars.map((u) => u.toFixed(3)), mean.toFixed(3), runs[0].refused];
  });
  console.log(
    `${opts.recipe}, ${prepared.corpus} over ${prepared.folds} folds (${prepared.readings.length} clips); heads weighed ${JSON.stringify(opts.weights ?? HEAD_WEIGHTS)}${prepared.encoder ? `, on the statistics and speech_embedding (at ${ENCODER_WEIGHT})` : ''}\n`,
  );
  console.log(
    markdownTable(
      ['adaptation', 'used per speaker (seed 1)', 'clips scored', ...opts.adaptSeed.map((s) => `UAR, seed ${s}`), 'mean UAR', 'speakers refused'],
      rows,
    ),
  );
}

/**
 * Fits the voice head of the model in `dir` on `clips` (its training speakers' clips, under `root`) and
 * writes it into the model's metadata; the weights are not touched. `train` ends with it.
 */
export async function fitModelVoice(
  dir: string,
  dataset: Dataset,
  clips: readonly Clip[],
  {
    cacheDir,
    crossval,
    encoder: withEncoder = SHIPPED_RECIPE.voiceEncoder,
  }: { cacheDir: string; crossval?: { report: string; split: SplitPlan }; encoder?: boolean },
): Promise<void> {
  const model = await loadEmotionModel(dir);
  const speech = await loadSpeechDetector();
  const encoder = withEncoder ? await loadSpeechEncoder() : null;
  const bar = progressBar('voice windows');
  const { readings, failed } = await readVoiceClips(model, dataset.root, clips, speech, { cacheDir, encoder, onProgress: (d, t) => bar.update(d, t) });
  bar.stop();
  const voice: VoiceModel = {
    ...fitVoiceHeads(speakerWindows(readings), undefined, undefined, encoder ? ENCODER_WEIGHT : undefined),
    fittedAt: new Date().toISOString(),
    ...(encoder && { encoder: { name: 'speech_embedding' as const, ...encoder.digests } }),
  };
  // Temperatures from the recipe's crossval, when there is one (its held-out windows beside the report).
  const recipe = model.meta.architecture;
  const report = crossval?.report ?? 'no crossval report';
  const prepared =
    crossval && (await heldOutOf(crossval.report, recipe)).length > 0
      ? await prepareCrossvalAdaptation(crossval.report, recipe, dataset, crossval.split, model, speech, { cacheDir, encoder })
      : undefined;
  if (!prepared?.readings.length) {
    console.log(`No crossval windows of ${recipe} for these clips (${report}): the profiles' temperatures stay 1`);
  } else {
    const { temperatures, ece } = fitVoiceTemperatures(prepared);
    voice.temperatures = temperatures;
    const line = (Object.keys(temperatures) as (keyof typeof temperatures)[]).map(
      (k) => `${k} ${temperatures[k].toFixed(2)} (ECE ${ece[k].before.toFixed(3)} -> ${ece[k].after.toFixed(3)})`,
    );
    console.log(`Voice temperatures, fitted on ${report}'s held-out speakers: ${line.join(', ')}`);
  }
  const file = path.join(dir, 'metadata.json');
  const meta = parseJsonFile(file, await readFile(file, 'utf8'), modelMetadataSchema);
  await writeFile(file, `${JSON.stringify({ ...meta, voice }, null, 1)}\n`);
  console.log(
    `Voice head fitted on ${voice.speakers} speakers (${voice.windows} windows; ${failed.length} clips unreadable or without speech)${encoder ? ', on the statistics and speech_embedding' : ''}, and written to ${file}`,
  );
}

/** `npm run voice:fit`: the voice head of a trained model, on the corpora the shipped recipe trains on, its test speakers left out. */
export async function voiceFitCommand(opts: { data: string; model: string; cache: string; report: string; split: string; encoder: boolean }): Promise<void> {
  const { meta } = await loadEmotionModel(opts.model);
  const dataset = await scanDataset(opts.data);
  const plan = splitPlanSchema.parse({ seed: 0, ...(meta.training.split as object) });
  const clips = dataset.clips.filter((c) => c.gender && !SHIPPED_RECIPE.excludedCorpora.includes(c.corpus) && splitOf(c, plan) !== 'test');
  const split = parseJsonFile(opts.split, await readFile(opts.split, 'utf8'), splitPlanSchema);
  await fitModelVoice(opts.model, dataset, clips, { cacheDir: opts.cache, crossval: { report: opts.report, split }, encoder: opts.encoder });
}
