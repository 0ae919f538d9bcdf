import { Worker } from 'node:worker_threads';

/**
 * Worker threads that run heap-module functions (heap-module.ts) over one shared
 * WebAssembly.Memory, so that our kernels use the threads the wasm backend was given rather than
 * one. Each worker instantiates the same modules over the same memory once. A call is a list of
 * chunks (the same function, each with its arguments) that write disjoint memory; the calling
 * thread and the workers claim chunks one at a time from a counter in a SharedArrayBuffer
 * (Atomics: no message round trip) until none is left, so a worker that wakes late, or shares its
 * core with another busy thread, takes fewer chunks instead of holding the call up.
 *
 * A chunk's failure becomes the call's error (a trap on a worker is sent back as its message),
 * and a call whose chunks are not all done within the time bound (a dead or stuck worker) fails
 * and closes the pool, whose workers are then terminated. Workers are unreferenced, so an open
 * pool never keeps the process alive.
 */

/** Int32 slots of the control block. */
const STATE = 0; // (call generation << 16) | next unclaimed chunk
const COMPLETED = 1; // chunks of the current call finished
const COUNT = 2; // chunks of the current call
const FUNCTION = 3; // index into the function table
const ARGC = 4;
const FAILED = 5; // 0, or 1 once a worker's chunk threw (its message in the text block)
const TEXT_LENGTH = 6;
const QUIT = 7;
const SLOTS = 8;
const MAX_ARGS = 32;
const MAX_CHUNKS = 1024;
const TEXT_BYTES = 1024;

/**
 * Claims and runs chunks of the current call until none is left; returns the state it last saw.
 * Shared by the calling thread and the workers (its source is part of the worker's program).
 * A claim is a compare-and-swap on the state, which holds the call's generation: a thread that
 * read an old call's state cannot take a chunk of the next one. Slot numbers are literals here
 * (STATE 0, COMPLETED 1, COUNT 2): the worker runs a copy of this function's source.
 */
function claimChunks(ctl: Int32Array, argv: Float64Array, run: (chunk: number) => void): number {
  for (;;) {
    const state = Atomics.load(ctl, 0);
    if ((state & 0xffff) >= Atomics.load(ctl, 2)) return state;
    if (Atomics.compareExchange(ctl, 0, state, state + 1) !== state) continue;
    run(state & 0xffff);
    if (Atomics.add(ctl, 1, 1) + 1 === Atomics.load(ctl, 2)) Atomics.notify(ctl, 1);
  }
}

/** The worker's whole program (CommonJS, evaluated: no file to resolve under tsx or a bundle). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, modules, control, args, text } = workerData;
const functions = [];
let startError = null; // reported as every chunk's error: a worker that cannot start must not look hung
try {
  for (const { module, names } of modules) {
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    for (const name of names) functions.push(exports[name]);
  }
} catch (error) {
  startError = error;
}
const ctl = new Int32Array(control);
const argv = new Float64Array(args);
const bytes = new Uint8Array(text);
const claimChunks = ${claimChunks.toString()};
const run = (chunk) => {
  try {
    if (startError !== null) throw startError;
    const argc = ctl[${ARGC}];
    functions[ctl[${FUNCTION}]](...argv.subarray(chunk * ${MAX_ARGS}, chunk * ${MAX_ARGS} + argc));
  } catch (error) {
    if (Atomics.compareExchange(ctl, ${FAILED}, 0, 1) === 0) {
      ctl[${TEXT_LENGTH}] = new TextEncoder().encodeInto(String((error && error.stack) || error), bytes).written;
    }
  }
};
let seen = claimChunks(ctl, argv, run);
for (;;) {
  Atomics.wait(ctl, ${STATE}, seen);
  if (Atomics.load(ctl, ${QUIT}) !== 0) break;
  seen = claimChunks(ctl, argv, run);
}
`;

/** One heap module and the exports of it that the pool may call. */
export interface PoolModule {
  name: string;
  module: WebAssembly.Module;
  exports: string[];
}

export interface HeapPoolOptions {
  /** How long a call waits for its chunks before it fails and closes the pool. */
  timeoutMs?: number;
  /** Whether the calling thread claims chunks too (default); tests leave every chunk to the workers. */
  callerWorks?: boolean;
}

/** Long enough for any kernel call here (and a worker's start-up on the first call), short of a hang. */
const DEFAULT_TIMEOUT_MS = 60_000;

export class HeapPool {
  /** Threads that work on a call: the workers plus the calling thread. */
  readonly threads: number;
  private readonly workers: Worker[];
  private readonly control = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  private readonly args = new Float64Array(new SharedArrayBuffer(MAX_CHUNKS * MAX_ARGS * 8));
  private readonly text = new Uint8Array(new SharedArrayBuffer(TEXT_BYTES));
  private readonly table = new Map<string, number>();
  private readonly local: Array<(...args: number[]) => unknown> = [];
  private readonly timeoutMs: number;
  private readonly callerWorks: boolean;
  private generation = 0;
  private closedBecause: string | null = null;
  /** Calls run so far (tests check that a kernel went through the pool). */
  calls = 0;

