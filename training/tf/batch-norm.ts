import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Batch normalisation in training mode on the wasm backend, forward and gradient each as one pass over
 * wasm memory. tfjs-layers differentiates its batch statistics op by op (moments, then FusedBatchNorm's
 * gradient with its tiles and reshapes): about a third of a batch-normalised CNN's training step here.
 * The closed form, per channel over the N values it normalises (x̂ the normalised input):
 *   dβ = Σ dy,  dγ = Σ dy·x̂,  dx = γ/σ · (dy − dβ/N − x̂·dγ/N).
 * Channels last: the statistics run over every axis but the last, as in tfjs-layers' default.
 */

const FORWARD = 'TrainingBatchNorm';
const INPUT_GRADIENT = 'TrainingBatchNormInputGrad';
const SCALE_GRADIENT = 'TrainingBatchNormScaleGrad';

interface Attrs {
  epsilon: number;
}

/** Per channel: the mean and the (biased, as tf.moments) variance of x, from one pass of sums in float64. */
function moments(x: Float32Array, channels: number): { mean: Float64Array; variance: Float64Array } {
  const n = x.length / channels;
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const v = x[i + c];
      mean[c] += v;
      variance[c] += v * v;
    }
  }
  for (let c = 0; c < channels; c++) {
    mean[c] /= n;
    variance[c] = Math.max(0, variance[c] / n - mean[c] * mean[c]);
  }
  return { mean, variance };
}

/** Inputs x, γ, β; outputs y, the batch mean and the batch variance. */
const forward: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, gamma, beta } = inputs as Record<string, tf.TensorInfo>;
  const { epsilon } = attrs as unknown as Attrs;
  const wasm = backend as BackendWasm;
  const channels = x.shape.at(-1)!;
  const outs = [wasm.makeOutput(x.shape, 'float32'), wasm.makeOutput([channels], 'float32'), wasm.makeOutput([channels], 'float32')];
  // Views taken after the outputs are allocated (an allocation can move the heap).
  const [xs, g, b] = [x, gamma, beta].map((t) => wasm.typedArrayFromHeap(t) as Float32Array);
  const [y, meanOut, varianceOut] = outs.map((t) => wasm.typedArrayFromHeap(t) as Float32Array);
  const { mean, variance } = moments(xs, channels);
  const scale = Float64Array.from(variance, (v, c) => g[c] / Math.sqrt(v + epsilon));
  for (let i = 0; i < xs.length; i += channels) for (let c = 0; c < channels; c++) y[i + c] = (xs[i + c] - mean[c]) * scale[c] + b[c];
  meanOut.set(mean);
  varianceOut.set(variance);
  return outs;
};

/** Per channel: Σ dy and Σ dy·x̂, the sums every part of the gradient needs. */
function gradientSums(g: Float32Array, x: Float32Array, mean: Float32Array, inverse: Float64Array): { sumDy: Float64Array; sumDyXhat: Float64Array } {
  const channels = mean.length;
  const sumDy = new Float64Array(channels);
  const sumDyXhat = new Float64Array(channels);
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      sumDy[c] += g[i + c];
      sumDyXhat[c] += g[i + c] * (x[i + c] - mean[c]) * inverse[c];
    }
  }
  return { sumDy, sumDyXhat };
}

type GradientInputs = Record<'dy' | 'x' | 'gamma' | 'mean' | 'variance', tf.TensorInfo>;

/** The heap views of a gradient kernel's inputs, taken after its output is allocated, and 1/σ per channel. */
function gradientViews(wasm: BackendWasm, inputs: GradientInputs, epsilon: number) {
  const [g, x, gamma, mean, variance] = [inputs.dy, inputs.x, inputs.gamma, inputs.mean, inputs.variance].map(
    (t) => wasm.typedArrayFromHeap(t) as Float32Array,
  );
  return { g, x, gamma, mean, inverse: Float64Array.from(variance, (v) => 1 / Math.sqrt(v + epsilon)) };
}

