import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Rng } from '@mambabench/random';
import { readStoredRun } from '../src/store/run-store';

const BIN = fileURLToPath(new URL('../bin/mambabench.js', import.meta.url));
const TRIALS = Number(process.env.MAMBABENCH_KILL_TRIALS ?? 20);

/**
 * Three short runs (two processes at a time) with every random stream a resume must restore:
 * the published augmentation, mixup/cutmix, EMA.
 */
function experiment(dir: string): string {
  const file = join(dir, 'kill.json');
  writeFileSync(file, JSON.stringify({
    name: 'kill', models: ['nnmamba3-scaled', 'mambavision-scaled'], seeds: [1, 2],
    data: { kind: 'synthetic', train: 16, valid: 8, test: 8, seed: 0 },
    image_size: 32, batch_size: 4, eval_batch_size: 8, epochs: 5, max_steps_per_epoch: 3, backend: 'wasm', jobs: 2,
    augment: 'published', ema: { decay: 0.9 }, mixup: {},
  }));
  return file;
}

/** Starts a sweep in its own process group; resolves with its exit code and output. */
function startSweep(exp: string, out: string) {
  const child = spawn(process.execPath, [BIN, 'sweep', '--experiment', exp, '--out', out], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let listener: (() => void) | null = null;
  const onData = (c: Buffer) => {
    output += c.toString();
    listener?.();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  /** Resolves once `count` training lines (a step or an epoch of any run) have been printed. */
  const trainingLines = (count: number) => new Promise<void>((resolve) => {
    listener = () => {
      if ((output.match(/\| epoch \d+\/\d+ /g) ?? []).length >= count) resolve();
    };
    listener();
  });
  return { child, done, output: () => output, trainingLines };
}

/** Where in the sweep a kill landed, read from what it had printed. */
function killPoint(output: string): string {
  const epochs = [...output.matchAll(/(run \d\/\d) \S+ \| epoch (\d+)\/\d+( step \d+\/\d+)?/g)];
  if (/\n\d+ run\(s\) trained/.test(output)) return 'writing the final report';
  if (epochs.length === 0) return /cached/.test(output) ? 'starting a run, after cached ones' : 'start-up, before any training line';
  const last = epochs.at(-1)!;
  return `${last[1]} in epoch ${last[2]}${last[3] ? '' : ' (after its epoch line)'}`;
}

/** What must be equal bit for bit between an interrupted and an uninterrupted sweep. */
function outcome(record: Record<string, any>) {
  return {
    run_id: record.run_id, status: record.status, best_val_acc: record.best_val_acc, best_epoch: record.best_epoch, test_acc: record.test_acc,
    curves: record.curves.map(({ epoch_time_s: _, ...rest }: Record<string, unknown>) => rest),
    predictions: record.predictions,
  };
}

function storeState(out: string) {
  const runsDir = join(out, 'runs');
  const runs = existsSync(runsDir) ? readdirSync(runsDir).filter((k) => /^[0-9a-f]{16}$/.test(k)) : [];
  return runs.map((key) => ({ key, stored: readStoredRun(join(runsDir, key)) }));
}

const bytes = (out: string, key: string, checkpoint: string) => readFileSync(join(out, 'runs', key, checkpoint, 'tensors.bin'));

describe('a sweep killed at random moments', () => {
  it(`ends, after ${TRIALS} SIGKILLs of its whole process group, with exactly the uninterrupted sweep's runs and numbers`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mb-kill-'));
    const exp = experiment(dir);
    const reference = join(dir, 'reference');
    const t0 = performance.now();
    const ref = startSweep(exp, reference);
    expect(await ref.done, ref.output()).toBe(0);
    const duration = performance.now() - t0;
    const refRuns = new Map(storeState(reference).map(({ key, stored }) => [key, stored]));
    expect(refRuns.size).toBe(4);

    const out = join(dir, 'killed');
    const rng = new Rng(15);
    const finishedAt = new Map<string, string>();
    const points: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const sweep = startSweep(exp, out);
      // One kill in four at a random moment of the start-up (loading, preflight, the store, the first
      // run's process); the others a random few hundred ms after the first to fourth line of
      // training, so that they land in steps, evaluations and checkpoint writes of every run, and each
      // restart makes some progress without the sweep ending before the trials do.
      const moment = rng.float() < 0.25
        ? new Promise<void>((r) => setTimeout(r, rng.uniform(0.02, 0.3) * duration))
        : sweep.trainingLines(1 + rng.intBelow(4)).then(() => new Promise<void>((r) => setTimeout(r, rng.uniform(0, 400))));
      const exited = await Promise.race([sweep.done.then(() => true), moment.then(() => false)]);
      if (!exited) {
        points.push(killPoint(sweep.output()));
        process.kill(-sweep.child.pid!, 'SIGKILL');
        await sweep.done;
      } else {
        points.push('finished before the kill');
      }
      for (const { key, stored } of storeState(out)) {
        expect(stored.kind, `trial ${trial}: runs/${key}`).not.toBe('corrupt');
        if (stored.kind !== 'ended' || stored.record.status !== 'ok') continue;
        // A finished run is never trained again.
        if (finishedAt.has(key)) expect(stored.record.finished_at, `trial ${trial}: runs/${key} retrained`).toBe(finishedAt.get(key));
        finishedAt.set(key, stored.record.finished_at);
      }
    }
    const last = startSweep(exp, out);
    expect(await last.done, last.output()).toBe(0);

    const runs = storeState(out);
    expect(runs.map((r) => r.key).sort()).toEqual([...refRuns.keys()].sort());
    for (const { key, stored } of runs) {
      const expected = refRuns.get(key)!;
      expect(stored.kind).toBe('ended');
      if (stored.kind !== 'ended' || expected.kind !== 'ended') continue;
      expect(outcome(stored.record), `runs/${key}`).toEqual(outcome(expected.record));
      if (finishedAt.has(key)) expect(stored.record.finished_at).toBe(finishedAt.get(key));
      expect(bytes(out, key, 'last').equals(bytes(reference, key, 'last')), `runs/${key}/last weights`).toBe(true);
      expect(bytes(out, key, 'best').equals(bytes(reference, key, 'best')), `runs/${key}/best weights`).toBe(true);
    }
    const counts = new Map<string, number>();
    for (const p of points) counts.set(p, (counts.get(p) ?? 0) + 1);
    console.log(`kill points over ${TRIALS} trials (uninterrupted sweep ${(duration / 1000).toFixed(1)} s):\n` +
      [...counts].sort((a, b) => b[1] - a[1]).map(([p, n]) => `  ${String(n).padStart(2)}  ${p}`).join('\n'));
  }, 1_800_000);
});
