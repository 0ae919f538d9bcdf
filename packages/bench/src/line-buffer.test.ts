import { describe, expect, it } from 'vitest';
import { lineBuffer } from './line-buffer';

describe('lineBuffer', () => {
  it('hands over whole lines whatever the chunks, and the unterminated rest on flush', () => {
    const lines: string[] = [];
    const b = lineBuffer((l) => lines.push(l));
    b.push('ep');
    b.push('och 1\nepoch 2\r\nstep');
    expect(lines).toEqual(['epoch 1', 'epoch 2']);
    b.push(' 3');
    b.push('\n\n');
    expect(lines).toEqual(['epoch 1', 'epoch 2', 'step 3', '']);
    b.push('no newline');
    b.flush();
    b.flush();
    expect(lines).toEqual(['epoch 1', 'epoch 2', 'step 3', '', 'no newline']);
  });
});
