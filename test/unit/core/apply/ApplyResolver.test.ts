import * as assert from 'node:assert/strict';
import { resolveCodeBlock } from '../../../../src/core/apply/ApplyResolver';
import type { ApplyResolution } from '../../../../src/core/apply/types';

const FILE = `import os


def greet(name):
    return f"Hello, {name}"


def farewell(name):
    return f"Bye, {name}"
`;

function newText(result: ApplyResolution): string {
  if (result.tier === 'model') assert.fail(`sent to the model: ${result.code}: ${result.reason}`);
  return result.newText;
}

describe('resolveCodeBlock', () => {
  it('measures the time it took with the clock it is given', () => {
    const times = [100, 112];
    const result = resolveCodeBlock('def greet(name):\n    return f"Hi, {name}"\n', FILE, { now: () => times.shift()! });
    assert.equal(result.tier, 'anchored');
    assert.equal(result.elapsedMs, 12);
    assert.equal(resolveCodeBlock('def greet(name):\n    return 1\n', FILE).elapsedMs, undefined);
  });

  it('takes a block that still has its Markdown fence', () => {
    const result = resolveCodeBlock('```python\ndef greet(name):\n    return f"Hi, {name}"\n```\n', FILE);
    assert.equal(newText(result), FILE.replace('Hello', 'Hi'));
  });

  it('keeps the fence lines of a Markdown file\'s block', () => {
    const file = '```js\nrun();\n```\n';
    assert.equal(newText(resolveCodeBlock('```js\nrun(1);\n```\n', file, { fileName: 'EXAMPLE.md' })), '```js\nrun(1);\n```\n');
  });

  it('drops a first-line comment naming the target file, and refuses a block naming another one', () => {
    const block = '# greetings.py\ndef greet(name):\n    return f"Hi, {name}"\n';
    assert.equal(newText(resolveCodeBlock(block, FILE, { fileName: 'src/greetings.py' })), FILE.replace('Hello', 'Hi'));
    assert.equal(newText(resolveCodeBlock(block, FILE)), FILE.replace('Hello', 'Hi'));
    const other = resolveCodeBlock(block, FILE, { fileName: 'src/main.py' });
    assert.deepEqual(other, { tier: 'model', code: 'otherFile', reason: 'The block is for greetings.py, not main.py.' });
  });

  it('keeps a first-line path comment that is the file\'s own line', () => {
    const file = '// config.ts\nexport const a = 1;\nexport const b = 2;\n';
    const block = '// config.ts\nexport const a = 1;\nexport const b = 3;\n';
    assert.equal(newText(resolveCodeBlock(block, file, { fileName: 'other.ts' })), block);
  });

  it('resolves a block identical to its place with no regions and the text unchanged', () => {
    const result = resolveCodeBlock('def farewell(name):\n    return f"Bye, {name}"\n', FILE);
    assert.deepEqual(result, { tier: 'anchored', newText: FILE, regions: [] });
  });

  it('fills an empty file with any block', () => {
    assert.deepEqual(resolveCodeBlock('print("hi")\n', ''), { tier: 'exact', newText: 'print("hi")\n', regions: [{ startLine: 0, endLine: 0, replacementLines: ['print("hi")'] }] });
  });

  it('sends an empty block to the model with a reason', () => {
    assert.deepEqual(resolveCodeBlock('\n\n', FILE), { tier: 'model', code: 'empty', reason: 'The code block is empty.' });
  });

  it('picks the part of a multi-file diff that is for the target file', () => {
    const diff = ['--- a/a.py', '+++ b/a.py', '@@ -1 +1 @@', '-x = 1', '+x = 2', '--- a/greetings.py', '+++ b/greetings.py', '@@ -1 +1 @@', ' def farewell(name):', '-    return f"Bye, {name}"', '+    return f"Goodbye, {name}"'].join('\n');
    assert.equal(newText(resolveCodeBlock(diff, FILE, { fileName: 'greetings.py' })), FILE.replace('Bye', 'Goodbye'));
    assert.equal(resolveCodeBlock(diff, FILE).tier, 'model');
  });

  it('refuses SEARCH/REPLACE blocks written for another file', () => {
    const block = 'a.py\n<<<<<<< SEARCH\nimport os\n=======\nimport sys\n>>>>>>> REPLACE\n';
    assert.deepEqual(resolveCodeBlock(block, FILE, { fileName: 'greetings.py' }), { tier: 'model', code: 'otherFile', reason: 'The block is for a.py, not greetings.py.' });
  });

  it('does not take a fragment that leaves out the end of the file for the whole file', () => {
    const block = 'import os\n\n\ndef greet(name):\n    return f"Hey, {name}"\n';
    assert.equal(newText(resolveCodeBlock(block, FILE)), FILE.replace('Hello', 'Hey'));
  });

  it('takes a heavy rewrite that starts and ends like the file for the whole file', () => {
    const file = 'import sys\n\n\ndef main():\n    a = sys.argv[1]\n    b = sys.argv[2]\n    total = int(a) + int(b)\n    text = str(total)\n    print(text)\n    sys.exit(0)\n\n\nmain()\n';
    const block = 'import sys\n\n\ndef main():\n    numbers = [int(arg) for arg in sys.argv[1:]]\n    print(sum(numbers))\n\n\nmain()\n';
    assert.deepEqual(resolveCodeBlock(block, file), {
      tier: 'exact',
      newText: block,
      regions: [{ startLine: 4, endLine: 10, replacementLines: ['    numbers = [int(arg) for arg in sys.argv[1:]]', '    print(sum(numbers))'] }],
    });
  });

  it('keeps the blank lines around a whole file', () => {
    const file = '\n\nint a;\nint b;\n\n';
    assert.equal(newText(resolveCodeBlock('int a;\nint c;\n', file)), '\n\nint a;\nint c;\n\n');
  });

  it('refuses a fragment that would unbalance brackets', () => {
    const file = 'function a() {\n  if (x) {\n    run();\n  }\n}\n';
    const result = resolveCodeBlock('function a() {\n  if (x) {\n    run();\n}\n', file);
    assert.equal(result.tier, 'model');
    assert.equal(result.tier === 'model' && result.code, 'unbalanced');
  });

  it('refuses a new statement next to a marker (it could replace any line the marker keeps)', () => {
    const file = 'function f() {\n  const a = 1;\n  const b = 2;\n  return a + b;\n}\n';
    const block = 'function f() {\n  const a = 10;\n  // ... existing code ...\n}\n';
    assert.equal(resolveCodeBlock(block, file).tier, 'model');
  });

  it('keeps declarations a fragment leaves out between two it shows', () => {
    const file = 'def a():\n    return 1\n\n\ndef b():\n    return 2\n\n\ndef c():\n    return 3\n';
    const block = 'def a():\n    return 10\n\n\ndef c():\n    return 30\n';
    assert.equal(newText(resolveCodeBlock(block, file)), file.replace('return 1', 'return 10').replace('return 3', 'return 30'));
  });

  it('keeps the comment attached to a matched item when it replaces the statements before it', () => {
    const file = 'def run():\n    start()\n    log("a")\n    # then work\n    work()\n';
    const block = '    start()\n    work()\n';
    assert.equal(newText(resolveCodeBlock(block, file)), 'def run():\n    start()\n    # then work\n    work()\n');
  });

  it('replaces statements a fragment leaves out between two it shows (without markers)', () => {
    const file = 'def run():\n    start()\n    log("started")\n    work()\n    stop()\n';
    const block = '    start()\n    work()\n    stop()\n';
    assert.equal(newText(resolveCodeBlock(block, file)), 'def run():\n    start()\n    work()\n    stop()\n');
  });
});
