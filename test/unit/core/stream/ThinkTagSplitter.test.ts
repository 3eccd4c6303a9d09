import * as assert from 'node:assert/strict';
import { ThinkTagSplitter } from '../../../../src/core/stream/ThinkTagSplitter';
import { splitBytesAt } from '../../../servers/sse';

interface Split {
  readonly answer: string;
  readonly reasoning: string;
}

/** Feeds `chunks` one by one and collects what the splitter lets through, the end included. */
function split(chunks: readonly string[]): Split {
  const splitter = new ThinkTagSplitter();
  let answer = '';
  let reasoning = '';
  for (const chunk of chunks) {
    splitter.push(chunk);
    answer += splitter.answer;
    reasoning += splitter.reasoning;
  }
  splitter.end();
  return { answer: answer + splitter.answer, reasoning: reasoning + splitter.reasoning };
}

/** The text cut at the given offsets (the fixtures are ASCII: a byte is a character). */
function cut(text: string, offsets: readonly number[]): string[] {
  const decoder = new TextDecoder();
  return splitBytesAt(new TextEncoder().encode(text), offsets).map((piece) => decoder.decode(piece));
}

const FIXTURES: readonly (Split & { readonly name: string; readonly text: string })[] = [
  {
    name: 'a <think> block before the answer',
    text: '<think>The user wants a sum.\nUse reduce.</think>\n\n```js\nconst s = a.reduce((x, y) => x + y, 0);\n```\n',
    reasoning: 'The user wants a sum.\nUse reduce.',
    answer: '```js\nconst s = a.reduce((x, y) => x + y, 0);\n```\n',
  },
  {
    name: 'a <thinking> block after blank lines, upper case',
    text: '\n  \n<THINKING>plan: a < b && c > d</THINKING>\r\n  x = 1\n',
    reasoning: 'plan: a < b && c > d',
    answer: '  x = 1\n',
  },
  {
    name: 'a closing tag of the other name inside the reasoning',
    text: '<thinking>not </think> yet</thinking>done',
    reasoning: 'not </think> yet',
    answer: 'done',
  },
  {
    name: 'a <think> later in the answer is code',
    text: 'const tag = "<think>";\n// </think>\n',
    reasoning: '',
    answer: 'const tag = "<think>";\n// </think>\n',
  },
  {
    name: 'a tag-like start that is not a tag',
    text: '<thinkpad model="x1"/>\n',
    reasoning: '',
    answer: '<thinkpad model="x1"/>\n',
  },
  {
    name: 'markup that starts like a tag',
    text: '  <th>cell</th>',
    reasoning: '',
    answer: '  <th>cell</th>',
  },
  {
    name: 'reasoning that never closes',
    text: '<think>still thinking when the stream ended </thi',
    reasoning: 'still thinking when the stream ended </thi',
    answer: '',
  },
  {
    name: 'only blanks',
    text: ' \n\t',
    reasoning: '',
    answer: ' \n\t',
  },
];

describe('ThinkTagSplitter', () => {
  for (const fixture of FIXTURES) {
    it(`separates ${fixture.name} at every split offset`, () => {
      const { text } = fixture;
      const expected = { answer: fixture.answer, reasoning: fixture.reasoning };
      assert.deepEqual(split([text]), expected, 'in one piece');
      assert.deepEqual(split([...text]), expected, 'character by character');
      for (let i = 0; i <= text.length; i++) {
        assert.deepEqual(split(cut(text, [i])), expected, `cut at ${i}`);
        for (let j = i; j <= text.length; j++) assert.deepEqual(split(cut(text, [i, j])), expected, `cut at ${i} and ${j}`);
      }
    });
  }

  it('passes answer text on at once, holding back only what could still be a tag', () => {
    const splitter = new ThinkTagSplitter();
    splitter.push('\n <th');
    assert.deepEqual([splitter.answer, splitter.reasoning], ['', ''], 'blanks and a possible tag are held');
    splitter.push('ink>Plan');
    assert.deepEqual([splitter.answer, splitter.reasoning], ['', 'Plan']);
    splitter.push(' more </thi');
    assert.deepEqual([splitter.answer, splitter.reasoning], ['', ' more '], 'a possible closing tag is held');
    splitter.push('nk>\n');
    assert.deepEqual([splitter.answer, splitter.reasoning], ['', '']);
    splitter.push('def f');
    assert.deepEqual([splitter.answer, splitter.reasoning], ['def f', '']);
    splitter.push('(): <think>');
    assert.deepEqual([splitter.answer, splitter.reasoning], ['(): <think>', ''], 'later tags are answer text, passed at once');
  });

  it('decides at the first non-blank character that is not a tag', () => {
    const splitter = new ThinkTagSplitter();
    splitter.push('  i');
    assert.equal(splitter.answer, '  i');
  });
});
