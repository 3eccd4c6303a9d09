import * as assert from 'node:assert/strict';
import { coversWholeFile } from '../../../../src/core/apply/WholeFile';

const FILE = ['import os', '', '', 'def a():', '    return 1', '', '', 'def b():', '    return 2', '', '', 'def c():', '    return 3'];

describe('coversWholeFile', () => {
  it('takes the file with changed, added and trimmed-equal lines for the whole file', () => {
    assert.equal(coversWholeFile(FILE, ['import os', 'import sys', 'def a():', '  return 10', 'def b():', '    return 2', 'def c():', '    return 3', 'def d():', '    return 4']), true);
  });

  it('takes a rename (a declaration replaced by another) for a rewrite', () => {
    assert.equal(coversWholeFile(FILE, FILE.map((line) => line.replace('def b', 'def bee'))), true);
  });

  it('does not take a block that leaves out the file\'s beginning or end', () => {
    assert.equal(coversWholeFile(FILE, FILE.slice(3)), false);
    assert.equal(coversWholeFile(FILE, FILE.slice(0, 9)), false);
  });

  it('does not take a block that leaves out a declaration with nothing in its place', () => {
    assert.equal(coversWholeFile(FILE, [...FILE.slice(0, 3), 'def a():', '    return 10', ...FILE.slice(11)]), false);
  });

  it('does not take a block sharing less than half of the file unless it starts and ends like it', () => {
    const file = ['import os', 'def a():', '    x = 1', '    y = 2', '    z = x + y', '    return z', 'a()'];
    assert.equal(coversWholeFile(file, ['import os', 'def a():', '    return 3', 'print(a())']), false);
    assert.equal(coversWholeFile(file, ['import os', 'def a():', '    return 3', 'a()']), true);
    assert.equal(coversWholeFile(['x = 1', ...file.slice(1)], ['x = 1', 'def a():', '    return 3', 'a()']), false, 'a first line that says little');
  });

  it('does not take a block whose brackets do not balance like the file\'s', () => {
    const file = ['function a() {', '  if (x) {', '    run();', '  }', '}'];
    assert.equal(coversWholeFile(file, ['function a() {', '  if (x) {', '    run();', '}']), false);
    assert.equal(coversWholeFile(file, ['function a() {', '  if (x) {', '    run(1);', '  }', '}']), true);
  });

  it('takes any block for an empty file', () => {
    assert.equal(coversWholeFile(['', '  '], ['anything']), true);
  });
});
