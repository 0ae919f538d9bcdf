import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compileHeapModule } from './heap-module';
import { HeapPool, splitRange } from './heap-pool';

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

  it('runs each share on its own thread, writing the same bits as one call on this thread', () => {
    const memory = sharedMemory();
    const count = 3000; // 750 vectors in three uneven shares
    fillInputs(memory, 0, count);
    const local = new WebAssembly.Instance(softplusModule().module, { env: { memory } }).exports as unknown as Softplus;
    local.softplus(0, 16 * 1024, count);
    const pool = open(memory, [softplusModule()], 3);
    const out = 32 * 1024;
    const shares = splitRange(count / 4, 3).map(([v0, v1]) => [v0 * 16, out + v0 * 16, (v1 - v0) * 4]);
    expect(shares).toHaveLength(3);
    pool.run('softplus', 'softplus', shares);
    const alone = new Uint32Array(memory.buffer, 16 * 1024, count);
    const shared = new Uint32Array(memory.buffer, out, count);
    expect(shared).toEqual(alone);
    expect(shared.every((bits) => bits !== 0)).toBe(true); // every share wrote (the output started as zeros)
    expect(pool.calls).toBe(1);
  });

  it('turns a trap on a worker into the call\'s error, and keeps working after it', () => {
    const memory = sharedMemory();
    fillInputs(memory, 0, 64);
    const pool = open(memory, [softplusModule()], 2);
    // The worker's share reads past the end of the memory.
    expect(() => pool.run('softplus', 'softplus', [[0, 1024, 32], [memory.buffer.byteLength - 16, 2048, 32]]))
      .toThrow(/softplus\.softplus failed on worker 1: RuntimeError: memory access out of bounds/);
    expect(pool.closed).toBe(false);
    pool.run('softplus', 'softplus', [[0, 4096, 32], [128, 4096 + 128, 32]]);
    expect(new Float32Array(memory.buffer, 4096 + 128, 32).every((v) => v > 0)).toBe(true);
  });

  it('throws an error of this thread\'s share only after the workers\' shares have finished', () => {
    const memory = sharedMemory();
    const count = 4 * MiB;
    fillInputs(memory, 0, count);
    const pool = open(memory, [softplusModule()], 2);
    const out = 16 * MiB;
    expect(() => pool.run('softplus', 'softplus', [[memory.buffer.byteLength - 16, 0, 32], [0, out, count]]))
      .toThrow(/out of bounds/);
    const y = new Float32Array(memory.buffer, out, count);
    expect(y[0]).toBeGreaterThan(0);
    expect(y[count - 1]).toBeGreaterThan(19.99); // the worker's last value was written before the call returned
  });

  it('fails a call whose worker does not answer in time, instead of hanging, and closes the pool', () => {
    const memory = sharedMemory();
    const count = 8 * MiB; // far more than a worker can even start and do in 1 ms
    const pool = open(memory, [softplusModule()], 2, { timeoutMs: 1 });
    expect(() => pool.run('softplus', 'softplus', [[0, 0, 0], [0, 32 * MiB, count]]))
      .toThrow(/worker 1 did not finish softplus\.softplus within 1 ms; the pool is closed/);
    expect(pool.closed).toBe(true);
    expect(() => pool.run('softplus', 'softplus', [[0, 0, 0]])).toThrow(/closed/);
  });

  it('rejects a plain memory, fewer than 2 threads, unknown functions and too many shares', () => {
    expect(() => new HeapPool(new WebAssembly.Memory({ initial: 1 }), [], 2)).toThrow(/not shared/);
    expect(() => new HeapPool(sharedMemory(), [], 1)).toThrow(/at least 2 threads/);
    expect(() => new HeapPool(sharedMemory(), [{ ...softplusModule(), exports: ['nope'] }], 2)).toThrow(/softplus has no function nope/);
    const pool = open(sharedMemory(), [softplusModule()], 2);
    expect(() => pool.run('softplus', 'other', [[0, 0, 0]])).toThrow(/softplus\.other is not in the pool's table/);
    expect(() => pool.run('softplus', 'softplus', [[0, 0, 0], [0, 0, 0], [0, 0, 0]])).toThrow(/3 shares for 2 threads/);
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
