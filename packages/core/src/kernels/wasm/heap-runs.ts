import { RunStarts } from './run-starts';

/**
 * Copies of equal-length runs inside the wasm heap, one side walked by an odometer (strides and
 * sizes in bytes, last axis fastest), the other contiguous. Runs from 16 words move with
 * copyWithin, a memmove: faster than subarray + set (an object per run) and than element loops
 * (measured on [32, 1024, 64] split in halves); shorter ones word by word (a call per run costs
 * more there, as on 6/16/16-float splits).
 */
export interface Runs {
  strides: number[];
  sizes: number[];
  /** Byte offset of the first run. */
  first: number;
  runBytes: number;
}

const wordwise = (runs: Runs) => runs.runBytes < 64 && runs.runBytes % 4 === 0 && runs.first % 4 === 0 &&
  runs.strides.every((s) => s % 4 === 0);

const countOf = (runs: Runs) => runs.sizes.reduce((n, s) => n * s, 1);

/** Runs from the odometer's places to consecutive bytes from `to`. */
export function gatherRuns(heap: Uint8Array, runs: Runs, to: number): void {
  const end = to + countOf(runs) * runs.runBytes;
  if (wordwise(runs) && to % 4 === 0) {
    const starts = new RunStarts(runs.strides.map((s) => s >> 2), runs.sizes, runs.first >> 2);
    gatherWords(new Int32Array(heap.buffer), starts, to >> 2, end >> 2, runs.runBytes >> 2);
    return;
  }
  const starts = new RunStarts(runs.strides, runs.sizes, runs.first);
  for (let out = to; out < end; out += runs.runBytes, starts.advance()) heap.copyWithin(out, starts.at, starts.at + runs.runBytes);
}

/** Consecutive bytes from `from` to the odometer's places (the inverse of gatherRuns). */
export function scatterRuns(heap: Uint8Array, from: number, runs: Runs): void {
  const end = from + countOf(runs) * runs.runBytes;
  if (wordwise(runs) && from % 4 === 0) {
    const starts = new RunStarts(runs.strides.map((s) => s >> 2), runs.sizes, runs.first >> 2);
    scatterWords(new Int32Array(heap.buffer), from >> 2, end >> 2, starts, runs.runBytes >> 2);
    return;
  }
  const starts = new RunStarts(runs.strides, runs.sizes, runs.first);
  for (let at = from; at < end; at += runs.runBytes, starts.advance()) heap.copyWithin(starts.at, at, at + runs.runBytes);
}

// The word loops are functions of their own, so V8 keeps each one optimised apart.
function gatherWords(words: Int32Array, starts: RunStarts, to: number, end: number, run: number): void {
  for (let out = to; out < end; out += run, starts.advance()) {
    const at = starts.at;
    for (let i = 0; i < run; i++) words[out + i] = words[at + i];
  }
}

function scatterWords(words: Int32Array, from: number, end: number, starts: RunStarts, run: number): void {
  for (let at = from; at < end; at += run, starts.advance()) {
    const to = starts.at;
    for (let i = 0; i < run; i++) words[to + i] = words[at + i];
  }
}
