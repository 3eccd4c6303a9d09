import * as assert from 'node:assert/strict';
import { GeneratedRegion } from '../../../../src/core/sinks/GeneratedRegion';

/** A region with generated text at [10, 20), the insertion point at 20. */
function generatedAt10(): GeneratedRegion {
  const region = new GeneratedRegion(10);
  region.inserted(10, 6);
  region.inserted(16, 4);
  return region;
}

describe('GeneratedRegion', () => {
  it('grows one segment while its own insertions follow each other', () => {
    const region = generatedAt10();
    assert.deepEqual(region.segments, [{ start: 10, end: 20 }]);
    assert.deepEqual(region.range, { start: 10, end: 20 });
    assert.equal(region.insertionPoint, 20);
  });

  it('keeps text typed exactly at the insertion point after the generated text, and text at its start before it', () => {
    const region = generatedAt10();
    region.mapThrough({ offset: 20, deleteLength: 0, insertLength: 3 });
    assert.equal(region.insertionPoint, 20);
    region.mapThrough({ offset: 10, deleteLength: 0, insertLength: 2 });
    assert.deepEqual(region.segments, [{ start: 12, end: 22 }]);
    assert.equal(region.insertionPoint, 22);
  });

  it('splits a segment around text typed inside it, so a discard removes only generated text', () => {
    const region = generatedAt10();
    region.mapThrough({ offset: 14, deleteLength: 0, insertLength: 5 });
    assert.deepEqual(region.segments, [
      { start: 10, end: 14 },
      { start: 19, end: 25 },
    ]);
    assert.deepEqual(region.range, { start: 10, end: 25 });
    region.removedAll();
    assert.deepEqual([region.segments, region.insertionPoint, region.range], [[], 10, undefined]);
  });

  it('collapses the insertion point to the start of a deletion around it', () => {
    const region = generatedAt10();
    region.mapThrough({ offset: 18, deleteLength: 5, insertLength: 0 });
    assert.equal(region.insertionPoint, 18);
    assert.deepEqual(region.segments, [{ start: 10, end: 18 }]);
  });

  it('replaces the selection with its first insertion, and inserts instead when the selection was edited meanwhile', () => {
    const moved = new GeneratedRegion({ start: 5, end: 9 });
    assert.equal(moved.replaceLength, 4);
    assert.equal(moved.mapThrough({ offset: 0, deleteLength: 0, insertLength: 2 }), true, 'an edit before it moves it');
    assert.deepEqual([moved.insertionPoint, moved.replaceLength], [7, 4]);
    moved.inserted(7, 3);
    assert.deepEqual([moved.replaceLength, moved.range], [0, { start: 7, end: 10 }]);

    const edited = new GeneratedRegion({ start: 5, end: 9 });
    assert.equal(edited.mapThrough({ offset: 6, deleteLength: 1, insertLength: 0 }), false, 'an edit inside it cancels the replacement');
    assert.deepEqual([edited.insertionPoint, edited.replaceLength], [5, 0]);
  });
});
