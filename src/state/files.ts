import { proxy } from 'comlink';
import { analysis } from '../app/client';
import { createFilesStore } from './files-store';
import { whenModelReady } from './model';
import { loadRecordings, newRecordingKey, saveRecordings } from './persist';

export type { FileItem } from './files-store';

/** The page's recordings: the files store over the analysis worker and this browser's IndexedDB. */
export const useFiles = createFilesStore({
  analyzeFile: (id, audio, onProgress) => analysis.analyzeFile(id, audio, proxy(onProgress)),
  cancel: (id) => void analysis.cancel(id),
  whenModelReady,
  loadRecordings,
  saveRecordings,
  newRecordingKey,
  now: () => performance.now(),
});
