import { describe, expect, it } from 'vitest';
import { FileError } from './worker/file-analysis';
import { NoSpeechError, SilentClipError } from './core/classify';
import { VoiceProfileError } from './core/voice/fit';
import { ModelUnavailableError } from './worker/engine';
import { workerFailure } from './protocol';

/** An error as comlink rebuilds it on the page: a plain Error with the thrower's name and message. */
const crossed = (error: Error) => Object.assign(new Error(error.message), { name: error.name });

describe('workerFailure', () => {
  it('recognises a cancellation by its name, as a DOMException or as a copy from another thread', () => {
    expect(workerFailure(new DOMException('stop', 'AbortError'))).toEqual({ kind: 'cancelled' });
    const controller = new AbortController();
    controller.abort();
    expect(workerFailure(controller.signal.reason)).toEqual({ kind: 'cancelled' });
    expect(workerFailure(crossed(new DOMException('stop', 'AbortError')))).toEqual({ kind: 'cancelled' });
  });

  it("names each of the worker's errors by kind, with its message, after crossing the boundary", () => {
    expect(workerFailure(crossed(new FileError('not audio')))).toEqual({ kind: 'file', message: 'not audio' });
    expect(workerFailure(crossed(new SilentClipError()))).toMatchObject({ kind: 'no-speech' });
    expect(workerFailure(crossed(new NoSpeechError()))).toMatchObject({ kind: 'no-speech' });
    expect(workerFailure(crossed(new VoiceProfileError('no heads')))).toEqual({ kind: 'voice-profile', message: 'no heads' });
    expect(workerFailure(crossed(new ModelUnavailableError('The model is not loaded')))).toEqual({ kind: 'model', message: 'The model is not loaded' });
  });

  it('takes anything else for a plain failure, thrown values included', () => {
    expect(workerFailure(new Error('Cancelled'))).toEqual({ kind: 'failed', message: 'Cancelled' });
    expect(workerFailure('out of memory')).toEqual({ kind: 'failed', message: 'out of memory' });
    expect(workerFailure(null)).toEqual({ kind: 'failed', message: 'null' });
  });
});
