import { describe, expect, it } from 'vitest';
import { clockTime } from './time';

describe('clockTime', () => {
  it('writes m:ss, and h:mm:ss past an hour', () => {
    expect([0, 9.4, 59.6, 61, 893, 3599, 3600, 7322].map(clockTime)).toEqual(['0:00', '0:09', '1:00', '1:01', '14:53', '59:59', '1:00:00', '2:02:02']);
  });
});
