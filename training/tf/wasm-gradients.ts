import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Gradient kernels for the wasm backend, written as the fast forward ops it already has (XNNPACK
 * convolutions, plain matrix products, broadcasting products). The backend lacks Conv2DBackpropFilter,
 * and its own Conv2DBackpropInput and Tile are scalar loops that made a small CNN train ~30x slower than
 * native code. Channels-last, dilation 1: what tfjs-layers' Conv1D/Conv2D use by default.
 */

type Inputs = Record<string, tf.TensorInfo>;

/**
 * Runs tfjs ops on a kernel's inputs and hands the result's storage to the engine without a copy (as the
 * backend's own Reshape does): every temporary is freed, the inputs keep their references.
 */
function viaOps(backend: unknown, inputs: Inputs, compute: (t: Record<string, tf.Tensor>) => tf.Tensor): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const out = tf.tidy(() => {
    const tensors = Object.fromEntries(
      Object.entries(inputs).map(([name, info]) => {
        wasm.incRef(info.dataId); // the view's own reference, dropped when tidy disposes it
        return [name, tf.engine().makeTensorFromTensorInfo(info, wasm)];
      }),
    );
    return compute(tensors);
  });
  wasm.incRef(out.dataId);
  const info = { dataId: out.dataId, shape: out.shape, dtype: out.dtype };
  out.dispose();
  return info;
}

function convInfo(xShape: readonly number[], filterShape: readonly number[], attrs: tf.Conv2DBackpropFilterAttrs | tf.Conv2DBackpropInputAttrs) {
  if (attrs.dataFormat === 'NCHW') throw new Error('wasm convolution gradients: only NHWC is supported');
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
}

/**
 * dW for stride 1, as one forward convolution: dW[r, c, i, o] = sum over (n, y, x) of
 * X[n, y + r, x + c, i] . dY[n, y, x, o], which is the input (batch and channels swapped) convolved with
 * the output gradient (as a filter as large as the output). Other strides build the input window of each
 * tap (im2col) and multiply once; the smaller operand is transposed explicitly, as a product with
 * transposeA is ~5x slower here.
 */
const conv2DBackpropFilter: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const info = convInfo(x.shape, (attrs as unknown as tf.Conv2DBackpropFilterAttrs).filterShape, attrs as unknown as tf.Conv2DBackpropFilterAttrs);
  const { batchSize, outHeight, outWidth, inChannels, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  return viaOps(backend, { x, dy }, (t) => {
    const spanH = (outHeight - 1) * strideHeight + 1;
    const spanW = (outWidth - 1) * strideWidth + 1;
    // Pad so that every tap's window lies inside the array, including 'same' padding's far side.
    const bottom = filterHeight - 1 + spanH - padInfo.top - x.shape[1];
    const right = filterWidth - 1 + spanW - padInfo.left - x.shape[2];
    const padded = tf.pad(t.x, [
      [0, 0],
      [padInfo.top, Math.max(0, bottom)],
      [padInfo.left, Math.max(0, right)],
      [0, 0],
    ]) as tf.Tensor4D;
    if (strideHeight === 1 && strideWidth === 1 && bottom >= 0 && right >= 0) {
      const input = tf.transpose(padded, [3, 1, 2, 0]) as tf.Tensor4D;
      const filter = tf.transpose(t.dy, [1, 2, 0, 3]) as tf.Tensor4D;
      return tf.transpose(tf.conv2d(input, filter, 1, 'valid'), [1, 2, 0, 3]);
    }
    const taps: tf.Tensor[] = [];
    for (let r = 0; r < filterHeight; r++) {
      for (let c = 0; c < filterWidth; c++) {
        taps.push(tf.stridedSlice(padded, [0, r, c, 0], [batchSize, r + spanH, c + spanW, inChannels], [1, strideHeight, strideWidth, 1]));
      }
    }
    const positions = batchSize * outHeight * outWidth;
    const taps2d = filterHeight * filterWidth * inChannels;
    const columns = tf.reshape(taps.length === 1 ? taps[0] : tf.concat(taps, 3), [positions, taps2d]);
    const dyMatrix = tf.reshape(t.dy, [positions, outChannels]);
    const product = taps2d <= outChannels ? tf.matMul(tf.transpose(columns), dyMatrix) : tf.transpose(tf.matMul(tf.transpose(dyMatrix), columns));
    return tf.reshape(product, [filterHeight, filterWidth, inChannels, outChannels]);
  });
};

/**
 * dX for stride 1: the output gradient, padded so that each input position sees every tap that touched
 * it, convolved with the filter turned 180° and its in/out channels swapped. Other strides go to the
 * backend's own kernel.
 */
