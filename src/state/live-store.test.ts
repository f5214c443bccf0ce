import { describe, expect, it, vi } from 'vitest';
import type { Microphone } from '../audio/microphone';
import { CLASS_LABELS } from '../core/labels';
import type { FileAnalysis, LiveUpdate } from '../protocol';
import { type LiveBridge, createLiveStore, isStale } from './live-store';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

/** A bridge whose microphone and worker answer when the test says, with a clock the test sets. */
function fakeBridge() {
  const opening = deferred<Microphone>();
  const starting = deferred<void>();
  const microphone = { label: 'Test microphone', sampleRate: 48000, port: {} as MessagePort, stop: vi.fn(() => Promise.resolve()) };
  const heard: { onUpdate?: (update: LiveUpdate) => void; onEnded?: () => void } = {};
  const kept: { name: string; session: FileAnalysis }[] = [];
  const clock = { now: 1_000_000 };
  const bridge = {
    openMicrophone: vi.fn((_processing: boolean, onEnded: () => void) => ((heard.onEnded = onEnded), opening.promise)),
    startLive: vi.fn((_mic: Microphone, onUpdate: (update: LiveUpdate) => void) => ((heard.onUpdate = onUpdate), starting.promise)),
    stopLive: vi.fn(() => Promise.resolve()),
    keepSession: vi.fn((name: string, session: FileAnalysis) => void kept.push({ name, session })),
    now: () => clock.now,
  } satisfies LiveBridge;
  return { bridge, opening, starting, microphone, heard, kept, clock };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
/** Probabilities with all weight on one class. */
const certain = (label: string) => Float32Array.from(CLASS_LABELS, (c) => (c === label ? 1 : 0));
const tick = (time: number, audioAt = 999_990) => ({ levelDb: -20, time, audioAt });

/** A store that is listening, with the test's handles on it. */
async function listening() {
  const fake = fakeBridge();
  const store = createLiveStore(fake.bridge);
  const started = store.getState().start();
  fake.opening.resolve(fake.microphone);
  fake.starting.resolve();
  await started;
  return { store, ...fake };
}

describe('the live store', () => {
  it('listens once the microphone and the worker are started, and says which microphone it hears', async () => {
    const { store, bridge } = await listening();
    expect(store.getState()).toMatchObject({ status: 'listening', input: 'Test microphone' });
    expect(bridge.startLive).toHaveBeenCalledOnce();
  });

  it('a stop while the microphone opens closes it when it comes, and never starts the worker', async () => {
    const { bridge, opening, microphone } = fakeBridge();
    const store = createLiveStore(bridge);
    const started = store.getState().start();
    await store.getState().stop();
    opening.resolve(microphone);
    await started;
    expect(microphone.stop).toHaveBeenCalledOnce();
    expect(bridge.startLive).not.toHaveBeenCalled();
    expect(store.getState().status).toBe('idle');
  });

  it('a stop while the worker starts stops the worker again once its start returns', async () => {
    const { bridge, opening, starting, microphone } = fakeBridge();
    const store = createLiveStore(bridge);
    const started = store.getState().start();
    opening.resolve(microphone);
    await settle();
    expect(bridge.startLive).toHaveBeenCalledOnce();
    await store.getState().stop();
    const stopsAtStop = bridge.stopLive.mock.calls.length;
    starting.resolve();
    await started;
    expect(bridge.stopLive.mock.calls.length).toBe(stopsAtStop + 1);
    expect(microphone.stop).toHaveBeenCalledOnce();
    expect(store.getState().status).toBe('idle');
  });

  it('shows speech updates smoothed, silence as a gap, and the latency on the shared clock', async () => {
    const { store, heard } = await listening();
    heard.onUpdate!({ ...tick(1), state: 'speech', probs: certain('female_angry') });
    expect(store.getState()).toMatchObject({ status: 'speech', female: 1, lastSpeechAt: 1, updates: 1, latencyMs: 10 });
    expect(store.getState().emotions?.angry).toBeCloseTo(1);
    heard.onUpdate!({ ...tick(1.5), state: 'speech', probs: certain('male_sad') });
    // Half of the last answer and half of the new one.
    expect(store.getState().emotions?.angry).toBeCloseTo(0.5);
    expect(store.getState().emotions?.sad).toBeCloseTo(0.5);
    heard.onUpdate!({ ...tick(3), state: 'silence' });
    const state = store.getState();
    expect(state.status).toBe('silence');
    expect(state.history.map((p) => p.emotions === null)).toEqual([false, false, true]);
    expect(isStale(state)).toBe(true);
  });

  it('keeps the session as a recording at Stop: its windows, each with the second of speech that made it', async () => {
    const { store, heard, kept, microphone } = await listening();
    for (const time of [3, 3.5, 4]) heard.onUpdate!({ ...tick(time), state: 'speech', probs: certain('male_happy'), voiceProfile: 'Me' });
    heard.onUpdate!({ ...tick(6), state: 'silence' });
    await store.getState().stop();
    expect(microphone.stop).toHaveBeenCalledOnce();
    expect(kept).toHaveLength(1);
    const { name, session } = kept[0];
    expect(name).toMatch(/^Live session /);
    expect(session).toMatchObject({ duration: 6, sampleRate: 48000, channels: 1, voiceProfile: 'Me' });
    expect(session.result.windows.map((w) => [w.start, w.end, w.speech?.start, w.speech?.end])).toEqual([
      [0, 3, 2, 3],
      [0.5, 3.5, 2.5, 3.5],
      [1, 4, 3, 4],
    ]);
    expect(session.result.topEmotion).toBe('happy');
    expect(store.getState().status).toBe('idle');
  });

  it('a session with no speech is not kept', async () => {
    const { store, heard, kept } = await listening();
    heard.onUpdate!({ ...tick(1), state: 'silence' });
    await store.getState().stop();
    expect(kept).toEqual([]);
  });

  it("ends in an error the page can read when the worker's session fails or the microphone goes away", async () => {
    const { store, heard, bridge } = await listening();
    heard.onUpdate!({ ...tick(1), state: 'error', error: 'The live analysis failed: out of memory' });
    await settle();
    expect(store.getState()).toMatchObject({ status: 'error', error: 'The live analysis failed: out of memory' });
    expect(bridge.stopLive).toHaveBeenCalled();
    // Updates still in flight are not shown over the error.
    heard.onUpdate!({ ...tick(1.5), state: 'silence' });
    expect(store.getState().status).toBe('error');

    const again = await listening();
    again.heard.onEnded!();
    await settle();
    expect(again.store.getState()).toMatchObject({ status: 'error', error: 'The microphone was disconnected.' });
    expect(again.microphone.stop).toHaveBeenCalledOnce();
  });

  it('a denied microphone is an error, and a later start tries again', async () => {
    const { bridge, opening } = fakeBridge();
    const store = createLiveStore(bridge);
    opening.reject(new Error('Microphone access was denied.'));
    await store.getState().start();
    expect(store.getState()).toMatchObject({ status: 'error', error: 'Microphone access was denied.' });
    void store.getState().start();
    expect(store.getState()).toMatchObject({ status: 'starting', error: undefined });
    expect(bridge.openMicrophone).toHaveBeenCalledTimes(2);
  });
});
