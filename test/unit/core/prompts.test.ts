import * as assert from 'node:assert/strict';
import {
  buildAtCursorMessages,
  buildEditMessages,
  buildGenerateMessages,
  CURSOR_MARKER,
  extractCursorContext,
  extractEditContext,
  languageIdForFence,
  MAX_CONTEXT_CHARS,
  MAX_CONTEXT_LINES,
  rememberPrompt,
  wholeLines,
} from '../../../src/core/prompts';

const meta = { fileName: 'src/app.py', language: 'python' };

function numbered(count: number, prefix: string): string {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}\n`).join('');
}

describe('prompts', () => {
  describe('buildGenerateMessages', () => {
    it('sends the prompt as one user message, with the language when known', () => {
      const messages = buildGenerateMessages('  a fizzbuzz function ', { language: 'python' });
      assert.equal(messages.length, 1);
      assert.equal(messages[0]!.role, 'user');
      assert.match(messages[0]!.content, /^a fizzbuzz function\n/);
      assert.match(messages[0]!.content, /Write it in python\./);
    });

    it('names no language for plain text or none', () => {
      assert.doesNotMatch(buildGenerateMessages('x', { language: 'plaintext' })[0]!.content, /Write it in/);
      assert.doesNotMatch(buildGenerateMessages('x')[0]!.content, /Write it in/);
    });
  });

  describe('extractCursorContext', () => {
    it('splits the text at the cursor', () => {
      const text = 'def f():\n    \n    return 1\n';
      const cursor = text.indexOf('    \n') + 4;
      const context = extractCursorContext(text, cursor, cursor, meta);
      assert.equal(context.before, 'def f():\n    ');
      assert.equal(context.after, '\n    return 1\n');
      assert.equal(context.selection, '');
      assert.equal(context.truncated, false);
    });

    it('keeps the selection apart and accepts a reversed range', () => {
      const text = 'a = 1\nb = 2\nc = 3\n';
      const start = text.indexOf('b');
      const end = text.indexOf('c');
      const context = extractCursorContext(text, end, start, meta);
      assert.equal(context.before, 'a = 1\n');
      assert.equal(context.selection, 'b = 2\n');
      assert.equal(context.after, 'c = 3\n');
    });

    it('keeps at most MAX_CONTEXT_LINES lines on each side, the nearest ones', () => {
      const before = numbered(200, 'before');
      const after = numbered(200, 'after');
      const text = `${before}CURSORLINE\n${after}`;
      const cursor = before.length + 'CURSOR'.length;
      const context = extractCursorContext(text, cursor, cursor, meta);
      assert.equal(context.truncated, true);
      // The cursor's own partial line counts as one line.
      assert.equal(context.before.split('\n').length, MAX_CONTEXT_LINES);
      assert.ok(context.before.endsWith('before199\nCURSOR'));
      assert.ok(context.after.startsWith('LINE\nafter0\n'));
      assert.equal(context.after.split('\n').filter(Boolean).length, MAX_CONTEXT_LINES);
    });

    it('keeps at most MAX_CONTEXT_CHARS characters in all, cut at line boundaries', () => {
      const long = (tag: string) => Array.from({ length: 50 }, (_, i) => `${tag}${i} ${'x'.repeat(200)}\n`).join('');
      const text = `${long('b')}|${long('a')}`;
      const cursor = text.indexOf('|');
      const context = extractCursorContext(text, cursor, cursor, meta);
      assert.ok(context.before.length + context.after.length + context.selection.length <= MAX_CONTEXT_CHARS);
      assert.ok(context.before.length > MAX_CONTEXT_CHARS / 2 - 300);
      assert.ok(context.before.startsWith('b'), 'starts on a whole line');
      assert.ok(context.before.endsWith('b49 ' + 'x'.repeat(200) + '\n'));
      assert.ok(context.after.startsWith('|a0 '));
      assert.ok(context.after.endsWith('\n'), 'ends on a whole line');
    });

    it('gives the unused budget of a short side to the other side', () => {
      const text = `${'y'.repeat(100)}\n`.repeat(70) + '|';
      const context = extractCursorContext(text, text.length - 1, text.length - 1, meta, { maxLines: 1000, maxChars: 3000 });
      assert.equal(context.after, '|');
      assert.ok(context.before.length > 2800, `before has ${context.before.length} chars`);
    });

    it('bounds a huge selection to half the budget', () => {
      const text = 'z'.repeat(20_000);
      const context = extractCursorContext(text, 0, text.length, meta);
      assert.equal(context.selection.length, MAX_CONTEXT_CHARS / 2);
      assert.equal(context.truncated, true);
    });
  });

  describe('buildAtCursorMessages', () => {
    it('gives the file, the language and the code with the cursor marked', () => {
      const context = extractCursorContext('x = 1\n\ny = 2\n', 6, 6, meta);
      const content = buildAtCursorMessages('add a comment', context)[0]!.content;
      assert.match(content, /^add a comment\n/);
      assert.match(content, /File: src\/app\.py \(language: python\)/);
      assert.ok(content.includes(`\`\`\`python\nx = 1\n${CURSOR_MARKER}\ny = 2\n\n\`\`\``));
      assert.doesNotMatch(content, /replaces/);
    });

    it('marks the selection that the answer replaces', () => {
      const text = 'a\nold\nb\n';
      const context = extractCursorContext(text, 2, 6, meta);
      const content = buildAtCursorMessages('rewrite', context)[0]!.content;
      assert.ok(content.includes(`a\n${CURSOR_MARKER}old\n</CURSOR>b\n`));
      assert.match(content, /replaces the selected code/);
    });

    it('uses a fence longer than any backtick run in the code', () => {
      const context = extractCursorContext('s = "```"\n', 0, 0, { fileName: 'a.md', language: 'markdown' });
      const content = buildAtCursorMessages('x', context)[0]!.content;
      assert.ok(content.includes('````markdown\n'));
    });
  });

  describe('wholeLines', () => {
    const text = 'a = 1\n    b = 2\nc = 3\nlast';
    const at = (s: string): number => text.indexOf(s);

    it('extends a selection inside lines to the start of its first line and past its last line break', () => {
      assert.deepEqual(wholeLines(text, at('b'), at(' 2')), { start: at('    b'), end: at('c') });
      assert.deepEqual(wholeLines(text, at('1'), at('b') + 1), { start: 0, end: at('c') });
    });

    it('takes the cursor line for an empty selection, and accepts a reversed range', () => {
      assert.deepEqual(wholeLines(text, at('= 2'), at('= 2')), { start: at('    b'), end: at('c') });
      assert.deepEqual(wholeLines(text, at(' 2'), at('b')), { start: at('    b'), end: at('c') });
    });

    it('does not take the line a selection ends at the very start of', () => {
      assert.deepEqual(wholeLines(text, at('    b'), at('c')), { start: at('    b'), end: at('c') });
      assert.deepEqual(wholeLines(text, 0, at('c')), { start: 0, end: at('c') });
    });

    it('ends at the end of a last line without terminator, and works on CRLF text', () => {
      assert.deepEqual(wholeLines(text, at('ast'), at('ast')), { start: at('last'), end: text.length });
      assert.deepEqual(wholeLines(text, at('c'), text.length), { start: at('c'), end: text.length });
      const crlf = 'one\r\ntwo\r\nthree\r\n';
      assert.deepEqual(wholeLines(crlf, crlf.indexOf('wo'), crlf.indexOf('wo') + 1), { start: 5, end: 10 });
    });

    it('is empty at the end of a text that ends with a line break, and for an empty text', () => {
      assert.deepEqual(wholeLines('a\n', 2, 2), { start: 2, end: 2 });
      assert.deepEqual(wholeLines('', 0, 0), { start: 0, end: 0 });
    });
  });

  describe('extractEditContext', () => {
    it('sends the selected lines whole, however long, with bounded code around them', () => {
      const before = numbered(200, 'before');
      const selection = numbered(3000, 'selected');
      const after = numbered(200, 'after');
      const text = before + selection + after;
      const context = extractEditContext(text, { start: before.length, end: before.length + selection.length }, meta);
      assert.equal(context.selection, selection, 'never cut: the answer replaces all of it');
      assert.equal(context.before.split('\n').length - 1 <= MAX_CONTEXT_LINES, true);
      assert.equal(context.after.split('\n').length - 1 <= MAX_CONTEXT_LINES, true);
      assert.ok(context.before.length + context.after.length <= MAX_CONTEXT_CHARS);
      assert.ok(before.endsWith(context.before) && context.before.endsWith('before199\n'), 'the nearest lines before');
      assert.ok(after.startsWith(context.after) && context.after.startsWith('after0\n'), 'the nearest lines after');
      assert.equal(context.truncated, true);
      assert.equal(context.firstLine, 201);
    });

    it('sends everything around a small file', () => {
      const text = 'import os\n\ndef f():\n    return 1\n\nprint(f())\n';
      const start = text.indexOf('def');
      const end = text.indexOf('\nprint') + 1;
      const context = extractEditContext(text, { start, end }, meta);
      assert.deepEqual(
        { before: context.before, selection: context.selection, after: context.after, truncated: context.truncated, firstLine: context.firstLine },
        { before: 'import os\n\n', selection: 'def f():\n    return 1\n\n', after: 'print(f())\n', truncated: false, firstLine: 3 },
      );
    });
  });

  describe('buildEditMessages', () => {
    it('asks for the complete rewritten selection in one fenced block, with the file, the lines and the code around', () => {
      const text = 'import os\n\ndef f():\n    return 1\n\nprint(f())\n';
      const start = text.indexOf('def');
      const context = extractEditContext(text, { start, end: text.indexOf('\n\nprint') + 1 }, meta);
      const messages = buildEditMessages('  add a docstring ', context);
      assert.equal(messages.length, 1);
      assert.equal(messages[0]!.role, 'user');
      const content = messages[0]!.content;
      assert.match(content, /^add a docstring\n/);
      assert.match(content, /File: src\/app\.py \(language: python\)/);
      assert.match(content, /lines 3-4/);
      assert.ok(content.includes('Code before the selection:\n```python\nimport os\n\n```'));
      assert.ok(content.includes('The selected lines:\n```python\ndef f():\n    return 1\n```'));
      assert.ok(content.includes('Code after the selection:\n```python\n\nprint(f())\n```'));
      assert.match(content, /complete rewritten selection in one fenced code block/);
    });

    it('leaves out empty sides, and fences the code with more backticks than it contains', () => {
      const text = 'x = "```"\n';
      const messages = buildEditMessages('rename x', extractEditContext(text, { start: 0, end: text.length }, meta));
      const content = messages[0]!.content;
      assert.doesNotMatch(content, /Code before|Code after/);
      assert.match(content, /line 1\)/);
      assert.ok(content.includes('````python\nx = "```"\n````'));
    });
  });

  describe('rememberPrompt', () => {
    it('puts the prompt first, drops duplicates and keeps ten', () => {
      const recent = Array.from({ length: 10 }, (_, i) => `p${i}`);
      assert.deepEqual(rememberPrompt(recent, ' p3 '), ['p3', 'p0', 'p1', 'p2', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
      const added = rememberPrompt(recent, 'new');
      assert.equal(added.length, 10);
      assert.equal(added[0], 'new');
      assert.equal(added.includes('p9'), false);
      assert.deepEqual(rememberPrompt(['a'], '   '), ['a']);
    });
  });

  describe('languageIdForFence', () => {
    const known = ['python', 'javascript', 'typescript', 'shellscript', 'cpp', 'plaintext', 'rust'];
    it('maps info words and aliases to known language ids', () => {
      assert.equal(languageIdForFence('python', known), 'python');
      assert.equal(languageIdForFence('Py', known), 'python');
      assert.equal(languageIdForFence('ts', known), 'typescript');
      assert.equal(languageIdForFence('bash', known), 'shellscript');
      assert.equal(languageIdForFence('C++', known), 'cpp');
      assert.equal(languageIdForFence('rust{.numberLines}', known), 'rust');
      assert.equal(languageIdForFence('python title="x.py"', known), 'python');
    });
    it('gives undefined for unknown or empty info', () => {
      assert.equal(languageIdForFence('', known), undefined);
      assert.equal(languageIdForFence('brainfuck', known), undefined);
      assert.equal(languageIdForFence('go', known), undefined);
    });
  });
});
