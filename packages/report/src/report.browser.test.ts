// The generated page in a real browser: no console errors, no network, sortable/filterable
// tables, charts that actually drew. Needs Debian's /usr/bin/chromium; skipped without it.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drResults } from './dr-fixture.ts';
import type { ExperimentResults } from './run-record.ts';
import { fakeResultsWithEndedRuns } from './test-fixture.ts';
import { writeReport } from './write-report.ts';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`report.browser.test: skipped, ${CHROMIUM} not found`);

interface Loaded {
  page: Page;
  errors: string[];
  requests: string[];
}

/** Many variants: 40 copies of the fixture's families, 3 seeds each (400 runs, 160 variants). */
function bigResults(): ExperimentResults {
  const base = drResults();
  const runs = Array.from({ length: 40 }, (_, i) => base.runs.map((r) => ({ ...r, variant: `${r.variant}-${i}`, run_id: `${r.run_id}-${i}` }))).flat();
  return { ...base, experiment: { ...base.experiment, name: 'big-sweep' }, runs };
}

/** A `mambabench compare` report: the same variants in two experiments, which the page must keep apart. */
function comparedResults(): ExperimentResults {
  const base = drResults({ seeds: [1, 2], withFailure: false });
  const of = (experiment: string) => base.runs.map((r) => ({ ...r, experiment, run_id: `${experiment}__${r.run_id}` }));
  return {
    ...base,
    experiment: { ...base.experiment, name: 'aptos vs messidor' },
    runs: [...of('aptos'), ...of('messidor')],
    compare: {
      inputs: [{ folder: '../aptos', experiment: 'aptos' }, { folder: '../messidor', experiment: 'messidor' }],
      notes: ['Not like-for-like: the data fingerprint differs (aptos: a; messidor: b).'],
    },
  };
}

