import * as assert from 'node:assert/strict';
import { FenceStripper } from '../../../../src/core/stream/FenceStripper';

interface Case {
  readonly name: string;
  readonly answer: string;
  readonly code: string;
  readonly language?: string;
}

const cases: Case[] = [
  {
    name: 'prose, a ```python block, prose',
    answer:
      "Sure! Here's a function that computes the factorial:\n\n```python\ndef factorial(n):\n    if n < 2:\n        return 1\n    return n * factorial(n - 1)\n```\n\nThis uses recursion. Call it as `factorial(5)`.\n",
    code: 'def factorial(n):\n    if n < 2:\n        return 1\n    return n * factorial(n - 1)',
    language: 'python',
  },
  {
    name: 'a Markdown heading and a bold label before the fence',
    answer: '### Solution\n\n**Code:**\n```bash\n#!/bin/sh\necho "$1"\n```\n',
    code: '#!/bin/sh\necho "$1"',
    language: 'bash',
  },
  {
    name: 'a first-line comment in unfenced code is held for one line only',
    answer: '# Sum two numbers.\ndef add(a, b):\n    return a + b\n',
    code: '# Sum two numbers.\ndef add(a, b):\n    return a + b\n',
  },
  {
    name: 'no fence at all',
    answer: 'function add(a, b) {\n  return a + b;\n}\n\nexport { add };\n',
    code: 'function add(a, b) {\n  return a + b;\n}\n\nexport { add };\n',
  },
  {
    name: 'a ```` markdown block containing ```js examples',
    answer:
      'Here is the README:\n\n````markdown\n# Usage\n\n```js\nconst x = require("x");\n```\n\nDone.\n````\nLet me know if you need more.',
    code: '# Usage\n\n```js\nconst x = require("x");\n```\n\nDone.',
    language: 'markdown',
  },
  {
    name: 'a ``` markdown block containing ```js (nested with an info string)',
    answer: '```md\n## API\n```ts\nfoo();\n```\nMore text.\n```\nTrailing prose.',
    code: '## API\n```ts\nfoo();\n```\nMore text.',
    language: 'md',
  },
  {
    name: 'an unclosed fence (answer cut off)',
    answer: '```go\npackage main\n\nfunc main() {\n\tprintln("hi")\n',
    code: 'package main\n\nfunc main() {\n\tprintln("hi")\n',
    language: 'go',
  },
  {
    name: 'CRLF line endings',
    answer: 'Here you go:\r\n```rust\r\nfn main() {\r\n    println!("x");\r\n}\r\n```\r\nEnjoy.\r\n',
    code: 'fn main() {\n    println!("x");\n}',
    language: 'rust',
  },
  {
    name: '~~~ fences, a ``` line inside is content',
    answer: '~~~ts\nconst fence = "```";\n```\nlet y = 1;\n~~~\nafter',
    code: 'const fence = "```";\n```\nlet y = 1;',
    language: 'ts',
  },
  {
    name: 'a fence with leading spaces strips that indentation from content',
    answer: 'Example:\n   ```js\n   if (a) {\n     b();\n   }\n  ```\n',
    code: 'if (a) {\n  b();\n}',
    language: 'js',
  },
  {
    name: 'a closing fence at end of stream without newline, longer than the opener',
    answer: '```\nx = 1\n\n````',
    code: 'x = 1\n',
  },
  {
    name: 'a closing fence may not carry an info string',
    answer: '```sh\necho a\n```sh\necho b\n```\n',
    code: 'echo a\n```sh\necho b\n```\n',
    language: 'sh',
  },
  {
    name: 'indented code (4 spaces) before any fence is unfenced code',
    answer: '    x = 1\n```\ny\n```',
    code: '    x = 1\n```\ny\n```',
  },
  {
    name: 'prose-looking lines without a fence turn out to be code',
    answer: 'This is a plain text file.\nIt has two lines.',
    code: 'This is a plain text file.\nIt has two lines.',
  },
];

