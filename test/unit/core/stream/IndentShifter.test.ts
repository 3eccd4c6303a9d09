import * as assert from 'node:assert/strict';
import { IndentShifter } from '../../../../src/core/stream/IndentShifter';

function shift(target: string, chunks: readonly string[]): string {
  const shifter = new IndentShifter(target);
  return chunks.map((chunk) => shifter.push(chunk)).join('') + shifter.end();
}

function everySplit(target: string, text: string, expected: string): void {
  for (let split = 0; split <= text.length; split++) {
    assert.equal(shift(target, [text.slice(0, split), text.slice(split)]), expected, `split at ${split}`);
  }
  assert.equal(shift(target, [...text]), expected, 'one character at a time');
}

describe('IndentShifter', () => {
  it('passes the answer through unchanged when the model kept the selection\'s indentation', () => {
    const text = '        x = 1\n    return x\n\n  \t\n        y = 2';
    everySplit('        ', text, text);
  });

  it('indents every line, the first included, when the model wrote the selection at column 0', () => {
    everySplit('    ', 'def f():\n    return 1\n\nf()\n', '    def f():\n        return 1\n\n    f()\n');
  });

  it('takes the indentation off when the model indented more than the selection', () => {
    everySplit('', '        a\n            b\n        c', 'a\n    b\nc');
  });

  it('keeps lines indented less than the first one relatively less indented', () => {
    // The selection starts inside a block and ends in the outer one; the model indented it by 2 instead of 8.
    everySplit('        ', '  x = 1\nreturn x\n', '        x = 1\n      return x\n');
    everySplit('\t\t', '\ta\nb\n', '\t\ta\n\tb\n');
  });

  it('uses the first non-blank line as the base, leaving blank and whitespace-only lines as they came', () => {
    everySplit('\t', '\n   \n  a\n    b\n', '\n   \n\ta\n\t  b\n');
  });

  it('keeps a last line of only whitespace', () => {
    assert.equal(shift('    ', ['a\n', '  ']), '    a\n  ');
  });
});
