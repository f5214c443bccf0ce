import { describe, expect, it } from 'vitest';
import { coveredSeconds } from './summary';

describe('coveredSeconds', () => {
  it('counts overlapping windows once, gaps not at all, and nothing outside the recording', () => {
    const windows = [
      { start: -1, end: 2 },
      { start: 0, end: 3 },
      { start: 1, end: 4 },
      { start: 10, end: 13 },
    ];
    expect(coveredSeconds(windows, 12)).toBe(4 + 2);
    expect(coveredSeconds([], 12)).toBe(0);
  });
});
