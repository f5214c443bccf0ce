import { Command, InvalidArgumentError, Option } from 'commander';
import { ARCHITECTURES, ENCODER_ARCHITECTURES, type Architecture, type EncoderArchitecture } from './model/architectures';
import type { EncoderMemberChoice } from './encoder/member';
import { FRONT_ENDS, FRONT_END_NAMES, type FrontEnd, SHIPPED_RECIPE } from './recipe';
import { TRAINING_LOSSES, TRAINING_TARGETS } from './model/train';
import { COMBINE_RULES } from './eval/combine';
import { selectNodeBackend } from './tf/backend';
import { classifyCommand } from './commands/classify';
import { errorsCommand } from './commands/errors';
import { combineCommand } from './commands/combine';
import { crossvalCommand } from './commands/crossval';
import { encoderCrossvalCommand } from './commands/encoder-crossval';
import { evaluateCommand } from './commands/evaluate';
import { speechCheckCommand } from './commands/speech-check';
import { trainCommand, trainMemberCommand } from './commands/train';
import { crossvalAdaptCommand, voiceFitCommand } from './commands/voice';
import { parseAdaptMode } from './voice/simulate';

const program = new Command()
  .name('emotion-lens')
  .description('Train, evaluate and run the speech emotion model in Node (same feature code as the app).')
  .addOption(new Option('--backend <name>', 'tfjs backend').choices(['wasm', 'cpu']).default('wasm'))
  .hook('preAction', async (command) => {
    await selectNodeBackend(command.opts().backend);
  });

/** A parser for a whole-number option of at least `min`, so that `--epochs 0` is refused, not crashed on. */
function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`Needs a whole number of at least ${min}.`);
    return n;
  };
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('Needs a number above 0.');
  return n;
}

/** A share: above 0 and at most 1. */
function shareOf(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new InvalidArgumentError('Needs a share above 0 and at most 1.');
  return n;
}

/** `nemo=0.25,cremad=0.5`: each corpus's share of its training clips, above 0 and at most 1. */
function shareList(value: string): Record<string, number> {
  return Object.fromEntries(
    value.split(',').map((part) => {
      const [corpus, share] = part.split('=').map((s) => s.trim());
      const n = Number(share);
      if (!corpus || !(n > 0 && n <= 1)) throw new InvalidArgumentError(`"${part}" is not corpus=share with a share above 0 and at most 1.`);
      return [corpus, n];
    }),
  );
}

/** `calm=1,mixed=1,taught=0.3`: the voice heads' weights beside the general model. */
function headWeights(value: string): { calm: number; mixed: number; taught: number } {
  const weights = Object.fromEntries(
    value
      .split(',')
      .map((part) => part.split('=').map((s) => s.trim()))
      .map(([k, v]) => [k, Number(v)]),
  );
  const keys = ['calm', 'mixed', 'taught'];
  if (!keys.every((k) => weights[k] >= 0) || Object.keys(weights).length !== 3)
    throw new InvalidArgumentError('Needs calm=W,mixed=W,taught=W with weights of 0 or more.');
  return weights as { calm: number; mixed: number; taught: number };
}

