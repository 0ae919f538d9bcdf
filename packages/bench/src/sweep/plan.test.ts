import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configText, planRuns, planTable } from './plan';

const run = (id: string, lr = 1e-3) => ({ run_id: id, optimizer: { lr }, seed: 1 });

/** A store with one run in each state a sweep can leave behind. */
function store(): string {
  const out = mkdtempSync(join(tmpdir(), 'mb-plan-'));
  const put = (id: string, cfg: object, status: string | null) => {
    const dir = join(out, 'runs', id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), configText(cfg));
    if (status) writeFileSync(join(dir, 'record.json'), JSON.stringify({ status }));
  };
  put('done', run('done'), 'ok');
  put('changed', run('changed', 3e-4), 'ok');
  put('failed', run('failed'), 'failed');
  put('killed', run('killed'), null);
  return out;
}

describe('sweep --dry-run plan', () => {
  const runs = ['done', 'changed', 'failed', 'killed', 'new'].map((id) => run(id));

  it('with --resume keeps finished runs of the same configuration, continues the rest, retrains changed ones', () => {
    const plan = planRuns(runs, store(), true);
    expect(plan.map((p) => [p.runId, p.action])).toEqual([
      ['done', 'keep'], ['changed', 'train'], ['failed', 'continue'], ['killed', 'continue'], ['new', 'train'],
    ]);
    expect(plan[1]!.why).toContain('another configuration');
    expect(plan[4]!.why).toBe('not in the store');
  });

  it('without --resume trains everything and says what --resume would keep', () => {
    const plan = planRuns(runs, store(), false);
    expect(plan.every((p) => p.action === 'train')).toBe(true);
    expect(plan[0]!.why).toContain('--resume would keep it');
    expect(plan[3]!.why).toContain('--resume would continue it');
  });

  it('hashes the exact config.json bytes and writes nothing', () => {
    const out = store();
    const before = readdirSync(join(out, 'runs')).sort();
    const [p] = planRuns([run('done')], out, true);
    expect(p!.configHash).toBe(createHash('sha256').update(JSON.stringify(run('done'), null, 2)).digest('hex').slice(0, 12));
    expect(planRuns([run('done', 2e-3)], out, true)[0]!.configHash).not.toBe(p!.configHash);
    expect(readdirSync(join(out, 'runs')).sort()).toEqual(before);
  });

  it('prints one line per run and the totals', () => {
    const table = planTable(planRuns(runs, store(), true));
    expect(table.split('\n').filter((l) => /^(done|changed|failed|killed|new) /.test(l))).toHaveLength(5);
    expect(table).toContain('5 run(s): 2 to train, 2 to continue, 1 kept. Nothing was trained (--dry-run).');
  });
});
