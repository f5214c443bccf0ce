import type * as tf from '@tensorflow/tfjs';
import type { CalibrationSample } from '../../src/core/calibration';
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
): Promise<Evaluation> {
  const { dataset, plan } = prepared;
  const testClips = clips.filter((c) => c.gender && splitOf(c, plan) === 'test');
  const testBar = progressBar(`${name} test`);
  const test = await evaluateClips(
    asAppModel(model, name, prepared, options, temperature),
    dataset.root,
    testClips,
    await loadSpeechDetector(),
    (d, t) => testBar.update(d, t),
    prepared.inputs,
  );
  testBar.stop();
  return test;
}

/** A trained model with the metadata the app would read, at a temperature. */
function asAppModel(model: tf.LayersModel, name: string, prepared: Prepared, options: TrainingOptions, temperature: number): EmotionModel {
  return { model, meta: { ...metadata(name, options, prepared, {}, {}), calibration: { temperature, uncertainBelow: 0 } } };
}

/** The model's answers on the corpora left out of training, their test speakers left out: voices from other rooms and languages to calibrate on. */
export async function leftOutSamples(
  model: tf.LayersModel,
  name: string,
  prepared: Prepared,
  options: TrainingOptions,
  leftOut: readonly Clip[],
): Promise<CalibrationSample[]> {
  const clips = leftOut.filter((c) => splitOf(c, prepared.plan) !== 'test');
  if (clips.length === 0) return [];
  const bar = progressBar(`${name} on corpora left out, for calibration`);
  const samples = await predictFiles(asAppModel(model, name, prepared, options, 1), prepared.dataset.root, clips, await loadSpeechDetector(), (d, t) =>
    bar.update(d, t),
  );
  bar.stop();
  return samples;
}
