import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { compileHeapModule, HEAP_MODULES, heapModuleBuilt, instantiateOnHeap, type WasmHeap } from './heap-module';
import { chunkRanges, HeapPool } from './heap-pool';

/**
 * The pool (heap-pool.ts) that spreads our heap kernels over the wasm backend's threads: one per
 * process, over the threaded build's shared heap, with as many shares as the backend has threads.
 * The single-threaded build (a plain memory) and 1-thread runs get none and take the one-thread
 * path. On unless MAMBABENCH_HEAP_POOL=off (the CLI's --heap-pool off): the results are the
 * same bits either way, and since the selective scan runs in it, train steps on 2 threads measured
 * 1.1-1.2x faster for the Mamba-heavy models (vim, nnMamba) and level for the rest (README, Speed).
 */
let current: { memory: WebAssembly.Memory; pool: HeapPool } | null = null;

/** MAMBABENCH_HEAP_POOL's meaning: unset or on/1/true = on, off/0/false = off, null for anything else. */
export function heapPoolSetting(value: string | undefined): boolean | null {
  if (value === undefined || ['on', '1', 'true'].includes(value)) return true;
  return ['off', '0', 'false'].includes(value) ? false : null;
}

// A value that means neither is refused by the CLI (bench's env-flags.ts) before any kernel runs.
let enabled = heapPoolSetting(process.env.MAMBABENCH_HEAP_POOL) ?? true;

function backendThreads(): number {
  try {
    return getThreadsCount();
  } catch {
    return 1; // not initialised: a heap given by a test
  }
}

/** Turns the pool's use on or off for this process (benchmarks alternate both); off leaves its workers asleep. */
export function setHeapPoolEnabled(on: boolean): void {
  enabled = on;
}

/** The pool for `heap`, started on first use; null where our kernels run on the calling thread only. */
export function heapPoolFor(heap: WasmHeap): HeapPool | null {
  if (!enabled || !heap.shared) return null;
  if (current && current.memory === heap.memory && !current.pool.closed) return current.pool;
  const threads = backendThreads();
  if (threads < 2) return null;
  closeHeapPool();
  const modules = HEAP_MODULES.filter(heapModuleBuilt).map((name) => {
    const module = compileHeapModule(name, true);
    const exports = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
    return { name, module, exports };
  });
  current = { memory: heap.memory, pool: new HeapPool(heap.memory, modules, threads) };
  return current.pool;
}

/** Stops the pool's workers; the next heap kernel call starts a new pool if one applies. */
export function closeHeapPool(): void {
  current?.pool.close();
  current = null;
}

/**
 * How `units` items of `unitWork` each are shared out for a heap kernel: chunkRanges over the
 * pool's threads where there is a pool, else one range [0, units] for this thread.
 */
export function heapChunks(heap: WasmHeap, units: number, unitWork: number, minShareWork: number): Array<[number, number]> {
  const pool = heapPoolFor(heap);
  return pool ? chunkRanges(units, unitWork, pool.threads, minShareWork) : [[0, units]];
}

/**
 * Calls heap module `module`'s `fn` once per chunk (its arguments): on the pool's threads where
 * there is a pool and more than one chunk, else on this thread, in order. Chunks must write
 * disjoint memory.
 */
export function runHeapChunks(heap: WasmHeap, module: (typeof HEAP_MODULES)[number], fn: string, chunks: number[][]): void {
  const pool = heapPoolFor(heap);
  if (pool && chunks.length > 1) return pool.run(module, fn, chunks);
  const exports = instantiateOnHeap<Record<string, (...args: number[]) => unknown>>(module, heap);
  for (const chunk of chunks) exports[fn](...chunk);
}
