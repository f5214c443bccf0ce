import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/**
 * speech_embedding as shipped reads one patch of 76 mel frames per call and so computes every frame about
 * nine times over (patches overlap by 68 frames). Its layers are convolutions that are `valid` in time and
 * pooling of stride 8 in all, so the same network run over a whole stretch of frames gives one vector every
 * 8 frames, exactly those of the patches (to float rounding), for a sixth of the work. This rewrites the graph
 * for that: the input's time axis free, the reshape into the network's layout kept to the new length, and
 * the final reshape to one vector per patch replaced by a transpose to one vector per 8 frames.
 */
export function streamingEmbeddingGraph(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph;
  if (!graph) throw new Error('The encoder file holds no graph');
  const input = graph.input?.[0]?.type?.tensorType?.shape?.dim;
  const reshapes = (graph.node ?? []).filter((n) => n.opType === 'Reshape');
  if (input?.length !== 4 || Number(input[1].dimValue) !== PATCH_FRAMES || reshapes.length !== 2) {
    throw new Error('The encoder file is not the speech_embedding graph this app reads (input [n, 76, 32, 1], two reshapes)');
  }
  input[1] = onnx.TensorShapeProto.Dimension.create({ dimParam: 'frames' });
  const [first, last] = reshapes;
  const shape = (graph.initializer ?? []).find((t) => t.name === first.input?.[1]);
  if (!shape) throw new Error('The encoder file has no shape for its first reshape');
  // [-1, 1, 76, 32] -> [0 (keep the batch), 1, -1 (any length), 32]
  shape.rawData = new Uint8Array(BigInt64Array.from([0n, 1n, -1n, 32n]).buffer);
  shape.int64Data = [];
  // The last convolution's [batch, 96, vectors, 1] becomes [batch, vectors, 1, 96].
  const transpose = onnx.NodeProto.create({
    opType: 'Transpose',
    name: 'vectors_last',
    input: [last.input?.[0] ?? ''],
    output: last.output,
    attribute: [onnx.AttributeProto.create({ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 2, 3, 1] })],
  });
  graph.node = (graph.node ?? []).map((n) => (n === last ? transpose : n));
  graph.initializer = (graph.initializer ?? []).filter((t) => t.name !== last.input?.[1]);
  const output = graph.output?.[0]?.type?.tensorType?.shape?.dim;
  if (output?.length === 4) output[1] = onnx.TensorShapeProto.Dimension.create({ dimParam: 'vectors' });
  return onnx.ModelProto.encode(model).finish();
}

/** Mel frames per patch of the network as trained: 76 frames of 10 ms (0.775 s with the FFT's span). */
export const PATCH_FRAMES = 76;
