import * as assert from 'node:assert/strict';
import { type LineHunk } from '../../../../src/core/edit/lineDiff';
import { isTrivialLine, StreamingLineDiff } from '../../../../src/core/edit/StreamingLineDiff';

const ORIGINAL = [
  "import { type Item } from './item';",
  '',
  'export function computeTotal(items: Item[]): number {',
  '  let total = 0;',
  '  for (const item of items) {',
  '    total += item.price * item.quantity;',
  '  }',
  '  return total;',
  '}',
  '',
  'export function applyDiscount(total: number, percent: number): number {',
  '  if (percent <= 0) {',
  '    return total;',
  '  }',
  '  return Math.floor(total * (100 - percent) / 100);',
  '}',
];

const text = (lines: readonly string[]): string => lines.map((line) => `${line}\n`).join('');

/** Pushes `answer` one character at a time; returns the number of committed hunks after each complete line. */
function pushByCharacter(diff: StreamingLineDiff, answer: string): number[] {
  const afterLine: number[] = [];
  for (const char of answer) {
    diff.push(char);
    if (char === '\n') afterLine.push(diff.hunks.length);
  }
  return afterLine;
}

function hunk(originalStart: number, originalLength: number, answerStart: number, lines: string[]): LineHunk {
  return { originalStart, originalLength, answerStart, lines };
}

