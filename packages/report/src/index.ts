// Public API of @mambabench/report: the run-record contract plus the report writers.
export * from './run-record.ts';
export { runStatusText, runEndedLine } from './run-status.ts';
export { RESULTS_CSV, resultsCsv, writeResultsCsv } from './results-csv.ts';
export { RESULTS_JSON, writeResultsJson } from './results-json.ts';
export { SUMMARY_COLUMNS, SUMMARY_CSV, summaryCsv, writeSummaryCsv } from './summary-csv.ts';
export { RESULTS_MD, resultsMarkdown, writeResultsMarkdown } from './results-md.ts';
export { CHARTS_DIR, renderChartPng, writeChartPngs } from './png-charts.ts';
export { CURVES_DIR, CURVE_COLUMNS, curvesCsv, curvesFileName, writeCurves } from './curves.ts';
export { sanitizeFileStem } from './file-name.ts';
export { INDEX_HTML, renderHtml, writeHtmlReport } from './html.ts';
export { buildSummary, type ReportSummary } from './summary.ts';
export { analyze, settingOf, type Analysis } from './analysis.ts';
export type { VariantAnalysis } from './variant-analysis.ts';
export { writeReport, type ReportFiles } from './write-report.ts';
export { rebuildReports, findResultsFiles, type RebuiltReport } from './rebuild.ts';
export { positiveClassIndex } from './run-clinical.ts';
export { PUBLISHED, wantsPublishedComparison } from './published.ts';
// Statistics, for callers that want the same numbers the report shows (e.g. a CLI summary).
export { mean, sampleStd, summarize, tInterval, type Stat } from './stats.ts';
export { studentTCdf, studentTQuantile, studentTTwoSidedP } from './t-distribution.ts';
export { regularizedIncompleteBeta } from './special-functions.ts';
export { pairedTTest, welchTTest, type DifferenceTest } from './t-tests.ts';
export { bootstrapDiffCi, bootstrapMeanCi } from './bootstrap.ts';
export { rocAuc, rocCurve } from './roc.ts';
export { argmax, binaryMetrics, cohenKappa, confusionMatrix } from './classification-metrics.ts';
