import { heapModuleBuilt, instantiateOnHeap, type WasmHeap } from '../../wasm/heap-module';
import { RunStarts } from './run-starts';

/**
 * Copies of equal-length runs inside the wasm heap, one side walked by an odometer (strides and
 * sizes in bytes, last axis fastest), the other contiguous. With up to 4 axes they run in
 * assembly/copy-runs.ts (memory.copy, a native memmove: 3-4x a JS copyWithin per run on the shared
 * heap); otherwise, or without the module, here: runs from 16 words with copyWithin, a memmove
 * faster than subarray + set (an object per run) and than element loops (measured on
 * [32, 1024, 64] split in halves), shorter ones word by word (a call per run costs more there, as
 * on 6/16/16-float splits).
 */
export interface Runs {
  strides: number[];
  sizes: number[];
  /** Byte offset of the first run. */
  first: number;
  runBytes: number;
}

interface CopyRunsExports {
  copyRuns(scatter: number, packed: number, first: number, runBytes: number,
    s0: number, s1: number, s2: number, s3: number, t0: number, t1: number, t2: number, t3: number): void;
  flipRows(src: number, dst: number, outer: number, n: number, rowBytes: number): void;
}

const MAX_WASM_AXES = 4;

/** The copy-runs module on this heap, or null where it is not built. */
export function copyRunsModule(heap: WasmHeap): CopyRunsExports | null {
  return heapModuleBuilt('copy-runs') ? instantiateOnHeap<CopyRunsExports>('copy-runs', heap) : null;
}

/** The odometer padded to the wasm kernel's 4 axes (size 1 in front), or null if it has more. */
function fourAxes(runs: Runs): [number[], number[]] | null {
  const pad = MAX_WASM_AXES - runs.sizes.length;
  if (pad < 0) return null;
  return [[...Array(pad).fill(1), ...runs.sizes], [...Array(pad).fill(0), ...runs.strides]];
}

function copyInWasm(heap: WasmHeap, scatter: boolean, packed: number, runs: Runs): boolean {
  const wasm = copyRunsModule(heap);
  const axes = fourAxes(runs);
  if (!wasm || !axes) return false;
  wasm.copyRuns(scatter ? 1 : 0, packed, runs.first, runs.runBytes, ...(axes[0] as [number, number, number, number]), ...(axes[1] as [number, number, number, number]));
  return true;
}

const wordwise = (runs: Runs) => runs.runBytes < 64 && runs.runBytes % 4 === 0 && runs.first % 4 === 0 &&
  runs.strides.every((s) => s % 4 === 0);

const countOf = (runs: Runs) => runs.sizes.reduce((n, s) => n * s, 1);

/** Runs from the odometer's places to consecutive bytes from `to`. */
export function gatherRuns(heap: WasmHeap, runs: Runs, to: number): void {
  if (countOf(runs) === 0 || copyInWasm(heap, false, to, runs)) return;
  gatherRunsInJs(new Uint8Array(heap.memory.buffer), runs, to);
}

/** Consecutive bytes from `from` to the odometer's places (the inverse of gatherRuns). */
export function scatterRuns(heap: WasmHeap, from: number, runs: Runs): void {
  if (countOf(runs) === 0 || copyInWasm(heap, true, from, runs)) return;
  scatterRunsInJs(new Uint8Array(heap.memory.buffer), from, runs);
}

/** gatherRuns in JS (exported for its test). */
export function gatherRunsInJs(heap: Uint8Array, runs: Runs, to: number): void {
  const end = to + countOf(runs) * runs.runBytes;
  if (wordwise(runs) && to % 4 === 0) {
    const starts = new RunStarts(runs.strides.map((s) => s >> 2), runs.sizes, runs.first >> 2);
    gatherWords(new Int32Array(heap.buffer), starts, to >> 2, end >> 2, runs.runBytes >> 2);
    return;
  }
  const starts = new RunStarts(runs.strides, runs.sizes, runs.first);
  for (let out = to; out < end; out += runs.runBytes, starts.advance()) heap.copyWithin(out, starts.at, starts.at + runs.runBytes);
}

/** scatterRuns in JS (exported for its test). */
export function scatterRunsInJs(heap: Uint8Array, from: number, runs: Runs): void {
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
