import { randomBytes } from 'node:crypto';
import { mkdir, link, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fsyncDir } from './fsync-dir.ts';
import { isAlive, tempSibling } from './temp-name.ts';
import { writeFileAtomic } from './write-file.ts';
import { writeNewFsynced } from './write-fsynced.ts';

/**
 * A lock per run folder, so that workers sharing a directory (several sweeps, Slurm array tasks on
 * an NFS mount) never train the same run at once. The lock is the file `<runDir>/lock`; it names
 * its holder and carries a heartbeat that the holder refreshes while it works.
 *
 * Every lock file appears whole: it is written and fsynced under a temp name first, then put in
 * place with link() (fails if the name exists: atomic on local filesystems and on NFS, unlike
 * O_EXCL on old NFS clients) or, when taking over, rename(). Readers never see half a lock.
 *
 * Taking over a stale lock is the delicate part: two workers may judge the same lock stale at the
 * same moment. Each must first create the guard `lock.takeover-<token of the stale lock>` with
 * link(), which exactly one of them can; the winner checks that the lock still carries that token
 * and renames its own lock over it (never unlinking it, so no fresh acquirer can slip into a gap),
 * then removes the guard. A late worker that wins the guard afterwards finds another token and
 * backs off. The one case this cannot order is a worker dying inside its few-syscall takeover
 * while two others clear its guard (stale too by then) at the same moment; after the rename the
 * winner reads the lock back, which narrows even that.
 */

/** What a lock file holds. */
export interface LockHolder {
  host: string;
  pid: number;
  /** Unique per acquisition: tells two holders on one host and pid (or a reused pid) apart. */
  token: string;
  started: string;
  heartbeat: string;
}

export interface RunLockOptions {
  /** How often the holder refreshes its heartbeat (default 15 s). */
  heartbeatMs?: number;
  /** A heartbeat older than this marks a lock stale (default 2 min); it must exceed heartbeatMs plus clock skew between hosts. */
  staleMs?: number;
  /** Told when a heartbeat finds the lock no longer ours (taken over after we stalled), or a heartbeat write fails. */
  onTrouble?: (message: string) => void;
}

export type AcquireResult = { acquired: true; lock: RunLock } | { acquired: false; holder: LockHolder };

const LOCK_NAME = 'lock';
const DEFAULT_HEARTBEAT_MS = 15_000;
/** A heartbeat older than this marks a lock stale, unless RunLockOptions.staleMs says otherwise. */
export const DEFAULT_STALE_MS = 120_000;
/** Rounds of read-and-retry before acquire gives up (each round someone else made progress). */
const MAX_ROUNDS = 50;

/** "host:pid", as log lines name a holder. */
export function describeHolder(holder: LockHolder): string {
  return `${holder.host}:${holder.pid}`;
}

/** The lock file of a run folder. */
export function runLockPath(runDir: string): string {
  return join(runDir, LOCK_NAME);
}

/**
 * Whether a holder is gone: its heartbeat is older than `staleMs`, or it ran on this host and its
 * process no longer exists (no need to wait out the heartbeat for a crash on the same machine).
 */
export function isStale(holder: LockHolder, staleMs: number, now = Date.now()): boolean {
  if (holder.host === hostname() && !isAlive(holder.pid)) return true;
  return now - Date.parse(holder.heartbeat) > staleMs;
}

/**
 * Tries to take the lock of `runDir` (created if missing). Returns the lock, now heart-beating,
 * or the live holder that has it. A stale lock is taken over.
 */
export async function acquireRunLock(runDir: string, options: RunLockOptions = {}): Promise<AcquireResult> {
  await mkdir(runDir, { recursive: true });
  const path = runLockPath(runDir);
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const now = new Date().toISOString();
  const mine: LockHolder = { host: hostname(), pid: process.pid, token: randomBytes(12).toString('hex'), started: now, heartbeat: now };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (await linkNew(path, mine)) return { acquired: true, lock: new RunLock(path, mine, options) };
    const current = await readHolder(path);
    if (!current) continue; // released between our link and our read: try again
    // NFS may answer a retransmitted link() that did succeed with EEXIST: the lock is then ours.
    if (current.token === mine.token) return { acquired: true, lock: new RunLock(path, mine, options) };
    if (!isStale(current, staleMs)) return { acquired: false, holder: current };
    const outcome = await takeOver(path, current, mine, staleMs);
    if (outcome === 'won') return { acquired: true, lock: new RunLock(path, mine, options) };
    // 'lost' or 'busy': someone else moved; the next round sees their lock (live) or none.
    if (outcome === 'busy') await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
  }
  throw new Error(`${path}: could not take or judge the run lock after ${MAX_ROUNDS} rounds (other workers kept changing it)`);
}