/** dx = γ/σ · (dy − dβ/N − x̂·dγ/N). */
const inputGradient: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const out = wasm.makeOutput((inputs as GradientInputs).x.shape, 'float32');
  const { g, x, gamma, mean, inverse } = gradientViews(wasm, inputs as GradientInputs, (attrs as unknown as Attrs).epsilon);
  const dx = wasm.typedArrayFromHeap(out) as Float32Array;
  const { sumDy, sumDyXhat } = gradientSums(g, x, mean, inverse);
  const channels = mean.length;
  const n = x.length / channels;
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const xhat = (x[i + c] - mean[c]) * inverse[c];
      dx[i + c] = gamma[c] * inverse[c] * (g[i + c] - sumDy[c] / n - (xhat * sumDyXhat[c]) / n);
    }
  }
  return out;
};

/** dγ = Σ dy·x̂ (dβ = Σ dy is a plain sum over the leading axes). */
const scaleGradient: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const out = wasm.makeOutput([(inputs as GradientInputs).x.shape.at(-1)!], 'float32');
  const { g, x, mean, inverse } = gradientViews(wasm, inputs as GradientInputs, (attrs as unknown as Attrs).epsilon);
  (wasm.typedArrayFromHeap(out) as Float32Array).set(gradientSums(g, x, mean, inverse).sumDyXhat);
  return out;
};

let registered = false;

/**
 * Registers the kernels with the wasm backend, the op's gradient and the layer (once). The gradient ignores
 * the statistics outputs: they only feed the moving averages, which are written, not differentiated.
 */
export function registerTrainingBatchNorm(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({ kernelName: FORWARD, backendName: 'wasm', kernelFunc: forward });
  tf.registerKernel({ kernelName: INPUT_GRADIENT, backendName: 'wasm', kernelFunc: inputGradient });
  tf.registerKernel({ kernelName: SCALE_GRADIENT, backendName: 'wasm', kernelFunc: scaleGradient });
  tf.registerGradient({
    kernelName: FORWARD,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, gamma, mean, variance] = saved;
      const dy = (dys as tf.Tensor[])[0];
      const run = (name: string) => tf.engine().runKernel(name, { dy, x, gamma, mean, variance }, attrs as tf.NamedAttrMap) as tf.Tensor;
      const leading = Array.from({ length: dy.rank - 1 }, (_, i) => i);
      return { x: () => run(INPUT_GRADIENT), gamma: () => run(SCALE_GRADIENT), beta: () => tf.sum(dy, leading) };
    },
  });
  // Models loaded in training (a checkpoint to resume) get the same layer.
  tf.serialization.registerClass(TrainingBatchNormalization as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>);
}

/** y = γ·(x − μ)/σ + β with the batch's own statistics (the wasm backend only); also returns μ and σ². */
export function trainingBatchNorm(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const [y, mean, variance] = tf.engine().runKernel(FORWARD, { x, gamma, beta }, { epsilon } as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

type BatchNormalizationArgs = Parameters<typeof tf.layers.batchNormalization>[0];
type BatchNormalization = ReturnType<typeof tf.layers.batchNormalization>;
/** tfjs-layers' own class (the package does not export it by name). */
const Base = tf.layers.batchNormalization({}).constructor as new (args?: BatchNormalizationArgs) => BatchNormalization;

/** The fields of tfjs-layers' batch normalisation that training mode reads (private in its typings). */
interface Fields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

/**
 * tfjs-layers' BatchNormalization with training mode on the kernels above; inference, its weights and its
 * saved form are the original's (it saves as "BatchNormalization", so the app loads it as tfjs's own).
 */
class TrainingBatchNormalization extends Base {
  static className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const f = this as unknown as Fields;
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = f.axis === -1 || f.axis === x.rank - 1;
    if (!kwargs.training || tf.getBackend() !== 'wasm' || !lastAxis || !f.center || !f.scale) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = trainingBatchNorm(x, f.gamma.read() as tf.Tensor1D, f.beta.read() as tf.Tensor1D, f.epsilon);
      // The moving averages, as tfjs-layers updates them: v ← v − (v − batch)·(1 − momentum).
      for (const [variable, value] of [
        [f.movingMean, mean],
        [f.movingVariance, variance],
      ] as const) {
        const old = variable.read();
        variable.write(tf.sub(old, tf.mul(tf.sub(old, value), 1 - f.momentum)));
      }
      return y;
    });
  }
}

/** A batch-normalisation layer whose training runs on the kernels above. */
export const batchNormalization = (args?: BatchNormalizationArgs): BatchNormalization => new TrainingBatchNormalization(args);
