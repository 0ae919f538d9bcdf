import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { experimentJsonSchemaText, experimentSchemaFile } from './json-schema';
import { parseExperimentText } from './load';
import { validateExperiment } from './validate';

const schemaFile = experimentSchemaFile();
const dir = join(schemaFile, '..');
const shipped = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'schema.json').sort();
const ajv = new Ajv2020({ allErrors: true });
const checkedIn = JSON.parse(readFileSync(schemaFile, 'utf8'));
const ajvValidate = ajv.compile(checkedIn);
const minimal = { name: 'x', models: ['nnmamba3-scaled'], data: { kind: 'synthetic' } };

describe('experiments/schema.json', () => {
  it('is what the zod schema generates', () => {
    const fresh = experimentJsonSchemaText();
    expect(readFileSync(schemaFile, 'utf8') === fresh, 'experiments/schema.json is out of date: regenerate it with `npx nx run bench:schema`').toBe(true);
  });

  it('describes every field and shows the defaults', () => {
    const undescribed: string[] = [];
    const walk = (node: Record<string, any>, path: string) => {
      for (const branch of node.anyOf ?? node.oneOf ?? [node]) {
        for (const [key, child] of Object.entries<Record<string, any>>(branch.properties ?? {})) {
          if (!child.description) undescribed.push(path + key);
          walk(child, `${path}${key}.`);
        }
      }
    };
    walk(checkedIn, '');
    expect(undescribed).toEqual([]);
    expect(checkedIn.properties.epochs.default).toBe(300);
    expect(checkedIn.properties.optimizer.properties.lr.default).toBe(3e-4);
    expect(checkedIn.properties.mixup.default).toBeNull();
    expect(checkedIn.properties.augment.enum).toEqual(['published', 'dr_dataset', 'none']);
  });

  it.each(shipped)('%s names the schema first and passes both ajv and validateExperiment', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const raw = parseExperimentText(text, file) as Record<string, unknown>;
    expect(Object.keys(raw)[0]).toBe('$schema');
    expect(raw.$schema).toBe('./schema.json');
    expect(ajvValidate(raw), ajv.errorsText(ajvValidate.errors)).toBe(true);
    expect(() => validateExperiment(raw, file)).not.toThrow();
  });

  it.each([
    ['an unknown field', { batchsize: 32 }, /must NOT have additional properties/],
    ['a value outside an enum', { augment: 'flips' }, /must be equal to one of the allowed values/],
    ['lr as a string', { optimizer: { lr: '3e-4' } }, /optimizer\/lr must be number/],
    ['an unknown grid path', { grid: { 'optimizer.momentum': [0.9] } }, /property name must be valid/],
    ['a data kind without its fields', { data: { kind: 'folder' } }, /must have required property 'root'/],
  ])('rejects %s, as validateExperiment does', (_, patch, message) => {
    const raw = { ...minimal, ...patch };
    expect(ajvValidate(raw)).toBe(false);
    expect(ajv.errorsText(ajvValidate.errors)).toMatch(message);
    expect(() => validateExperiment(raw, 'bad.json')).toThrow(/bad\.json: field/);
  });

  it('accepts the shorthands the validator accepts', () => {
    for (const patch of [{ ema: true }, { mixup: false }, { ema: { decay: 0.999 } }, { mixup: { prob: 1 } }, { schedule: { warmup_epochs: null } }, { grid: { 'mixup.label_smoothing': [0, 0.1], augment: ['none'] } }]) {
      const raw = { ...minimal, ...patch };
      expect(ajvValidate(raw), `${JSON.stringify(patch)}: ${ajv.errorsText(ajvValidate.errors)}`).toBe(true);
      expect(() => validateExperiment(raw, 'ok.json')).not.toThrow();
    }
  });
});
