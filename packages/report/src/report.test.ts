// End-to-end: writeReport into a temp dir, then check every file the way a reader would.
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMP_SUFFIX } from '@mambabench/durable';
import { RUN_COLUMNS, SUMMARY_COLUMNS, curvesFileName, writeReport, type ExperimentResults, type ReportFiles } from './index.ts';
import { drResults } from './dr-fixture.ts';
import { parseCsv } from './test-csv.ts';
import { XSS, fakeResults } from './test-fixture.ts';

/** Body of the first `<script ... id="<id>">` element (non-greedy: embedded JSON has no '<'). */
function scriptBlock(html: string, id: string): string {
  const m = html.match(new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`));
  if (!m) throw new Error(`no #${id} block`);
  return m[1]!;
}

async function listAll(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String);
}

describe('writeReport', () => {
  let dir: string;
  let results: ExperimentResults;
  let files: ReportFiles;
  let html: string;

  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'report-e2e-'));
    dir = join(root, 'nested', 'out'); // writeReport must create it
    results = fakeResults();
    files = await writeReport(dir, results);
    html = await readFile(files.html, 'utf8');
  });
  afterAll(async () => {
    await rm(join(dir, '..', '..'), { recursive: true, force: true });
  });

  it('writes the expected files and no temp files', async () => {
    const all = await listAll(dir);
    expect(all).toEqual(expect.arrayContaining(['results.csv', 'results.json', 'index.html', 'curves', 'summary.csv', 'results.md', 'charts']));
    expect(files.charts.length).toBeGreaterThan(0);
    expect(files.chartsError).toBeUndefined();
    expect(all.filter((f) => f.endsWith(TEMP_SUFFIX) || f.split(/[\\/]/).pop()!.startsWith('.'))).toEqual([]);
  });

  describe('results.csv', () => {
    let rows: string[][];
    beforeAll(async () => {
      rows = parseCsv(await readFile(files.csv, 'utf8'));
    });

    it('has exactly RUN_COLUMNS as header', async () => {
      const text = await readFile(files.csv, 'utf8');
      expect(text.split('\n')[0]).toBe(RUN_COLUMNS.join(','));
    });

    it('has one row per run, failed included', () => {
      expect(rows).toHaveLength(results.runs.length + 1);
      expect(rows.slice(1).map((r) => r[RUN_COLUMNS.indexOf('status')])).toEqual(['ok', 'ok', 'ok', 'ok', 'failed']);
    });

    it('quotes values with commas and quotes', async () => {
      const text = await readFile(files.csv, 'utf8');
      expect(text).toContain('"vim-tiny, ""v2"""');
      expect(rows[3]![RUN_COLUMNS.indexOf('variant')]).toBe('vim-tiny, "v2"');
    });

    it('writes null as an empty cell and numbers unrounded', () => {
      const failed = rows[5]!;
      expect(failed[RUN_COLUMNS.indexOf('best_val_acc')]).toBe('');
      expect(failed[RUN_COLUMNS.indexOf('peak_rss_mb')]).toBe('31000');
      expect(rows[1]![RUN_COLUMNS.indexOf('test_acc')]).toBe(String(results.runs[0]!.test_acc));
    });
  });

  it('summary.csv and results.md are written', async () => {
    expect((await readFile(files.summaryCsv, 'utf8')).split('\n')[0]).toBe(SUMMARY_COLUMNS.join(','));
    expect(await readFile(files.markdown, 'utf8')).toContain('# dr-mamba-sweep: results');
  });

  it('results.json round-trips', async () => {
    expect(JSON.parse(await readFile(files.json, 'utf8'))).toEqual(results);
  });

  it('writes one curves file per run under a sanitized name', async () => {
    expect(files.curves).toHaveLength(results.runs.length);
    for (const [i, run] of results.runs.entries()) {
      const path = join(dir, curvesFileName(run.run_id));
      expect(files.curves[i]).toBe(path);
      expect((await stat(path)).isFile()).toBe(true);
      const lines = (await readFile(path, 'utf8')).trim().split('\n');
      expect(lines[0]).toBe('epoch,lr,train_loss,train_acc,val_loss,val_acc,epoch_time_s');
      expect(lines).toHaveLength(run.curves.length + 1);
    }
    const names = await readdir(join(dir, 'curves'));
    expect(names.every((n) => /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.csv$/.test(n))).toBe(true);
  });

  describe('index.html', () => {
    it('inlines Chart.js', () => {
      expect(html).toContain('Chart.js v4');
      expect(html).toMatch(/LineController/);
    });

    it('references no external resources', () => {
      const tags = html.match(/<(script|link|img|iframe|source|video|audio)\b[^>]*>/gi) ?? [];
      for (const tag of tags) expect(tag).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
      expect(html).not.toMatch(/<link\b/i);
      expect(html).not.toMatch(/<script\b[^>]*\bsrc=/i);
    });

    it('embeds the results as JSON (verbatim: this fixture has no per-example predictions to leave out)', () => {
      expect(JSON.parse(scriptBlock(html, 'data'))).toEqual(results);
      expect(JSON.parse(scriptBlock(html, 'summary')).rows).toHaveLength(3);
    });

    it('cannot be broken out of by a hostile run name', () => {
      expect(html).not.toContain(XSS);
      expect(html).not.toContain('<b>not bold</b>');
      // Exactly our four script elements: data, summary, Chart.js, page script.
      expect(html.match(/<script\b/gi)).toHaveLength(4);
      expect(html.match(/<\/script>/gi)).toHaveLength(4);
      expect(JSON.parse(scriptBlock(html, 'data')).runs[2].run_id).toBe(`vim ${XSS}/s1`);
    });

    it('keeps failed runs and their errors', () => {
      const summary = JSON.parse(scriptBlock(html, 'summary'));
      expect(summary.failures).toEqual([expect.objectContaining({
        run_id: 'vmamba-small__s1__a1b2c3',
        error: expect.stringContaining('CUDA out of memory'),
      })]);
    });

    it('has a parseable page script', () => {
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      expect(scripts).toHaveLength(2);
      for (const src of scripts) expect(() => new Function(src)).not.toThrow();
    });

    it('escapes the title and includes print styles', () => {
      expect(html).toContain('<title>dr-mamba-sweep — mambabench report</title>');
      expect(html).toContain('@media print');
    });
  });

  it('rewrites an existing report in place', async () => {
    const next = { ...results, runs: results.runs.slice(0, 2) };
    await writeReport(dir, next);
    expect(JSON.parse(await readFile(files.json, 'utf8')).runs).toHaveLength(2);
    expect((await readFile(files.csv, 'utf8')).trim().split('\n')).toHaveLength(3);
    expect((await listAll(dir)).filter((f) => f.endsWith(TEMP_SUFFIX))).toEqual([]);
  });
});

