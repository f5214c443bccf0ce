import os from 'node:os';

/** One benchmark figure over several runs, in the shape `bench/results.json` keeps for comparison over time. */
export interface Figure {
  name: string;
  unit: string;
  min: number;
  median: number;
  max: number;
}

/** Runs `run` once to warm up, then `repeats` times; `run` returns the figure's value for that run. */
export async function measure(
  name: string,
  unit: string,
  repeats: number,
  run: () => number | Promise<number>,
): Promise<Figure> {
  await run();
  const values: number[] = [];
  for (let i = 0; i < repeats; i++) values.push(await run());
  values.sort((a, b) => a - b);
  return { name, unit, min: values[0], median: values[Math.floor(values.length / 2)], max: values[values.length - 1] };
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
