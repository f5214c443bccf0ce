import { create } from 'zustand';
import type { AnalysisStage } from '../core/classify';
import { errorMessage } from '../core/errors';
import { type FileAnalysis, workerFailure } from '../protocol';
import type { FileStatus } from './file-status';

/** A recording: a dropped file, or a live session kept when it stopped. */
export interface FileItem {
  id: number;
  /** Its entry among the recordings kept on this device (stable across visits, unlike `id`). */
  key: string;
  name: string;
  source: 'file' | 'live';
  /** The audio, for playback (a live session keeps none). */
  audio?: Blob;
  status: FileStatus;
  progress: number;
  /** What the analysis waits on now (processing only). */
  stage?: AnalysisStage;
  /** When its analysis began (ms, performance.now()), for the time left. */
  startedAt?: number;
  /** A cancel was asked for and has not landed yet. */
  cancelling?: boolean;
  analysis?: FileAnalysis;
  /** Why it has no result: what failed, or that it holds no speech. */
  error?: string;
}

export interface FilesState {
  items: FileItem[];
  /** Whether the recordings kept from earlier visits have been read back. */
  restored: boolean;
  /** Why the last change could not be kept on this device (the results on the page are unaffected). */
  storageError?: string;
  /** Changes to the kept recordings still being written: the page closed now would lose them. */
  writing: number;
  add(files: Iterable<File>): void;
  /** Keeps a finished live session as a recording. */
  addSession(name: string, analysis: FileAnalysis): void;
  cancel(id: number): void;
  remove(id: number): void;
  clear(): void;
  restore(): Promise<void>;
}

/** What the files store needs from outside the page's state: the worker's analysis, the model, the device's storage. */
export interface FilesBridge {
  analyzeFile(id: number, audio: Blob, onProgress: (progress: number, stage: AnalysisStage) => void): Promise<FileAnalysis>;
  cancel(id: number): void;
  /** Resolves once the model is loaded. */
  whenModelReady(): Promise<void>;
  loadRecordings(): Promise<Omit<FileItem, 'id'>[]>;
  saveRecordings(items: readonly FileItem[]): Promise<void>;
  newRecordingKey(): string;
  /** Milliseconds of a monotonic clock (performance.now()). */
  now(): number;
}

/** The recordings, analysed one at a time in the worker in the order they came, kept on this device. */
export const createFilesStore = (bridge: FilesBridge) => {
  let nextId = 1;
  let running = false;
  let restoring: Promise<void> | undefined;
  return create<FilesState>((set, get) => {
    // Written only once the kept recordings are read back: an earlier write would replace them.
    const save = async () => {
      if (!get().restored) return;
      set({ writing: get().writing + 1 });
      try {
        await bridge.saveRecordings(get().items);
        if (get().storageError) set({ storageError: undefined });
      } catch (error) {
        set({ storageError: `Could not keep the recordings in this browser (${errorMessage(error)}): they stay on this page until it is closed.` });
      } finally {
        set({ writing: get().writing - 1 });
      }
    };
    const commit = (items: FileItem[]) => {
      set({ items });
      void save();
    };
    const patch = (id: number, change: Partial<FileItem>) => commit(get().items.map((item) => (item.id === id ? { ...item, ...change } : item)));
    // Progress ticks change nothing worth keeping: they skip the write.
    const tick = (id: number, progress: number, stage: AnalysisStage) =>
      set({ items: get().items.map((item) => (item.id === id ? { ...item, progress, stage } : item)) });

    const runQueue = async () => {
      if (running) return;
      running = true;
      try {
        for (;;) {
          const item = get().items.find((i) => i.status === 'queued');
          if (!item?.audio) break;
          set({ items: get().items.map((i) => (i.id === item.id ? { ...i, status: 'processing', progress: 0, startedAt: bridge.now() } : i)) });
          try {
            await bridge.whenModelReady();
            const result = await bridge.analyzeFile(item.id, item.audio, (progress, stage) => tick(item.id, progress, stage));
            patch(item.id, { status: 'done', progress: 1, analysis: result });
          } catch (error) {
            const failure = workerFailure(error);
            if (failure.kind === 'cancelled') patch(item.id, { status: 'cancelled' });
            else patch(item.id, { status: failure.kind === 'no-speech' ? 'no-speech' : 'error', error: failure.message });
          }
        }
      } finally {
        running = false;
      }
    };

    return {
      items: [],
      restored: false,
      writing: 0,
      add(files) {
        const added = [...files].map((file): FileItem => ({
          id: nextId++,
          key: bridge.newRecordingKey(),
          name: file.name,
          source: 'file',
          audio: file,
          status: 'queued',
          progress: 0,
        }));
        set({ items: [...get().items, ...added] });
        void runQueue();
      },
      addSession(name, result) {
        commit([...get().items, { id: nextId++, key: bridge.newRecordingKey(), name, source: 'live', status: 'done', progress: 1, analysis: result }]);
      },
      cancel(id) {
        const item = get().items.find((i) => i.id === id);
        if (item?.status === 'queued') patch(id, { status: 'cancelled' });
        if (item?.status === 'processing') {
          set({ items: get().items.map((i) => (i.id === id ? { ...i, cancelling: true } : i)) });
          bridge.cancel(id);
        }
      },
      remove(id) {
        get().cancel(id);
        commit(get().items.filter((i) => i.id !== id));
      },
      clear() {
        for (const item of get().items) get().cancel(item.id);
        commit([]);
      },
      restore() {
        restoring ??= (async () => {
          let kept: Omit<FileItem, 'id'>[];
          try {
            kept = await bridge.loadRecordings();
          } catch (error) {
            // Not read is not empty: nothing is written over what may still be there.
            set({
              storageError: `Could not read the recordings kept in this browser (${errorMessage(error)}): they are left as they are, and new results stay on this page only. Reload to try again.`,
            });
            return;
          }
          // Items dropped while reading come after the kept ones.
          set({ items: [...kept.map((item) => ({ ...item, id: nextId++ })), ...get().items], restored: true });
          await save();
        })();
        return restoring;
      },
    };
  });
};
