import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { tf } from '@mambabench/core';
import { workspaceRoot } from './workspace';

/** The checkout's commit (12 hex), flagged when tracked files have uncommitted changes. */
export function gitCommit(): string {
  try {
    const root = workspaceRoot();
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${sha} (uncommitted changes)` : sha;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** What the report's environment section states about the machine and software. */
export function describeEnvironment(backend: string): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    backend,
    tfjs: tf.version_core,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    git_commit: gitCommit(),
  };
}
