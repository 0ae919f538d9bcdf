import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@mambabench/durable';
import { chartJsSource } from './chartjs-source.ts';
import { embedJson } from './json-embed.ts';
import { pageCss, pageScript } from './page-assets.ts';
import { DATA_BLOCK_ID, SUMMARY_BLOCK_ID, type PageResults } from './page/payload.ts';
import type { ExperimentResults } from './run-record.ts';
import { buildSummary, type ReportSummary } from './summary.ts';

export const INDEX_HTML = 'index.html';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

// Belt and braces for "no network": even if some future code tried to load a URL, the
// browser would refuse. Inline scripts/styles and Chart.js's canvas need nothing else.
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/**
 * The results as embedded in the page: everything except the per-example predictions. Those
 * grow with test-set size times runs (megabytes for a large sweep) and the page only needs
 * what summary.ts derives from them (metrics, confusion matrices, thinned ROC curves);
 * results.json next to the page keeps them.
 */
export function pageData(results: ExperimentResults): PageResults {
  return { ...results, runs: results.runs.map(({ predictions: _dropped, ...run }) => run) };
}

/**
 * The whole report as one self-contained HTML document. The DOM and charts are built at load
 * time by the inline page script (page/main.ts, bundled) from two JSON blocks: #data (the
 * results, see pageData) and #summary (the derived view, formatted), typed in page/payload.ts
 * and summary.ts for both sides. Only the <title> is rendered here, so the tab has a name even
 * before the script runs.
 */
export function renderHtml(results: ExperimentResults, summary: ReportSummary = buildSummary(results)): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${escapeHtml(summary.title)}</title>
<style>
${pageCss()}
</style>
</head>
<body>
<main id="app">
<noscript><p>This report is drawn by JavaScript. The same data is in results.json and results.csv next to this file.</p></noscript>
</main>
<script type="application/json" id="${DATA_BLOCK_ID}">${embedJson(pageData(results))}</script>
<script type="application/json" id="${SUMMARY_BLOCK_ID}">${embedJson(summary)}</script>
<script>
${chartJsSource()}
</script>
<script>
${pageScript()}
</script>
</body>
</html>
`;
}

/** Write `<dir>/index.html`; returns its path. */
export async function writeHtmlReport(dir: string, results: ExperimentResults, summary?: ReportSummary): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, INDEX_HTML);
  await writeFileAtomic(path, renderHtml(results, summary));
  return path;
}
