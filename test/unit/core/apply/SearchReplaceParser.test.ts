import * as assert from 'node:assert/strict';
import {
  looksLikeSearchReplace,
  parseSearchReplace,
  SearchReplaceFormatError,
  SearchReplaceParser,
  streamSearchReplace,
  type SearchReplaceBlock,
} from '../../../../src/core/apply/SearchReplaceParser';

/** A model's merge answer: a fence, a file path line, three blocks (one deleting lines), CRLF in the last. */
const ANSWER = [
  'src/cart.ts',
  '```typescript',
  '<<<<<<< SEARCH',
  "import { formatPrice } from './format';",
  '=======',
  "import { formatPrice, pluralize } from './format';",
  '>>>>>>> REPLACE',
  '```',
  '',
  '<<<<<<< SEARCH',
  '  remove(productId: string): void {',
  '',
  '    this.lines = this.lines.filter((l) => l.product.id !== productId);',
  '=======',
  '  remove(productId: string): void {',
  '    this.lines = this.lines.filter((l) => l.product.id !== productId);',
  '>>>>>>> REPLACE',
  '<<<<<<< SEARCH',
  '  // unused',
  '=======',
  '>>>>>>> REPLACE\r',
  'Done.',
].join('\n');

const EXPECTED: SearchReplaceBlock[] = [
  { search: ["import { formatPrice } from './format';"], replace: ["import { formatPrice, pluralize } from './format';"], line: 3, path: 'src/cart.ts' },
  {
    search: ['  remove(productId: string): void {', '', '    this.lines = this.lines.filter((l) => l.product.id !== productId);'],
    replace: ['  remove(productId: string): void {', '    this.lines = this.lines.filter((l) => l.product.id !== productId);'],
    line: 10,
  },
  { search: ['  // unused'], replace: [], line: 18 },
];

function parseInChunks(answer: string, cut: (answer: string) => string[]): SearchReplaceBlock[] {
  const parser = new SearchReplaceParser();
  const blocks: SearchReplaceBlock[] = [];
  for (const chunk of cut(answer)) blocks.push(...parser.push(chunk));
  blocks.push(...parser.end());
  return blocks;
}

function chunksOf(size: number): (answer: string) => string[] {
  return (answer) => {
    const chunks: string[] = [];
    for (let i = 0; i < answer.length; i += size) chunks.push(answer.slice(i, i + size));
    return chunks;
  };
}

/** The error a parse raises, or undefined. */
function errorOf(run: () => unknown): SearchReplaceFormatError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SearchReplaceFormatError) return error;
    throw error;
  }
  return undefined;
}

