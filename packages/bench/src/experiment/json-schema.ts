import { join } from 'node:path';
import { z } from 'zod';
import { workspaceRoot } from '../workspace';
import { experimentSchema } from './schema';
import type { JsonNode } from './json-schema-paths';

/**
 * experiments/schema.json: the JSON Schema (draft 2020-12) of an experiment file, generated from the
 * zod schema, so that editors complete and check experiment files and show each field's description
 * and default. Written by `npx nx run bench:schema`; a test fails when the checked-in file differs.
 */
export function experimentJsonSchema(): JsonNode & Record<string, unknown> {
  return z.toJSONSchema(experimentSchema, {
    io: 'input', // the file as written: fields with defaults are optional, shorthands (ema: true) allowed
    target: 'draft-2020-12',
    override: ({ jsonSchema: node }) => {
      // z.int() bounds every integer by the safe-integer range: noise in an editor's hover and in messages.
      if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
      if (node.minimum === Number.MIN_SAFE_INTEGER) delete node.minimum;
    },
  }) as JsonNode & Record<string, unknown>;
}

/** The file's text: what `bench:schema` writes and the test compares. */
export function experimentJsonSchemaText(): string {
  const { $schema, ...rest } = experimentJsonSchema();
  return `${JSON.stringify({ $schema, title: 'mambabench experiment', ...rest }, null, 2)}\n`;
}

/** Where the checked-in schema lives: beside the experiment files that name it as "./schema.json". */
export const experimentSchemaFile = (): string => join(workspaceRoot(), 'experiments', 'schema.json');
