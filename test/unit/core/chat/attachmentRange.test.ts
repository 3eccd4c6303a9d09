import * as assert from 'node:assert/strict';
import { MAX_UNSELECTED_LINES, unselectedRange } from '../../../../src/core/chat/attachmentRange';

/** A document of `lineCount` lines of `width` characters each. */
function doc(lineCount: number, width = 40) {
  return { lineCount, lineLength: () => width, maxChars: 200_000 };
}

describe('unselectedRange (Add Selection to Chat with nothing selected)', () => {
  it('takes the lines in view when the cursor is among them', () => {
    assert.deepEqual(unselectedRange({ ...doc(5000), cursorLine: 1210, visible: { start: 1200, end: 1240 } }), { start: 1200, end: 1240, what: 'visible' });
  });

  it('takes lines around the cursor when the cursor is off screen, never the whole file', () => {
    const range = unselectedRange({ ...doc(100_000), cursorLine: 50_000, visible: { start: 0, end: 40 } });
    assert.equal(range.what, 'aroundCursor');
    assert.equal(range.end - range.start + 1, MAX_UNSELECTED_LINES);
    assert.ok(range.start <= 50_000 && 50_000 <= range.end);
    assert.ok(Math.abs(50_000 - range.start - (range.end - 50_000)) <= 1, 'centred on the cursor');
  });

  it('bounds a view taller than the limit, and keeps within the character budget', () => {
    const tall = unselectedRange({ ...doc(5000), cursorLine: 10, visible: { start: 0, end: 999 } });
    assert.deepEqual([tall.what, tall.end - tall.start + 1], ['aroundCursor', MAX_UNSELECTED_LINES]);
    const wide = unselectedRange({ lineCount: 5000, lineLength: () => 999, maxChars: 10_000, cursorLine: 2500 });
    assert.equal(wide.end - wide.start + 1, 10, 'ten lines of 1,000 characters fit in 10,000');
  });

  it('stays inside a short file and at its edges', () => {
    assert.deepEqual(unselectedRange({ ...doc(3), cursorLine: 1 }), { start: 0, end: 2, what: 'aroundCursor' });
    const top = unselectedRange({ ...doc(1000), cursorLine: 0 });
    assert.deepEqual([top.start, top.end], [0, MAX_UNSELECTED_LINES - 1]);
    const bottom = unselectedRange({ ...doc(1000), cursorLine: 999 });
    assert.deepEqual([bottom.start, bottom.end], [1000 - MAX_UNSELECTED_LINES, 999]);
  });
});
