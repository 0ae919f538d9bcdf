import { spawn } from 'node:child_process';
import { killAfterWasmAbort } from '../abort-watchdog';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PerfResult } from './measure';

const BIN = fileURLToPath(new URL('../../bin/mambabench.js', import.meta.url));

/**
 * Times one model in its own process (`mambabench perf --in-process`), like a sweep's runs: each
 * model gets a fresh 4 GiB wasm heap and its own peak numbers, and a heap abort (the backend is
 * dead for the rest of that process) costs only that model's row.
 */
export async function measureInChild(model: string, flags: string[]): Promise<{ results: PerfResult[]; error?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'mambabench-perf-'));
  const out = join(dir, 'result.json');
  const child = spawn(process.execPath, [BIN, 'perf', '--models', model, '--in-process', '--json', out, ...flags], {
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderrTail = '';
  const watchdog = killAfterWasmAbort(child);
  child.stderr.on('data', (chunk: Buffer) => {
    watchdog(chunk.toString());
    // Emscripten prints its whole minified glue on an abort: keep the log readable.
    const text = chunk.toString();
    process.stderr.write(text.length > 2000 ? `${text.slice(0, 300)} ...\n` : text);
    stderrTail = (stderrTail + text).slice(-4000);
  });
  const code: number | null = await new Promise((resolve) => child.on('close', (c, signal) => resolve(signal ? -1 : c)));
  try {
    if (code === 0) return { results: JSON.parse(readFileSync(out, 'utf8')) as PerfResult[] };
    const last = stderrTail.split('\n').map((l) => l.trim()).filter((l) => l && l.length < 400).slice(-3).join(' | ');
    return { results: [], error: `${model}: perf process exited with code ${code}${last ? `: ${last}` : ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
