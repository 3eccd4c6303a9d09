import * as assert from 'node:assert/strict';
import { templateOpensReasoning, ThinkTagSplitter } from '../../../../src/core/stream/ThinkTagSplitter';
import { splitBytesAt } from '../../../servers/sse';

interface Split {
  readonly answer: string;
  readonly reasoning: string;
  /** loneClosingTag, or answeredWithoutClosing, when set. */
  readonly lesson?: 'lone closing tag' | 'answered without closing';
}

interface How {
  /** The template opened the reasoning (ThinkTagSplitter's `opened`). */
  readonly opened?: boolean;
  /** end(true): the stream stopped on its own. */
  readonly stopped?: boolean;
}

/** Feeds `chunks` one by one and collects what the splitter lets through, the end included. */
function split(chunks: readonly string[], how: How = {}): Split {
  const splitter = new ThinkTagSplitter({ opened: how.opened ?? false });
  let answer = '';
  let reasoning = '';
  for (const chunk of chunks) {
    splitter.push(chunk);
    answer += splitter.answer;
    reasoning += splitter.reasoning;
  }
  splitter.end(how.stopped ?? false);
  const lesson = splitter.loneClosingTag ? 'lone closing tag' : splitter.answeredWithoutClosing ? 'answered without closing' : undefined;
  return { answer: answer + splitter.answer, reasoning: reasoning + splitter.reasoning, ...(lesson ? { lesson } : {}) };
}

/** The text cut at the given offsets (the fixtures are ASCII: a byte is a character). */
function cut(text: string, offsets: readonly number[]): string[] {
  const decoder = new TextDecoder();
  return splitBytesAt(new TextEncoder().encode(text), offsets).map((piece) => decoder.decode(piece));
}

const FIXTURES: readonly (Split & How & { readonly name: string; readonly text: string })[] = [
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
  // Templates that open the reasoning themselves (DeepSeek-R1, QwQ, Qwen3 Thinking): a lone closing tag.
  {
    name: 'reasoning the template opened, known',
    opened: true,
    text: '\nOkay, the user wants x.\nSo x = 1.\n</think>\n\nx = 1\n',
    reasoning: 'Okay, the user wants x.\nSo x = 1.\n',
    answer: 'x = 1\n',
  },
  {
    name: 'reasoning the template opened, not known: the tag and what follows it',
    text: 'Okay, the user wants x.\n</THINK>\r\n\r\nx = 1\n',
    reasoning: '',
    answer: 'Okay, the user wants x.\nx = 1\n',
    lesson: 'lone closing tag',
  },
  {
    name: 'a lone </thinking> as the very first text',
    text: '</thinking>\nx = 1\n',
    reasoning: '',
    answer: 'x = 1\n',
    lesson: 'lone closing tag',
  },
  {
    name: 'a closing tag inside a code fence is code',
    text: 'Here:\n```html\n<p>\n</think>\n```\n</think>\n',
    reasoning: '',
    answer: 'Here:\n```html\n<p>\n</think>\n```\n</think>\n',
  },
  {
    name: 'a closing tag inside a line is text',
    text: 'Close it with </think> and\n  </think> too\n',
    reasoning: '',
    answer: 'Close it with </think> and\n  </think> too\n',
  },
  {
    name: 'a model said to open its reasoning that sends the tag itself',
    opened: true,
    text: '<think>plan</think>\nx',
    reasoning: 'plan',
    answer: 'x',
  },
  {
    name: 'a model said to open its reasoning that answers without it (stopped)',
    opened: true,
    stopped: true,
    text: '  def f():\n    return "</thin"\n',
    // Shown live as reasoning (it could have been), then given as the answer whole.
    reasoning: 'def f():\n    return "</thin"\n',
    answer: '  def f():\n    return "</thin"\n',
    lesson: 'answered without closing',
  },
  {
    name: 'reasoning the template opened, cut before it closed',
    opened: true,
    text: 'Let me see... the user wants </thi',
    reasoning: 'Let me see... the user wants </thi',
    answer: '',
  },
];

describe('ThinkTagSplitter', () => {
  for (const fixture of FIXTURES) {
    it(`separates ${fixture.name} at every split offset`, () => {
      const { text } = fixture;
      const how = { opened: fixture.opened, stopped: fixture.stopped };
      const expected = { answer: fixture.answer, reasoning: fixture.reasoning, ...(fixture.lesson ? { lesson: fixture.lesson } : {}) };
      assert.deepEqual(split([text], how), expected, 'in one piece');
      assert.deepEqual(split([...text], how), expected, 'character by character');
      for (let i = 0; i <= text.length; i++) {
        assert.deepEqual(split(cut(text, [i]), how), expected, `cut at ${i}`);
        for (let j = i; j <= text.length; j++) assert.deepEqual(split(cut(text, [i, j]), how), expected, `cut at ${i} and ${j}`);
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

  it('takes the text as the answer when the server sends the reasoning apart, whatever the model is said to do', () => {
    const splitter = new ThinkTagSplitter({ opened: true });
    splitter.serverReasons();
    splitter.push('x = 1\n');
    assert.deepEqual([splitter.answer, splitter.reasoning], ['x = 1\n', '']);
  });

  it('passes a watched answer on at once but for a line start that could still be a closing tag', () => {
    const splitter = new ThinkTagSplitter();
    splitter.push('Plan:\n</th');
    assert.deepEqual([splitter.answer, splitter.reasoning], ['Plan:\n', '']);
    splitter.push('ese> are');
    assert.deepEqual([splitter.answer, splitter.reasoning], ['</these> are', ''], 'not the tag: passed on');
    splitter.push(' fine\n```js\n</think>\n');
    assert.equal(splitter.answer, ' fine\n```js\n</think>\n', 'after a fence nothing is held');
    assert.equal(splitter.loneClosingTag, false);
  });

  it("knows the models whose published template opens the reasoning block, by name", () => {
    for (const model of ['deepseek-r1:14b', 'deepseek-ai/DeepSeek-R1-0528', 'DeepSeek-R1-Distill-Qwen-32B', 'qwq:32b', 'Qwen/QwQ-32B', 'Qwen/Qwen3-235B-A22B-Thinking-2507', 'qwen3-30b-a3b-thinking-2507']) {
      assert.equal(templateOpensReasoning(model), true, model);
    }
    for (const model of ['gpt-4o', 'qwen3:8b', 'Qwen/Qwen3-Coder-30B-A3B-Instruct', 'deepseek-chat', 'qwen2.5-coder:7b', 'llama3.1']) {
      assert.equal(templateOpensReasoning(model), false, model);
    }
  });

  it('decides at the first non-blank character that is not a tag', () => {
    const splitter = new ThinkTagSplitter();
    splitter.push('  i');
    assert.equal(splitter.answer, '  i');
  });
});
