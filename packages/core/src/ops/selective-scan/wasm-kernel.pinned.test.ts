import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeInputs, randomWeights } from './test-inputs';
import type { ScanDims } from './types';
import { createWasmSelectiveScanKernel } from './wasm-kernel';

/**
 * The SIMD scan's outputs, bit for bit. Stored runs are only comparable with new ones while the
 * kernels give the same bits (NUMERICS_VERSION in the run keys says when they may not): a change
 * that reorders the scan's float32 arithmetic (unrolling, another exp) must fail here, and then
 * either keep the old order or bump NUMERICS_VERSION and these digests together. The heap kernel
 * is held to this kernel's bits by heap-op.test.ts. D = 12 runs the channel loop's main part and
 * its 4-channel tail; N = 3 the state loop's pairs and its last one; D = 192, N = 16, L = 65 is a vim-scaled layer's row.
 */
const PINNED: Array<[ScanDims, number, string]> = [
  [{ batch: 3, length: 37, dim: 12, state: 8 }, 7, '13d3737f42c6c2fe'],
  [{ batch: 1, length: 65, dim: 192, state: 16 }, 9, '38625828183d71f0'],
  [{ batch: 2, length: 9, dim: 8, state: 3 }, 4, 'c055f13f4f64796d'],
];

function digest(arrays: ArrayLike<number>[]): string {
  const hash = createHash('sha256');
  for (const a of arrays) hash.update(new Uint8Array(Float64Array.from(a).buffer));
  return hash.digest('hex').slice(0, 16);
}

describe('wasm SIMD selective-scan kernel: pinned bits', () => {
  const kernel = createWasmSelectiveScanKernel();

  it.each(PINNED)('forward and backward of %o (interval %i) give the pinned bits', (d, interval, expected) => {
    const x = makeInputs(d, 11);
    const { y, checkpoints } = kernel.forward(d, x.f32, interval);
    const g = kernel.backward(d, x.f32, checkpoints, randomWeights(d.batch * d.length * d.dim, 12));
    expect(digest([y, g.du, g.ddelta, g.dA, g.dBm, g.dC, g.dDskip])).toBe(expected);
  });
});
