import { proxy } from 'comlink';
import { create } from 'zustand';
import { errorMessage, isAbort } from '../core/errors';
import { analysis } from '../app/client';
import { whenModelReady } from './model';
import type { FileAnalysis } from '../worker/file-analysis';

export type FileStatus = 'queued' | 'processing' | 'done' | 'error' | 'cancelled';

export interface FileItem {
  id: number;
  file: File;
  status: FileStatus;
  progress: number;
  analysis?: FileAnalysis;
  error?: string;
}

interface FilesState {
  items: FileItem[];
  add(files: Iterable<File>): void;
  cancel(id: number): void;
  remove(id: number): void;
  clear(): void;
}

let nextId = 1;
let running = false;

/** The dropped files, analysed one at a time in the worker, in the order they came. */
export const useFiles = create<FilesState>((set, get) => {
  const patch = (id: number, change: Partial<FileItem>) =>
    set({ items: get().items.map((item) => (item.id === id ? { ...item, ...change } : item)) });

  const runQueue = async () => {
    if (running) return;
    running = true;
    try {
      for (;;) {
        const item = get().items.find((i) => i.status === 'queued');
        if (!item) break;
        patch(item.id, { status: 'processing', progress: 0 });
        try {
          await whenModelReady();
          const result = await analysis.analyzeFile(item.id, item.file, proxy((progress: number) => patch(item.id, { progress })));
          patch(item.id, { status: 'done', progress: 1, analysis: result });
        } catch (error) {
          patch(item.id, isAbort(error) ? { status: 'cancelled' } : { status: 'error', error: errorMessage(error) });
        }
      }
    } finally {
      running = false;
    }
  };

  return {
    items: [],
    add(files) {
      const added = [...files].map((file) => ({ id: nextId++, file, status: 'queued' as const, progress: 0 }));
      set({ items: [...get().items, ...added] });
      void runQueue();
    },
    cancel(id) {
      const item = get().items.find((i) => i.id === id);
      if (item?.status === 'queued') patch(id, { status: 'cancelled' });
      if (item?.status === 'processing') void analysis.cancel(id);
    },
    remove(id) {
      get().cancel(id);
      set({ items: get().items.filter((i) => i.id !== id) });
    },
    clear() {
      for (const item of get().items) get().cancel(item.id);
      set({ items: [] });
    },
  };
});
