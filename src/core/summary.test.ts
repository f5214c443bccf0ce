import { describe, expect, it } from 'vitest';
import { clockTime, coveredSeconds } from './summary';

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

describe('clockTime', () => {
  it('writes m:ss, and h:mm:ss past an hour', () => {
    expect([0, 9.4, 59.6, 61, 893, 3599, 3600, 7322].map(clockTime)).toEqual(['0:00', '0:09', '1:00', '1:01', '14:53', '59:59', '1:00:00', '2:02:02']);
  });
});
