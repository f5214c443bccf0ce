import { describe, expect, it } from 'vitest';
import { queueSummary } from './queue-summary';

describe('queueSummary', () => {
  it('says nothing of a single recording', () => {
    expect(queueSummary([])).toBe('');
    expect(queueSummary(['processing'])).toBe('');
  });

  it('counts the queue while it runs, failures and recordings without speech included', () => {
    expect(queueSummary(['done', 'processing', 'queued', 'queued'])).toBe('Analysing: 1 of 4 done, one at a time in the order they came');
    expect(queueSummary(['done', 'error', 'cancelled', 'processing'])).toBe(
      'Analysing: 3 of 4 done (1 failed, 1 cancelled), one at a time in the order they came',
    );
    expect(queueSummary(['no-speech', 'processing'])).toBe('Analysing: 1 of 2 done (1 with no speech), one at a time in the order they came');
  });

  it('sums up once every recording has ended', () => {
    expect(queueSummary(['done', 'done', 'done'])).toBe('3 recordings: 3 with a result');
    expect(queueSummary(['done', 'error', 'error', 'cancelled'])).toBe('4 recordings: 1 with a result, 2 failed, 1 cancelled');
    // A recording with no voice in it was analysed, and is not counted as a failure.
    expect(queueSummary(['done', 'no-speech', 'error', 'no-speech'])).toBe('4 recordings: 1 with a result, 2 with no speech, 1 failed');
  });
});
