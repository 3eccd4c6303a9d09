import * as assert from 'node:assert/strict';
import { locateFragment } from '../../../../src/core/apply/FragmentLocator';
import { buildOutline } from '../../../../src/core/apply/Outline';

function locate(file: string[], fragment: string[]) {
  const units = buildOutline(fragment).filter((item) => item.kind === 'unit');
  return locateFragment(file, buildOutline(file), units);
}

const FILE = ['class A {', '  one() {', '    return 1;', '  }', '  two() {', '    return 2;', '  }', '}', 'function free() {}'];

describe('locateFragment', () => {
  it('places a method among its siblings in the class that holds it', () => {
    const place = locate(FILE, ['two() {', '  return 3;', '}']);
    assert.ok(place.ok);
    assert.deepEqual(place.siblings.map((item) => item.key), ['one() {', 'two() {']);
    assert.equal(place.located.file.head, 4);
  });

  it('refuses a block whose head is in the file twice, naming the lines', () => {
    const place = locate([...FILE, 'function free() {}'], ['function free() {}']);
    assert.deepEqual(place.ok ? undefined : [place.code, place.reason], ['ambiguous', '"function free() {}" is in the file 2 times (lines 9, 10); the block does not say which one it changes.']);
  });

  it('refuses a changed declaration whose signature matches two of the file\'s', () => {
    const place = locate([...FILE, 'function free() {}'], ['function free() {', '  return 0;', '}']);
    assert.deepEqual(place.ok ? undefined : [place.code, place.reason], ['ambiguous', '"function free" matches 2 declarations (lines 9, 10); the block does not say which one it changes.']);
  });

  it('refuses parts that belong to different places of the file', () => {
    const place = locate(FILE, ['one() {', '  return 0;', '}', 'function free() {}']);
    assert.deepEqual(place.ok ? undefined : place.code, 'unrecognized');
  });

  it('calls a block with no line found in the file new code', () => {
    const place = locate(FILE, ['function brandNew() {', '  return 0;', '}']);
    assert.deepEqual(place.ok ? undefined : place.code, 'newCode');
  });
});