describe.skipIf(!haveChromium)(`report page in Chromium${haveChromium ? '' : ' (skipped: /usr/bin/chromium not found)'}`, () => {
  let root: string;
  let browser: Browser;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'report-browser-'));
    await writeReport(join(root, 'dr'), drResults());
    await writeReport(join(root, 'one'), drResults({ seeds: [1], name: 'single', withFailure: false }));
    await writeReport(join(root, 'big'), bigResults());
    await writeReport(join(root, 'gpu'), drResults({ webgpu: true }));
    await writeReport(join(root, 'ended'), fakeResultsWithEndedRuns());
    await writeReport(join(root, 'compare'), comparedResults());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await rm(root, { recursive: true, force: true });
  });

  async function load(name: string): Promise<Loaded> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(root, name, 'index.html')).href, { waitUntil: 'load' });
    return { page, errors, requests };
  }

  /** Leading numbers of one column's cells in a section's table, in display order. */
  async function columnNumbers(page: Page, section: string, key: string): Promise<number[]> {
    return page.evaluate(([s, k]) => {
      const table = document.querySelector(`#${s} table.sortable`)!;
      const idx = Array.from(table.querySelectorAll('thead th')).findIndex((th) => th.getAttribute('data-key') === k);
      return Array.from(table.querySelectorAll('tbody tr:not(.failure)')).map((tr) => parseFloat((tr.children[idx]!.textContent ?? '').replace('−', '-')));
    }, [section, key] as const);
  }

  it('renders runs that diverged, ran out of memory or were interrupted: status, colour and why', async () => {
    const { page, errors } = await load('ended');
    expect(errors).toEqual([]);
    await expect(page.locator('header .subtitle').textContent()).resolves.toMatch(/8 run\(s\): 4 ok, 1 failed, 1 diverged, 1 out of memory, 1 interrupted$/);
    const statuses = await page.locator('#runs tbody tr:not(.failure) td[class^="status-"]').evaluateAll((tds) => tds.map((td) => `${td.className}: ${td.textContent}`));
    expect(statuses).toEqual(expect.arrayContaining([
      'status-failed: diverged at epoch 3, step 17', 'status-failed: out of memory', 'status-partial: interrupted at epoch 2, step 5', 'status-ok: ok',
    ]));
    const why = await page.locator('#runs tr.failure').allTextContents();
    expect(why).toEqual(expect.arrayContaining([
      'seed 3 did not finish (nnmamba3-scaled__s3__a1b2c3): diverged: loss became NaN at epoch 3, step 17',
      'seed 2 did not finish (vmamba-small__s2__a1b2c3): interrupted at epoch 2, step 5',
    ]));
    await page.close();
  });

  it('loads with no console errors and no network requests', async () => {
    const { page, errors, requests } = await load('dr');
    expect(errors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await expect(page.locator('h1').textContent()).resolves.toBe('seed-replica-dr');
    await page.close();
  });

  it('sorts a table when a column header is clicked', async () => {
    const { page } = await load('dr');
    const header = page.locator('#results th[data-key="test_acc"] button');
    await header.click();
    await expect(page.locator('#results th[data-key="test_acc"]').getAttribute('aria-sort')).resolves.toBe('descending');
    const desc = (await columnNumbers(page, 'results', 'test_acc')).filter((x) => !Number.isNaN(x));
    expect(desc.length).toBe(3);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    await header.click();
    const asc = (await columnNumbers(page, 'results', 'test_acc')).filter((x) => !Number.isNaN(x));
    expect(asc).toEqual([...desc].reverse());
    // The variant without a result stays last either way.
    const rows = await page.locator('#results tbody tr:not(.failure) td.variant').allTextContents();
    expect(rows[rows.length - 1]).toBe('vim-s');
    await page.close();
  });

  it('filters rows from the text box', async () => {
    const { page } = await load('dr');
    await page.locator('#results input[type="search"]').fill('medmamba');
    await expect(page.locator('#results tbody tr:not(.failure)').count()).resolves.toBe(1);
    await page.locator('#results input[type="search"]').fill('');
    await expect(page.locator('#results tbody tr:not(.failure)').count()).resolves.toBe(4);
    await page.close();
  });

  it('draws every chart canvas', async () => {
    const { page } = await load('dr');
    const drawn = await page.evaluate(() => Array.from(document.querySelectorAll('canvas')).map((c) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
      return { id: c.id, w: c.width, painted };
    }));
    expect(drawn.map((d) => d.id).sort()).toEqual([
      'chart-accuracy-vs-memory', 'chart-accuracy-vs-time', 'chart-learning-accuracy', 'chart-learning-loss', 'chart-metrics-bars', 'chart-roc',
    ]);
    for (const d of drawn) {
      expect(d.w, d.id).toBeGreaterThan(100);
      expect(d.painted, d.id).toBeGreaterThan(2000);
    }
    await page.close();
  });

  it('shows the comparison, screening metrics and confusion matrices', async () => {
    const { page } = await load('dr');
    // Two tables: on the test images (paired over images), and across seeds (paired t-tests).
    await expect(page.locator('#comparison table').count()).resolves.toBe(2);
    await expect(page.locator('#comparison tbody tr').count()).resolves.toBe(6);
    await expect(page.locator('#comparison').textContent()).resolves.toContain('two-level bootstrap');
    await expect(page.locator('#comparison').textContent()).resolves.toContain('paired');
    await expect(page.locator('#clinical figure.confusion').count()).resolves.toBe(3);
    await expect(page.locator('#results th[data-key="published_acc"]').count()).resolves.toBe(1);
    await expect(page.locator('#environment').textContent()).resolves.toContain('sha256:9c1e4b77d2a0');
    await page.close();
  });

  it('shows GPU memory beside the published figure, the adapter, and a GPU memory chart for webgpu runs', async () => {
    const { page, errors } = await load('gpu');
    expect(errors).toEqual([]);
    const headers = await page.locator('#results thead th').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-key')));
    expect(headers.slice(headers.indexOf('gpu_memory_mb'), headers.indexOf('gpu_memory_mb') + 2)).toEqual(['gpu_memory_mb', 'published_memory']);
    await expect(page.locator('#results th[data-key="gpu_memory_mb"] button').getAttribute('title')).resolves.toContain('webgpu buffer manager');
    const gpuMemory = await columnNumbers(page, 'results', 'gpu_memory_mb');
    expect(gpuMemory.slice(0, 3).map(Math.round)).toEqual([6086, 19872, 23997]);
    await expect(page.locator('#results td', { hasText: '≈ 6,144 MiB' }).count()).resolves.toBe(1);
    await expect(page.locator('#results .note').allTextContents()).resolves.toContainEqual(expect.stringContaining('webgpu buffer manager'));
    await expect(page.locator('#environment .adapters').textContent()).resolves.toContain('nvidia hopper NVIDIA H100 80GB HBM3 · 10 runs');
    await expect(page.locator('canvas#chart-accuracy-vs-gpu-memory').count()).resolves.toBe(1);
    await expect(page.locator('canvas#chart-accuracy-vs-memory').count()).resolves.toBe(0);
    await page.close();
  });

  it('shows "—" for GPU memory and no adapter for a CPU-backend sweep', async () => {
    const { page } = await load('dr');
    const cells = await page.locator('#results tbody tr:not(.failure)').evaluateAll((trs) => {
      const idx = Array.from(document.querySelectorAll('#results thead th')).findIndex((th) => th.getAttribute('data-key') === 'gpu_memory_mb');
      return trs.map((tr) => tr.children[idx]!.textContent);
    });
    expect(cells).toEqual(['—', '—', '—', '—']);
    await expect(page.locator('#environment .adapters').textContent()).resolves.toContain('none: no run used the webgpu backend');
    await page.close();
  });

  it('gives a single-seed sweep test-image intervals, and says the seeds give none', async () => {
    const { page, errors } = await load('one');
    expect(errors).toEqual([]);
    await expect(page.locator('#comparison table').count()).resolves.toBe(1);
    await expect(page.locator('#comparison').textContent()).resolves.toContain('McNemar');
    await expect(page.locator('header .headline').textContent()).resolves.toContain('not seed-to-seed variation');
    await expect(page.locator('#results').textContent()).resolves.toContain('1 seed: no interval');
    await page.close();
  });

  it('shows a comparison\'s experiments as rows of their own, and its notes', async () => {
    const { page, errors } = await load('compare');
    expect(errors).toEqual([]);
    await expect(page.locator('h1').textContent()).resolves.toBe('aptos vs messidor');
    const variants = await page.locator('#results tbody tr:not(.failure) td.variant').allTextContents();
    expect([...variants].sort()).toEqual(['medmamba-t', 'nnmamba3-scaled', 'vmamba-t'].flatMap((v) => [`${v} (aptos)`, `${v} (messidor)`]).sort());
    await expect(page.locator('#results .note').allTextContents()).resolves.toContain('Not like-for-like: the data fingerprint differs (aptos: a; messidor: b).');
    await page.locator('#runs summary').click();
    await expect(page.locator('#runs tbody tr:not(.failure) td.run-id').first().textContent()).resolves.toBe(comparedResults().runs[0]!.run_id);
    await page.close();
  });

  it('stays usable with hundreds of runs: one page of rows in the DOM, all of them when printing', async () => {
    const started = Date.now();
    const { page, errors } = await load('big');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(errors).toEqual([]);
    await page.locator('#runs summary').click();
    await expect(page.locator('#runs tbody tr:not(.failure)').count()).resolves.toBe(50);
    await expect(page.locator('#runs .pager').textContent()).resolves.toContain('of 400');
    await page.locator('#runs .pager button', { hasText: 'next' }).click();
    const fiftyFirst = bigResults().runs[50]!.run_id;
    await expect(page.locator('#runs tbody tr:not(.failure) td.run-id').first().textContent()).resolves.toBe(fiftyFirst);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await expect(page.locator('#runs tbody tr:not(.failure)').count()).resolves.toBe(400);
    await page.close();
  });
});
