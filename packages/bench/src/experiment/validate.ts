import type { z } from 'zod';
import { InputError } from '../input-error';
import { experimentSchema, type Experiment } from './schema';
import { experimentJsonSchema } from './json-schema';
import { describeAllowed, knownFields, nodeAt } from './describe-allowed';

/** An experiment-file error that names the file, the field and the offending value. */
export class ExperimentError extends InputError {
  /** The message without the file name, for wrapping in another field's error. */
  readonly detail: string;
  constructor(file: string, readonly field: string, message: string, value?: unknown) {
    const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
    super(`${file}: field "${field}" ${message}${shown}`);
    this.detail = `field "${field}" ${message}${shown}`;
    this.name = 'ExperimentError';
  }
}

const JSON_SCHEMA = experimentJsonSchema();

/** 'optimizer.betas[0]', 'seeds[1]', 'grid.optimizer.lr'; the whole file is '(root)'. */
export function fieldName(path: readonly PropertyKey[]): string {
  const name = path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('');
  return name || '(root)';
}

const valueAt = (raw: unknown, path: readonly PropertyKey[]) => path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], raw);

/** One zod issue as the error a researcher reads: the field, what it allows (from the schema) and the value. */
function toExperimentError(issue: z.core.$ZodIssue, raw: unknown, file: string): ExperimentError {
  const path = issue.path;
  const value = valueAt(raw, path);
  const mustBe = (allowed: string) => new ExperimentError(file, fieldName(path), `must be ${allowed}${value === undefined ? '; it is missing' : ''}`, value);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = knownFields(nodeAt(JSON_SCHEMA, path, raw), valueAt(raw, path));
      return new ExperimentError(file, fieldName([...path, issue.keys[0]!]), `is not a known field; expected one of: ${allowed.join(', ')}`);
    }
    case 'custom': // the schema's own rules (repeated seeds, cross-field rules) carry their message
      return new ExperimentError(file, fieldName(path), issue.message, issue.params && 'value' in issue.params ? issue.params.value : value);
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator) { // no branch has this "kind"
        const kinds = (issue as { options?: unknown[] }).options ?? [];
        return mustBe(`one of ${kinds.map((k) => JSON.stringify(k)).join(', ')}`);
      }
    // fall through: a value of none of the union's types
    default: {
      if (path.length === 0) return new ExperimentError(file, '(root)', 'must be a JSON object', raw);
      const node = nodeAt(JSON_SCHEMA, path, raw);
      return node ? mustBe(describeAllowed(node)) : new ExperimentError(file, fieldName(path), issue.message, valueAt(raw, path));
    }
  }
}

/**
 * Validates a parsed experiment file and fills in defaults. Throws ExperimentError for the first
 * problem, unknown fields first (a misspelt field would otherwise hide behind its default).
 */
export function validateExperiment(raw: unknown, file: string): Experiment {
  const result = experimentSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
  throw toExperimentError(first, raw, file);
}
