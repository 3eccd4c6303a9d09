import * as assert from 'node:assert/strict';
import { Reindenter } from '../../../../src/core/stream/Reindenter';

function reindent(indent: string, chunks: readonly string[]): string {
  const reindenter = new Reindenter(indent);
  return chunks.map((chunk) => reindenter.push(chunk)).join('') + reindenter.end();
}

function everySplit(indent: string, text: string, expected: string): void {
  for (let split = 0; split <= text.length; split++) {
    assert.equal(reindent(indent, [text.slice(0, split), text.slice(split)]), expected, `split at ${split}`);
  }
  assert.equal(reindent(indent, [...text]), expected, 'one character at a time');
}

describe('Reindenter', () => {
  it('indents following lines to the insertion line inside an indented block (model at column 0)', () => {
    // Cursor at column 8 of "        |" inside a method body.
    everySplit('        ', 'if x:\n    return 1\nreturn 2', 'if x:\n            return 1\n        return 2');
  });

  it('does not double-indent when the model indented relative to column 0', () => {
    everySplit('    ', '    def area(self):\n        return self.w * self.h\n', 'def area(self):\n        return self.w * self.h\n');
  });

  it('keeps lines the model dedented below its first line relative to the common part', () => {
    everySplit('  ', '    a\n  b\nc', 'a\n  b\n  c');
  });

  it('leaves blank lines empty (no trailing whitespace)', () => {
    everySplit('\t', 'a\n\n   \nb', 'a\n\n\n\tb');
  });

  it('uses the first non-blank line as the base even after leading blank lines', () => {
    everySplit('    ', '\n  x\n    y', '\n    x\n      y');
  });

  it('is the identity at column 0 with unindented code', () => {
    everySplit('', 'function f() {\n  return 1;\n}\n', 'function f() {\n  return 1;\n}\n');
  });

  it('emits content at once and holds only leading whitespace', () => {
    const reindenter = new Reindenter('  ');
    assert.equal(reindenter.push('ab'), 'ab');
    assert.equal(reindenter.push('\n  '), '\n');
    assert.equal(reindenter.push('c'), '    c');
  });
});
