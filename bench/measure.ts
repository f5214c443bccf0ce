import os from 'node:os';

/** One benchmark figure over several runs, in the shape `bench/results.json` keeps for comparison over time. */
export interface Figure {
  name: string;
  unit: string;
  min: number;
  median: number;
  max: number;
}

/** A figure from values measured elsewhere (already past their warm-up). */
export function fromValues(name: string, unit: string, values: readonly number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  return { name, unit, min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
}

/** Runs `run` once to warm up, then `repeats` times; `run` returns the figure's value for that run. */
export async function measure(name: string, unit: string, repeats: number, run: () => number | Promise<number>): Promise<Figure> {
  await run();
  const values: number[] = [];
  for (let i = 0; i < repeats; i++) values.push(await run());
  return fromValues(name, unit, values);
}

export function describeMachine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    date: new Date().toISOString(),
  };
}
