import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PerfResult } from './measure';
import { runMambabenchChild } from '../child-process';

/**
 * Times one model in its own process (`mambabench perf --in-process`), like a sweep's runs: each
 * model gets a fresh 4 GiB wasm heap and its own peak numbers, and a heap abort (the backend is
 * dead for the rest of that process) costs only that model's row.
 */
export async function measureInChild(model: string, flags: string[]): Promise<{ results: PerfResult[]; error?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mambabench-perf-'));
  const out = join(dir, 'result.json');
  const { code, stderrTail } = await runMambabenchChild(['perf', '--models', model, '--in-process', '--result-file', out, ...flags]);
  try {
    if (code === 0) return { results: JSON.parse(readFileSync(out, 'utf8')) as PerfResult[] };
    const last = stderrTail.split('\n').map((l) => l.trim()).filter((l) => l && l.length < 400).slice(-3).join(' | ');
    return { results: [], error: `${model}: perf process exited with code ${code}${last ? `: ${last}` : ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
