import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireRunLock, isStale, readHolder, runLockPath, withRunLock, type LockHolder, type RunLock } from './run-lock.ts';

const dirs: string[] = [];
const held: RunLock[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'run-lock-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const lock of held.splice(0)) await lock.release();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
/** A lock as another worker would have left it. */
function plant(runDir: string, holder: Partial<LockHolder>): LockHolder {
  const full: LockHolder = { host: 'elsewhere', pid: 4242, token: `planted${Math.random().toString(16).slice(2)}`, started: ago(0), heartbeat: ago(0), ...holder };
  mkdirSync(runDir, { recursive: true });
  writeFileSync(runLockPath(runDir), JSON.stringify(full));
  return full;
}
/** The pid of a process that has exited (and was reaped). */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
/** Nothing but the lock itself may remain: no guard, no temp file. */
const leftovers = (runDir: string) => readdirSync(runDir).filter((n) => n !== 'lock');

describe('run lock', () => {
  it('two acquirers racing in one process: exactly one wins each round, the other is told who holds it', async () => {
    for (let round = 0; round < 40; round++) {
      const runDir = join(freshDir(), 'run');
      const results = await Promise.all([0, 1, 2].map(() => acquireRunLock(runDir)));
      const winners = results.filter((r) => r.acquired);
      expect(winners).toHaveLength(1);
      const lock = (winners[0] as { lock: RunLock }).lock;
      held.push(lock);
      for (const r of results) if (!r.acquired) expect(r.holder.token).toBe(lock.holder.token);
      expect((await readHolder(runLockPath(runDir)))?.token).toBe(lock.holder.token);
    }
  });

  it('records host, pid, start and heartbeat; release removes it', async () => {
    const runDir = join(freshDir(), 'run');
    const got = await acquireRunLock(runDir);
    expect(got.acquired).toBe(true);
    const stored = await readHolder(runLockPath(runDir));
    expect(stored).toMatchObject({ host: hostname(), pid: process.pid });
    expect(Date.parse(stored!.started)).toBeLessThanOrEqual(Date.parse(stored!.heartbeat));
    expect(await (got as { lock: RunLock }).lock.release()).toBe(true);
    expect(existsSync(runLockPath(runDir))).toBe(false);
    expect(leftovers(runDir)).toEqual([]);
  });

  it('a live lock of another host is not taken over', async () => {
    const runDir = join(freshDir(), 'run');
    const planted = plant(runDir, { heartbeat: ago(1_000) });
    const got = await acquireRunLock(runDir, { staleMs: 60_000 });
    expect(got).toEqual({ acquired: false, holder: planted });
    expect(JSON.parse(readFileSync(runLockPath(runDir), 'utf8'))).toEqual(planted);
  });

  it('a lock whose heartbeat is older than the stale limit is taken over, as is one of a dead pid on this host', async () => {
    for (const planted of [{ heartbeat: ago(120_000) }, { host: hostname(), pid: deadPid() }]) {
      const runDir = join(freshDir(), 'run');
      plant(runDir, planted);
      const got = await acquireRunLock(runDir, { staleMs: 60_000 });
      expect(got.acquired).toBe(true);
      held.push((got as { lock: RunLock }).lock);
      expect((await readHolder(runLockPath(runDir)))?.pid).toBe(process.pid);
      expect(leftovers(runDir)).toEqual([]);
    }
    expect(isStale({ host: hostname(), pid: process.pid, token: 't', started: ago(0), heartbeat: ago(0) }, 60_000)).toBe(false);
  });

  it('of several workers taking over the same stale lock at once, exactly one wins', async () => {
    for (let round = 0; round < 40; round++) {
      const runDir = join(freshDir(), 'run');
      plant(runDir, { heartbeat: ago(3_600_000) });
      const results = await Promise.all([0, 1, 2].map(() => acquireRunLock(runDir, { staleMs: 60_000 })));
      const winners = results.filter((r) => r.acquired) as { lock: RunLock }[];
      expect(winners).toHaveLength(1);
      held.push(winners[0].lock);
      for (const r of results) if (!r.acquired) expect(r.holder.token).toBe(winners[0].lock.holder.token);
      expect(leftovers(runDir)).toEqual([]);
    }
  });

  it('release removes only its own lock: one taken over after a stall stays, and the stalled holder learns it lost', async () => {
    const runDir = join(freshDir(), 'run');
    const troubles: string[] = [];
    const got = await acquireRunLock(runDir, { onTrouble: (m) => troubles.push(m) });
    const lock = (got as { lock: RunLock }).lock;
    const thief = plant(runDir, { host: 'other-node', pid: 7 });
    expect(await lock.refresh()).toBe(false);
    expect(troubles).toEqual([`${runLockPath(runDir)}: lock lost: taken over by other-node:7`]);
    expect(await lock.release()).toBe(false);
    expect(JSON.parse(readFileSync(runLockPath(runDir), 'utf8'))).toEqual(thief);
  });

  it('the holder refreshes its heartbeat while it works, and withRunLock releases after the work, even when it throws', async () => {
    const runDir = join(freshDir(), 'run');
    const first = await withRunLock(runDir, async () => {
      const before = (await readHolder(runLockPath(runDir)))!.heartbeat;
      await new Promise((r) => setTimeout(r, 150));
      return [before, (await readHolder(runLockPath(runDir)))!.heartbeat];
    }, { heartbeatMs: 20 });
    expect(first.ran).toBe(true);
    const [before, after] = (first as { value: string[] }).value;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    expect(existsSync(runLockPath(runDir))).toBe(false);
    await expect(withRunLock(runDir, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(existsSync(runLockPath(runDir))).toBe(false);
    const planted = plant(runDir, {});
    expect(await withRunLock(runDir, async () => 'trained')).toEqual({ ran: false, holder: planted });
  });

  it('a foreign file in place of the lock is an error naming it', async () => {
    const runDir = join(freshDir(), 'run');
    mkdirSync(runDir);
    writeFileSync(runLockPath(runDir), 'not json');
    await expect(acquireRunLock(runDir)).rejects.toThrow(`${runLockPath(runDir)}: not a mambabench run lock`);
  });

  it('two processes started at once: exactly one wins each round, free and stale locks alike', async () => {
    const base = freshDir();
    const rounds = 40;
    // Odd rounds start with a stale lock both processes try to take over.
    for (let round = 1; round < rounds; round += 2) plant(join(base, String(round)), { heartbeat: ago(3_600_000) });
    const child = fileURLToPath(new URL('./run-lock-race-child.ts', import.meta.url));
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const workers = [0, 1].map(() => spawn(process.execPath, ['--import', 'tsx', child, base, String(rounds), '40', '60000'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] }));
    const outputs = workers.map((w) => {
      const lines: string[] = [];
      const reader = createInterface({ input: w.stdout! });
      let ready = () => {};
      let done = () => {};
      const started = new Promise<void>((resolve) => (ready = resolve));
      const finished = new Promise<void>((resolve) => (done = resolve));
      reader.on('line', (l) => (l === 'ready' ? ready() : l === 'done' ? done() : lines.push(l)));
      const exited = new Promise<number | null>((resolve) => w.on('close', resolve));
      return { lines, started, finished, exited };
    });
    await Promise.all(outputs.map((o) => o.started));
    const go = Date.now() + 300;
    for (const w of workers) w.stdin!.write(`go ${go}\n`);
    await Promise.all(outputs.map((o) => o.finished));
    for (const w of workers) w.stdin!.write('exit\n');
    expect(await Promise.all(outputs.map((o) => o.exited))).toEqual([0, 0]);
    const results = outputs.map((o) => o.lines.map((l) => JSON.parse(l) as { round: number; won: boolean; token: string }));
    for (let round = 0; round < rounds; round++) {
      const [a, b] = results.map((r) => r.find((x) => x.round === round)!);
      expect([a.won, b.won].filter(Boolean), `round ${round}`).toHaveLength(1);
      expect(a.token, `round ${round}: both name the one winner`).toBe(b.token);
      expect(leftovers(join(base, String(round)))).toEqual([]);
    }
  });
});
