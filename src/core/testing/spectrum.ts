/**
 * A window row of features with its spectrum on a log scale, computed in float64 straight from the
 * definition (log(mel power + floor), meyda's MFCC as 2 Σ log-mel · cos(π/N (n + ½) k)): the reference
 * for the layers that re-read the spectrum.
 */
export function logScaleRow(row: number[], mfcc0: number, mfccCount: number, mel0: number, floor: number): number[] {
  const logMel = row.slice(mel0).map((v) => Math.log(Math.expm1(v) + floor));
  const mfcc = Array.from({ length: mfccCount }, (_, k) => 2 * logMel.reduce((sum, v, i) => sum + v * Math.cos((Math.PI / logMel.length) * (i + 0.5) * k), 0));
  return [...row.slice(0, mfcc0), ...mfcc, ...row.slice(mfcc0 + mfccCount, mel0), ...logMel];
}
