import { weightedProduct } from '../../src/core/product';
import type { Sample } from '../model/calibrate';
import type { HeldOutClip } from './crossval-windows';

/** One clip's windows from each recipe, joined window by window as the app joins them (`weightedProduct`). */
export function joinWindows(windows: readonly (readonly ArrayLike<number>[])[], weights: readonly number[], clip: string): Float32Array[] {
  const counts = windows.map((w) => w.length);
  if (counts.some((c) => c !== counts[0])) throw new Error(`${clip} has ${counts.join(' and ')} windows in these recipes: a product joins the same windows`);
  return windows[0].map((_, i) =>
    weightedProduct(
      windows.map((w) => w[i]),
      weights,
    ),
  );
}

/** A feature model's clip samples joined with an encoder member's of the same clips (each clip in both). */
export function joinSamples(general: readonly Sample[], member: readonly Sample[], weight: number): Sample[] {
  const byClip = new Map(member.map((s) => [s.clip, s]));
  return general.map((s) => {
    const other = byClip.get(s.clip);
    if (!other) throw new Error(`Clip ${s.clip} has no windows of the encoder member`);
    return { ...s, windows: joinWindows([s.windows, other.windows], [1, weight], `Clip ${s.clip}`) };
  });
}

/** Crossval's held-out clips of a feature recipe joined with a member's of the same folds; clips either lacks are left out. */
export function joinHeldOut(general: readonly HeldOutClip[], member: readonly HeldOutClip[], weight: number): HeldOutClip[] {
  const byPath = new Map(member.map((c) => [c.path, c]));
  return general.flatMap((c) => {
    const other = byPath.get(c.path);
    if (!other) return [];
    return [{ ...c, windows: joinWindows([c.windows, other.windows], [1, weight], c.path).map((w) => Array.from(w, (p) => Number(p.toPrecision(4)))) }];
  });
}
