import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../src/core/labels';
import { headlineSchema } from '../../src/core/scores';
import type { Clip } from '../data/corpora';
import type { Evaluation } from './evaluate';
import { crossvalOf, headlineOf, trainingDifferences } from './headline';
import { computeMetrics } from './metrics';

const clip = (p: string, corpus: string, speaker: string, group = speaker): Clip => ({ path: p, corpus, emotion: 'angry', gender: 'female', speaker, group });

/** An evaluation of the given (path, corpus, truth, predicted) rows. */
function evaluation(rows: [string, string, string, string][]): Evaluation {
  const idx = (e: string) => EMOTIONS.indexOf(e as never);
  const metrics = (r: typeof rows) =>
    computeMetrics(
      r.map((x) => idx(x[2])),
      r.map((x) => idx(x[3])),
      EMOTIONS,
    );
  const corpora = [...new Set(rows.map((r) => r[1]))];
  return {
    n: rows.length,
    failed: [],
    emotions: metrics(rows),
    perCorpus: Object.fromEntries(corpora.map((c) => [c, metrics(rows.filter((r) => r[1] === c))])),
    classAccuracy: 0,
    genderAccuracy: 0,
    genderN: 0,
    predictions: rows.map(([p, corpus, emotion, predicted]) => ({
      path: p,
      corpus,
      emotion,
      predicted,
      predictedGender: 'female',
      probabilities: Object.fromEntries(EMOTIONS.map((e) => [e, e === predicted ? 1 : 0])) as Evaluation['predictions'][number]['probabilities'],
      confidence: 1,
    })),
    ece: {},
  };
}

describe('headline figures', () => {
  const clips = [
    clip('r1', 'ravdess', 'ravdess:01'),
    clip('r2', 'ravdess', 'ravdess:01'),
    clip('s1', 'savee', 'savee:JK'),
    clip('t1', 'tess', 'tess:OAF', 'tess:word:back'),
    clip('t2', 'tess', 'tess:YAF', 'tess:word:dog'),
  ];
  const test = evaluation([
    ['r1', 'ravdess', 'angry', 'angry'],
    ['r2', 'ravdess', 'sad', 'fear'],
    ['s1', 'savee', 'happy', 'happy'],
    ['t1', 'tess', 'fear', 'fear'],
    ['t2', 'tess', 'sad', 'sad'],
  ]);

  it('pool only the corpora whose test speakers are unseen (TESS is split by word), beside chance', () => {
    const h = headlineOf(test, clips);
    expect(headlineSchema.parse(h)).toEqual(h);
    expect(h.unseenSpeakers).toMatchObject({ n: 3, corpora: ['ravdess', 'savee'], accuracy: 2 / 3 });
    // Three emotions in the truth (angry, sad, happy), two recognised.
    expect(h.unseenSpeakers.uar).toBeCloseTo(2 / 3);
    // Per emotion, on the unseen speakers only (TESS's sad, recognised, does not count).
    expect(h.unseenSpeakers.recall).toMatchObject({ angry: 1, sad: 0, happy: 1, fear: 0 });
    // Every answer at confidence 1, right 2 times in 3 (with TESS's two, right, it would be 4 in 5).
    expect(h.unseenSpeakers.ece).toBeCloseTo(1 / 3);
    expect(h.perCorpus.tess).toMatchObject({ n: 2, accuracy: 1, unseenSpeakers: false });
    expect(h.perCorpus.ravdess).toMatchObject({ n: 2, accuracy: 0.5, unseenSpeakers: true });
    expect(h.chanceUar).toBeCloseTo(1 / 7);
  });

  it('reports corpora left out of training apart, each beside its own chance and with its language', () => {
    // nEMO has six emotions (no disgust): chance is 1/6 there.
    const untrained = evaluation([
      ['n1', 'nemo', 'angry', 'angry'],
      ['n2', 'nemo', 'sad', 'neutral'],
      ['n3', 'nemo', 'surprise', 'happy'],
      ['n4', 'nemo', 'fear', 'fear'],
      ['n5', 'nemo', 'happy', 'happy'],
      ['n6', 'nemo', 'neutral', 'sad'],
    ]);
    const h = headlineOf(test, clips, undefined, untrained);
    expect(headlineSchema.parse(h)).toEqual(h);
    expect(h.untrainedCorpora?.nemo).toMatchObject({ n: 6, accuracy: 0.5, uar: 0.5, language: 'Polish' });
    expect(h.untrainedCorpora?.nemo.chanceUar).toBeCloseTo(1 / 6);
    // The headline itself stays on the trained corpora's unseen speakers.
    expect(h.unseenSpeakers.corpora).toEqual(['ravdess', 'savee']);
    expect(headlineOf(test, clips).untrainedCorpora).toBeUndefined();
  });

  it('refuses to make a headline from seen speakers only', () => {
    expect(() => headlineOf(evaluation([['t1', 'tess', 'fear', 'fear']]), clips)).toThrow(/no honest headline/);
  });

  describe('the cross-validated figure of a recipe', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'crossval-'));
    afterAll(() => rm(dir, { recursive: true }));
    const file = path.join(dir, 'CROSSVAL.json');
    // Written as reports did before --front-end, --crops, --band-limit and --loss: read as the shipped front end and cross-entropy, without the others.
    const written = { refit: true, corpora: ['ravdess', 'tess'], share: { tess: 0.5 } };
    const training = { ...written, frontEnd: 'shipped' as const, crops: false, bandLimit: 0, loss: 'crossentropy' as const };
    await writeFile(
      file,
      JSON.stringify({
        options: { corpus: 'ravdess' },
        training: written,
        recipes: [{ recipe: 'lstm', folds: [{}, {}, {}], all: { n: 1199, uar: 0.49, accuracy: 0.5, macroF1: 0.49 } }],
      }),
    );

    it('is read for the recipe it measured, and absent otherwise', async () => {
      expect(await crossvalOf(file, 'lstm')).toEqual({ figure: { corpus: 'ravdess', folds: 3, n: 1199, uar: 0.49, accuracy: 0.5 }, training });
      expect(await crossvalOf(file, 'cnn')).toBeUndefined();
      expect(await crossvalOf(path.join(dir, 'none.json'), 'lstm')).toBeUndefined();
    });

    it('says how two ways of training differ, and nothing when they are the same', () => {
      expect(trainingDifferences(training, { ...training })).toEqual([]);
      expect(
        trainingDifferences(training, {
          refit: false,
          corpora: ['ravdess', 'savee', 'tess'],
          share: {},
          frontEnd: 'speech',
          crops: true,
          bandLimit: 0.25,
          loss: 'focal',
        }),
      ).toEqual([
        'refit: yes vs no',
        'corpora: ravdess,tess vs ravdess,savee,tess',
        'shares: tess 50% vs none',
        'front end: shipped vs speech',
        'random crops: no vs yes',
        'telephone-band copies: 0 vs 0.25',
        'loss: crossentropy vs focal',
      ]);
    });

    it('refuses a malformed report instead of treating it as absent', async () => {
      const bad = path.join(dir, 'bad.json');
      await writeFile(bad, JSON.stringify({ folds: [] }));
      await expect(crossvalOf(bad, 'lstm')).rejects.toThrow();
    });
  });
});
