import { mkdir, mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drResults } from './dr-fixture.ts';
import { findResultsFiles, rebuildReports } from './rebuild.ts';
import { fakeResults } from './test-fixture.ts';

describe('rebuildReports', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'report-rebuild-'));
    // Two stored reports (only results.json, as if the views were deleted or outdated), a
    // broken one, and results.json files where no report lives.
    for (const [dir, results] of [['dr', drResults()], [join('nested', 'plain'), fakeResults()]] as const) {
      await mkdir(join(root, dir), { recursive: true });
      await writeFile(join(root, dir, 'results.json'), JSON.stringify(results));
    }
    await mkdir(join(root, 'broken'));
    await writeFile(join(root, 'broken', 'results.json'), '{"runs": ');
    await mkdir(join(root, 'node_modules', 'x'), { recursive: true });
    await writeFile(join(root, 'node_modules', 'x', 'results.json'), '{}');
    await mkdir(join(root, '.cache'));
    await writeFile(join(root, '.cache', 'results.json'), '{}');
  });
  afterAll(async () => { await rm(root, { recursive: true, force: true }); });

  it('finds results.json files, skipping node_modules and hidden directories', async () => {
    expect(await findResultsFiles(root)).toEqual([
      join(root, 'broken', 'results.json'), join(root, 'dr', 'results.json'), join(root, 'nested', 'plain', 'results.json'),
    ]);
  });

  it('rewrites every report from its stored runs and reports the broken one', async () => {
    const out = await rebuildReports(root);
    expect(out.map((r) => [r.dir, r.runs, !!r.files, !!r.error])).toEqual([
      [join(root, 'broken'), 0, false, true],
      [join(root, 'dr'), 10, true, false],
      [join(root, 'nested', 'plain'), 5, true, false],
    ]);
    expect(out[0]!.error).toContain('broken');
    for (const f of ['index.html', 'results.csv', 'summary.csv', 'results.md', join('charts', 'roc.png')]) {
      expect((await stat(join(root, 'dr', f))).isFile()).toBe(true);
    }
    const html = await readFile(join(root, 'dr', 'index.html'), 'utf8');
    expect(html).toContain('seed-replica-dr');
    // The stored record itself is unchanged in content.
    expect(JSON.parse(await readFile(join(root, 'dr', 'results.json'), 'utf8'))).toEqual(drResults());
  });

  it('regenerates a deleted view on the next rebuild', async () => {
    await unlink(join(root, 'nested', 'plain', 'index.html'));
    await rebuildReports(join(root, 'nested'));
    expect((await stat(join(root, 'nested', 'plain', 'index.html'))).isFile()).toBe(true);
  });

  it('rejects a missing directory', async () => {
    await expect(rebuildReports(join(root, 'nope'))).rejects.toThrow();
  });
});
