import { EMOTIONS } from '../core/labels';
import type { FileItem } from '../state/files';

/** All file results as CSV: one row per file, with its status, top emotion and probabilities. */
export function resultsCsv(items: readonly FileItem[]): string {
  const header = ['file', 'status', 'duration_s', 'emotion', ...EMOTIONS.map((e) => `p_${e}`), 'gender', 'p_female', 'error'];
  const cell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const rows = items.map((item) => {
    const r = item.analysis?.result;
    return [
      item.file.name,
      item.status,
      item.analysis ? item.analysis.duration.toFixed(2) : '',
      r?.topEmotion ?? '',
      ...EMOTIONS.map((e) => (r ? r.emotions[e].toFixed(4) : '')),
      r?.topGender ?? '',
      r ? r.gender.female.toFixed(4) : '',
      item.error ?? '',
    ];
  });
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

/** All file results as JSON, including every window of the timelines. */
export function resultsJson(items: readonly FileItem[]): string {
  return JSON.stringify(
    items.map((item) => ({
      file: item.file.name,
      status: item.status,
      error: item.error,
      duration: item.analysis?.duration,
      emotion: item.analysis?.result.topEmotion,
      emotions: item.analysis?.result.emotions,
      gender: item.analysis?.result.gender,
      windows: item.analysis?.result.windows.map((w) => ({ start: w.start, end: w.end, probs: Array.from(w.probs) })),
    })),
    null,
    2,
  );
}

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
