/** Seconds of a recording that its windows cover (their union, inside the recording): the speech time. */
export function coveredSeconds(windows: readonly { start: number; end: number }[], duration: number): number {
  const spans = windows.map((w) => [Math.max(0, w.start), Math.min(duration, w.end)] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reach = 0;
  for (const [start, end] of spans) {
    const from = Math.max(start, reach);
    if (end > from) total += end - from;
    reach = Math.max(reach, end);
  }
  return total;
}
