import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CLASS_LABELS } from '../src/core/labels';
import { FEATURE_CONFIG, featureCount, framesPerWindow } from '../src/core/config';
import { ARCHITECTURES, buildModel, unitInputs } from '../training/model/architectures';
import { batchNormalization } from '../training/tf/batch-norm';
import { selectNodeBackend } from '../training/tf/backend';
import { type Figure, fromValues, measure } from './measure';

const MODEL_DIR = path.join(import.meta.dirname, '..', 'public', 'model');

interface EpochLogs {
  history: { seconds: number }[];
}

/** Epoch times of the shipped model's training run (each member of an ensemble), as its metadata recorded them. */
export async function trainingFigures(): Promise<Figure[]> {
  const meta = JSON.parse(await readFile(path.join(MODEL_DIR, 'metadata.json'), 'utf8'));
  const members: Record<string, EpochLogs> = {
    ...(meta.training.members ?? { [meta.architecture]: meta.training }),
    // The member on the speech encoder's frames trains after the ensemble, on its own clips' vectors.
    ...(meta.encoderMember && meta.training.encoderMember && { [meta.encoderMember.architecture]: meta.training.encoderMember }),
  };
  return [
    ...Object.entries(members).map(([arch, m]) =>
      fromValues(
        `training.epoch_s.${arch}`,
        's per epoch (shipped run)',
        m.history.map((h) => h.seconds),
      ),
    ),
    fromValues('training.total_s', 's (features + training)', [meta.training.seconds]),
    // Only a run from scratch (not resumed from checkpoints) measures what `npm run train` takes.
    ...(meta.training.wallSeconds !== undefined && !meta.training.resumed
      ? [fromValues('training.wall_s', 's by the wall clock (`npm run train` from scratch, members side by side)', [meta.training.wallSeconds])]
      : []),
  ];
}

/** Milliseconds of one training step (forward, gradients, Adam) on wasm, for a batch of random windows. */
async function stepMs(model: tf.LayersModel, inputShape: number[], batch: number): Promise<() => Promise<number>> {
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([batch, ...inputShape], 0, 1, 'float32', 1);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: batch }, (_, i) => i % CLASS_LABELS.length),
      'int32',
    ),
    CLASS_LABELS.length,
  );
  return async () => {
    const started = performance.now();
    await model.trainOnBatch(x, y);
    return performance.now() - started;
  };
}

/**
 * The training engine (wasm, this project's gradient kernels): ms per window of each architecture, and the
 * 2-D CNN of the accuracy issue (64 mel x 301 frames, 16/32/64/128 channels, batch 32) as seconds per epoch
 * of 3,468 clips, its target being 120 s.
 */
export async function trainingEngineFigures(): Promise<Figure[]> {
  await selectNodeBackend('wasm');
  const figures: Figure[] = [];
  const [frames, features] = [framesPerWindow(FEATURE_CONFIG), featureCount(FEATURE_CONFIG)];
  for (const arch of ARCHITECTURES) {
    const model = buildModel(arch, frames, features, CLASS_LABELS.length, 7, unitInputs(FEATURE_CONFIG));
    const step = await stepMs(model, [frames, features], 64);
    figures.push(await measure(`training.step_ms_per_window.${arch}`, 'ms per window (batch 64, wasm)', 3, async () => (await step()) / 64));
    model.dispose();
  }
  const reference = referenceCnn();
  const step = await stepMs(reference, [301, 64, 1], 32);
  figures.push(
    await measure(
      'training.reference_cnn.epoch_s',
      's per epoch of 3,468 clips (64 x 301 log-mel, batch 32, wasm)',
      3,
      async () => ((await step()) * Math.ceil(3468 / 32)) / 1000,
    ),
  );
  reference.dispose();
  return figures;
}

/** The reference CNN of the accuracy issue: 4 x (3x3 conv, batch norm, ReLU, 2x2 max-pool), 99k weights. */
function referenceCnn(): tf.LayersModel {
  const L = tf.layers;
  const layers: tf.layers.Layer[] = [];
  [16, 32, 64, 128].forEach((filters, i) => {
    layers.push(L.conv2d({ ...(i === 0 ? { inputShape: [301, 64, 1] } : {}), filters, kernelSize: 3, padding: 'same', useBias: false }));
    layers.push(batchNormalization(), L.activation({ activation: 'relu' }), L.maxPooling2d({ poolSize: 2 }));
  });
  layers.push(L.globalAveragePooling2d({}), L.dropout({ rate: 0.3 }), L.dense({ units: CLASS_LABELS.length, activation: 'softmax' }));
  return tf.sequential({ layers });
}