function runChunks(chunks: readonly string[]): { code: string; language?: string; reported: string[] } {
  const reported: string[] = [];
  const stripper = new FenceStripper({ onLanguage: (language) => reported.push(language) });
  let code = '';
  for (const chunk of chunks) code += stripper.push(chunk);
  code += stripper.end();
  return { code, language: stripper.language, reported };
}

describe('FenceStripper', () => {
  for (const testCase of cases) {
    describe(testCase.name, () => {
      it('strips the answer in one chunk', () => {
        const { code, language, reported } = runChunks([testCase.answer]);
        assert.equal(code, testCase.code);
        assert.equal(language, testCase.language);
        assert.deepEqual(reported, testCase.language ? [testCase.language] : []);
      });

      it('gives the same result at every split position into two chunks', () => {
        for (let split = 0; split <= testCase.answer.length; split++) {
          const { code, language } = runChunks([testCase.answer.slice(0, split), testCase.answer.slice(split)]);
          assert.equal(code, testCase.code, `split at ${split}`);
          assert.equal(language, testCase.language, `split at ${split}`);
        }
      });

      it('gives the same result at every pair of split positions (three chunks)', () => {
        const answer = testCase.answer;
        for (let first = 0; first <= answer.length; first++) {
          for (let second = first; second <= answer.length; second++) {
            const { code } = runChunks([answer.slice(0, first), answer.slice(first, second), answer.slice(second)]);
            assert.equal(code, testCase.code, `splits at ${first}, ${second}`);
          }
        }
      });

      it('gives the same result one character at a time', () => {
        assert.equal(runChunks([...testCase.answer]).code, testCase.code);
      });
    });
  }

  it('reports the language as soon as the opener line is complete, before any code', () => {
    const reported: string[] = [];
    const stripper = new FenceStripper({ onLanguage: (language) => reported.push(language) });
    assert.equal(stripper.push('Here it is:\n```pyth'), '');
    assert.deepEqual(reported, []);
    assert.equal(stripper.language, undefined);
    assert.equal(stripper.push('on title="x"\n'), '');
    assert.deepEqual(reported, ['python']);
    assert.equal(stripper.language, 'python');
  });

  it('emits a partial line inside the block as soon as it cannot be a closing fence', () => {
    const stripper = new FenceStripper();
    assert.equal(stripper.push('```js\ncon'), 'con');
    assert.equal(stripper.push('st a'), 'st a');
    assert.equal(stripper.push(' = 1;\n  '), ' = 1;', 'newline and a possible closer indent are held');
    assert.equal(stripper.push('  '), '\n    ', 'four spaces cannot start a closing fence');
    assert.equal(stripper.push('b\n``'), 'b', 'a backtick run may still close the block');
    assert.equal(stripper.push('`x'), '\n```x', 'an info string makes it content');
  });

  it('emits unfenced code at once, even a partial first line', () => {
    const stripper = new FenceStripper();
    assert.equal(stripper.push('imp'), 'imp');
    assert.equal(stripper.push('ort os\n```\n'), 'ort os\n```\n');
  });

  it('holds a possible prose line only until it is complete', () => {
    const stripper = new FenceStripper();
    assert.equal(stripper.push('Here is'), '');
    assert.equal(stripper.push(' the code:\n'), '');
    assert.equal(stripper.push('x = 1'), 'Here is the code:\nx = 1');
  });

  it('does not mistake a capitalised code line for prose', () => {
    const stripper = new FenceStripper();
    assert.equal(stripper.push('Console.WriteLine(x);\n'), 'Console.WriteLine(x);\n');
  });

  it('drops everything after the block', () => {
    const stripper = new FenceStripper();
    assert.equal(stripper.push('```\na\n```\n'), 'a');
    assert.equal(stripper.push('```js\nmore code\n```\n'), '');
    assert.equal(stripper.end(), '');
  });
});