describe('SearchReplaceParser', () => {
  it('parses a whole answer: blocks, their lines, a path written before the first', () => {
    assert.deepEqual(parseSearchReplace(ANSWER), EXPECTED);
  });

  it('gives the same blocks for every split of the answer into 1..N-character chunks', () => {
    for (let size = 1; size <= ANSWER.length; size++) {
      assert.deepEqual(parseInChunks(ANSWER, chunksOf(size)), EXPECTED, `chunks of ${size}`);
    }
  });

  it('gives the same blocks for every cut of the answer into two chunks, and for uneven chunk runs', () => {
    for (let cut = 0; cut <= ANSWER.length; cut++) {
      assert.deepEqual(parseInChunks(ANSWER, (a) => [a.slice(0, cut), a.slice(cut)]), EXPECTED, `cut at ${cut}`);
    }
    // Chunk sizes cycling through 1, 2, 3, 5, 8, 13 from every starting phase.
    const sizes = [1, 2, 3, 5, 8, 13];
    for (let phase = 0; phase < sizes.length; phase++) {
      const cut = (answer: string): string[] => {
        const chunks: string[] = [];
        for (let i = 0, k = phase; i < answer.length; k++) {
          const size = sizes[k % sizes.length]!;
          chunks.push(answer.slice(i, i + size));
          i += size;
        }
        return chunks;
      };
      assert.deepEqual(parseInChunks(ANSWER, cut), EXPECTED, `phase ${phase}`);
    }
  });

  it('yields each block as soon as its REPLACE marker is complete, before the line ends', () => {
    const parser = new SearchReplaceParser();
    const emittedAt: number[] = [];
    for (let i = 0; i < ANSWER.length; i++) {
      for (const _ of parser.push(ANSWER[i]!)) emittedAt.push(i + 1);
    }
    parser.end();
    const closes: number[] = [];
    for (let from = 0; ; ) {
      const at = ANSWER.indexOf('>>>>>>> REPLACE', from);
      if (at === -1) break;
      closes.push(at + '>>>>>>> REPLACE'.length);
      from = at + 1;
    }
    assert.deepEqual(emittedAt, closes);
  });

  it('closes a last block whose REPLACE marker has no newline after it, once the marker is whole', () => {
    const parser = new SearchReplaceParser();
    assert.deepEqual(parser.push('<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLAC'), []);
    assert.deepEqual(parser.push('E'), [{ search: ['a'], replace: ['b'], line: 1 }]);
    assert.deepEqual(parser.push('  '), []);
    assert.deepEqual(parser.end(), []);
  });

  it('accepts 5 to 9 marker characters and the ------- SEARCH / +++++++ REPLACE spelling', () => {
    assert.deepEqual(parseSearchReplace('<<<<< SEARCH\na\n=====\nb\n>>>>>>>>> REPLACE\n'), [{ search: ['a'], replace: ['b'], line: 1 }]);
    assert.deepEqual(parseSearchReplace('------- SEARCH\na\n=======\nb\n+++++++ REPLACE'), [{ search: ['a'], replace: ['b'], line: 1 }]);
  });

  it('skips prose with a setext underline (=======) outside blocks', () => {
    assert.deepEqual(parseSearchReplace('Changes\n=======\n\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n'), [{ search: ['x'], replace: ['y'], line: 4 }]);
  });

  const malformed: { name: string; answer: string; message: RegExp; line: number }[] = [
    { name: 'REPLACE without SEARCH', answer: 'old\n=======\nnew\n>>>>>>> REPLACE\n', message: /Line 4: '>>>>>>> REPLACE' without a '<<<<<<< SEARCH'/, line: 4 },
    { name: 'REPLACE before the divider', answer: '<<<<<<< SEARCH\nold\n>>>>>>> REPLACE\n', message: /Line 3: '>>>>>>> REPLACE' before the '=======' of the block from line 1/, line: 3 },
    { name: 'a second SEARCH before the divider', answer: '<<<<<<< SEARCH\na\n<<<<<<< SEARCH\n', message: /Line 3: a new '<<<<<<< SEARCH' inside the block from line 1/, line: 3 },
    { name: 'a block not closed before the next', answer: '<<<<<<< SEARCH\na\n=======\nb\n<<<<<<< SEARCH\n', message: /Line 5: the block from line 1 is not closed/, line: 5 },
    { name: 'a second divider', answer: '<<<<<<< SEARCH\na\n=======\nb\n=======\nc\n>>>>>>> REPLACE\n', message: /Line 5: a second '=======' in the block from line 1/, line: 5 },
    { name: 'cut inside SEARCH', answer: 'x\n<<<<<<< SEARCH\na\n', message: /ended inside the block that starts on line 2: '=======' and '>>>>>>> REPLACE' missing/, line: 3 },
    { name: 'cut inside REPLACE', answer: '<<<<<<< SEARCH\na\n=======\nb', message: /ended inside the block that starts on line 1: '>>>>>>> REPLACE' missing/, line: 4 },
  ];
  for (const { name, answer, message, line } of malformed) {
    it(`reports a malformed answer clearly: ${name} (whole and char by char)`, () => {
      const whole = errorOf(() => parseSearchReplace(answer));
      assert.ok(whole, 'no error');
      assert.match(whole.message, message);
      assert.equal(whole.line, line);
      const streamed = errorOf(() => parseInChunks(answer, chunksOf(1)));
      assert.equal(streamed?.message, whole.message);
    });
  }

  it('raises the same error again on every push after a failure', () => {
    const parser = new SearchReplaceParser();
    const first = errorOf(() => parser.push('>>>>>>> REPLACE\n'));
    assert.ok(first);
    assert.equal(errorOf(() => parser.push('<<<<<<< SEARCH\n')), first);
    assert.equal(errorOf(() => parser.end()), first);
  });

  it('streams blocks from an async iterable of chunks', async () => {
    async function* chunks(): AsyncGenerator<string> {
      for (const chunk of chunksOf(7)(ANSWER)) yield chunk;
    }
    const blocks: SearchReplaceBlock[] = [];
    for await (const block of streamSearchReplace(chunks())) blocks.push(block);
    assert.deepEqual(blocks, EXPECTED);
  });

  it('recognizes SEARCH/REPLACE code blocks, including one cut short', () => {
    assert.equal(looksLikeSearchReplace(ANSWER), true);
    assert.equal(looksLikeSearchReplace('<<<<<<< SEARCH\na\n=======\nb\n'), true);
    assert.equal(looksLikeSearchReplace('const a = "<<<<<<< SEARCH";\n'), false);
    assert.equal(looksLikeSearchReplace('# Title\n=======\n'), false);
  });
});
