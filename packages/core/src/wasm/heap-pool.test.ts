import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compileHeapModule } from './heap-module';
import { chunkRanges, HeapPool, splitRange } from './heap-pool';

const EXIT_CHILD = fileURLToPath(new URL('../../test/fixtures/heap-pool-exit-child.ts', import.meta.url));

interface Softplus {
  softplus(x: number, y: number, n4: number): void;
}

const MiB = 1 << 20;
/** A shared memory like the threaded tfjs build's heap (64 MiB here). */
const sharedMemory = () => new WebAssembly.Memory({ initial: 1024, maximum: 65536, shared: true });
const softplusModule = () => ({ name: 'softplus', module: compileHeapModule('softplus', true), exports: ['softplus'] });

/** Values 0..count-1 spread over [-20, 20] at byte offset `at`. */
function fillInputs(memory: WebAssembly.Memory, at: number, count: number): void {
  const x = new Float32Array(memory.buffer, at, count);
  for (let i = 0; i < count; i++) x[i] = -20 + (40 * i) / count;
}

describe('HeapPool (heap modules on worker threads over one shared memory)', () => {
  const pools: HeapPool[] = [];
  const open = (...args: ConstructorParameters<typeof HeapPool>) => {
    const pool = new HeapPool(...args);
    pools.push(pool);
    return pool;
  };
  afterEach(() => {
    for (const pool of pools.splice(0)) pool.close();
  });

  it('runs the chunks on the workers, writing the same bits as one call on this thread', () => {
    const memory = sharedMemory();
    const count = 3000; // 750 vectors in uneven chunks
    fillInputs(memory, 0, count);
    const local = new WebAssembly.Instance(softplusModule().module, { env: { memory } }).exports as unknown as Softplus;
    local.softplus(0, 16 * 1024, count);
    // This thread claims none: every chunk must have run on one of the two workers.
    const pool = open(memory, [softplusModule()], 3, { callerWorks: false });
    const out = 32 * 1024;
    const chunks = splitRange(count / 4, 7).map(([v0, v1]) => [v0 * 16, out + v0 * 16, (v1 - v0) * 4]);
    pool.run('softplus', 'softplus', chunks);
    const alone = new Uint32Array(memory.buffer, 16 * 1024, count);
    const shared = new Uint32Array(memory.buffer, out, count);
    expect(shared).toEqual(alone);
    expect(shared.every((bits) => bits !== 0)).toBe(true); // every chunk wrote (the output started as zeros)
    expect(pool.calls).toBe(1);
  });

  it('runs call after call with the calling thread taking chunks too', () => {
    const memory = sharedMemory();
    const count = 4096;
    fillInputs(memory, 0, count);
    const pool = open(memory, [softplusModule()], 2);
    for (let call = 1; call <= 50; call++) {
      const out = call * 32 * 1024;
      pool.run('softplus', 'softplus', splitRange(count / 4, 8).map(([v0, v1]) => [v0 * 16, out + v0 * 16, (v1 - v0) * 4]));
      expect(new Float32Array(memory.buffer, out, count).every((v) => v > 0), `call ${call}`).toBe(true);
    }
  });

  it('turns a trap on a worker into the call\'s error, and keeps working after it', () => {
    const memory = sharedMemory();
    fillInputs(memory, 0, 64);
    const pool = open(memory, [softplusModule()], 2, { callerWorks: false });
    // The second chunk reads past the end of the memory.
    expect(() => pool.run('softplus', 'softplus', [[0, 1024, 32], [memory.buffer.byteLength - 16, 2048, 32]]))
      .toThrow(/softplus\.softplus failed on a worker: RuntimeError: memory access out of bounds/);
    expect(pool.closed).toBe(false);
    pool.run('softplus', 'softplus', [[0, 4096, 32], [128, 4096 + 128, 32]]);
    expect(new Float32Array(memory.buffer, 4096, 64).every((v) => v > 0)).toBe(true);
  });

  it('throws a failed chunk\'s error only after the other chunks have finished', () => {
    const memory = sharedMemory();
    const count = 4 * MiB;
    fillInputs(memory, 0, count);
    const pool = open(memory, [softplusModule()], 2);
    const out = 16 * MiB;
    expect(() => pool.run('softplus', 'softplus', [[memory.buffer.byteLength - 16, 0, 32], [0, out, count]]))
      .toThrow(/out of bounds/);
    const y = new Float32Array(memory.buffer, out, count);
    expect(y[0]).toBeGreaterThan(0);
    expect(y[count - 1]).toBeGreaterThan(19.99); // the big chunk's last value was written before the call returned
  });

  it('fails a call whose chunks are not done in time, instead of hanging, and closes the pool', () => {
    const memory = sharedMemory();
    const count = 8 * MiB; // far more than a worker can even start and do in 1 ms
    const pool = open(memory, [softplusModule()], 2, { timeoutMs: 1, callerWorks: false });
    expect(() => pool.run('softplus', 'softplus', [[0, 32 * MiB, count]]))
      .toThrow(/1 of 1 chunks of softplus\.softplus did not finish within 1 ms; the pool is closed/);
    expect(pool.closed).toBe(true);
    expect(() => pool.run('softplus', 'softplus', [[0, 0, 0]])).toThrow(/closed/);
  });

  it('rejects a plain memory, fewer than 2 threads, unknown functions and malformed chunks', () => {
    expect(() => new HeapPool(new WebAssembly.Memory({ initial: 1 }), [], 2)).toThrow(/not shared/);
    expect(() => new HeapPool(sharedMemory(), [], 1)).toThrow(/at least 2 threads/);
    expect(() => new HeapPool(sharedMemory(), [{ ...softplusModule(), exports: ['nope'] }], 2)).toThrow(/softplus has no function nope/);
    const pool = open(sharedMemory(), [softplusModule()], 2);
    expect(() => pool.run('softplus', 'other', [[0, 0, 0]])).toThrow(/softplus\.other is not in the pool's table/);
    expect(() => pool.run('softplus', 'softplus', [[0, 0, 0], [0, 0]])).toThrow(/same number of arguments/);
    expect(() => pool.run('softplus', 'softplus', [])).toThrow(/0 chunks/);
  });

  it('never keeps the process alive (a child that leaves its pool open still exits)', () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', EXIT_CHILD], { encoding: 'utf8', timeout: 60_000 });
    expect(stdout).toBe('ran on 2 threads, pool left open\n');
  });
});

describe('splitRange', () => {
  it('splits into near-equal contiguous ranges that cover the count', () => {
    expect(splitRange(10, 3)).toEqual([[0, 3], [3, 6], [6, 10]]);
    expect(splitRange(2, 4)).toEqual([[0, 1], [1, 2]]);
    expect(splitRange(0, 4)).toEqual([[0, 0]]);
  });

  it('keeps every share at the minimum size, down to a single share', () => {
    expect(splitRange(10, 4, 4)).toEqual([[0, 5], [5, 10]]);
    expect(splitRange(7, 2, 4)).toEqual([[0, 7]]);
  });
});

describe('chunkRanges', () => {
  it('keeps a call under two shares\' work whole, else gives each thread up to four chunks', () => {
    expect(chunkRanges(64, 10, 2, 400)).toEqual([[0, 64]]); // 640 < 2 x 400
    expect(chunkRanges(64, 10, 2, 200)).toHaveLength(8);
    expect(chunkRanges(64, 10, 2, 2000 / 4)).toEqual([[0, 64]]);
    expect(chunkRanges(12, 100, 2, 600)).toEqual([[0, 2], [2, 4], [4, 6], [6, 8], [8, 10], [10, 12]]); // chunks of at least 600 / 4
  });
});