describe('writeReport on webgpu runs', () => {
  let root: string;
  let results: ExperimentResults;
  let files: ReportFiles;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'report-gpu-'));
    results = drResults({ webgpu: true });
    files = await writeReport(root, results);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps GPU memory and the adapter in results.json and results.csv', async () => {
    const json = JSON.parse(await readFile(files.json, 'utf8')) as ExperimentResults;
    expect(json.runs[0]!.gpu_memory_mb).toBe(results.runs[0]!.gpu_memory_mb);
    expect(json.runs[0]!.adapter).toEqual(results.runs[0]!.adapter);
    const rows = parseCsv(await readFile(files.csv, 'utf8'));
    expect(rows[1]![RUN_COLUMNS.indexOf('gpu_memory_mb')]).toBe(String(results.runs[0]!.gpu_memory_mb));
    expect(rows[1]![RUN_COLUMNS.indexOf('gpu_adapter')]).toBe('nvidia hopper NVIDIA H100 80GB HBM3');
  });

  it('has the GPU memory column in the page and the markdown, and charts GPU memory', async () => {
    const summary = JSON.parse(scriptBlock(await readFile(files.html, 'utf8'), 'summary'));
    const keys = summary.columns.map((c: { key: string }) => c.key);
    expect(keys.slice(keys.indexOf('gpu_memory_mb'), keys.indexOf('gpu_memory_mb') + 2)).toEqual(['gpu_memory_mb', 'published_memory']);
    expect(summary.environment.adapters[0].label).toBe('nvidia hopper NVIDIA H100 80GB HBM3');
    expect(await readFile(files.markdown, 'utf8')).toContain('| GPU memory (MiB) | Published GPU memory |');
    expect(files.charts.map((p) => p.split(/[\\/]/).pop())).toContain('accuracy-vs-gpu-memory.png');
    expect(files.charts.map((p) => p.split(/[\\/]/).pop())).not.toContain('accuracy-vs-memory.png');
  });
});
