import * as assert from 'node:assert/strict';
import { buildOutline } from '../../../../src/core/apply/Outline';
import { alignOutlines } from '../../../../src/core/apply/OutlineAlignment';

const isMarker = (line: string): boolean => line.trim() === '// ...';

/** The aligned pairs as [fragment key, file key]. */
function aligned(fragment: string[], file: string[]): [string, string][] {
  const f = buildOutline(fragment, { isMarker });
  const F = buildOutline(file);
  return alignOutlines(f, F).map(([a, b]) => [f[a]!.key, F[b]!.key]);
}

describe('alignOutlines', () => {
  const ABC = ['function a() {}', 'function b() {}', 'function c() {}'];

  it('pairs heads that occur once on each side, in order, and leaves the rest unpaired', () => {
    assert.deepEqual(aligned(['function a() {}', 'function x() {}', 'function c() {}'], ABC), [
      ['function a() {}', 'function a() {}'],
      ['function c() {}', 'function c() {}'],
    ]);
  });

  it('keeps only the longest run that is in order on both sides when unique heads cross', () => {
    assert.deepEqual(aligned(['function c() {}', 'function a() {}', 'function b() {}'], ABC), [
      ['function a() {}', 'function a() {}'],
      ['function b() {}', 'function b() {}'],
    ]);
  });

  it('pairs by signature when the head changed (new parameters)', () => {
    const file = ['def total(self):', '    return 1', 'def other():', '    return 2'];
    const fragment = ['def total(self, tax):', '    return 1 + tax'];
    const f = buildOutline(fragment, { hashComments: true });
    const F = buildOutline(file, { hashComments: true });
    assert.deepEqual(alignOutlines(f, F), [[0, 0]]);
  });

  it('pairs repeated heads only from the edges of a gap inwards, stopping at a marker', () => {
    const file = ['x++;', 'y++;', 'x++;'];
    assert.deepEqual(aligned(['x++;', 'y++;', 'x++;'], file), [
      ['x++;', 'x++;'],
      ['y++;', 'y++;'],
      ['x++;', 'x++;'],
    ]);
    // After the marker the fragment's x++ is the file's last one, not its first.
    const fragment = buildOutline(['// ...', 'x++;'], { isMarker });
    assert.deepEqual(alignOutlines(fragment, buildOutline(['x++;', 'x++;'])), [[1, 1]]);
    assert.deepEqual(alignOutlines(buildOutline(['x++;', '// ...'], { isMarker }), buildOutline(['x++;', 'x++;'])), [[0, 0]]);
  });
});
