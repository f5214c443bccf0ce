export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Metrics {
  n: number;
  accuracy: number;
  /** Unweighted average recall over the classes present in the truth. */
  uar: number;
  /** Mean F1 over the classes present in the truth or the predictions (scikit-learn's macro average). */
  macroF1: number;
  perClass: ClassMetrics[];
  labels: readonly string[];
  /** confusion[truth][prediction] counts. */
  confusion: number[][];
}

/** The four figures that summary tables and JSON keep of a score. */
export type Headline = Pick<Metrics, 'n' | 'accuracy' | 'uar' | 'macroF1'>;

export function headline({ n, accuracy, uar, macroF1 }: Metrics): Headline {
  return { n, accuracy, uar, macroF1 };
}

export function computeMetrics(truth: readonly number[], predicted: readonly number[], labels: readonly string[]): Metrics {
  if (truth.length !== predicted.length) throw new Error('truth and predictions differ in length');
  const k = labels.length;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  truth.forEach((t, i) => confusion[t][predicted[i]]++);
  const perClass = labels.map((label, c) => {
    const tp = confusion[c][c];
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((a, row) => a + row[c], 0);
    const precision = predictedCount ? tp / predictedCount : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perClass.filter((c) => c.support > 0);
  // A class predicted but never true scores F1 = 0 and counts, so false alarms of an absent class cost.
  const seen = perClass.filter((c, i) => c.support > 0 || confusion.some((row) => row[i] > 0));
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const correct = truth.filter((t, i) => t === predicted[i]).length;
  return {
    n: truth.length,
    accuracy: truth.length ? correct / truth.length : 0,
    uar: mean(present.map((c) => c.recall)),
    macroF1: mean(seen.map((c) => c.f1)),
    perClass,
    labels,
    confusion,
  };
}
