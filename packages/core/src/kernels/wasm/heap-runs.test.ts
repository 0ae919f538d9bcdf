import { describe, expect, it } from 'vitest';
import type { WasmHeap } from '../../wasm/heap-module';
import { copyRunsModule, gatherRuns, gatherRunsInJs, scatterRuns, scatterRunsInJs, type Runs } from './heap-runs';

/** Byte offsets of each run's start, by a plain nested loop over the odometer's axes. */
function runStarts(runs: Runs): number[] {
  let starts = [runs.first];
  runs.strides.forEach((stride, d) => {
    starts = starts.flatMap((s) => Array.from({ length: runs.sizes[d] }, (_, i) => s + i * stride));
  });
  return starts;
}

/** A heap of one 64 KiB page, shared or not, its first 4 KiB patterned. */
function patternedHeap(shared: boolean): WasmHeap {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared });
  new Uint8Array(memory.buffer).set(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7 + 3) & 255));
  return { memory, shared, malloc: () => 0, free: () => {} };
}

// Word-sized runs under 64 bytes take the word loops, longer ones memory.copy (wasm) or
// copyWithin (JS); odd byte runs, a single run (no axes) and five axes (JS even where the wasm
// module is built: it walks at most four).
const CASES: Array<[string, Runs, number]> = [
  ['word runs, 3 axes', { strides: [640, 160, 24], sizes: [2, 3, 4], first: 8, runBytes: 12 }, 2048],
  ['long runs', { strides: [1024, 256], sizes: [2, 3], first: 16, runBytes: 96 }, 2560],
  ['odd byte runs', { strides: [100, 9], sizes: [3, 5], first: 1, runBytes: 5 }, 1024],
  ['one axis', { strides: [48], sizes: [4], first: 0, runBytes: 40 }, 512],
  ['no axes', { strides: [], sizes: [], first: 4, runBytes: 70 }, 900],
  ['four axes', { strides: [700, 300, 100, 30], sizes: [2, 2, 3, 2], first: 2, runBytes: 20 }, 3000],
  ['five axes', { strides: [900, 400, 200, 60, 20], sizes: [2, 2, 2, 3, 2], first: 0, runBytes: 16 }, 3200],
];

const ROUTES: Array<[string, boolean, (heap: WasmHeap, runs: Runs, at: number) => void, (heap: WasmHeap, at: number, runs: Runs) => void]> = [
  ['wasm, shared heap', true, gatherRuns, scatterRuns],
  ['wasm, plain heap', false, gatherRuns, scatterRuns],
  ['JS', true, (h, runs, to) => gatherRunsInJs(new Uint8Array(h.memory.buffer), runs, to), (h, from, runs) => scatterRunsInJs(new Uint8Array(h.memory.buffer), from, runs)],
];

describe('heap runs', () => {
  it('has the copy-runs module built (npm ci builds it)', () => {
    expect(copyRunsModule(patternedHeap(true))).not.toBeNull();
  });

  describe.each(ROUTES)('%s', (_, shared, gather, scatter) => {
    it.each(CASES)('gather: %s', (_, runs, to) => {
      const heap = patternedHeap(shared);
      const bytes = new Uint8Array(heap.memory.buffer);
      const expected = bytes.slice();
      runStarts(runs).forEach((s, r) => expected.set(bytes.slice(s, s + runs.runBytes), to + r * runs.runBytes));
      gather(heap, runs, to);
      expect(new Uint8Array(heap.memory.buffer)).toEqual(expected);
    });

    it.each(CASES)('scatter: %s', (_, runs, from) => {
      const heap = patternedHeap(shared);
      const bytes = new Uint8Array(heap.memory.buffer);
      const expected = bytes.slice();
      runStarts(runs).forEach((s, r) => expected.set(bytes.slice(from + r * runs.runBytes, from + (r + 1) * runs.runBytes), s));
      scatter(heap, from, runs);
      expect(new Uint8Array(heap.memory.buffer)).toEqual(expected);
    });
  });

  it('flips rows of any width in wasm (Reverse on one axis)', () => {
    for (const rowBytes of [1, 4, 12, 64, 100]) {
      const heap = patternedHeap(true);
      const bytes = new Uint8Array(heap.memory.buffer);
      const [outer, n, src, dst] = [3, 5, 0, 2048];
      const expected = bytes.slice();
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < n; i++) {
          const from = src + (o * n + n - 1 - i) * rowBytes;
          expected.set(bytes.slice(from, from + rowBytes), dst + (o * n + i) * rowBytes);
        }
      }
      copyRunsModule(heap)!.flipRows(src, dst, outer, n, rowBytes);
      expect(new Uint8Array(heap.memory.buffer), `row of ${rowBytes} bytes`).toEqual(expected);
    }
  });
});
