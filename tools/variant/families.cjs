'use strict';
// Families `--from` can copy. The generated register.ts constructs the copied model class from the
// config below instead of rewriting the family's own register.ts (string surgery on a file that
// changes breaks silently); a family is supported once its main file, class and the config of the
// variant the copy starts from are listed here. The generated test checks `params`, so a stale
// entry shows up as a failing test in the new package, not as a wrong result.
module.exports = {
  nnmamba: {
    family: 'nnMamba',
    modelFile: 'nnmamba.ts',
    className: 'NnMamba',
    configType: 'NnMambaConfig',
    parentVariant: 'nnmamba3-scaled',
    params: 708258,
    // TypeScript source of the copied variant's config (bidirectionalStem spelled out: it is the
    // switch the README's worked example flips).
    config: '{ channels: 16, blocks: 2, stages: 3, mambaSeq: true, bidirectionalStem: false }',
  },
};
