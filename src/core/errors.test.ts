import { describe, expect, it } from 'vitest';
import { errorMessage, isAbort } from './errors';

describe('errors', () => {
  it('gives the message of an error, or the thrown value as text', () => {
    expect(errorMessage(new Error('broken'))).toBe('broken');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
  });

  it('recognises a cancellation by its name, as a DOMException or as a copy from another thread', () => {
    expect(isAbort(new DOMException('stop', 'AbortError'))).toBe(true);
    expect(isAbort(Object.assign(new Error('stop'), { name: 'AbortError' }))).toBe(true);
    const controller = new AbortController();
    controller.abort();
    expect(isAbort(controller.signal.reason)).toBe(true);
    expect(isAbort(new Error('Cancelled'))).toBe(false);
    expect(isAbort(null)).toBe(false);
  });
});