  /** `threads` - 1 workers over `memory` (which must be shared), each with `modules` instantiated. */
  constructor(memory: WebAssembly.Memory, modules: PoolModule[], threads: number, options: HeapPoolOptions = {}) {
    if (!Number.isInteger(threads) || threads < 2) throw new Error(`HeapPool: needs at least 2 threads, got ${threads}`);
    if (!(memory.buffer instanceof SharedArrayBuffer)) throw new Error('HeapPool: the memory is not shared; workers cannot see it');
    this.threads = threads;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.callerWorks = options.callerWorks ?? true;
    for (const { name, module, exports } of modules) {
      const instance = new WebAssembly.Instance(module, { env: { memory } }).exports;
      for (const fn of exports) {
        if (typeof instance[fn] !== 'function') throw new Error(`HeapPool: module ${name} has no function ${fn}`);
        this.table.set(`${name}.${fn}`, this.local.length);
        this.local.push(instance[fn] as (...args: number[]) => unknown);
      }
    }
    const workerModules = modules.map(({ module, exports }) => ({ module, names: exports }));
    const workerData = { memory, modules: workerModules, control: this.control.buffer, args: this.args.buffer, text: this.text.buffer };
    this.workers = Array.from({ length: threads - 1 }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData });
      worker.unref();
      // Failures surface through the control block (or its time bound); this only keeps an
      // 'error' event from becoming an uncaught exception of the process.
      worker.on('error', () => {});
      return worker;
    });
  }

  get closed(): boolean {
    return this.closedBecause !== null;
  }

  /**
   * Calls `module.fn` once per chunk (its arguments), on whichever threads claim them, and returns
   * when all are done. Throws the first failure once every chunk has finished (this thread's own
   * error first), so no chunk still writes when the caller goes on.
   */
  run(module: string, fn: string, chunks: number[][]): void {
    if (this.closedBecause !== null) throw new Error(`HeapPool is closed (${this.closedBecause})`);
    const id = this.table.get(`${module}.${fn}`);
    if (id === undefined) throw new Error(`HeapPool: ${module}.${fn} is not in the pool's table`);
    if (chunks.length < 1 || chunks.length > MAX_CHUNKS) throw new Error(`HeapPool: ${chunks.length} chunks (1 to ${MAX_CHUNKS})`);
    const argc = chunks[0].length;
    if (argc > MAX_ARGS || chunks.some((c) => c.length !== argc)) throw new Error(`HeapPool: chunks need the same number of arguments, at most ${MAX_ARGS}`);
    this.calls++;
    const ctl = this.control;
    this.generation = (this.generation + 1) & 0x7fff;
    // First a state with nothing to claim, so that a thread still holding the last call's state
    // fails its swap while this call's parameters are written.
    Atomics.store(ctl, STATE, (this.generation << 16) | 0xffff);
    chunks.forEach((chunk, i) => this.args.set(chunk, i * MAX_ARGS));
    ctl[FUNCTION] = id;
    ctl[ARGC] = argc;
    ctl[COUNT] = chunks.length;
    ctl[COMPLETED] = 0;
    ctl[FAILED] = 0;
    Atomics.store(ctl, STATE, this.generation << 16); // publishes the call: chunk 0 is next
    Atomics.notify(ctl, STATE);
    let failure: unknown = null;
    const local = this.local[id];
    if (this.callerWorks) claimChunks(ctl, this.args, (chunk) => {
      try {
        local(...this.args.subarray(chunk * MAX_ARGS, chunk * MAX_ARGS + argc));
      } catch (error) {
        failure ??= error;
      }
    });
    const deadline = performance.now() + this.timeoutMs;
    for (;;) {
      const completed = Atomics.load(ctl, COMPLETED);
      if (completed === chunks.length) break;
      const left = deadline - performance.now();
      if (left <= 0) {
        const message = `${chunks.length - completed} of ${chunks.length} chunks of ${module}.${fn} did not finish within ${this.timeoutMs} ms`;
        this.close(message);
        throw new Error(`HeapPool: ${message}; the pool is closed`);
      }
      // Sleeps rather than polls: in a train step XNNPACK's threads poll for a while after each of
      // its kernels, and a polling caller took the core a worker needed.
      Atomics.wait(ctl, COMPLETED, completed, left);
    }
    if (failure === null && ctl[FAILED] !== 0) {
      const message = new TextDecoder().decode(this.text.slice(0, ctl[TEXT_LENGTH]));
      failure = new Error(`HeapPool: ${module}.${fn} failed on a worker: ${message}`);
    }
    if (failure !== null) throw failure;
  }

  /** Stops the workers (idle ones leave their loop; busy or stuck ones are terminated). */
  close(reason = 'closed by its owner'): void {
    if (this.closedBecause !== null) return;
    this.closedBecause = reason;
    Atomics.store(this.control, QUIT, 1);
    Atomics.store(this.control, COUNT, 0); // nothing left to claim
    Atomics.add(this.control, STATE, 1 << 16);
    Atomics.notify(this.control, STATE);
    for (const worker of this.workers) void worker.terminate();
  }
}

/**
 * Contiguous ranges [start, end) that split `count` items into at most `parts` nearly equal
 * chunks of at least `minimum` items each (one chunk when count < 2 * minimum).
 */
export function splitRange(count: number, parts: number, minimum = 1): Array<[number, number]> {
  const shares = Math.max(1, Math.min(parts, Math.floor(count / Math.max(minimum, 1))));
  return Array.from({ length: shares }, (_, i) => [Math.floor((i * count) / shares), Math.floor(((i + 1) * count) / shares)]);
}

/** Chunks per thread a call is split into, so that a thread that starts late takes fewer. */
const CHUNKS_PER_THREAD = 4;

/**
 * How to split `units` items of `unitWork` each over `threads`: as one chunk (the calling thread
 * alone) when the whole is less than two shares of `minShareWork` (waking a worker costs about as
 * much as a share that size), else into up to CHUNKS_PER_THREAD chunks per thread.
 */
export function chunkRanges(units: number, unitWork: number, threads: number, minShareWork: number): Array<[number, number]> {
  if (units * unitWork < 2 * minShareWork) return [[0, units]];
  return splitRange(units, CHUNKS_PER_THREAD * threads, Math.ceil(minShareWork / CHUNKS_PER_THREAD / unitWork));
}