describe('StreamingLineDiff', () => {
  it('shows and commits nothing for an answer identical to the original', () => {
    const diff = new StreamingLineDiff(ORIGINAL);
    for (const char of text(ORIGINAL)) {
      diff.push(char);
      assert.deepEqual(diff.provisional().lines, [], 'unchanged lines (and unchanged partial lines) are never shown');
    }
    const summary = diff.end('stop');
    assert.deepEqual(summary.hunks, []);
    assert.equal(summary.agreement?.equal, true);
  });

  it('commits a changed line as soon as enough unchanged lines follow it, before the stream ends', () => {
    const answer = ORIGINAL.map((line, i) => (i === 3 ? '  let total = 1;' : line));
    const diff = new StreamingLineDiff(ORIGINAL);
    const counts = pushByCharacter(diff, text(answer));
    // The anchor needs 3 non-trivial lines (1 removed + 1 added + 1): lines 4, 5 and 7 (line 6 is `  }`).
    assert.deepEqual(counts.slice(0, 9), [0, 0, 0, 0, 0, 0, 0, 1, 1]);
    assert.deepEqual(diff.hunks, [hunk(3, 1, 3, ['  let total = 1;'])]);
    const summary = diff.end('stop');
    assert.equal(summary.tailHunks, 0);
    assert.equal(summary.agreement?.equal, true);
  });

  it('treats an indentation-only change as a change', () => {
    const answer = ORIGINAL.map((line, i) => (i === 3 ? '    let total = 0;' : line));
    const diff = new StreamingLineDiff(ORIGINAL);
    diff.push(text(answer));
    assert.deepEqual(diff.end('stop').hunks, [hunk(3, 1, 3, ['    let total = 0;'])]);
  });

  it('commits an inserted block when the answer resumes the original (two lines, one not trivial)', () => {
    const answer = [...ORIGINAL.slice(0, 2), '// Sums the prices.', ...ORIGINAL.slice(2)];
    const diff = new StreamingLineDiff(ORIGINAL);
    const counts = pushByCharacter(diff, text(answer));
    assert.equal(counts[4], 1, 'committed once the two lines after the comment match');
    assert.deepEqual(diff.hunks, [hunk(2, 0, 2, ['// Sums the prices.'])]);
  });

  it('does not anchor on blank lines and braces alone', () => {
    assert.ok(isTrivialLine('') && isTrivialLine('  }') && isTrivialLine('});') && isTrivialLine('end'));
    assert.ok(!isTrivialLine('  return total;'));
    // New lines, then "}" and "" which also end the original's first function: not an anchor.
    const diff = new StreamingLineDiff(ORIGINAL);
    diff.push(text([ORIGINAL[0]!, ORIGINAL[1]!, 'const x = 1;', '}', '']));
    assert.deepEqual(diff.hunks, []);
    assert.deepEqual(diff.pendingLines, ['const x = 1;', '}', '']);
  });

  it('does not commit a replacement on a short run that only resembles the original (a new function with a familiar body)', () => {
    const newFunction = [
      'export function applyTax(total: number, percent: number): number {',
      '  if (percent <= 0) {',
      '    return total;',
      '  }',
      '  return Math.floor(total * (100 + percent) / 100);',
      '}',
      '',
    ];
    const answer = [...ORIGINAL.slice(0, 10), ...newFunction, ...ORIGINAL.slice(10)];
    const diff = new StreamingLineDiff(ORIGINAL);
    pushByCharacter(diff, text(answer));
    const summary = diff.end('stop');
    assert.deepEqual(summary.hunks, [hunk(10, 0, 10, newFunction)], 'one insertion, nothing of applyDiscount removed');
    assert.equal(summary.agreement?.equal, true);
  });

  it('commits a deleted block once the run after it is long enough', () => {
    const answer = [...ORIGINAL.slice(0, 2), ...ORIGINAL.slice(10)];
    const diff = new StreamingLineDiff(ORIGINAL);
    const counts = pushByCharacter(diff, text(answer));
    // 8 lines deleted: the run after them needs 8 lines, but the answer has only 6: it is decided at the end.
    assert.deepEqual(counts.at(-1), 0);
    assert.deepEqual(diff.end('stop').hunks, [hunk(2, 8, 2, [])]);

    const shortDeletion = [...ORIGINAL.slice(0, 3), ...ORIGINAL.slice(4)];
    const second = new StreamingLineDiff(ORIGINAL);
    const streamed = pushByCharacter(second, text(shortDeletion));
    assert.equal(streamed[4], 1, 'one line deleted: two non-trivial lines after it are enough');
    assert.deepEqual(second.hunks, [hunk(3, 1, 3, [])]);
  });

  it('reads CRLF answers and compares lines without their terminators', () => {
    const diff = new StreamingLineDiff(['a line', 'b line', 'c line', 'd line']);
    diff.push('a line\r');
    diff.push('\nB line\r\nc line\r\nd line\r\n');
    assert.deepEqual(diff.end('stop').hunks, [hunk(1, 1, 1, ['B line'])]);
  });

  describe('provisional lines', () => {
    it('hides a partial line while it is a prefix of the next original line, and shows it once it differs', () => {
      const diff = new StreamingLineDiff(ORIGINAL);
      diff.push(text(ORIGINAL.slice(0, 3)));
      diff.push('  let to');
      assert.deepEqual(diff.provisional(), { firstAnswerLine: 3, lines: [], partial: false });
      diff.push('ken');
      assert.deepEqual(diff.provisional(), { firstAnswerLine: 3, lines: ['  let token'], partial: true });
      assert.equal(diff.partialLine, '  let token');
    });

    it('holds back pending lines that may start an anchor, and shows them when the run breaks', () => {
      const diff = new StreamingLineDiff(ORIGINAL);
      diff.push(text([...ORIGINAL.slice(0, 3), '  let total = 1;', ORIGINAL[4]!]));
      assert.deepEqual(diff.pendingLines, ['  let total = 1;', ORIGINAL[4]]);
      assert.deepEqual(diff.provisional().lines, ['  let total = 1;'], 'the line matching the original is held back');
      diff.push('    sum();\n');
      assert.deepEqual(diff.provisional().lines, ['  let total = 1;', ORIGINAL[4], '    sum();'], 'the run broke');
    });
  });

  describe('a cut stream', () => {
    it('turns pending lines without any common line into an insertion and leaves the rest of the original alone', () => {
      const diff = new StreamingLineDiff(ORIGINAL);
      diff.push(text([...ORIGINAL.slice(0, 3), '  let sum = 0;', '  let count = 0;']) + '  for (const entry');
      const summary = diff.end('cancelled');
      assert.deepEqual(summary.hunks, [hunk(3, 0, 3, ['  let sum = 0;', '  let count = 0;', '  for (const entry'])]);
      assert.deepEqual(summary.result, [...ORIGINAL.slice(0, 3), '  let sum = 0;', '  let count = 0;', '  for (const entry', ...ORIGINAL.slice(3)]);
    });

    it('keeps the alignment up to the last common line, and no further', () => {
      const diff = new StreamingLineDiff(ORIGINAL);
      // Line 3 replaced, line 4 unchanged (held back: not an anchor yet), then a new line.
      diff.push(text([...ORIGINAL.slice(0, 3), '  let sum = 0;', ORIGINAL[4]!, '    sum += 1;']));
      const summary = diff.end('length');
      assert.deepEqual(summary.hunks, [hunk(3, 1, 3, ['  let sum = 0;']), hunk(5, 0, 5, ['    sum += 1;'])]);
      assert.deepEqual(summary.result.slice(6), ORIGINAL.slice(5), 'the original after the cut is untouched');
    });

    it('drops a partial line that was not shown (it was still a prefix of the original)', () => {
      const diff = new StreamingLineDiff(ORIGINAL);
      diff.push(text(ORIGINAL.slice(0, 3)) + '  let to');
      const summary = diff.end('cancelled');
      assert.deepEqual(summary.hunks, []);
      assert.deepEqual(summary.result, ORIGINAL);
    });
  });

  describe('takeOver', () => {
    it('drops the pending lines the user took over and the rest of the line being received; the stream continues below', () => {
      const diff = new StreamingLineDiff(ORIGINAL);
      diff.push(text([...ORIGINAL.slice(0, 3), '  let sum = 0;']) + '  let coun');
      const shown = diff.provisional();
      assert.deepEqual(shown.lines, ['  let sum = 0;', '  let coun']);
      diff.takeOver(shown.firstAnswerLine + shown.lines.length);
      diff.push('t = 0;\n');
      assert.deepEqual(diff.pendingLines, [], 'the rest of the taken line is dropped');
      diff.push(text(ORIGINAL.slice(4)));
      const summary = diff.end('stop');
      assert.equal(summary.takenOver, 2);
      assert.deepEqual(summary.hunks, [hunk(3, 1, 5, [])], 'the original line the taken lines replaced is still removed');
    });
  });

  it('looks for anchors only within its window: a resumption farther away is decided at the end', () => {
    const original = Array.from({ length: 50 }, (_, i) => `line number ${i}`);
    const answer = ['a new first line', ...original.slice(30)];
    const narrow = new StreamingLineDiff(original, { window: 10 });
    narrow.push(text(answer));
    assert.deepEqual(narrow.hunks, []);
    assert.deepEqual(narrow.end('stop').hunks, [hunk(0, 30, 0, ['a new first line'])]);
    const wide = new StreamingLineDiff(original, { window: 100 });
    wide.push(text(answer));
    assert.deepEqual(wide.hunks, [hunk(0, 30, 0, ['a new first line'])]);
  });

  it('reports disagreement with the full Myers diff without changing what was committed', () => {
    // A function duplicated under a new name: its body first looks like a rename of the original's header.
    const body = ORIGINAL.slice(11, 16);
    const answer = [...ORIGINAL.slice(0, 10), 'export function applyTwice(total: number, percent: number): number {', ...body, '', ...ORIGINAL.slice(10)];
    const diff = new StreamingLineDiff(ORIGINAL);
    pushByCharacter(diff, text(answer));
    const committed = [...diff.hunks];
    const summary = diff.end('stop');
    assert.deepEqual(summary.hunks.slice(0, committed.length), committed);
    assert.equal(summary.agreement?.equal, false);
    assert.deepEqual(summary.result, answer, 'the result is still exactly the answer');
  });

  it('refuses push after end', () => {
    const diff = new StreamingLineDiff(ORIGINAL);
    diff.end('stop');
    assert.throws(() => diff.push('x'));
  });
});
