import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { NUMERICS_VERSION } from '@mambabench/core';
import type { RunConfig } from '../experiment/expand';

/**
 * What makes two runs the same training: the variant, seed, hyper-parameters, backend, the data's
 * content (its fingerprint, never its path) and the version of the numerics. The run's name, its
 * experiment and where the data lives are left out, so renaming an experiment or moving the
 * checkout keeps every finished run.
 */
export function runIdentity(cfg: RunConfig, dataFingerprint: string): Record<string, unknown> {
  const data = cfg.data.kind === 'folder' ? { kind: 'folder', valid_fraction: cfg.data.valid_fraction } : { ...cfg.data };
  return {
    model: cfg.model, seed: cfg.seed, backend: cfg.backend, train: cfg.train,
    data: { ...data, fingerprint: dataFingerprint }, numerics: NUMERICS_VERSION,
  };
}

/** The run's folder name in the store: 16 hex digits of the SHA-256 of its canonical (RFC 8785) identity. */
export function runKey(cfg: RunConfig, dataFingerprint: string): string {
  return createHash('sha256').update(canonicalize(runIdentity(cfg, dataFingerprint))!).digest('hex').slice(0, 16);
}
