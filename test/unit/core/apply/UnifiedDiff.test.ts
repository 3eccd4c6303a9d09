import * as assert from 'node:assert/strict';
import { looksLikeUnifiedDiff, parseUnifiedDiff } from '../../../../src/core/apply/UnifiedDiff';

describe('parseUnifiedDiff', () => {
  it('reads a git diff: path, hunks, context and changes; ignores counts and "\\ No newline"', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1234567..89abcde 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,3 +1,3 @@ export class A {',
      ' const a = 1;',
      '-const b = 2;',
      '+const b = 3;',
      '\\ No newline at end of file',
      '@@ -99,1 +99,2 @@',
      ' end();',
      '+after();',
    ].join('\n');
    assert.deepEqual(parseUnifiedDiff(diff), [
      {
        path: 'src/a.ts',
        hunks: [
          { search: ['const a = 1;', 'const b = 2;'], replace: ['const a = 1;', 'const b = 3;'] },
          { search: ['end();'], replace: ['end();', 'after();'] },
        ],
      },
    ]);
  });

  it('takes context lines that lost their leading space, and empty lines as blank context', () => {
    const diff = ['@@ -1 +1 @@', 'function f() {', '', '-  old();', '+  new();', '}'].join('\n');
    assert.deepEqual(parseUnifiedDiff(diff), [{ hunks: [{ search: ['function f() {', '', '  old();', '}'], replace: ['function f() {', '', '  new();', '}'] }] }]);
  });

  it('splits a diff of two files, and drops a hunk that changes nothing', () => {
    const diff = ['--- a/x.py', '+++ b/x.py', '@@ -1 +1 @@', '-a', '+b', '--- a/y.py', '+++ b/y.py', '@@ -1 +1 @@', ' same'].join('\n');
    assert.deepEqual(parseUnifiedDiff(diff), [{ path: 'x.py', hunks: [{ search: ['a'], replace: ['b'] }] }]);
  });

  it('reads a header pair without @@ as one hunk, and a deleted file by its old path', () => {
    assert.deepEqual(parseUnifiedDiff(['--- a/x.txt', '+++ b/x.txt', ' keep', '-drop'].join('\n')), [{ path: 'x.txt', hunks: [{ search: ['keep', 'drop'], replace: ['keep'] }] }]);
    assert.equal(parseUnifiedDiff(['--- a/gone.txt', '+++ /dev/null', '@@ -1 +0,0 @@', '-x'].join('\n'))[0]!.path, 'gone.txt');
  });
});

describe('looksLikeUnifiedDiff', () => {
  it('recognizes hunks, header pairs, and ```diff blocks of +/- lines', () => {
    assert.equal(looksLikeUnifiedDiff('@@ -1,2 +1,2 @@\n a\n-b\n+c\n'), true);
    assert.equal(looksLikeUnifiedDiff('--- a/x\n+++ b/x\n-b\n+c\n'), true);
    assert.equal(looksLikeUnifiedDiff(' a\n-b\n+c\n', 'diff'), true);
  });

  it('does not take code or Markdown lists for a diff', () => {
    assert.equal(looksLikeUnifiedDiff(' a\n-b\n+c\n'), false);
    assert.equal(looksLikeUnifiedDiff('- item\n- item 2\n'), false);
    assert.equal(looksLikeUnifiedDiff('const x = a - b;\nx++;\n'), false);
    assert.equal(looksLikeUnifiedDiff('@@ -1 +1 @@\n same\n'), false);
  });
});
