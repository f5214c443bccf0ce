import { CLASS_LABELS, classIndex } from '../../src/core/labels';
import type { Clip } from '../data/corpora';
import type { Evaluation } from './evaluate';
import type { Metrics } from './metrics';

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const num = (v: number) => v.toFixed(3);

/** A pooled score in full: accuracy, UAR and macro-F1, then the per-emotion table and the confusion matrix. */
export function metricsMarkdown(m: Metrics): string[] {
  return [
    `Accuracy ${(100 * m.accuracy).toFixed(1)}%, UAR ${m.uar.toFixed(3)}, macro-F1 ${m.macroF1.toFixed(3)}.`,
    '',
    perClassTable(m),
    '',
    confusionTable(m),
    '',
  ];
}

/** A Markdown table from a header row and body rows. */
export function markdownTable(header: string[], rows: (string | number)[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function summaryRows(evaluation: Evaluation): (string | number)[][] {
  const row = (name: string, m: Metrics) => [name, m.n, pct(m.accuracy), num(m.uar), num(m.macroF1)];
  return [row('all', evaluation.emotions), ...Object.entries(evaluation.perCorpus).map(([corpus, m]) => row(corpus, m))];
}

export const SUMMARY_HEADER = ['corpus', 'clips', 'accuracy', 'UAR', 'macro-F1'];

export function perClassTable(m: Metrics): string {
  return markdownTable(
    ['emotion', 'precision', 'recall', 'F1', 'clips'],
    m.perClass.map((c) => [c.label, num(c.precision), num(c.recall), num(c.f1), c.support]),
  );
}

export function confusionTable(m: Metrics): string {
  return markdownTable(
    ['truth \\ predicted', ...m.labels],
    m.confusion.map((row, i) => [m.labels[i], ...row]),
  );
}

/** The whole evaluation as Markdown: summary, per class, confusion, 14-class and gender accuracy, failures. */
export function evaluationMarkdown(evaluation: Evaluation): string {
  const parts = [
    markdownTable(SUMMARY_HEADER, summaryRows(evaluation)),
    '',
    `14-class (gender_emotion) accuracy: ${pct(evaluation.classAccuracy)}; gender accuracy: ${pct(evaluation.genderAccuracy)} (${evaluation.genderN} clips with a known gender).`,
    '',
    `Expected calibration error (15 bins, top-1 emotion): ${Object.entries(evaluation.ece)
      .map(([k, v]) => `${k} ${num(v)}`)
      .join(', ')}.`,
    '',
    perClassTable(evaluation.emotions),
    '',
    confusionTable(evaluation.emotions),
  ];
  if (evaluation.failed.length) {
    parts.push('', `Failed (${evaluation.failed.length}):`, ...evaluation.failed.map((f) => `- ${f.path}: ${f.error}`));
  }
  return parts.join('\n');
}

/** A confusion matrix as an SVG picture, rows normalised to recall, with counts in the cells. */
export function confusionSvg(m: Metrics, title: string): string {
  const cell = 56;
  const left = 90;
  const top = 70;
  const k = m.labels.length;
  const width = left + k * cell + 20;
  const height = top + k * cell + 20;
  const cells: string[] = [];
  m.confusion.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((count, j) => {
      const share = count / total;
      // Light to dark blue: readable for the common colour-vision deficiencies.
      const shade = Math.round(255 - share * 200);
      const x = left + j * cell;
      const y = top + i * cell;
      cells.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgb(${shade},${Math.round(255 - share * 140)},255)" stroke="#fff"/>`,
        `<text x="${x + cell / 2}" y="${y + cell / 2 + 5}" text-anchor="middle" font-size="13" fill="${share > 0.5 ? '#fff' : '#111'}">${count}</text>`,
      );
    });
  });
  const labels = m.labels.flatMap((label, i) => [
    `<text x="${left - 6}" y="${top + i * cell + cell / 2 + 5}" text-anchor="end" font-size="13">${label}</text>`,
    `<text x="${left + i * cell + cell / 2}" y="${top - 8}" text-anchor="middle" font-size="12">${label}</text>`,
  ]);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" role="img" aria-label="${title}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="22" font-size="15" font-weight="bold">${title}</text>`,
    `<text x="${left}" y="42" font-size="12">rows: truth, columns: predicted; shade: share of the row</text>`,
    ...labels,
    ...cells,
    '</svg>',
  ].join('\n');
}

/** The count table of the joined data: one row per gender_emotion class, one column per corpus. */
export function countTable(clips: readonly Clip[]): string {
  const corpora = [...new Set(clips.map((c) => c.corpus))].sort();
  const rows = CLASS_LABELS.map((label, k) => {
    const counts = corpora.map((corpus) => clips.filter((c) => c.corpus === corpus && c.gender && classIndex(c.gender, c.emotion) === k).length);
    return [label, ...counts, counts.reduce((a, b) => a + b, 0)];
  });
  const totals = corpora.map((corpus) => clips.filter((c) => c.corpus === corpus && c.gender).length);
  rows.push(['total', ...totals, totals.reduce((a, b) => a + b, 0)]);
  return markdownTable(['class', ...corpora, 'total'], rows);
}

/** `ravdess 0.618, tess 0.996`: a score per corpus, as the epoch log and the report print it. */
export function formatByCorpus(scores: Record<string, number>): string {
  return Object.entries(scores)
    .map(([corpus, uar]) => `${corpus} ${uar.toFixed(3)}`)
    .join(', ');
}
