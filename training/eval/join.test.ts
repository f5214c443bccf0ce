import { describe, expect, it } from 'vitest';
import { weightedProduct } from '../../src/core/product';
import { joinHeldOut, joinSamples } from './join';

const w = (...p: number[]) => Float32Array.from(p);

describe("joining a feature model's windows with an encoder member's", () => {
  it('joins each clip window by window by the weighted product, matched by clip', () => {
    const general = [
      { clip: 3, corpus: 'ravdess', emotion: 0, windows: [w(0.6, 0.4), w(0.5, 0.5)] },
      { clip: 5, corpus: 'tess', emotion: 1, windows: [w(0.9, 0.1)] },
    ];
    const member = [
      { clip: 5, corpus: 'tess', emotion: 1, windows: [w(0.2, 0.8)] },
      { clip: 3, corpus: 'ravdess', emotion: 0, windows: [w(0.1, 0.9), w(0.7, 0.3)] },
    ];
    const joined = joinSamples(general, member, 0.5);
    expect(joined.map((s) => s.clip)).toEqual([3, 5]);
    expect(Array.from(joined[0].windows[1])).toEqual(Array.from(weightedProduct([w(0.5, 0.5), w(0.7, 0.3)], [1, 0.5])));
    expect(Array.from(joined[1].windows[0])).toEqual(Array.from(weightedProduct([w(0.9, 0.1), w(0.2, 0.8)], [1, 0.5])));
    expect(() => joinSamples(general, member.slice(0, 1), 0.5)).toThrow('Clip 3 has no windows of the encoder member');
    expect(() => joinSamples(general, [{ ...member[1], windows: [w(0.1, 0.9)] }, member[0]], 0.5)).toThrow('Clip 3 has 2 and 1 windows');
  });

  it("joins crossval's held-out clips by path, leaving out those the member lacks", () => {
    const clip = (path: string, windows: number[][]) => ({ path, group: 'ravdess:01', emotion: 0, windows });
    const joined = joinHeldOut([clip('a', [[0.6, 0.4]]), clip('b', [[0.5, 0.5]])], [clip('a', [[0.2, 0.8]])], 1);
    expect(joined.map((c) => c.path)).toEqual(['a']);
    // 0.6 x 0.2 against 0.4 x 0.8, to four digits as crossval writes them.
    expect(joined[0].windows[0]).toEqual([0.2727, 0.7273]);
  });
});