function conv2DBackpropInput(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const a = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const info = convInfo(a.inputShape, filter.shape, a);
    const { filterHeight, filterWidth, inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, padInfo } = info;
    const top = filterHeight - 1 - padInfo.top;
    const left = filterWidth - 1 - padInfo.left;
    const bottom = inHeight + filterHeight - 1 - outHeight - top;
    const right = inWidth + filterWidth - 1 - outWidth - left;
    if (strideHeight !== 1 || strideWidth !== 1 || Math.min(top, left, bottom, right) < 0) return fallback(args);
    return viaOps(backend, { dy, filter }, (t) => {
      const turned = tf.transpose(tf.reverse(t.filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
      const padded = tf.pad(t.dy, [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ]) as tf.Tensor4D;
      return tf.conv2d(padded, turned, 1, 'valid');
    });
  };
}

/**
 * Tile where every repeated axis has size 1 (how the batch-norm gradient spreads its per-channel scale
 * over the batch): a broadcasting product with ones. Other tilings go to the backend's own kernel.
 */
function tile(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { reps } = args.attrs as unknown as tf.TileAttrs;
    if (x.dtype !== 'float32' || reps.some((r, i) => r > 1 && x.shape[i] !== 1)) return fallback(args);
    return viaOps(args.backend, { x }, (t) => tf.mul(t.x, tf.ones(x.shape.map((n, i) => n * reps[i]))));
  };
}

/**
 * Sum (and Mean) over leading axes, as batch-norm and its gradient reduce [batch, h, w] per channel: one
 * pass over the input in wasm memory. The backend's own first transposes the reduced axes inward, which
 * costs more than the sum. Other reductions go to the backend's own kernel.
 */
function reduceLeading(fallback: tf.KernelFunc, mean: boolean): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return fallback(args);
    const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
    const kept = x.shape.slice(axes.length);
    const width = kept.reduce((a, b) => a * b, 1);
    const wasm = args.backend as BackendWasm;
    const out = wasm.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    const values = wasm.typedArrayFromHeap(x) as Float32Array;
    const sums = new Float64Array(width);
    for (let r = 0, i = 0; r < rows; r++) for (let k = 0; k < width; k++, i++) sums[k] += values[i];
    (wasm.typedArrayFromHeap(out) as Float32Array).set(mean ? sums.map((v) => v / rows) : sums);
    return out;
  };
}

/**
 * MaxPoolGrad as one pass over the inputs in wasm memory: each output gradient goes to the first largest
 * input of its window (row-major, as the cpu backend breaks ties). The backend's own kernel is ~10x slower.
 */
const maxPoolGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth, padInfo } = info;
  const wasm = backend as BackendWasm;
  const out = wasm.makeOutput(input.shape, 'float32');
  // Views taken after the output is allocated (an allocation can move the heap).
  const x = wasm.typedArrayFromHeap(input) as Float32Array;
  const g = wasm.typedArrayFromHeap(dy) as Float32Array;
  const dx = wasm.typedArrayFromHeap(out) as Float32Array;
  dx.fill(0);
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  for (let n = 0; n < batchSize; n++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        best.fill(-Infinity);
        where.fill(-1);
        for (let r = 0; r < filterHeight; r++) {
          const iy = oy * strideHeight - padInfo.top + r;
          if (iy < 0 || iy >= inHeight) continue;
          for (let c = 0; c < filterWidth; c++) {
            const ix = ox * strideWidth - padInfo.left + c;
            if (ix < 0 || ix >= inWidth) continue;
            const base = ((n * inHeight + iy) * inWidth + ix) * C;
            for (let k = 0; k < C; k++) {
              if (x[base + k] > best[k] || where[k] < 0) {
                best[k] = x[base + k];
                where[k] = base + k;
              }
            }
          }
        }
        const gBase = ((n * outHeight + oy) * outWidth + ox) * C;
        for (let k = 0; k < C; k++) if (where[k] >= 0) dx[where[k]] += g[gBase + k];
      }
    }
  }
  return out;
};

let registered = false;

/** Registers the kernels for the wasm backend (once), keeping the backend's own for what they do not cover. */
export function registerWasmGradients(): void {
  if (registered) return;
  registered = true;
  const replace = (kernelName: string, make: (fallback: tf.KernelFunc) => tf.KernelFunc) => {
    const own = tf.getKernel(kernelName, 'wasm');
    if (!own) throw new Error(`The wasm backend has no ${kernelName} kernel to wrap`);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...own, kernelFunc: make(own.kernelFunc) });
  };
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter });
  replace('Conv2DBackpropInput', conv2DBackpropInput);
  replace('Tile', tile);
  replace('Sum', (own) => reduceLeading(own, false));
  replace('Mean', (own) => reduceLeading(own, true));
  replace('MaxPoolGrad', () => maxPoolGrad);
}
