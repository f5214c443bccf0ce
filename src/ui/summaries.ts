import { type UtteranceSummary, utteranceSummary } from '../core/utterances';
import type { FileItem } from '../state/files';

/** Summaries by result: the table and a card, re-rendered or re-sorted, read each recording once. */
const cache = new WeakMap<object, { uncertainBelow: number; summary: UtteranceSummary }>();

export function summaryOf(item: FileItem, uncertainBelow: number): UtteranceSummary | undefined {
  const result = item.analysis?.result;
  if (!result) return undefined;
  const kept = cache.get(result);
  if (kept?.uncertainBelow === uncertainBelow) return kept.summary;
  const summary = utteranceSummary(result, uncertainBelow);
  cache.set(result, { uncertainBelow, summary });
  return summary;
}
