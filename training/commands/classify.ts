import { errorMessage } from '../../src/core/errors';
import type { ClipResult } from '../../src/core/classify';
import { EMOTIONS } from '../../src/core/labels';
import { classifyFile } from '../eval/classify-file';
import { markdownTable } from '../eval/report';
import { loadSpeechDetector } from '../speech';
import { loadEmotionModel } from '../tf/load';

type Row = { file: string; result?: ClipResult; error?: string };

export async function classifyCommand(files: string[], opts: { model: string; format: 'table' | 'csv' | 'json' }): Promise<void> {
  const model = await loadEmotionModel(opts.model);
  const speech = await loadSpeechDetector();
  const rows: Row[] = [];
  for (const file of files) {
    try {
      rows.push({ file, result: await classifyFile(file, model, speech) });
    } catch (error) {
      rows.push({ file, error: errorMessage(error) });
    }
  }
  const fixed = (v: number | undefined) => (v === undefined ? '' : v.toFixed(3));
  if (opts.format === 'json') {
    const out = rows.map(({ file, result, error }) =>
      result
        ? { file, emotion: result.topEmotion, gender: result.topGender, emotions: result.emotions, genders: result.gender, windows: result.windows.length }
        : { file, error },
    );
    console.log(JSON.stringify(out, null, 2));
  } else {
    const header = ['file', 'emotion', ...EMOTIONS, 'gender', 'p(female)', 'error'];
    const body = rows.map(({ file, result, error }) => [
      file,
      result?.topEmotion ?? '',
      ...EMOTIONS.map((e) => fixed(result?.emotions[e])),
      result?.topGender ?? '',
      fixed(result?.gender.female),
      error ?? '',
    ]);
    const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    console.log(opts.format === 'csv' ? [header, ...body].map((r) => r.map(csvCell).join(',')).join('\n') : markdownTable(header, body));
  }
  if (rows.some((r) => r.error)) process.exitCode = 1;
}
