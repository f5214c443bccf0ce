import { describe, expect, it } from 'vitest';
import { errorMessage } from './errors';

describe('errors', () => {
  it('gives the message of an error, or the thrown value as text', () => {
    expect(errorMessage(new Error('broken'))).toBe('broken');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
  });
});
