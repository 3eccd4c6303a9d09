import * as assert from 'node:assert/strict';
import { findLines, shiftIndent } from '../../../../src/core/apply/LineMatcher';

const FILE = [
  'function a() {',
  '  const x = compute(1);',
  '  return x;',
  '}',
  '',
  'function b() {',
  '  const x = compute(2);',
  '  return x;',
  '}',
];

describe('findLines', () => {
  it('finds lines exactly', () => {
    assert.deepEqual(findLines(FILE, ['  const x = compute(2);', '  return x;']), { kind: 'unique', start: 6, end: 8, pass: 'exact' });
  });

  it('refuses an exact match that fits two places, even when a looser pass would not decide either', () => {
    assert.deepEqual(findLines(FILE, ['  return x;', '}']), { kind: 'ambiguous', pass: 'exact', starts: [2, 7] });
  });

  it('falls back to trimmed lines and reports the indentation shift', () => {
    const match = findLines(FILE, ['const x = compute(1);', 'return x;']);
    assert.deepEqual(match, { kind: 'unique', start: 1, end: 3, pass: 'trimmed', indent: { from: '', to: '  ' } });
    assert.deepEqual(shiftIndent(['const y = 2;', '  nested();', '', 'return y;'], match as Extract<typeof match, { kind: 'unique' }>), [
      '  const y = 2;',
      '    nested();',
      '',
      '  return y;',
    ]);
  });

  it('reports no shift when the lines differ only in trailing whitespace', () => {
    assert.deepEqual(findLines(FILE, ['  const x = compute(1);  ', '  return x;']), { kind: 'unique', start: 1, end: 3, pass: 'trimmed' });
  });

  it('refuses a trimmed match that fits two places', () => {
    assert.deepEqual(findLines(FILE, ['return x;', '}']), { kind: 'ambiguous', pass: 'trimmed', starts: [2, 7] });
  });

  it('places a block with a misremembered middle line by its unique first and last lines', () => {
    const match = findLines(FILE, ['function b() {', '  const x = compute(3);', '  return x;', '}']);
    assert.deepEqual(match, { kind: 'unique', start: 5, end: 9, pass: 'anchors' });
  });

  it('does not anchor without a distinctive line that is once in the file (braces and repeated lines do not count)', () => {
    assert.deepEqual(findLines(FILE, ['  const x = compute(9);', '  return x;', '}']), { kind: 'none' });
  });

  it('does not anchor when the unique lines disagree on the position', () => {
    assert.deepEqual(findLines(FILE, ['function a() {', '  const x = compute(2);', 'function b() {']), { kind: 'none' });
  });

  it('does not anchor when most lines differ', () => {
    const file = ['start();', 'one();', 'two();', 'three();', 'four();', 'end();'];
    assert.deepEqual(findLines(file, ['start();', 'uno();', 'dos();', 'tres();', 'cuatro();', 'end();']), { kind: 'none' });
    assert.equal(findLines(file, ['start();', 'one();', 'dos();', 'three();', 'four();', 'end();']).kind, 'unique');
  });

  it('matches only inside the given range', () => {
    assert.deepEqual(findLines(FILE, ['  return x;', '}'], { from: 4 }), { kind: 'unique', start: 7, end: 9, pass: 'exact' });
    assert.deepEqual(findLines(FILE, ['function b() {'], { to: 5 }), { kind: 'none' });
  });

  it('finds nothing for an empty needle or one longer than the file', () => {
    assert.deepEqual(findLines(FILE, []), { kind: 'none' });
    assert.deepEqual(findLines(['a'], ['a', 'b']), { kind: 'none' });
  });
});
