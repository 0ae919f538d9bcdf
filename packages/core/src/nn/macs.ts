/**
 * Multiply-accumulate counting from the layers, as models.md counts them: convolutions, linear
 * layers and attention matmuls add MACs; the selective scan is counted apart as FLOPs
 * (9 * L * d_inner * N per sequence: discretise exp + 2 muls, state update 2, output 2, input 2)
 * because it is neither a matmul nor comparable to one in cost.
 */
interface Counter { macs: number; scanFlops: number }

let active: Counter | null = null;

export function addMacs(n: number): void {
  if (active) active.macs += n;
}

export function addScanFlops(n: number): void {
  if (active) active.scanFlops += n;
}

/** Runs fn with counting on; nested calls are not supported (the inner one would steal the count). */
export function countMacs<T>(fn: () => T): { result: T; macs: number; scanFlops: number } {
  if (active) throw new Error('countMacs: already counting');
  active = { macs: 0, scanFlops: 0 };
  try {
    const result = fn();
    return { result, macs: active.macs, scanFlops: active.scanFlops };
  } finally {
    active = null;
  }
}
