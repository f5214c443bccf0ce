import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * The wasm backend has no Conv2DBackpropFilter kernel, so no Conv1D/Conv2D layer can train on it.
 * This one computes the filter gradient as one matrix product per filter tap:
 *   dW[r, c] = X[r, c]^T . dY, with X[r, c] the input window that tap (r, c) sees at every output position.
 * Channels-last, dilation 1 (all that tfjs-layers' Conv1D/Conv2D use by default).
 */
const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, outHeight, outWidth, inChannels, outChannels, filterHeight, filterWidth } = info;
  const { strideHeight, strideWidth, padInfo } = info;
  const wasm = backend as BackendWasm;
  // Tensor views of the inputs; each holds a reference of its own so disposing it frees nothing else.
  const view = (info: tf.TensorInfo) => {
    wasm.incRef(info.dataId);
    return tf.engine().makeTensorFromTensorInfo(info, wasm) as tf.Tensor4D;
  };
  const values = tf.tidy(() => {
    const xT = view(x);
    const dyT = view(dy);
    const spanH = (outHeight - 1) * strideHeight + 1;
    const spanW = (outWidth - 1) * strideWidth + 1;
    // Pad so that every tap's window lies inside the array, including 'same' padding's far side.
    const bottom = Math.max(0, filterHeight - 1 + spanH - padInfo.top - x.shape[1]);
    const right = Math.max(0, filterWidth - 1 + spanW - padInfo.left - x.shape[2]);
    const padded = tf.pad(xT, [
      [0, 0],
      [padInfo.top, bottom],
      [padInfo.left, right],
      [0, 0],
    ]);
    const dyMatrix = tf.reshape(dyT, [batchSize * outHeight * outWidth, outChannels]);
    const taps: tf.Tensor2D[] = [];
    for (let r = 0; r < filterHeight; r++) {
      for (let c = 0; c < filterWidth; c++) {
        const window = tf.stridedSlice(
          padded,
          [0, r, c, 0],
          [batchSize, r + spanH, c + spanW, inChannels],
          [1, strideHeight, strideWidth, 1],
        );
        const xMatrix = tf.reshape(window, [batchSize * outHeight * outWidth, inChannels]);
        taps.push(tf.matMul(xMatrix, dyMatrix, true, false));
      }
    }
    return tf.stack(taps).dataSync() as Float32Array;
  });
  return wasm.makeOutput(
    [filterHeight, filterWidth, inChannels, outChannels],
    'float32',
    undefined,
    values,
  );
};

let registered = false;

/** Registers the kernel for the wasm backend (once). */
export function registerWasmConvBackpropFilter(): void {
  if (registered || tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc });
  registered = true;
}
