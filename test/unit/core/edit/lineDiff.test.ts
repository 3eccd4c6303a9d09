import * as assert from 'node:assert/strict';
import { applyHunks, DIFF_BUDGET, myersHunks, splitLines } from '../../../../src/core/edit/lineDiff';

describe('lineDiff', () => {
  it('splitLines keeps each terminator, CRLF and a last line without one included', () => {
    assert.deepEqual(splitLines('a\r\nb\nc'), { lines: ['a', 'b', 'c'], terminators: ['\r\n', '\n', ''] });
    assert.deepEqual(splitLines('a\n\n'), { lines: ['a', ''], terminators: ['\n', '\n'] });
    assert.deepEqual(splitLines(''), { lines: [], terminators: [] });
  });

  it('myersHunks groups removed and added lines between common ones, with positions offset by the bases', () => {
    const hunks = myersHunks(['a', 'b', 'c', 'd'], ['a', 'B', 'c', 'd', 'e'], 10, 20);
    assert.deepEqual(hunks, [
      { originalStart: 11, originalLength: 1, answerStart: 21, lines: ['B'] },
      { originalStart: 14, originalLength: 0, answerStart: 24, lines: ['e'] },
    ]);
  });

  it('compares lines exactly: an indentation change is a change', () => {
    assert.deepEqual(myersHunks(['  x', 'y'], ['    x', 'y']), [{ originalStart: 0, originalLength: 1, answerStart: 0, lines: ['    x'] }]);
  });

  it('gives up (undefined) instead of running a diff over its budget, and handles an empty side at any size', () => {
    const size = Math.ceil(Math.sqrt(DIFF_BUDGET)) + 10;
    const left = Array.from({ length: size }, (_, i) => `left ${i}`);
    const right = Array.from({ length: size }, (_, i) => `right ${i}`);
    assert.equal(myersHunks(left, right), undefined);
    assert.deepEqual(myersHunks(left, []), [{ originalStart: 0, originalLength: size, answerStart: 0, lines: [] }]);
  });

  it('applyHunks turns the original into the answer', () => {
    const original = ['a', 'b', 'c'];
    const answer = ['x', 'a', 'c', 'd'];
    assert.deepEqual(applyHunks(original, myersHunks(original, answer)!), answer);
  });
});
