import { FEATURE_CONFIG } from '../core/config';
import { type ClipRecord, clipsCsv, provenanceOf, resultsJson, windowsCsv } from '../core/export';
import type { FileItem } from '../state/files';
import type { ModelInfo } from '../protocol';
import { BUILD_ID } from './build-id';

const record = (item: FileItem): ClipRecord => ({
  file: item.name,
  status: item.status,
  duration: item.analysis?.duration,
  result: item.analysis?.result,
  error: item.error,
  voiceProfile: item.analysis?.voiceProfile,
});

/** The three exports (a row per recording, a row per window, everything): a file name that says which and when. */
export function exportFormats(items: readonly FileItem[], info: ModelInfo) {
  const records = items.map(record);
  const day = new Date().toISOString().slice(0, 10);
  // One recording's files are named after it; several recordings' after the app.
  const base = items.length === 1 ? `emotion-lens-${items[0].name.replace(/\.[^.]*$/, '').replace(/[^\w-]+/g, '_')}` : 'emotion-lens';
  return [
    {
      id: 'recordings-csv',
      label: 'Export CSV: recordings',
      name: `emotion-lens-recordings-${day}.csv`,
      type: 'text/csv',
      text: () => clipsCsv(records, info.uncertainBelow),
    },
    {
      id: 'windows-csv',
      label: 'Export CSV: 3 s windows',
      name: `${base}-windows-${day}.csv`,
      type: 'text/csv',
      text: () => windowsCsv(records, info.uncertainBelow),
    },
    {
      id: 'json',
      label: 'Export JSON',
      name: `${base}-results-${day}.json`,
      type: 'application/json',
      text: () => resultsJson(records, provenanceOf(`Emotion Lens ${BUILD_ID}`, info, FEATURE_CONFIG.version, info.uncertainBelow)),
    },
  ];
}

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
