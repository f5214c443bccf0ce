import { EMOTIONS } from '../core/labels';
import { readout } from '../core/readout';
import type { FileItem } from '../state/files';

/** The file's answer as the page shows it: an emotion, or "uncertain", and the top probability. */
function answer(item: FileItem, uncertainBelow: number): { emotion: string; confidence: number } | undefined {
  const r = item.analysis && readout(item.analysis.result.emotions, uncertainBelow);
  return r && { emotion: r.emotion ?? 'uncertain', confidence: r.confidence };
}

/** All file results as CSV: one row per file, with its status, answer and probabilities. */
export function resultsCsv(items: readonly FileItem[], uncertainBelow: number): string {
  const header = ['file', 'status', 'duration_s', 'emotion', 'confidence', ...EMOTIONS.map((e) => `p_${e}`), 'gender', 'p_female', 'error'];
  const cell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const rows = items.map((item) => {
    const r = item.analysis?.result;
    const a = answer(item, uncertainBelow);
    return [
      item.file.name,
      item.status,
      item.analysis ? item.analysis.duration.toFixed(2) : '',
      a?.emotion ?? '',
      a ? a.confidence.toFixed(4) : '',
      ...EMOTIONS.map((e) => (r ? r.emotions[e].toFixed(4) : '')),
      r?.topGender ?? '',
      r ? r.gender.female.toFixed(4) : '',
      item.error ?? '',
    ];
  });
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}

/** All file results as JSON, including every window of the timelines. */
export function resultsJson(items: readonly FileItem[], uncertainBelow: number): string {
  return JSON.stringify(
    items.map((item) => ({
      file: item.file.name,
      status: item.status,
      error: item.error,
      duration: item.analysis?.duration,
      ...answer(item, uncertainBelow),
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
