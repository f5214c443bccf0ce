import { describe, expect, it } from 'vitest';
import { voiceStatistics } from './read';

describe('voiceStatistics', () => {
  it("follows each window's statistics with its encoder values, and keeps them alone without", () => {
    const stats = [Float32Array.of(1, 2), Float32Array.of(3, 4)];
    expect(voiceStatistics(stats, undefined)).toEqual(stats);
    expect(voiceStatistics(stats, [Float32Array.of(9), Float32Array.of(8)])).toEqual([Float32Array.of(1, 2, 9), Float32Array.of(3, 4, 8)]);
    expect(() => voiceStatistics(stats, [Float32Array.of(9)])).toThrow('1 windows of encoder values for 2 windows');
  });
});
