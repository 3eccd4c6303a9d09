import * as assert from 'node:assert/strict';
import { applyLineEdits } from '../../../../src/core/apply/LineEdits';
import { splitText } from '../../../../src/core/apply/TextLines';

describe('applyLineEdits', () => {
  it('reports only the lines that change inside a larger edit', () => {
    const file = splitText('a\nb\nc\nd\n');
    const outcome = applyLineEdits(file, [{ start: 0, end: 4, lines: ['a', 'B', 'c', 'd', 'e'] }]);
    assert.deepEqual(outcome, {
      ok: true,
      newText: 'a\nB\nc\nd\ne\n',
      regions: [
        { startLine: 1, endLine: 2, replacementLines: ['B'] },
        { startLine: 4, endLine: 4, replacementLines: ['e'] },
      ],
    });
  });

  it('keeps CRLF, gives added lines the file ending, and keeps untouched lines byte for byte', () => {
    const file = splitText('one\r\ntwo\r\nthree\n');
    const outcome = applyLineEdits(file, [{ start: 1, end: 2, lines: ['TWO', 'two and a half'] }]);
    assert.ok(outcome.ok);
    assert.equal(outcome.newText, 'one\r\nTWO\r\ntwo and a half\r\nthree\n');
  });

  it('keeps a missing final newline missing, also when the last line is replaced or followed by new lines', () => {
    assert.equal((applyLineEdits(splitText('a\nb'), [{ start: 1, end: 2, lines: ['c'] }]) as { newText: string }).newText, 'a\nc');
    assert.equal((applyLineEdits(splitText('a\nb'), [{ start: 2, end: 2, lines: ['c'] }]) as { newText: string }).newText, 'a\nb\nc');
    assert.equal((applyLineEdits(splitText('a\nb'), [{ start: 1, end: 2, lines: [] }]) as { newText: string }).newText, 'a');
  });

  it('refuses overlapping edits, naming them, and accepts adjacent ones in the order given', () => {
    const file = splitText('a\nb\nc\n');
    assert.deepEqual(applyLineEdits(file, [{ start: 0, end: 2, lines: [] }, { start: 1, end: 3, lines: [] }]), { ok: false, overlapping: [0, 1] });
    const adjacent = applyLineEdits(file, [{ start: 1, end: 1, lines: ['x'] }, { start: 1, end: 2, lines: ['y'] }, { start: 1, end: 1, lines: ['z'] }]);
    assert.deepEqual(adjacent, { ok: false, overlapping: [1, 2] });
    const ordered = applyLineEdits(file, [{ start: 1, end: 1, lines: ['x'] }, { start: 1, end: 2, lines: ['y'] }]);
    assert.ok(ordered.ok);
    assert.equal(ordered.newText, 'a\nx\ny\nc\n');
  });
});