function adaptModes(value: string) {
  try {
    return value.split(',').map((m) => parseAdaptMode(m.trim()));
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function foldList(value: string): number[] {
  return value.split(',').map((part) => wholeNumber(1)(part.trim()));
}

/** The options that training and cross-validation share. */
function trainingOptions(command: Command): Command {
  return command
    .option('--data <dir>', 'dataset folder (corpus layouts) or CSV manifest', process.env.DATASETS_DIR)
    .option('--epochs <n>', "maximum epochs (default: the architecture's own, 30 for the LSTMs, 20 for the CNN)", wholeNumber(1))
    .option('--patience <n>', "stop after this many epochs without a validation gain (default: the architecture's own, 6 or 5)", wholeNumber(0))
    .option('--batch-size <n>', 'batch size', wholeNumber(1), 64)
    .option('--lr <rate>', 'Adam learning rate', positiveNumber, 1e-3)
    .option('--copies <n>', 'augmented copies of each training clip', wholeNumber(0), 2)
    .option('--seed <n>', 'seed of the split, augmentation, initialisation and batch order', wholeNumber(0), 7)
    .option('--jobs <n>', 'feature extraction threads, and ensemble members trained side by side', wholeNumber(1), 2)
    .option('--limit <n>', 'use only the first n clips of each corpus (smoke tests)', wholeNumber(1))
    .option('--corpora <names>', `train on these corpora, comma-separated (default: all found but ${SHIPPED_RECIPE.excludedCorpora.join(', ')})`, (v: string) =>
      v.split(',').map((k) => k.trim()),
    )
    .option('--share <corpus=share,...>', "train on only this share of a corpus's training clips, each speaker kept (say nemo=0.25)", shareList)
    .option('--split <file>', 'split manifest (written when absent or with --new-split)', 'training/split.json')
    .option('--new-split', 'plan the split again and overwrite the manifest')
    .option('--runs <dir>', 'checkpoints and logs', 'training/runs')
    .option('--cache <dir>', 'feature cache', 'training/cache')
    .option('--resume', 'continue from the checkpoints in --runs')
    .option(
      '--refit',
      "train on the validation speakers too, for each architecture's fixed number of epochs (no early stop; the shipped recipe's way)",
      SHIPPED_RECIPE.refit,
    )
    .option('--no-refit', 'keep the validation speakers out of training, and stop early on them')
    .addOption(
      new Option('--front-end <name>', "features: the app's, or 10 ms log-mel frames to compare (a model trained on them cannot run in the app)")
        .choices(FRONT_END_NAMES)
        .default('shipped'),
    )
    .option('--crops', "train on one random 3 s crop of each clip per epoch (cut every 0.25 s), not on all the app's windows")
    .option('--band-limit <share>', 'band-limit this share of the augmented copies like a telephone line (200-400 Hz to 3-3.8 kHz)', shareOf)
    .addOption(
      new Option('--loss <name>', 'training loss: cross-entropy, or focal (gamma 2: windows already read well count less)')
        .choices(TRAINING_LOSSES)
        .default('crossentropy'),
    );
}

/** The feature config of the front end the options name. */
const withConfig = <T extends { frontEnd: FrontEnd }>(opts: T) => ({ ...opts, config: FRONT_ENDS[opts.frontEnd] });

/** What the member on the speech encoder's frames is taught (`train` and `crossval-encoder`). */
const targetsOption = () =>
  new Option('--targets <what>', "what the encoder member is taught: each window's class, or its emotion alone (half on each gender's class)")
    .choices(TRAINING_TARGETS)
    .default(SHIPPED_RECIPE.encoderTargets);

/** `encoder-conv*0.5`: the member and its weight in the product. */
function encoderMemberOf(value: string): EncoderMemberChoice {
  const [architecture, weight = '1'] = value.split('*');
  const w = Number(weight);
  if (!ENCODER_ARCHITECTURES.includes(architecture as EncoderArchitecture) || !(w > 0) || !Number.isFinite(w)) {
    throw new InvalidArgumentError(`Needs NAME*WEIGHT with NAME one of ${ENCODER_ARCHITECTURES.join(', ')} and a weight above 0.`);
  }
  return { architecture: architecture as EncoderArchitecture, weight: w };
}

function architecturesOf(names: string): Architecture[] {
  const architectures = names.split(',') as Architecture[];
  const unknown = architectures.filter((a) => !ARCHITECTURES.includes(a));
  if (unknown.length) throw new Error(`Unknown architecture(s): ${unknown.join(', ')}`);
  return architectures;
}

trainingOptions(program.command('train'))
  .description('Train the shipped recipe (or the architectures of --arch), score it on the test split, calibrate it and export it')
  .option(
    '--arch <names>',
    `architectures to train, comma-separated (${ARCHITECTURES.join(', ')}); two or more ship as their ensemble`,
    SHIPPED_RECIPE.architectures.join(','),
  )
  .option(
    '--encoder-member <name*weight>',
    `a member on the speech encoder's frames (${ENCODER_ARCHITECTURES.join(', ')}) joined to the ensemble by a product at this weight`,
    encoderMemberOf,
    SHIPPED_RECIPE.encoderMember,
  )
  .option('--no-encoder-member', 'ship the ensemble alone')
  .addOption(targetsOption())
  .option(
    '--calibrate-left-out',
    "fit the temperature on the model's answers on the corpora left out of training too (weighing as much as the trained corpora's held-out speakers), not only score them",
  )
  .option('--out <dir>', 'where the winning model is exported', 'public/model')
  .option(
    '--crossval-report <file>',
    "crossval JSON whose figure for the shipped recipe goes into the model's card (a product's, written by crossval:combine --rule product --out)",
    SHIPPED_RECIPE.crossvalReport,
  )
  .action(async (opts) => {
    if (!opts.data) throw new Error('No dataset: pass --data DIR or set DATASETS_DIR');
    await trainCommand({ ...withConfig(opts), architectures: architecturesOf(String(opts.arch)), encoderMember: opts.encoderMember || undefined });
  });

// What `train` runs in a process per ensemble member; not for users (hidden from the help).
trainingOptions(program.command('train-member', { hidden: true }))
  .requiredOption('--arch <name>', 'the one architecture to train')
  .action(async (opts) => {
    await trainMemberCommand({ ...withConfig(opts), architecture: architecturesOf(String(opts.arch))[0] });
  });

trainingOptions(program.command('crossval'))
  .description("Cross-validate a recipe over one corpus's speakers (each tested once); exports nothing")
  .option('--arch <names>', `architectures, comma-separated (${ARCHITECTURES.join(', ')}); two or more are also scored as their ensemble`, 'lstm')
  .option('--corpus <name>', 'the corpus whose speakers are split into folds', 'ravdess')
  .option('--folds <n>', 'number of folds (each also validates the fold before it)', wholeNumber(3), 5)
  .option('--only-folds <list>', 'run only these folds (comma-separated, from 1); a later run with --resume reuses them', foldList)
  .option('--out <file>', 'the Markdown report (JSON beside it)', 'training/results/CROSSVAL.md')
  .option(
    '--adapt <modes>',
    "then adapt each fold's held-out speakers to their voices, as crossval:adapt does (none, baseline:SECONDS, unlabelled, labelled:K)",
    adaptModes,
  )
  .option('--adapt-seed <list>', 'with --adapt: seeds of the clips drawn, comma-separated', foldList, [1, 2, 3])
  .option('--voice-model <dir>', "with --adapt: the model whose temperature scales the folds' probabilities", 'public/model')
  .action(async (opts) => {
    if (!opts.data) throw new Error('No dataset: pass --data DIR or set DATASETS_DIR');
    const architectures = architecturesOf(String(opts.arch));
    await crossvalCommand({ ...withConfig(opts), architectures });
    if (opts.adapt) {
      const report = `${String(opts.out).replace(/\.md$/, '')}.json`;
      await crossvalAdaptCommand({
        report,
        recipe: architectures.join('+'),
        data: opts.data,
        split: opts.split,
        model: opts.voiceModel,
        cache: opts.cache,
        adapt: opts.adapt,
        adaptSeed: opts.adaptSeed,
      });
    }
  });

trainingOptions(program.command('crossval-encoder'))
  .description("Cross-validate a member on the speech encoder's frames over crossval's folds, for crossval:combine; exports nothing")
  .addOption(new Option('--arch <name>', 'the member').choices(ENCODER_ARCHITECTURES).default('encoder-conv'))
  .option('--corpus <name>', 'the corpus whose speakers are split into folds', 'ravdess')
  .option('--folds <n>', 'number of folds', wholeNumber(3), 5)
  .option('--out <file>', 'the Markdown report (JSON and held-out windows beside it)', 'training/results/CROSSVAL-encoder.md')
  .addOption(targetsOption())
  .action(async (opts) => {
    if (!opts.data) throw new Error('No dataset: pass --data DIR or set DATASETS_DIR');
    await encoderCrossvalCommand({ ...withConfig(opts), architecture: opts.arch });
  });

program
  .command('combine')
  .description('Score the mean of recipes that separate crossval runs measured on the same folds (say, on two front ends), from their held-out windows')
  .argument('<recipes...>', 'two or more REPORT.json#RECIPE, say training/results/CROSSVAL.json#lstm+cnn+conv-lstm+tdnn; #RECIPE*0.5 weighs it 0.5')
  .addOption(
    new Option('--rule <name>', "mean of the clips' probabilities, or the app's weighted product of each window's (same windows needed)")
      .choices(COMBINE_RULES)
      .default('mean'),
  )
  .option('--out <file>', 'also write the Markdown table here')
  .action(combineCommand);

program
  .command('errors')
  .description(
    "Break a crossval's held-out errors down (speaker, gender, intensity, sentence, level, length) and try a decision bias fitted on the other folds",
  )
  .option('--report <file>', 'the crossval JSON report (its held-out windows beside it)', 'training/results/CROSSVAL.json')
  .option('--recipe <name>', 'the recipe to break down', SHIPPED_RECIPE.architectures.join('+'))
  .option('--data <dir>', "dataset folder: measures each clip's speech level and length too", process.env.DATASETS_DIR)
  .option('--out <file>', 'where to write the Markdown', 'training/results/ERRORS.md')
  .action(errorsCommand);

program
  .command('evaluate')
  .description("Score a model on labelled recordings through the app's own clip classification")
  .requiredOption('--data <path>', 'a folder in any corpus layout (subfolders allowed) or a CSV manifest')
  .option('--model <dir>', 'model folder', 'public/model')
  .option('--split <file>', 'with --only, the split manifest to filter by', 'training/split.json')
  .addOption(new Option('--only <split>', 'score only the clips of this split').choices(['train', 'val', 'test']))
  .option('--json <file>', 'also write the full results as JSON')
  .option(
    '--adapt <mode>',
    "adapt to each speaker's voice first: none, baseline:SECONDS, unlabelled or labelled:K",
    (v: string) => adaptModes(v)[0],
    adaptModes('none')[0],
  )
  .option('--adapt-seed <n>', 'seed of the clips drawn to adapt with', wholeNumber(0), 1)
  .option('--cache <dir>', 'where voice windows are cached (with --adapt)', 'training/cache')
  .action(evaluateCommand);

program
  .command('crossval-adapt')
  .description("Adapt a crossval run's held-out speakers to their voices (each fold's own voice heads and probabilities) and score them")
  .option('--data <dir>', 'dataset folder (corpus layouts)', process.env.DATASETS_DIR)
  .option('--report <file>', 'the crossval JSON report (its held-out windows beside it)', 'training/results/CROSSVAL.json')
  .option('--recipe <name>', 'the recipe of the report to adapt', SHIPPED_RECIPE.architectures.join('+'))
  .option('--model <dir>', 'the model whose temperature scales the probabilities (and whose windows give the statistics)', 'public/model')
  .option('--split <file>', 'the split manifest the folds were made from', 'training/split.json')
  .option('--cache <dir>', 'where voice windows are cached', 'training/cache')
  .option(
    '--adapt <modes>',
    'comma-separated: none, baseline:SECONDS, unlabelled, labelled:K',
    adaptModes,
    adaptModes('none,baseline:15,baseline:30,baseline:60,unlabelled,labelled:1,labelled:2,labelled:4'),
  )
  .option('--adapt-seed <list>', 'seeds of the clips drawn, comma-separated', foldList, [1, 2, 3])
  .option('--weights <calm=W,mixed=W,taught=W>', "the heads' weights beside the general model (default: the shipped ones)", headWeights)
  .option('--encoder', "the heads also read each window's pooled speech_embedding vectors (as the shipped model's do)")
  .action(async (opts) => {
    if (!opts.data) throw new Error('No dataset: pass --data DIR or set DATASETS_DIR');
    await crossvalAdaptCommand(opts);
  });

program
  .command('voice-fit')
  .description("Fit a model's voice heads (what voice profiles read) on its training speakers, into its metadata; the weights are untouched")
  .option('--data <dir>', 'dataset folder (corpus layouts)', process.env.DATASETS_DIR)
  .option('--model <dir>', 'model folder', 'public/model')
  .option('--cache <dir>', 'where voice windows are cached', 'training/cache')
  .option('--report <file>', "the recipe's crossval report, whose held-out speakers set the profiles' temperatures", SHIPPED_RECIPE.crossvalReport)
  .option('--split <file>', 'the split manifest the folds were made from', 'training/split.json')
  .option('--no-encoder', "the heads read the window statistics alone, not speech_embedding's vectors beside them")
  .action(async (opts) => {
    if (!opts.data) throw new Error('No dataset: pass --data DIR or set DATASETS_DIR');
    await voiceFitCommand(opts);
  });

program
  .command('classify')
  .description('Print per-emotion probabilities for unlabelled recordings')
  .argument('<files...>', 'audio files')
  .option('--model <dir>', 'model folder', 'public/model')
  .addOption(
    new Option('--format <format>', "output format: a table, the app's CSV exports (per recording or per 3 s window) or its JSON")
      .choices(['table', 'csv', 'windows-csv', 'json'])
      .default('table'),
  )
  .option('--profile <file>', "read them as one speaker's voice: a voice profile exported from the app")
  .action(classifyCommand);

program
  .command('speech-check')
  .description('Measure the speech detector: corpus clips it refuses, generated non-speech it lets through')
  .option('--data <dir>', 'dataset folder (corpus layouts) or CSV manifest', process.env.DATASETS_DIR)
  .option('--out <file>', 'the Markdown report', 'training/results/SPEECH.md')
  .action(async (opts) => {
    if (!opts.data) throw new Error('No dataset: pass --data DIR or set DATASETS_DIR');
    await speechCheckCommand(opts);
  });

program.parseAsync().catch((error: Error) => {
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
});
