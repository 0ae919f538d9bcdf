import { describe, expect, it } from 'vitest';
import { gatherRuns, scatterRuns, type Runs } from './heap-runs';

/** Byte offsets of each run's start, by a plain nested loop over the odometer's axes. */
function runStarts(runs: Runs): number[] {
  let starts = [runs.first];
  runs.strides.forEach((stride, d) => {
    starts = starts.flatMap((s) => Array.from({ length: runs.sizes[d] }, (_, i) => s + i * stride));
  });
  return starts;
}

function patterned(bytes: number): Uint8Array {
  return Uint8Array.from({ length: bytes }, (_, i) => (i * 7 + 3) & 255);
}

// Word-sized runs under 64 bytes take the word loop, longer or unaligned ones copyWithin.
const CASES: Array<[string, Runs, number]> = [
  ['word runs, 3 axes', { strides: [640, 160, 24], sizes: [2, 3, 4], first: 8, runBytes: 12 }, 2048],
  ['copyWithin runs', { strides: [1024, 256], sizes: [2, 3], first: 16, runBytes: 96 }, 2560],
  ['odd byte runs', { strides: [100, 9], sizes: [3, 5], first: 1, runBytes: 5 }, 1024],
  ['one axis', { strides: [48], sizes: [4], first: 0, runBytes: 40 }, 512],
];

describe('heap runs', () => {
  it.each(CASES)('gather: %s', (_, runs, to) => {
    const heap = patterned(4096);
    const expected = heap.slice();
    runStarts(runs).forEach((s, r) => expected.set(heap.slice(s, s + runs.runBytes), to + r * runs.runBytes));
    gatherRuns(heap, runs, to);
    expect(heap).toEqual(expected);
  });

  it.each(CASES)('scatter: %s', (_, runs, from) => {
    const heap = patterned(4096);
    const expected = heap.slice();
    runStarts(runs).forEach((s, r) => expected.set(heap.slice(from + r * runs.runBytes, from + (r + 1) * runs.runBytes), s));
    scatterRuns(heap, from, runs);
    expect(heap).toEqual(expected);
  });
});
