import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The PyTorch peer's configurations (../shared/peer/pytorch/bench.py) that match our variants. */
const PEER_MODELS: Record<string, string> = { 'nnmamba3-scaled': 'scaled', nnmamba3: 'default' };

export interface PeerResult {
  model: string;
  config: string;
  images_per_s: number;
  median_step_ms: number;
  threads: number;
  /** Cores' worth of CPU other processes used while it ran (the peer's own contamination check). */
  foreign_cpu_cores: number;
  torch?: string;
}

/** The peer's config name for a train step of `model` at this size and batch, or why there is none. */
export function peerConfig(model: string, imageSize: number, batch: number): { name?: string; why?: string } {
  const kind = PEER_MODELS[model];
  if (!kind) return { why: `the PyTorch peer implements only ${Object.keys(PEER_MODELS).join(', ')}` };
  return { name: `train ${kind} @${imageSize} b${batch}` };
}

/** $PYTHON, else the first of python3 / Debian's /usr/bin/python3 that can import torch (a pyenv shim may shadow the apt one). */
function pythonWithTorch(): string {
  if (process.env.PYTHON) return process.env.PYTHON;
  const candidates = ['python3', '/usr/bin/python3'];
  return candidates.find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) ?? candidates[0];
}

/**
 * Runs one train-step timing of the PyTorch peer (python3 bench.py --one NAME) right after ours,
 * so both are measured in the same session on the same machine. glibc is told to keep large
 * blocks, as the peer's README asks (else PyTorch page-faults its tensors back in every step).
 */
export function runPeer(peerDir: string, model: string, imageSize: number, batch: number): PeerResult {
  const script = join(peerDir, 'bench.py');
  if (!existsSync(script)) throw new Error(`--peer ${peerDir}: no bench.py there (expected the PyTorch peer, e.g. ../shared/peer/pytorch)`);
  const { name, why } = peerConfig(model, imageSize, batch);
  if (!name) throw new Error(`--peer: no PyTorch counterpart for ${model}: ${why}`);
  const python = pythonWithTorch();
  const p = spawnSync(python, [script, '--one', name], {
    cwd: peerDir, encoding: 'utf8',
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: '4294967296', MALLOC_TRIM_THRESHOLD_: '4294967296' },
  });
  if (p.error) throw new Error(`--peer: could not run ${python}: ${p.error.message}`);
  if (p.status !== 0) {
    const last = (p.stderr ?? '').trim().split('\n').slice(-2).join(' | ');
    const hint = /No module named 'torch'/.test(last) ? ' (install PyTorch: apt-get install -y python3-torch)' : '';
    throw new Error(`--peer: ${script} --one "${name}" exited with ${p.status}: ${last}${hint}`);
  }
  const row = JSON.parse(p.stdout.trim().split('\n').pop()!) as { images_per_s: number; median_step_s: number; threads: number; foreign_cpu_cores: number };
  const torch = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).stdout?.trim();
  return {
    model, config: name, images_per_s: row.images_per_s, median_step_ms: row.median_step_s * 1000,
    threads: row.threads, foreign_cpu_cores: row.foreign_cpu_cores, ...(torch ? { torch } : {}),
  };
}
