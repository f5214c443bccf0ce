import { describe, expect, it, vi } from 'vitest';
import type { FileAnalysis } from '../protocol';
import { type FileItem, type FilesBridge, createFilesStore } from './files-store';

/** A deferred promise: the test decides when the worker answers. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

/** A bridge whose analyses wait for the test, and whose storage is an array (or fails when told). */
function fakeBridge(kept: Omit<FileItem, 'id'>[] = []) {
  const calls: { id: number; done: ReturnType<typeof deferred<FileAnalysis>>; onProgress: (p: number, s: 'windows') => void }[] = [];
  let key = 0;
  const bridge = {
    analyzeFile: vi.fn((id: number, _audio: Blob, onProgress: (p: number, s: 'windows') => void) => {
      const done = deferred<FileAnalysis>();
      calls.push({ id, done, onProgress });
      return done.promise;
    }),
    cancel: vi.fn(),
    whenModelReady: vi.fn(() => Promise.resolve()),
    loadRecordings: vi.fn(() => Promise.resolve(kept)),
    saveRecordings: vi.fn((_items: readonly FileItem[]) => Promise.resolve()),
    newRecordingKey: () => `k${++key}`,
    now: () => 1000,
  } satisfies FilesBridge;
  return { bridge, calls };
}

const file = (name: string) => new File([new Uint8Array(8)], name);
const result = { duration: 3 } as unknown as FileAnalysis;
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the files store', () => {
  it('analyses the files one at a time in the order they came; progress ticks are not written', async () => {
    const { bridge, calls } = fakeBridge();
    const store = createFilesStore(bridge);
    await store.getState().restore();
    store.getState().add([file('a.wav'), file('b.wav')]);
    await settle();
    expect(store.getState().items.map((i) => i.status)).toEqual(['processing', 'queued']);
    expect(calls).toHaveLength(1);
    const writes = bridge.saveRecordings.mock.calls.length;
    calls[0].onProgress(0.5, 'windows');
    expect(store.getState().items[0]).toMatchObject({ progress: 0.5, stage: 'windows', startedAt: 1000 });
    expect(bridge.saveRecordings.mock.calls.length).toBe(writes);
    calls[0].done.resolve(result);
    await settle();
    expect(store.getState().items.map((i) => i.status)).toEqual(['done', 'processing']);
    expect(calls.map((c) => c.id)).toEqual(store.getState().items.map((i) => i.id));
    calls[1].done.reject(Object.assign(new Error('The file is damaged'), { name: 'DecodeError' }));
    await settle();
    expect(store.getState().items[1]).toMatchObject({ status: 'error', error: 'The file is damaged' });
    // What was written last holds both outcomes.
    expect(bridge.saveRecordings.mock.lastCall?.[0].map((i) => i.status)).toEqual(['done', 'error']);
  });

  it('cancels a queued file without analysing it, and asks the worker to stop the one under way', async () => {
    const { bridge, calls } = fakeBridge();
    const store = createFilesStore(bridge);
    store.getState().add([file('a.wav'), file('b.wav')]);
    await settle();
    const [first, second] = store.getState().items;
    store.getState().cancel(second.id);
    store.getState().cancel(first.id);
    expect(bridge.cancel).toHaveBeenCalledWith(first.id);
    expect(store.getState().items[0].cancelling).toBe(true);
    calls[0].done.reject(new DOMException('Analysis of the file was cancelled', 'AbortError'));
    await settle();
    expect(store.getState().items.map((i) => i.status)).toEqual(['cancelled', 'cancelled']);
    expect(calls).toHaveLength(1);
  });

  it('waits for the model before the first analysis', async () => {
    const { bridge, calls } = fakeBridge();
    const ready = deferred<void>();
    bridge.whenModelReady.mockReturnValue(ready.promise);
    const store = createFilesStore(bridge);
    store.getState().add([file('a.wav')]);
    await settle();
    expect(calls).toHaveLength(0);
    ready.resolve();
    await settle();
    expect(calls).toHaveLength(1);
  });

  it('says so when the kept recordings cannot be read, and never writes over them', async () => {
    const { bridge, calls } = fakeBridge();
    bridge.loadRecordings.mockRejectedValue(new Error('QuotaExceededError'));
    const store = createFilesStore(bridge);
    await store.getState().restore();
    expect(store.getState().storageError).toMatch(/^Could not read the recordings kept in this browser \(QuotaExceededError\): they are left as they are/);
    store.getState().add([file('a.wav')]);
    await settle();
    calls[0].done.resolve(result);
    await settle();
    expect(store.getState().items[0].status).toBe('done');
    expect(bridge.saveRecordings).not.toHaveBeenCalled();
  });

  it('puts the kept recordings first, and says when a change cannot be kept until one can', async () => {
    const kept = [{ key: 'old', name: 'old.wav', source: 'file' as const, status: 'done' as const, progress: 1 }];
    const { bridge } = fakeBridge(kept);
    const store = createFilesStore(bridge);
    store.getState().addSession('Live 1', result);
    bridge.saveRecordings.mockRejectedValueOnce(new Error('the disk is full'));
    await store.getState().restore();
    expect(store.getState().items.map((i) => i.name)).toEqual(['old.wav', 'Live 1']);
    expect(store.getState().storageError).toMatch(/^Could not keep the recordings in this browser \(the disk is full\)/);
    store.getState().remove(store.getState().items[1].id);
    await settle();
    expect(store.getState().storageError).toBeUndefined();
    expect(bridge.saveRecordings.mock.lastCall?.[0].map((i) => i.key)).toEqual(['old']);
  });
});
