import type * as tf from '@tensorflow/tfjs';
import type { CalibrationSample } from '../../src/core/calibration';
import type { EncoderMember, EncoderMemberMeta } from '../../src/core/encoder/member';
import type { EmotionModel } from '../../src/core/model';
import type { Clip } from '../data/corpora';
import { splitOf } from '../data/split';
import { type Evaluation, evaluateClips } from '../eval/evaluate';
import { predictFiles } from '../model/calibrate';
import { progressBar } from '../progress';
import { metadata } from '../report/metadata';
import { loadSpeechDetector } from '../speech';
import type { TrainingOptions } from './options';
import type { Prepared } from './windows';

/** Scores a model trained on `prepared` on the plan's test clips, through the app's own clip function. */
export async function scoreOnTest(
  model: tf.LayersModel,
  name: string,
  prepared: Prepared,
  options: TrainingOptions,
  temperature = 1,
  clips: readonly Clip[] = prepared.dataset.clips,
  member?: JoinedMember,
): Promise<Evaluation> {
  const { dataset, plan } = prepared;
  const testClips = clips.filter((c) => c.gender && splitOf(c, plan) === 'test');
  const testBar = progressBar(`${name} test`);
  const test = await evaluateClips(
    asAppModel(model, name, prepared, options, temperature, member),
    dataset.root,
    testClips,
    await loadSpeechDetector(),
    (d, t) => testBar.update(d, t),
    prepared.inputs,
  );
  testBar.stop();
  return test;
}

/** An encoder member to join to a trained model: what its metadata says, and the member loaded. */
export interface JoinedMember {
  meta: EncoderMemberMeta;
  loaded: EncoderMember;
}

/** A trained model (and member) with the metadata the app would read, at a temperature. */
function asAppModel(
  model: tf.LayersModel,
  name: string,
  prepared: Prepared,
  options: TrainingOptions,
  temperature: number,
  member?: JoinedMember,
): EmotionModel {
  const meta = { ...metadata(name, options, prepared, {}, {}), calibration: { temperature, uncertainBelow: 0 } };
  return member ? { model, meta: { ...meta, encoderMember: member.meta }, member: member.loaded } : { model, meta };
}

/** The model's answers on the corpora left out of training, their test speakers left out: voices from other rooms and languages to calibrate on. */
export async function leftOutSamples(
  model: tf.LayersModel,
  name: string,
  prepared: Prepared,
  options: TrainingOptions,
  leftOut: readonly Clip[],
  member?: JoinedMember,
): Promise<CalibrationSample[]> {
  const clips = leftOut.filter((c) => splitOf(c, prepared.plan) !== 'test');
  if (clips.length === 0) return [];
  const bar = progressBar(`${name} on corpora left out, for calibration`);
  const samples = await predictFiles(asAppModel(model, name, prepared, options, 1, member), prepared.dataset.root, clips, await loadSpeechDetector(), (d, t) =>
    bar.update(d, t),
  );
  bar.stop();
  return samples;
}
