import { Worker } from 'node:worker_threads';

/**
 * Worker threads that run heap-module functions (heap-module.ts) over one shared
 * WebAssembly.Memory, so that our kernels use the threads the wasm backend was given rather than
 * one. Each worker instantiates the same modules over the same memory once; a call hands every
 * worker a function and its arguments through a SharedArrayBuffer and Atomics (no message round
 * trip), runs the first share on the calling thread, then waits for the others. The caller splits
 * the work so that the shares write disjoint memory.
 *
 * A worker's failure becomes the call's error: a trap or exception is sent back as its message,
 * and a worker that does not answer within the time bound (dead, or stuck) fails the call and
 * closes the pool, whose workers are then terminated. Workers are unreferenced, so an open pool
 * never keeps the process alive.
 */

/** Int32 slots of one worker's control record. */
const REQUEST = 0; // bumped by the caller: a new call is ready
const DONE = 1; // set by the worker to the request it finished
const FUNCTION = 2; // index into the function table
const ARGC = 3;
const STATUS = 4; // 0: ok, 1: threw (message in the worker's text slot)
const TEXT_LENGTH = 5;
const QUIT = 6;
const SLOTS = 8;
const MAX_ARGS = 32;
const TEXT_BYTES = 1024;

/** The worker's whole program (CommonJS, evaluated: no file to resolve under tsx or a bundle). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, modules, control, args, text, index } = workerData;
const functions = [];
let startError = null; // reported as every call's error: a worker that cannot start must not look hung
try {
  for (const { module, names } of modules) {
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    for (const name of names) functions.push(exports[name]);
  }
} catch (error) {
  startError = error;
}
const ctl = new Int32Array(control);
const base = index * ${SLOTS};
const argv = new Float64Array(args, index * ${MAX_ARGS} * 8, ${MAX_ARGS});
const bytes = new Uint8Array(text, index * ${TEXT_BYTES}, ${TEXT_BYTES});
let seen = 0;
for (;;) {
  Atomics.wait(ctl, base + ${REQUEST}, seen);
  const request = Atomics.load(ctl, base + ${REQUEST});
  if (request === seen) continue;
  seen = request;
  if (Atomics.load(ctl, base + ${QUIT}) !== 0) break;
  try {
    if (startError !== null) throw startError;
    functions[ctl[base + ${FUNCTION}]](...argv.subarray(0, ctl[base + ${ARGC}]));
    ctl[base + ${STATUS}] = 0;
  } catch (error) {
    const { written } = new TextEncoder().encodeInto(String(error && error.stack || error), bytes);
    ctl[base + ${TEXT_LENGTH}] = written;
    ctl[base + ${STATUS}] = 1;
  }
  Atomics.store(ctl, base + ${DONE}, seen);
  Atomics.notify(ctl, base + ${DONE});
}
`;

/** One heap module and the exports of it that the pool may call. */
export interface PoolModule {
  name: string;
  module: WebAssembly.Module;
  exports: string[];
}

export interface HeapPoolOptions {
  /** How long a call waits for a worker's share before it fails and closes the pool. */
  timeoutMs?: number;
}

/** Long enough for any kernel share here (and a worker's start-up on the first call), short of a hang. */
const DEFAULT_TIMEOUT_MS = 60_000;

export class HeapPool {
  /** Shares a call may have: the workers plus the calling thread. */
  readonly threads: number;
  private readonly workers: Worker[];
  private readonly control: Int32Array;
  private readonly args: Float64Array;
  private readonly text: Uint8Array;
  private readonly table = new Map<string, number>();
  private readonly local: Array<(...args: number[]) => unknown> = [];
  private readonly timeoutMs: number;
  private closedBecause: string | null = null;
  /** Calls run so far (tests check that a kernel went through the pool). */
  calls = 0;

