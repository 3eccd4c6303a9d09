import * as assert from 'node:assert/strict';
import { matchPath, namedPath } from '../../../../src/core/apply/BlockTarget';

describe('namedPath', () => {
  it('reads a first-line path comment in the usual spellings', () => {
    assert.equal(namedPath('// src/app.ts\nexport const a = 1;\n'), 'src/app.ts');
    assert.equal(namedPath('# File: tools/main.py\nprint(1)\n'), 'tools/main.py');
    assert.equal(namedPath('<!-- index.html -->\n<p>hi</p>\n'), 'index.html');
    assert.equal(namedPath('```ts\n// filename: lib/x.ts\nconst x = 1;\n```\n'), 'lib/x.ts');
  });

  it('reads the path before a SEARCH/REPLACE block and a diff with one file', () => {
    assert.equal(namedPath('src/cart.ts\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n'), 'src/cart.ts');
    assert.equal(namedPath('--- a/src/cart.ts\n+++ b/src/cart.ts\n@@ -1 +1 @@\n-a\n+b\n'), 'src/cart.ts');
  });

  it('names nothing for plain code, a malformed block or a diff of two files', () => {
    assert.equal(namedPath('export const a = 1; // see src/app.ts\n'), undefined);
    assert.equal(namedPath('<<<<<<< SEARCH\na\n=======\n'), undefined);
    assert.equal(namedPath('--- a/x.ts\n+++ b/x.ts\n@@\n-a\n+b\n--- a/y.ts\n+++ b/y.ts\n@@\n-c\n+d\n'), undefined);
  });
});

describe('matchPath', () => {
  const candidates = ['src/app.ts', 'test/app.ts', 'src/util/cart.ts', 'README.md'];

  it('finds the candidate a path ends, by whole segments, case-insensitively', () => {
    assert.equal(matchPath('util/cart.ts', candidates), 2);
    assert.equal(matchPath('cart.ts', candidates), 2);
    assert.equal(matchPath('src\\app.ts', candidates), 0);
    assert.equal(matchPath('b/readme.md', candidates), 3);
    assert.equal(matchPath('art.ts', candidates), undefined, 'not a whole segment');
  });

  it('never picks one of several that fit', () => {
    assert.equal(matchPath('app.ts', candidates), 'ambiguous');
    assert.equal(matchPath('app.ts', ['app.ts', 'src/app.ts']), 0, 'the one equal to the path');
  });
});
