// Public API of @mambabench/report: the run-record contract plus the report writers.
export * from './run-record.ts';
export { writeFileAtomic } from './atomic-write.ts';
export { RESULTS_CSV, resultsCsv, writeResultsCsv } from './results-csv.ts';
export { RESULTS_JSON, writeResultsJson } from './results-json.ts';
export { CURVES_DIR, CURVE_COLUMNS, curvesCsv, curvesFileName, writeCurves } from './curves.ts';
export { sanitizeFileStem } from './file-name.ts';
export { INDEX_HTML, renderHtml, writeHtmlReport } from './html.ts';
export { buildSummary, type ReportSummary } from './summary.ts';
export { writeReport, type ReportFiles } from './write-report.ts';
