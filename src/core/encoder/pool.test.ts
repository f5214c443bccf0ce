import { describe, expect, it } from 'vitest';
import { POOLED_SIZE, poolVectors } from './pool';
import { ENCODER_DIM, VECTOR_HOP, VECTOR_SPAN, vectorCentre, vectorCount } from './speech-embedding';

/** Vectors whose every dimension is the given value. */
const signalOf = (values: number[]) => ({ count: values.length, vectors: Float32Array.from(values.flatMap((v) => new Array<number>(ENCODER_DIM).fill(v))) });

describe('vectorCount', () => {
  it("counts one vector per 80 ms once a vector's 0.78 s are in", () => {
    expect(vectorCount(VECTOR_SPAN - 1)).toBe(0);
    expect(vectorCount(VECTOR_SPAN)).toBe(1);
    // A 3 s clip at 16 kHz: 28 vectors, as speech_embedding's own streaming reader gives.
    expect(vectorCount(48000)).toBe(28);
  });
});

describe('poolVectors', () => {
  it('takes the mean, spread and mean change of the vectors centred in the spans', () => {
    const encoded = signalOf([1, 3, 5, 100]);
    // Vectors 0-2 are centred before vector 3's centre.
    const pooled = poolVectors(encoded, [{ start: 0, end: vectorCentre(3) }]);
    expect(pooled).toHaveLength(POOLED_SIZE);
    expect(pooled[0]).toBeCloseTo(3);
    expect(pooled[ENCODER_DIM]).toBeCloseTo(Math.sqrt(8 / 3));
    expect(pooled[2 * ENCODER_DIM]).toBeCloseTo(2);
  });

  it('takes the nearest vector for a stretch shorter than a hop, and nothing of an empty signal', () => {
    const middle = vectorCentre(2);
    const pooled = poolVectors(signalOf([1, 3, 5, 100]), [{ start: middle + 10, end: middle + VECTOR_HOP / 4 }]);
    expect([pooled[0], pooled[ENCODER_DIM], pooled[2 * ENCODER_DIM]]).toEqual([5, 0, 0]);
    expect(poolVectors({ count: 0, vectors: new Float32Array() }, [{ start: 0, end: 100 }]).every((v) => v === 0)).toBe(true);
  });
});
