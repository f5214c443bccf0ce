import { SingleBar } from 'cli-progress';

/** A progress bar on a terminal; plain periodic lines in CI logs, where bars only add noise. */
export function progressBar(label: string): { update(done: number, total: number, extra?: string): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update(done, total, extra = '') {
        const now = Date.now();
        if (done === total || now - last > 15000) {
          last = now;
          console.error(`${label}: ${done}/${total} ${extra}`);
        }
      },
      stop() {},
    };
  }
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} {extra} eta {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
  });
  let started = false;
  return {
    update(done, total, extra = '') {
      if (!started) bar.start(total, 0, { extra });
      started = true;
      bar.update(done, { extra });
    },
    stop: () => bar.stop(),
  };
}