/**
 * Runs `work` holding the lock of `runDir`, releasing it afterwards (also when `work` throws).
 * When a live worker holds it, `work` does not run and the holder is returned.
 */
export async function withRunLock<T>(runDir: string, work: () => Promise<T>, options: RunLockOptions = {}): Promise<{ ran: true; value: T } | { ran: false; holder: LockHolder }> {
  const got = await acquireRunLock(runDir, options);
  if (!got.acquired) return { ran: false, holder: got.holder };
  try {
    return { ran: true, value: await work() };
  } finally {
    await got.lock.release();
  }
}

/** A held lock: refreshes its heartbeat until released. */
export class RunLock {
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> = Promise.resolve();
  private lost = false;

  constructor(readonly path: string, private holderNow: LockHolder, private readonly options: RunLockOptions) {
    this.timer = setInterval(() => {
      this.refreshing = this.refreshing.then(async () => void (await this.refresh())).catch((error: Error) => this.options.onTrouble?.(`${this.path}: heartbeat failed: ${error.message}`));
    }, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    // The heartbeat must never keep a finished process alive.
    this.timer.unref();
  }

  get holder(): LockHolder {
    return this.holderNow;
  }

  /**
   * Writes a fresh heartbeat, atomically, after checking the lock is still ours: a holder that
   * stalled past the stale limit may have been taken over, and must not overwrite the new
   * holder's lock. Returns false (and stops) when it is no longer ours.
   */
  async refresh(): Promise<boolean> {
    if (this.lost) return false;
    const current = await readHolder(this.path);
    if (current?.token !== this.holderNow.token) {
      this.lost = true;
      this.stop();
      this.options.onTrouble?.(`${this.path}: lock lost: ${current ? `taken over by ${describeHolder(current)}` : 'removed by someone else'}`);
      return false;
    }
    this.holderNow = { ...this.holderNow, heartbeat: new Date().toISOString() };
    await writeFileAtomic(this.path, lockText(this.holderNow));
    return true;
  }

  /** Stops the heartbeat and removes the lock if it is still ours; returns whether it was. */
  async release(): Promise<boolean> {
    this.stop();
    await this.refreshing;
    const current = await readHolder(this.path);
    if (current?.token !== this.holderNow.token) return false;
    await rm(this.path, { force: true });
    await fsyncDir(join(this.path, '..'));
    return true;
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

function lockText(holder: LockHolder): string {
  return JSON.stringify(holder, null, 1) + '\n';
}

/** The holder recorded in a lock file, or null when there is none. A foreign file is an error that names it. */
export async function readHolder(path: string): Promise<LockHolder | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let value: Partial<LockHolder> | null = null;
  try {
    value = JSON.parse(text) as Partial<LockHolder>;
  } catch {
    // reported below
  }
  if (!value || typeof value.host !== 'string' || typeof value.pid !== 'number' || typeof value.token !== 'string' || typeof value.heartbeat !== 'string' || Number.isNaN(Date.parse(value.heartbeat))) {
    throw new Error(`${path}: not a mambabench run lock (needs host, pid, token, heartbeat); remove it if no worker is training this run`);
  }
  return value as LockHolder;
}

/** Puts a complete lock file at `path` unless something is there: true when ours is now in place. */
async function linkNew(path: string, holder: LockHolder): Promise<boolean> {
  const tmp = tempSibling(path);
  await writeNewFsynced(tmp, lockText(holder));
  try {
    await link(tmp, path);
    await fsyncDir(join(path, '..'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Replaces the stale lock `stale` at `path` with ours; see the header for why this order. */
async function takeOver(path: string, stale: LockHolder, mine: LockHolder, staleMs: number): Promise<'won' | 'lost' | 'busy'> {
  const guard = `${path}.takeover-${stale.token}`;
  if (!(await linkNew(guard, mine))) {
    // Another worker is taking this lock over. Its guard lives a few syscalls; one that outlived
    // its creator would block the run for good, so a stale guard is cleared (if still that one).
    const other = await readHolder(guard);
    if (other && isStale(other, staleMs)) {
      const again = await readHolder(guard);
      if (again?.token === other.token) await rm(guard, { force: true });
    }
    return 'busy';
  }
  try {
    const current = await readHolder(path);
    if (current?.token !== stale.token) return 'lost'; // released or taken over meanwhile
    const tmp = tempSibling(path);
    try {
      await writeNewFsynced(tmp, lockText(mine));
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    await fsyncDir(join(path, '..'));
    return (await readHolder(path))?.token === mine.token ? 'won' : 'lost';
  } finally {
    await rm(guard, { force: true });
  }
}
