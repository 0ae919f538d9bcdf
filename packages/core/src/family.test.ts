import { describe, expect, it } from 'vitest';
import { familyVariant, registerFamily, type ModelFamily } from './family';
import { getModel, listModels } from './registry';
import { initBackend } from './backend';
import { Linear } from './nn/linear';

// A family whose model is one Linear from width * inChannels features to the classes.
const LINEAR_FAMILY: ModelFamily<{ width: number }> = {
  family: 'Linear',
  source: 'pkg-linear',
  create: (config, options) => new Linear(config.width * options.inChannels, options.numClasses),
  variants: [
    { name: 'fam-linear-small', size: 'scaled', description: 'width 2', config: { width: 2 }, params: 2 * 3 * 4 + 4 },
    { name: 'fam-linear-sized', size: 'official', description: 'width by size', config: { width: 5 }, params: (imageSize, c) => imageSize * c.width },
  ],
};

describe('registerFamily', () => {
  registerFamily(LINEAR_FAMILY);

  it('registers every row with the family, source, size and description, and builds it from its config and the run options', async () => {
    await initBackend('cpu');
    const small = listModels().find((m) => m.name === 'fam-linear-small')!;
    expect([small.family, small.source, small.size, small.description]).toEqual(['Linear', 'pkg-linear', 'scaled', 'width 2']);
    expect(getModel('fam-linear-sized').size).toBe('official');
    const model = small.build({ numClasses: 4, imageSize: 64, inChannels: 3 }) as Linear;
    expect([model.inFeatures, model.outFeatures]).toEqual([6, 4]);
    expect(model.numParams()).toBe(small.expectedParams?.(64));
    model.dispose();
  });

  it('sets the drop-path rate a run asks for on a variant that has one, and refuses it for one that has none', async () => {
    await initBackend('cpu');
    const seen: unknown[] = [];
    registerFamily({
      family: 'Seen', source: 'pkg-seen',
      create: (config: { width: number; dropPathRate?: number }, o) => (seen.push(config.dropPathRate), new Linear(config.width, o.numClasses)),
      variants: [{ name: 'fam-seen-dp', size: 'scaled', description: 'with drop path', config: { width: 2, dropPathRate: 0.2 }, params: 6 }],
    });
    const build = (name: string, dropPathRate?: number) => getModel(name).build({ numClasses: 2, imageSize: 8, inChannels: 1, ...(dropPathRate === undefined ? {} : { dropPathRate }) }).dispose();
    build('fam-seen-dp');
    build('fam-seen-dp', 0.05);
    expect(seen).toEqual([0.2, 0.05]);
    expect(() => build('fam-seen-dp', 1)).toThrow(/drop_path_rate must be in \[0, 1\), got 1/);
    expect(() => build('fam-linear-small', 0.1)).toThrow(/fam-linear-small has no stochastic depth, so drop_path_rate cannot be set for it/);
  });

  it('turns a count into a constant and a count function into one of the image size over the row\'s config', () => {
    expect([32, 224].map((s) => getModel('fam-linear-small').expectedParams?.(s))).toEqual([28, 28]);
    expect([32, 224].map((s) => getModel('fam-linear-sized').expectedParams?.(s))).toEqual([160, 1120]);
  });

  it('rejects a table that lists a name twice, and another package registering the family\'s names', () => {
    const twice = { ...LINEAR_FAMILY, variants: [LINEAR_FAMILY.variants[0], LINEAR_FAMILY.variants[0]] };
    expect(() => registerFamily(twice)).toThrow(/pkg-linear lists the variant "fam-linear-small" twice/);
    expect(() => registerFamily({ ...LINEAR_FAMILY, source: 'pkg-other' })).toThrow(/registered twice: by pkg-linear and by pkg-other/);
  });

  it('lets another package register a row of the family under a new name with its own fields', async () => {
    await initBackend('cpu');
    const start = familyVariant(LINEAR_FAMILY, 'fam-linear-small');
    registerFamily({ ...LINEAR_FAMILY, source: 'pkg-wide', variants: [{ ...start, name: 'fam-linear-wide', config: { width: 7 }, params: 7 * 3 * 2 + 2 }] });
    const wide = getModel('fam-linear-wide');
    expect([wide.family, wide.size, wide.description]).toEqual(['Linear', 'scaled', 'width 2']);
    const model = wide.build({ numClasses: 2, imageSize: 64, inChannels: 3 });
    expect(model.numParams()).toBe(wide.expectedParams?.(64));
    model.dispose();
    expect(() => familyVariant(LINEAR_FAMILY, 'nope')).toThrow(/pkg-linear has no variant "nope" \(it has: fam-linear-small, fam-linear-sized\)/);
  });
});