  /** `threads` - 1 workers over `memory` (which must be shared), each with `modules` instantiated. */
  constructor(memory: WebAssembly.Memory, modules: PoolModule[], threads: number, options: HeapPoolOptions = {}) {
    if (!Number.isInteger(threads) || threads < 2) throw new Error(`HeapPool: needs at least 2 threads, got ${threads}`);
    if (!(memory.buffer instanceof SharedArrayBuffer)) throw new Error('HeapPool: the memory is not shared; workers cannot see it');
    this.threads = threads;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const count = threads - 1;
    this.control = new Int32Array(new SharedArrayBuffer(count * SLOTS * 4));
    this.args = new Float64Array(new SharedArrayBuffer(count * MAX_ARGS * 8));
    this.text = new Uint8Array(new SharedArrayBuffer(count * TEXT_BYTES));
    for (const { name, module, exports } of modules) {
      const instance = new WebAssembly.Instance(module, { env: { memory } }).exports;
      for (const fn of exports) {
        if (typeof instance[fn] !== 'function') throw new Error(`HeapPool: module ${name} has no function ${fn}`);
        this.table.set(`${name}.${fn}`, this.local.length);
        this.local.push(instance[fn] as (...args: number[]) => unknown);
      }
    }
    const workerModules = modules.map(({ module, exports }) => ({ module, names: exports }));
    this.workers = Array.from({ length: count }, (_, index) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        execArgv: [],
        workerData: { memory, modules: workerModules, control: this.control.buffer, args: this.args.buffer, text: this.text.buffer, index },
      });
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
   * Calls `module.fn` once per share, shares[0] on this thread and the others on the workers, and
   * returns when all have finished. Throws the first failure (this thread's, then the workers' in
   * order) once every share has stopped, so no share still writes when the caller goes on.
   */
  run(module: string, fn: string, shares: number[][]): void {
    if (this.closedBecause !== null) throw new Error(`HeapPool is closed (${this.closedBecause})`);
    const id = this.table.get(`${module}.${fn}`);
    if (id === undefined) throw new Error(`HeapPool: ${module}.${fn} is not in the pool's table`);
    if (shares.length < 1 || shares.length > this.threads) throw new Error(`HeapPool: ${shares.length} shares for ${this.threads} threads`);
    this.calls++;
    const ctl = this.control;
    const requests: number[] = [];
    for (let w = 0; w < shares.length - 1; w++) {
      const share = shares[w + 1];
      if (share.length > MAX_ARGS) throw new Error(`HeapPool: ${share.length} arguments (at most ${MAX_ARGS})`);
      const base = w * SLOTS;
      this.args.set(share, w * MAX_ARGS);
      ctl[base + FUNCTION] = id;
      ctl[base + ARGC] = share.length;
      requests.push(Atomics.add(ctl, base + REQUEST, 1) + 1);
      Atomics.notify(ctl, base + REQUEST);
    }
    let failure: unknown = null;
    try {
      this.local[id](...shares[0]);
    } catch (error) {
      failure = error;
    }
    const deadline = performance.now() + this.timeoutMs;
    for (let w = 0; w < requests.length; w++) {
      const base = w * SLOTS;
      for (;;) {
        const done = Atomics.load(ctl, base + DONE);
        if (done === requests[w]) break;
        const left = deadline - performance.now();
        if (left <= 0) {
          this.close(`worker ${w + 1} did not finish ${module}.${fn} within ${this.timeoutMs} ms`);
          throw new Error(`HeapPool: worker ${w + 1} did not finish ${module}.${fn} within ${this.timeoutMs} ms; the pool is closed`);
        }
        // Sleeps rather than polls: in a train step XNNPACK's threads poll for a while after each
        // of its kernels, and a polling caller took the core the worker needed (our kernels in an
        // nnMamba step ran slower on two threads than on one).
        Atomics.wait(ctl, base + DONE, done, left);
      }
      if (failure === null && ctl[base + STATUS] !== 0) {
        const message = new TextDecoder().decode(this.text.slice(w * TEXT_BYTES, w * TEXT_BYTES + ctl[base + TEXT_LENGTH]));
        failure = new Error(`HeapPool: ${module}.${fn} failed on worker ${w + 1}: ${message}`);
      }
    }
    if (failure !== null) throw failure;
  }

  /** Stops the workers (idle ones leave their loop; busy or stuck ones are terminated). */
  close(reason = 'closed by its owner'): void {
    if (this.closedBecause !== null) return;
    this.closedBecause = reason;
    for (let w = 0; w < this.workers.length; w++) {
      const base = w * SLOTS;
      Atomics.store(this.control, base + QUIT, 1);
      Atomics.add(this.control, base + REQUEST, 1);
      Atomics.notify(this.control, base + REQUEST);
      void this.workers[w].terminate();
    }
  }
}

/**
 * Contiguous ranges [start, end) that split `count` items into at most `parts` nearly equal
 * shares of at least `minimum` items each (one share when count < 2 * minimum).
 */
export function splitRange(count: number, parts: number, minimum = 1): Array<[number, number]> {
  const shares = Math.max(1, Math.min(parts, Math.floor(count / Math.max(minimum, 1))));
  return Array.from({ length: shares }, (_, i) => [Math.floor((i * count) / shares), Math.floor(((i + 1) * count) / shares)]);
}
