import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURE_CONFIG } from '../src/core/config';
import { parseModelMetadata } from '../src/core/model';
import { headlineSchema } from '../src/core/scores';
import { MODEL_LIMITS } from '../src/core/model-limits';
import { fitVoiceProfile } from '../src/core/voice/fit';
import { createVoiceProfile, modelTie } from '../src/core/voice/profile';
import { addNemoFixture, makeRavdessFixture } from './testing/fixtures';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..');

/** Runs the real CLI as a user would (`npm run train -- ...` runs exactly this). */
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'training/cli.ts', ...args], {
      cwd: repo,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

// One run of the CLI as a user makes it: train, then evaluate, classify and cross-validate what was trained.
describe.sequential('training CLI smoke test (generated corpus)', async () => {
  const data = await makeRavdessFixture(12);
  // An unreadable file among the clips, from the start: every command must name it and go on.
  await writeFile(path.join(data, 'Actor_03', '03-01-05-01-01-02-03.wav'), 'not audio at all');
  const work = await mkdtemp(path.join(os.tmpdir(), 'train-smoke-'));
  const out = path.join(work, 'model');
  afterAll(() => Promise.all([rm(data, { recursive: true }), rm(work, { recursive: true })]));
  const common = [
    '--data',
    data,
    '--copies',
    '1',
    '--runs',
    path.join(work, 'runs'),
    '--cache',
    path.join(work, 'cache'),
    '--split',
    path.join(work, 'split.json'),
    '--out',
    out,
  ];

  it('trains every architecture asked for, exports their ensemble with its card, and reports each member', async () => {
    // Without a crossval report: validation speakers choose the epoch and calibrate (no refit).
    const result = await cli(
      'train',
      ...common,
      '--no-refit',
      '--epochs',
      '1',
      '--arch',
      'lstm,conv-lstm,cnn,stats',
      '--crossval-report',
      path.join(work, 'no-crossval.json'),
    );
    expect(result.stderr).not.toMatch(/^error/m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\| female_angry \| 6 \| 6 \|/);
    // Members train side by side, a process each (two jobs by default), their lines named by member.
    expect(result.stdout).toMatch(/^\[lstm\] lstm epoch 1: loss/m);
    expect(result.stdout).toMatch(/^\[conv-lstm\] conv-lstm epoch 1: loss/m);
    expect(result.stdout).toMatch(/^\[cnn\] cnn epoch 1: loss/m);
    expect(result.stdout).toMatch(/^\[stats\] stats epoch 1: loss/m);
    expect(result.stdout).toMatch(/lstm\+conv-lstm\+cnn\+stats: val UAR/);
    // Each member's own process trained as asked: on the training speakers alone, validating every epoch.
    expect(result.stdout).toMatch(/^\[cnn\] Windows: train \d+ \(\d+ augmented\), val [1-9]\d*,/m);
    expect(result.stdout).toMatch(/^\[lstm\] lstm epoch 1: loss \d\.\d{3}, val UAR 0\.\d{3}/m);
    const meta = parseModelMetadata(JSON.parse(await readFile(path.join(out, 'metadata.json'), 'utf8')), FEATURE_CONFIG);
    // The shipped recipe's member on the speech encoder's frames, joined to the ensemble by a product at half weight.
    expect(meta.architecture).toBe('lstm+conv-lstm+cnn+stats*encoder-conv^0.5');
    expect(result.stdout).toMatch(/^Encoder frames of 2\d clips in \d+ s$/m);
    expect(result.stdout).toMatch(/^encoder-conv: 1 epochs, \d+ s$/m);
    expect(meta.encoderMember).toMatchObject({ architecture: 'encoder-conv', path: 'encoder-conv/model.json', weight: 0.5, steps: 28 });
    expect(meta.encoderMember?.encoder.mel).toMatch(/^[0-9a-f]{16}$/);
    expect((await stat(path.join(out, 'encoder-conv', 'weights.bin'))).size).toBeGreaterThan(100_000);
    expect(meta.training.encoderMember).toMatchObject({ epochsRun: 1, windows: { train: expect.any(Number), test: expect.any(Number) } });
    // It ends with the voice head that profiles read, fitted on the training speakers.
    expect(result.stdout).toMatch(/Voice head fitted on \d+ speakers/);
    expect(meta.voice?.speakers).toBeGreaterThan(0);
    expect(Object.keys(meta.training.members as object)).toEqual(['lstm', 'conv-lstm', 'cnn', 'stats']);
    expect(Object.keys(meta.metrics.comparison as object).sort()).toEqual(['cnn', 'conv-lstm', 'lstm', 'lstm+conv-lstm+cnn+stats', 'stats']);
    expect((await stat(path.join(out, 'weights.bin'))).size).toBeLessThan(1024 * 1024);
    // Calibrated, and leading with the test speakers it never heard (all of them here: RAVDESS is split by actor).
    expect(meta.calibration?.temperature).toBeGreaterThan(0);
    const headline = headlineSchema.parse(meta.metrics.headline);
    expect(headline.unseenSpeakers.corpora).toEqual(['ravdess']);
    expect(headline.crossval).toBeUndefined();
    const report = await readFile(path.join(out, 'REPORT.md'), 'utf8');
    expect(report).toMatch(/^# Model report: .+\n\n\*\*On speakers it never heard\*\* \(\d+ test clips of ravdess speakers/);
    expect(report).toMatch(/## Calibration\n\nTemperature \d\.\d{3}, fitted on the \d+ validation clips of held-out speakers/);
    // Calibration error is reported on the speakers it never heard too, not only pooled with seen ones.
    expect(report).toMatch(/^\| {2}\| all \| unseen speakers \| ravdess \|$/m);
    expect(report).toMatch(/^- The whole run, features to export, members side by side: \d+ s by the wall clock\.$/m);
    expect(meta.training).toMatchObject({ resumed: false, wallSeconds: expect.any(Number) });
    expect(report).toMatch(/## Comparison on the test split/);
    expect(report).toMatch(/joined, window by window, with those of \*\*encoder-conv\*\* \(weight 0\.5 in a product of the two\)/);
    // The card's limits, from the one text the app's model card shows too.
    expect(report).toContain(`## Limits\n\n${MODEL_LIMITS.map((l) => `- ${l}`).join('\n')}\n`);
    expect(await readFile(path.join(out, 'confusion.svg'), 'utf8')).toMatch(/^<svg/);
    const split = JSON.parse(await readFile(path.join(work, 'split.json'), 'utf8'));
    expect(split.test.length).toBeGreaterThan(0);
  });

  it('resumes a run from its checkpoint instead of starting over', async () => {
    const result = await cli(
      'train',
      ...common,
      '--no-refit',
      '--epochs',
      '2',
      '--arch',
      'lstm',
      '--resume',
      '--crossval-report',
      path.join(work, 'no-crossval.json'),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/lstm epoch 1:/);
    expect(result.stdout).toMatch(/lstm epoch 2: loss/);
    const meta = JSON.parse(await readFile(path.join(out, 'metadata.json'), 'utf8'));
    expect(meta.training.history.map((h: { epoch: number }) => h.epoch)).toEqual([1, 2]);
  });

  it('evaluates a folder, reporting an unreadable file by name without stopping', async () => {
    const json = path.join(work, 'eval.json');
    const result = await cli('evaluate', '--data', data, '--model', out, '--json', json);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/24 clips classified, 1 failed/);
    expect(result.stdout).toMatch(/\| truth \\ predicted \| angry/);
    const evaluation = JSON.parse(await readFile(json, 'utf8'));
    expect(evaluation.failed[0].path).toBe('Actor_03/03-01-05-01-01-02-03.wav');
    expect(evaluation.failed[0].error).toMatch(/not decodable audio/);
    expect(evaluation.emotions.n).toBe(24);
    for (const p of evaluation.predictions) {
      expect(Object.keys(p.probabilities)).toEqual(['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise']);
      expect(p.confidence).toBe(p.probabilities[p.predicted]);
    }
    expect(evaluation.ece.all).toBeGreaterThanOrEqual(0);
    expect(result.stdout).toMatch(/Expected calibration error \(15 bins, top-1 emotion\): all 0\.\d{3}, ravdess 0\.\d{3}/);
  });

  it('classifies unlabelled files as JSON, with an error line for a bad one and no-speech for silence', async () => {
    const good = path.join(data, 'Actor_01', '03-01-05-01-01-01-01.wav');
    const silence = path.join(repo, 'e2e', 'fixtures', 'silence.wav');
    const result = await cli('classify', good, path.join(work, 'missing.wav'), silence, '--model', out, '--format', 'json');
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.model).toMatch(/^[\w+*^.-]+, trained \d{4}-\d\d-\d\dT.* from /);
    expect(json.featureConfigVersion).toBe(1);
    const rows = json.recordings;
    expect(rows[0].status).toBe('done');
    expect(Object.values(rows[0].emotions as Record<string, number>).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(rows[0].windows[0]).toHaveProperty('emotions.angry');
    // What the detector heard, all of it classified, and the recording's answer by utterance.
    expect(rows[0].speech.detectedSeconds).toBeGreaterThan(0);
    expect(rows[0].speech.classifiedSeconds).toBeCloseTo(rows[0].speech.detectedSeconds, 5);
    expect(rows[0].utterances.length).toBeGreaterThan(0);
    for (const u of rows[0].utterances) {
      expect(u.end).toBeGreaterThan(u.start);
      expect(u.emotion).toMatch(/^(angry|disgust|fear|happy|neutral|sad|surprise|uncertain)$/);
    }
    const counts = new Map<string, number>();
    for (const u of rows[0].utterances as { emotion: string }[]) counts.set(u.emotion, (counts.get(u.emotion) ?? 0) + 1);
    expect(rows[0].emotion === 'uncertain' || counts.get(rows[0].emotion) === Math.max(...counts.values())).toBe(true);
    expect(rows[1]).toMatchObject({ status: 'error', error: expect.stringMatching(/missing\.wav/) });
    expect(rows[2]).toMatchObject({ status: 'no-speech', error: expect.stringMatching(/silent/) });
  });

  it("fits the model's voice heads, adapts each speaker in evaluate, and classifies through a voice profile file", async () => {
    const fitted = await cli(
      'voice-fit',
      '--data',
      data,
      '--model',
      out,
      '--cache',
      path.join(work, 'cache'),
      '--report',
      path.join(work, 'no-crossval.json'),
      '--split',
      path.join(work, 'split.json'),
    );
    expect(fitted.stderr).not.toMatch(/^error/m);
    expect(fitted.stdout).toMatch(/No crossval windows of [\w+*^.-]+ for these clips .*: the profiles' temperatures stay 1/);
    expect(fitted.stdout).toMatch(
      /Voice head fitted on \d+ speakers \(\d+ windows; \d+ clips unreadable or without speech\), on the statistics and speech_embedding, and written to /,
    );
    const meta = parseModelMetadata(JSON.parse(await readFile(path.join(out, 'metadata.json'), 'utf8')), FEATURE_CONFIG);
    // The statistics (three per feature), then speech_embedding's pooled vectors, named by its files.
    expect(meta.voice?.scale).toHaveLength(3 * 98 + 3 * 96);
    expect(meta.voice?.encoder).toEqual({
      name: 'speech_embedding',
      mel: expect.stringMatching(/^[0-9a-f]{16}$/),
      embedding: expect.stringMatching(/^[0-9a-f]{16}$/),
    });

    // Unlabelled: every speaker's clips adapt them and are scored; labelled:1 has no clip to spare here (one per emotion).
    const json = path.join(work, 'eval-unlabelled.json');
    const unlabelled = await cli('evaluate', '--data', data, '--model', out, '--adapt', 'unlabelled', '--json', json, '--cache', path.join(work, 'cache'));
    expect(unlabelled.code).toBe(0);
    expect(unlabelled.stdout).toMatch(/Adapted per speaker \(unlabelled, seed 1\): 12 speakers, 24 clips used to adapt, without their labels, and scored too/);
    const adapted = JSON.parse(await readFile(json, 'utf8'));
    expect(adapted.emotions.n).toBe(24);
    expect(adapted.failed).toHaveLength(1);
    expect(adapted.adaptation.speakers[0].speaker).toBe('ravdess:01');
    expect(adapted.adaptation.speakers[0].clips.sort()).toEqual(['Actor_01/03-01-04-01-01-01-01.wav', 'Actor_01/03-01-05-01-01-01-01.wav']);
    const labelled = await cli('evaluate', '--data', data, '--model', out, '--adapt', 'labelled:1', '--cache', path.join(work, 'cache'));
    expect(labelled.stdout).toMatch(/12 unadapted \(ravdess:01: The profile has no speech yet/);
    expect((await cli('evaluate', '--data', data, '--model', out, '--adapt', 'labelled:0')).stderr).toMatch(
      /--adapt labelled:0: expected none, baseline:SECONDS, unlabelled or labelled:K/,
    );

    // A profile as the app exports it: centred on a voice, fitted by the core.
    const profile = fitVoiceProfile(
      { ...createVoiceProfile('Tester', modelTie(meta), 't1'), unlabelled: { mean: meta.voice!.scale.map(() => 0.5), windows: 10, seconds: 30 } },
      meta.voice!,
    );
    const file = path.join(work, 'tester.voice.json');
    await writeFile(file, JSON.stringify(profile));
    const good = path.join(data, 'Actor_01', '03-01-05-01-01-01-01.wav');
    const plain = JSON.parse((await cli('classify', good, '--model', out, '--format', 'json')).stdout).recordings[0];
    const read = await cli('classify', good, '--model', out, '--format', 'json', '--profile', file);
    expect(read.code).toBe(0);
    const through = JSON.parse(read.stdout).recordings[0];
    expect(plain.voiceProfile).toBeUndefined();
    expect(through.voiceProfile).toBe('Tester');
    expect(Math.abs(through.emotions.angry - plain.emotions.angry)).toBeGreaterThan(1e-4);
    // A profile of another model, or not one at all, is refused before any file is read.
    await writeFile(file, JSON.stringify({ ...profile, model: { ...profile.model, trainedAt: '2020-01-01T00:00:00.000Z' } }));
    const old = await cli('classify', good, '--model', out, '--profile', file);
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/tester\.voice\.json: The voice profile "Tester" was made for the model of 2020-01-01/);
    const notes = await cli('classify', good, '--model', out, '--profile', path.join(repo, 'e2e', 'fixtures', 'notes.wav'));
    expect(notes.stderr).toMatch(/notes\.wav: not a voice profile \(the file is not JSON\)/);
  });

  it('refuses a refit with no crossval windows to calibrate on before any training', async () => {
    const result = await cli('train', ...common, '--arch', 'lstm,cnn', '--crossval-report', path.join(work, 'no-crossval.json'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /A refit trains on its validation speakers.*has none of lstm\+cnn\*encoder-conv\^0\.5: run `npm run crossval -- --arch lstm,cnn` first \(and `npm run crossval:encoder`, then `npm run crossval:combine -- --rule product --out \.\.\.`\), or train with --no-refit/,
    );
    expect(result.stdout).not.toMatch(/epoch 1/);
  });

  /** The crossval run of the tests below, and its reports. */
  const report = path.join(work, 'crossval', 'CROSSVAL.md');

  it('cross-validates over the speakers of a corpus: every actor tested once, a report and JSON written', async () => {
    const result = await cli(
      'crossval',
      ...common.slice(0, -2),
      '--out',
      report,
      '--folds',
      '3',
      '--epochs',
      '1',
      '--arch',
      'lstm,stats',
      '--adapt',
      'unlabelled',
      '--adapt-seed',
      '1',
      '--voice-model',
      out,
    );
    expect(result.stderr).not.toMatch(/^error/m);
    expect(result.code).toBe(0);
    // Then each fold's held-out speakers adapted to their voices, the ensemble's own windows read through a head of the fold.
    expect(result.stdout).toMatch(/^lstm\+stats, ravdess over 3 folds \(2\d clips\)/m);
    expect(result.stdout).toMatch(/^\| unlabelled \| 2\.0 clips \| 2\d \| 0\.\d{3} \| 0\.\d{3} \| 0 \|$/m);
    const results = JSON.parse(await readFile(report.replace(/\.md$/, '.json'), 'utf8'));
    expect(results.recipes.map((r: { recipe: string }) => r.recipe)).toEqual(['lstm', 'stats', 'lstm+stats']);
    for (const { folds, all } of results.recipes) {
      const tested: string[] = folds.flatMap((f: { test: string[] }) => f.test);
      expect(tested.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `ravdess:${String(i + 1).padStart(2, '0')}`));
      for (const fold of folds) {
        expect(fold.val.some((g: string) => fold.test.includes(g))).toBe(false);
        expect(fold.perCorpus.ravdess.n).toBe(8);
      }
      expect(all.n).toBe(24);
      // The unreadable file in Actor_03 is listed in the fold that tests actor 03.
      const fold03 = folds.find((f: { test: string[] }) => f.test.includes('ravdess:03'));
      expect(fold03.failed.map((f: { path: string }) => f.path)).toEqual(['Actor_03/03-01-05-01-01-02-03.wav']);
    }
    const text = await readFile(report, 'utf8');
    expect(text).toMatch(/## Test clips not classified \(1\)\n\n- fold \d: Actor_03\/03-01-05-01-01-02-03\.wav: .*not decodable audio/);
    expect(text).toMatch(/^# 3-fold cross-validation over ravdess speakers: lstm, stats, lstm\+stats/);
    // The shipped recipe's way: each fold's validation share trains too, for a fixed number of epochs.
    expect(text).toMatch(/adds the next fold's share to training \(a refit/);
    expect(text).toMatch(/chance on ravdess is 0\.\d{3} \(\d emotions\)/);
    expect(results.training).toEqual({ refit: true, corpora: ['ravdess'], share: {}, frontEnd: 'shipped', crops: false, bandLimit: 0, loss: 'crossentropy' });
    expect(text).toMatch(/\| lstm\+stats \| 0\.\d{3} \|/);
    expect(text).toMatch(/\| mean ± sd \|/);
    expect(text).toMatch(/### lstm\+stats: every ravdess clip, each tested once \(24 clips\)/);

    // Every recipe's window probabilities for each clip, from the fold that held its speaker out...
    const windows = JSON.parse(await readFile(report.replace(/\.md$/, '-windows.json'), 'utf8'));
    expect(Object.keys(windows.recipes)).toEqual(['lstm', 'stats', 'lstm+stats']);
    for (const clips of Object.values(windows.recipes) as { group: string; windows: number[][] }[][]) {
      expect(new Set(clips.map((c) => c.group)).size).toBe(12);
      expect(clips.length).toBe(24);
      for (const c of clips) expect(c.windows[0]).toHaveLength(14);
    }
    // It measures; it never touches the exported model.
    expect(result.stdout).not.toMatch(/Exported/);
  });

  it("trains the recipe calibrated on the crossval's held-out clips, and refuses a crossval of another way of training", async () => {
    // The crossval's held-out windows, on which training calibrates the same recipe, leaving the committed split's test speakers out: a
    // refit, like the crossval, with the validation speakers in training and its last epoch kept. A corpus
    // the recipe leaves out (nEMO), present for this run only, calibrates it too.
    const nemo = await addNemoFixture(data, ['EB0', 'IC0', 'MK0', 'KS0', 'MP0', 'TP0']);
    // The shipped recipe's way: the member on the encoder's frames cross-validated on the same folds, the
    // product of the two scored and written as a recipe of its own, and trained calibrated on it.
    const encoderReport = path.join(work, 'crossval', 'ENCODER.md');
    const encoded = await cli('crossval-encoder', ...common.slice(0, -2), '--out', encoderReport, '--folds', '3', '--epochs', '2');
    expect(encoded.code).toBe(0);
    expect(encoded.stdout).toMatch(/^# 3-fold cross-validation over ravdess speakers: encoder-conv on the speech encoder's frames/m);
    expect(encoded.stdout).toMatch(/^Accuracy \d+\.\d%, UAR 0\.\d{3}, macro-F1 0\.\d{3}\.$/m);
    // The shipped recipe's member is taught emotions alone, the gender left to the ensemble.
    expect(encoded.stdout).toMatch(/taught each window's emotion alone \(half on each gender's class\)/);
    const joined = path.join(work, 'crossval', 'JOINED.md');
    const product = await cli(
      'combine',
      `${report.replace(/\.md$/, '.json')}#lstm`,
      `${encoderReport.replace(/\.md$/, '.json')}#encoder-conv*0.5`,
      '--rule',
      'product',
      '--out',
      joined,
    );
    expect(product.code).toBe(0);
    expect(product.stdout).toMatch(/^\| product of the 2 \(weights 1, 0\.5\) \| 0\.\d{3} \|/m);
    const joinedWindows = JSON.parse(await readFile(joined.replace(/\.md$/, '-windows.json'), 'utf8'));
    expect(Object.keys(joinedWindows.recipes)).toEqual(['lstm*encoder-conv^0.5']);
    expect(joinedWindows.recipes['lstm*encoder-conv^0.5']).toHaveLength(24);
    const calibrated = await cli(
      'train',
      ...common,
      '--runs',
      path.join(work, 'runs-refit'),
      '--epochs',
      '2',
      '--arch',
      'lstm',
      '--crossval-report',
      joined.replace(/\.md$/, '.json'),
      '--calibrate-left-out',
    );
    await rm(nemo, { recursive: true });
    expect(calibrated.stderr).not.toMatch(/^error/m);
    expect(calibrated.code).toBe(0);
    const trainedMeta = JSON.parse(await readFile(path.join(out, 'metadata.json'), 'utf8'));
    expect(trainedMeta.architecture).toBe('lstm*encoder-conv^0.5');
    expect(trainedMeta.training.encoderMember.targets).toBe('emotions');
    expect(await readFile(path.join(out, 'REPORT.md'), 'utf8')).toMatch(/taught each window's emotion alone \(the gender is the ensemble's\)/);
    expect(calibrated.stdout).toMatch(/Trained on ravdess; left out: nemo/);
    expect(calibrated.stdout).toMatch(/Windows: train \d+ \(\d+ augmented\), val 0,/);
    expect(calibrated.stdout).toMatch(/^lstm: 2 epochs, the last kept; test:/m);
    // A report of the other way of training is not this model's.
    const mismatch = await cli(
      'train',
      ...common,
      '--no-refit',
      '--epochs',
      '1',
      '--arch',
      'lstm',
      '--no-encoder-member',
      '--resume',
      '--crossval-report',
      report.replace(/\.md$/, '.json'),
    );
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/cross-validated lstm trained another way than this run \(refit: yes vs no\)/);
    // So is one of other data: here, a share of a corpus's clips.
    const shared = await cli(
      'train',
      ...common,
      '--share',
      'ravdess=0.5',
      '--epochs',
      '1',
      '--arch',
      'lstm',
      '--no-encoder-member',
      '--crossval-report',
      report.replace(/\.md$/, '.json'),
    );
    expect(shared.code).toBe(1);
    expect(shared.stderr).toMatch(/trained another way than this run \(shares: none vs ravdess 50%\)/);
    // And one with telephone-band copies.
    const banded = await cli(
      'train',
      ...common,
      '--band-limit',
      '0.5',
      '--epochs',
      '1',
      '--arch',
      'lstm',
      '--no-encoder-member',
      '--crossval-report',
      report.replace(/\.md$/, '.json'),
    );
    expect(banded.code).toBe(1);
    expect(banded.stderr).toMatch(/trained another way than this run \(telephone-band copies: 0 vs 0\.5\)/);
    const split = JSON.parse(await readFile(path.join(work, 'split.json'), 'utf8'));
    const fitted = joinedWindows.recipes['lstm*encoder-conv^0.5'].filter((c: { group: string }) => !split.test.includes(c.group)).length;
    expect(fitted).toBeLessThan(24);
    const calibratedReport = await readFile(path.join(out, 'REPORT.md'), 'utf8');
    expect(calibratedReport).toContain(`fitted on the ${fitted} clips of cross-validation's held-out speakers`);
    const nemoTested = split.test.filter((g: string) => g.startsWith('nemo:')).length;
    expect(nemoTested).toBeGreaterThan(0);
    expect(calibratedReport).toContain(`and, weighing as much, the model's ${2 * (6 - nemoTested)} clips of the corpora left out of training`);
    expect(calibratedReport).toMatch(/On the test speakers of the corpora left out of training, after: ECE nemo 0\.\d{3}\./);
    // And measured cross-validated, over every clip of the folded corpus.
    expect(calibratedReport).toMatch(/Cross-validated over all 24 clips of the folded corpus .*\n.*ECE 0\.\d{3} at T = 1, 0\.\d{3} after/);
  });

  it('runs some folds, then the rest from their checkpoints, and scores one more recipe without training the others again', async () => {
    const results = JSON.parse(await readFile(report.replace(/\.md$/, '.json'), 'utf8'));
    // One fold alone, then the rest: the second run reuses the finished fold's checkpoints.
    const partial = await cli('crossval', ...common.slice(0, -2), '--out', report, '--folds', '3', '--epochs', '1', '--only-folds', '2', '--resume');
    expect(partial.code).toBe(0);
    const only = JSON.parse(await readFile(report.replace(/\.md$/, '.json'), 'utf8'));
    expect(only.recipes[0].folds.map((f: { fold: number }) => f.fold)).toEqual([2]);
    expect((await cli('crossval', ...common.slice(0, -2), '--folds', '3', '--only-folds', '4')).stderr).toMatch(/There are 3 folds, not 4/);
    // One more recipe on the same folds: the trained recipes' scores are read back, only the new ones computed.
    const more = await cli('crossval', ...common.slice(0, -2), '--out', report, '--folds', '3', '--epochs', '1', '--arch', 'lstm,stats,tdnn', '--resume');
    expect(more.code).toBe(0);
    expect(more.stderr).not.toMatch(/^(lstm|stats|lstm\+stats) test:/m);
    expect(more.stderr).toMatch(/^tdnn test:/m);
    expect(more.stderr).toMatch(/^lstm\+stats\+tdnn test:/m);
    const grown = JSON.parse(await readFile(report.replace(/\.md$/, '.json'), 'utf8'));
    const lstmOf = (r: { recipes: { recipe: string; all: unknown }[] }) => r.recipes.find((x) => x.recipe === 'lstm')!.all;
    expect(lstmOf(grown)).toEqual(lstmOf(results));
  });

  it("adapts a crossval run's held-out speakers to their voices, each by a head of its own fold", async () => {
    const report = path.join(work, 'crossval', 'CROSSVAL.json');
    const common = [
      '--data',
      data,
      '--report',
      report,
      '--recipe',
      'lstm',
      '--model',
      out,
      '--split',
      path.join(work, 'split.json'),
      '--cache',
      path.join(work, 'cache'),
    ];
    const result = await cli('crossval-adapt', ...common, '--adapt', 'none,unlabelled', '--adapt-seed', '1,2');
    expect(result.stderr).not.toMatch(/^error/m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^lstm, ravdess over 3 folds \(2\d clips\)/m);
    expect(result.stdout).toMatch(/^\| none \| {2}\| 2\d \| 0\.\d{3} \| 0\.\d{3} \| 0\.\d{3} \| 0 \|$/m);
    expect(result.stdout).toMatch(/^\| unlabelled \| 2\.0 clips \| 2\d \| 0\.\d{3} \| 0\.\d{3} \| 0\.\d{3} \| 0 \|$/m);
    const missing = await cli('crossval-adapt', ...common, '--recipe', 'conv-lstm');
    expect(missing.stderr).toMatch(/no held-out windows of conv-lstm beside it/);
  });

  it("breaks a crossval's held-out errors down by factor and scores each recipe with a bias fitted on the other folds", async () => {
    const out = path.join(work, 'ERRORS.md');
    const result = await cli('errors', '--report', report.replace(/\.md$/, '.json'), '--recipe', 'lstm+stats+tdnn', '--data', data, '--out', out);
    expect(result.stderr).not.toMatch(/^error/m);
    expect(result.code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).toMatch(/^# Why sad and happy fail: lstm\+stats\+tdnn on ravdess's held-out speakers/);
    expect(text).toMatch(/^\| sad \| \d+ \|/m);
    // Speech level and length measured from the clips themselves, and each of the 12 actors a row.
    expect(text).toMatch(/Speech level terciles cut at -?\d+\.\d and -?\d+\.\d dBFS/);
    expect(text.match(/^\| ravdess:\d\d \|/gm)).toHaveLength(12);
    for (const recipe of ['lstm', 'stats', 'tdnn', 'lstm\\+stats\\+tdnn']) expect(text).toMatch(new RegExp(`^\\| ${recipe} \\| 2\\d \\| 0\\.\\d{3} \\|`, 'm'));
    expect(text.match(/^- fold \d: /gm)).toHaveLength(3);
  });

  it("cross-validates another front end with random crops on the same folds, and scores its mean with the app's recipe", async () => {
    const report = path.join(work, 'crossval', 'CROSSVAL.md');
    const speech = path.join(work, 'crossval', 'SPEECH.md');
    const result = await cli(
      'crossval',
      ...common.slice(0, -2),
      '--runs',
      path.join(work, 'runs-speech'),
      '--out',
      speech,
      '--folds',
      '3',
      '--epochs',
      '1',
      '--arch',
      'cnn',
      '--front-end',
      'speech',
      '--crops',
    );
    expect(result.code).toBe(0);
    const results = JSON.parse(await readFile(speech.replace(/\.md$/, '.json'), 'utf8'));
    expect(results.training).toMatchObject({ frontEnd: 'speech', crops: true });
    // 10 ms hops: 297 frames of 3 s where the app's front end has 92.
    expect(results.options.config).toMatchObject({ frameSize: 512, hopSize: 160 });
    expect(result.stdout).toMatch(/Windows: train \d+/);
    const combined = await cli('combine', `${report.replace(/\.md$/, '.json')}#lstm`, `${speech.replace(/\.md$/, '.json')}#cnn`);
    expect(combined.code).toBe(0);
    expect(combined.stdout).toMatch(/\| mean of the 2 \| 0\.\d{3} \| \d+\.\d% \|/);
    expect(combined.stdout).toMatch(/Every ravdess clip that each recipe's folds held out \(2\d clips/);
    // A model trained on the speech front end is not the app's recipe that the report measured.
    const mismatch = await cli(
      'train',
      ...common,
      '--front-end',
      'speech',
      '--epochs',
      '1',
      '--arch',
      'lstm',
      '--no-encoder-member',
      '--crossval-report',
      report.replace(/\.md$/, '.json'),
    );
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/trained another way than this run \(front end: shipped vs speech\)/);
  });

  it('refuses numeric options out of range before any work, naming the option', async () => {
    const epochs = await cli('train', ...common, '--epochs', '0');
    expect(epochs.code).toBe(1);
    expect(epochs.stderr).toMatch(/option '--epochs <n>' argument '0' is invalid\. Needs a whole number of at least 1/);
    const folds = await cli('crossval', '--data', data, '--folds', '2.5');
    expect(folds.code).toBe(1);
    expect(folds.stderr).toMatch(/option '--folds <n>' argument '2\.5' is invalid/);
    const corpora = await cli('crossval', '--data', data, '--corpora', 'ravdess,nemo');
    expect(corpora.code).toBe(1);
    expect(corpora.stderr).toMatch(/No clips of nemo \(found: ravdess\)/);
  });

  it('refuses to evaluate with a model whose features differ', async () => {
    const metaFile = path.join(out, 'metadata.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8'));
    meta.featureConfig.melBands = 40;
    await writeFile(metaFile, JSON.stringify(meta));
    const result = await cli('evaluate', '--data', data, '--model', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/trained with other features than this app extracts \(melBands: 40 vs 64\)/);
  });
});
