import * as assert from 'node:assert/strict';
import type { ContinuationMode } from '../../../../src/core/stream/types';
import { SeamRepairer, type SeamRepairs } from '../../../../src/core/continue/SeamRepairer';
import { FenceStripper } from '../../../../src/core/stream/FenceStripper';
import { SEAM_CORPUS, type SeamCut } from './seamCorpus';

interface Run {
  readonly text: string;
  readonly repairs: SeamRepairs;
  /** Most characters received but not yet emitted at any point of the stream. */
  readonly maxHeld: number;
}

/** Streams `continuation` into a SeamRepairer in the given chunks. */
function run(partial: string, chunks: readonly string[], mode: ContinuationMode = 'fallback'): Run {
  const repairer = new SeamRepairer(partial, { mode });
  let text = '';
  let received = 0;
  let maxHeld = 0;
  for (const chunk of chunks) {
    received += chunk.length;
    text += repairer.push(chunk);
    maxHeld = Math.max(maxHeld, received - text.length);
  }
  text += repairer.end();
  return { text, repairs: repairer.repairs, maxHeld };
}

function chunksOf(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
  return chunks;
}

/** A seeded split into chunks of 1..12 characters, like a server's token stream. */
function randomChunks(text: string, seed: number): string[] {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const chunks: string[] = [];
  let at = 0;
  while (at < text.length) {
    const size = 1 + Math.floor(random() * 12);
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}

const CHUNK_SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 16, 64];

/** Every way the corpus streams a continuation: whole, fixed chunks of 1..8, 16 and 64 characters, seeded random splits. */
function chunkings(text: string): string[][] {
  return [[text], ...CHUNK_SIZES.map((size) => chunksOf(text, size)), ...[1, 2, 3].map((seed) => randomChunks(text, seed))];
}

/** Fence lines (openers and closers) that occur more often in `joined` than in `uncut`. */
function duplicatedFenceLines(joined: string, uncut: string): string[] {
  const count = (text: string): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const line of text.split('\n')) {
      if (/^\s*(?:```|~~~)/.test(line)) counts.set(line.trim(), (counts.get(line.trim()) ?? 0) + 1);
    }
    return counts;
  };
  const expected = count(uncut);
  return [...count(joined)].filter(([line, n]) => n > (expected.get(line) ?? 0)).map(([line]) => line);
}

/** The code the editor gets: one FenceStripper over the partial and then the repaired continuation. */
function editorCode(partialChunks: readonly string[], continuationChunks: readonly string[]): string {
  const stripper = new FenceStripper();
  let code = '';
  for (const chunk of partialChunks) code += stripper.push(chunk);
  for (const chunk of continuationChunks) code += stripper.push(chunk);
  return code + stripper.end();
}

function strip(answer: string): string {
  const stripper = new FenceStripper();
  return stripper.push(answer) + stripper.end();
}

function partialOf(cut: SeamCut): string {
  return cut.answer.slice(0, cut.cut);
}

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)}%`;
}

describe('SeamRepairer', () => {
  describe('over the corpus of cut answers', () => {
    const fallbackCases = SEAM_CORPUS.flatMap((cut) => cut.replies.map((reply) => ({ cut, reply })));

    it('has at least 20 cuts, each with fallback replies', () => {
      assert.ok(SEAM_CORPUS.length >= 20, `${SEAM_CORPUS.length} cuts`);
      for (const cut of SEAM_CORPUS) assert.ok(cut.replies.length >= 3, cut.name);
    });

    it('gives the same output however the continuation is split into chunks', () => {
      for (const { cut, reply } of fallbackCases) {
        const whole = run(partialOf(cut), [reply.text]).text;
        for (const chunks of chunkings(reply.text)) {
          assert.equal(run(partialOf(cut), chunks).text, whole, `${cut.name} / ${reply.name} / chunks ${chunks.map((c) => c.length).join(',')}`);
        }
      }
    });

    it('joins at least 90% of fallback replies back into the uncut answer', () => {
      const failures: string[] = [];
      for (const { cut, reply } of fallbackCases) {
        const joined = partialOf(cut) + run(partialOf(cut), randomChunks(reply.text, 7)).text;
        if (joined !== cut.answer) failures.push(`${cut.name} / ${reply.name}:\n      got ${JSON.stringify(joined.slice(cut.cut - 20, cut.cut + 60))}`);
      }
      const joinedExactly = fallbackCases.length - failures.length;
      const unrepaired = fallbackCases.filter(({ cut, reply }) => partialOf(cut) + reply.text === cut.answer).length;
      console.log(
        `      seam corpus: ${SEAM_CORPUS.length} cuts, ${fallbackCases.length} fallback replies, ` +
          `${joinedExactly} joined exactly (${percent(joinedExactly, fallbackCases.length)}; ` +
          `${percent(unrepaired, fallbackCases.length)} without repair)`,
      );
      for (const failure of failures) console.log(`      not exact: ${failure}`);
      assert.ok(joinedExactly / fallbackCases.length >= 0.9, `${percent(joinedExactly, fallbackCases.length)} joined exactly`);
    });

    it('gives the editor the uncut code through one FenceStripper kept across the seam, in at least 90% of replies', () => {
      let exact = 0;
      for (const { cut, reply } of fallbackCases) {
        const repaired = run(partialOf(cut), randomChunks(reply.text, 11)).text;
        if (editorCode(randomChunks(partialOf(cut), 5), randomChunks(repaired, 13)) === strip(cut.answer)) exact++;
      }
      console.log(`      editor code equal to the uncut code: ${exact}/${fallbackCases.length} (${percent(exact, fallbackCases.length)})`);
      assert.ok(exact / fallbackCases.length >= 0.9);
    });

    it('never duplicates a fence line, in any reply', () => {
      for (const { cut, reply } of fallbackCases) {
        const joined = partialOf(cut) + run(partialOf(cut), chunksOf(reply.text, 3)).text;
        assert.deepEqual(duplicatedFenceLines(joined, cut.answer), [], `${cut.name} / ${reply.name}`);
      }
    });

    for (const mode of ['continueFinalMessage', 'prefix'] as const) {
      it(`appends ${mode} continuations exactly, in every chunking, with no fence line duplicated`, () => {
        for (const cut of SEAM_CORPUS) {
          const continuation = cut.answer.slice(cut.cut);
          for (const chunks of chunkings(continuation)) {
            const result = run(partialOf(cut), chunks, mode);
            assert.equal(partialOf(cut) + result.text, cut.answer, `${cut.name} / chunks ${chunks.map((c) => c.length).join(',')}`);
            assert.equal(result.repairs.prefillIgnored, false, cut.name);
          }
          assert.deepEqual(duplicatedFenceLines(cut.answer, cut.answer), []);
        }
      });
    }

    it('holds back only what could still be a repeat or a preamble (figures printed)', () => {
      for (const mode of ['fallback', 'prefix'] as const) {
        const holds = SEAM_CORPUS.map((cut) => ({ cut, held: run(partialOf(cut), chunksOf(cut.answer.slice(cut.cut), 1), mode).maxHeld }));
        const sorted = holds.map((h) => h.held).sort((a, b) => a - b);
        console.log(`      characters held back, ${mode} mode, exact-rest reply: median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted.at(-1)}`);
        // An exact rest never repeats the partial, so what is held is only a start that could still be a
        // repeat of the partial's tail or a preamble: never more than its first non-blank line.
        for (const { cut, held } of holds) {
          const rest = cut.answer.slice(cut.cut);
          const firstLine = rest.slice(0, rest.indexOf('\n', rest.search(/\S/)) + 1);
          assert.ok(held <= firstLine.length, `${mode} / ${cut.name}: held ${held}`);
        }
      }
    });
  });

  describe('overlap', () => {
    it('drops a repeated cut line and keeps a genuine mid-line continuation', () => {
      assert.equal(run('def f(x):\n    retu', ['    return x\n']).text, 'rn x\n');
      assert.equal(run('def f(x):\n    retu', ['rn x\n']).text, 'rn x\n');
    });

    it('emits a genuine continuation as soon as it can no longer be a repeat', () => {
      const repairer = new SeamRepairer('def f(x):\n    retu', { mode: 'fallback' });
      assert.equal(repairer.push('r'), '');
      assert.equal(repairer.push('n'), 'rn');
      assert.equal(repairer.push(' x'), ' x');
    });

    it('keeps a single newline or space at the seam (a whitespace-only overlap is never dropped)', () => {
      assert.equal(run('x = 1\n', ['\ny = 2\n']).text, '\ny = 2\n');
      assert.equal(run('total = a +', [' b\n']).text, ' b\n');
      assert.equal(run('if x:\n    pass\n\n', ['\nprint(x)\n']).text, '\nprint(x)\n');
    });

    it('drops a cut line that was only indentation when the model repeats that indentation', () => {
      assert.equal(run('def f():\n    ', ['    return 1\n']).text, 'return 1\n');
    });

    it('drops a repeated complete line, even a short one, but not a shallower brace', () => {
      assert.equal(run('  if (a) {\n    b();\n  }\n', ['  }\n}\n']).text, '}\n');
      assert.equal(run('  if (a) {\n    b();\n  }\n', ['}\n']).text, '}\n');
    });

    it('drops a repeated cut word only when the model finishes the word', () => {
      assert.equal(run('x = foo.ba', ['bar()\n']).text, 'r()\n');
      assert.equal(run('x = foo.ba', ['ba\n']).text, 'ba\n');
    });

    it('drops a repeat of several lines (overlap of 200 characters)', () => {
      const body = Array.from({ length: 8 }, (_, i) => `    value_${i} = compute(${i}, weight=${i * 3})\n`).join('');
      const partial = `def build():\n${body}    retu`;
      const repeat = body.slice(-200) + '    return value_7\n';
      const result = run(partial, chunksOf(repeat, 3));
      assert.equal(result.text, 'rn value_7\n');
      assert.equal(result.repairs.overlap, 200 + '    retu'.length);
    });

    it('does not look further back than maxOverlap characters', () => {
      const partial = 'x = 1\n' + 'y'.repeat(30) + '\n';
      const repeat = 'y'.repeat(30) + '\nz\n';
      assert.equal(run(partial, [repeat]).text, 'z\n');
      const repairer = new SeamRepairer(partial, { mode: 'fallback', maxOverlap: 20 });
      assert.equal(repairer.push(repeat) + repairer.end(), repeat);
    });
  });

  describe('head', () => {
    it('drops a re-opened fence and its language line inside a block, and the repeated line after it', () => {
      const result = run('```python\ndef f(x):\n    retu', ['```python\n    return x\n```\n']);
      assert.equal(result.text, 'rn x\n```\n');
      assert.equal(result.repairs.reopenedFence, true);
      assert.equal(result.repairs.droppedHead, '```python\n');
    });

    it('drops a chatty preamble and the blank lines after it', () => {
      const result = run('```python\nx = 1\n', ['Sure, continuing from where I left off:\n\n```python\ny = 2\n']);
      assert.equal(result.text, 'y = 2\n');
      assert.equal(result.repairs.droppedHead, 'Sure, continuing from where I left off:\n\n```python\n');
    });

    it('drops a chatty preamble in prose too, but keeps the new code block that follows it', () => {
      assert.equal(run('Here is the idea.\n\n', ['Sure! Continuing:\n\n```js\nf();\n```\n']).text, '```js\nf();\n```\n');
    });

    it('keeps a sentence inside a block unless a re-opened fence follows it', () => {
      assert.equal(run('```markdown\n# Title\n', ['Some text here.\nMore.\n```\n']).text, 'Some text here.\nMore.\n```\n');
      assert.equal(run('```python\nx = 1\n', ['Here is the completed code:\n```python\ny = 2\n']).text, 'y = 2\n');
    });

    it('keeps a code line that starts like a sentence', () => {
      assert.equal(run('```csharp\nvar x = 1;\n', ['Console.WriteLine(x);\n']).text, 'Console.WriteLine(x);\n');
    });

    it('keeps a fence in prose: it opens a new block', () => {
      assert.equal(run('Call it like this:\n\n', ['```python\nf()\n```\n']).text, '```python\nf()\n```\n');
    });

    it('keeps a nested example block inside a Markdown block', () => {
      assert.equal(run('````markdown\n# Usage\n', ['```js\nrun();\n```\n````\n']).text, '```js\nrun();\n```\n````\n');
    });

    it('treats a bare fence right after the block as its closer, on a line of its own', () => {
      assert.equal(run('```ts\nconst x = 1;', ['```\n\nDone.\n']).text, '\n```\n\nDone.\n');
      assert.equal(run('```ts\nconst x = 1;\n', ['```\n\nDone.\n']).text, '```\n\nDone.\n');
    });

    it('starts a new line when the model re-opens the block and writes the next line', () => {
      assert.equal(run('```ts\nfunction f() {\n  const x = 1;', ['```ts\n  return x;\n}\n```\n']).text, '\n  return x;\n}\n```\n');
      assert.equal(run('```ts\nfunction f() {\n  const x = 1;', ['\n```ts\nreturn x;\n']).text, '\nreturn x;\n');
    });

    it('waits for the first line to complete only while it could be a preamble', () => {
      const repairer = new SeamRepairer('Intro.\n\n', { mode: 'fallback' });
      assert.equal(repairer.push('Sure'), '');
      assert.equal(repairer.push(' thing, '), '');
      assert.equal(repairer.push('it works.\n'), '');
      assert.equal(repairer.push('Next'), 'Next');
    });
  });

  describe('indentation', () => {
    it('indents the lines after lines the model restarted at column 0, up to the closing fence', () => {
      const partial = '```python\nclass A:\n    def f(self):\n        if x:\n            retu';
      const result = run(partial, chunksOf('```python\nif x:\n    return 1\nelse:\n    return 2\n```\n\nDone.\n', 2));
      assert.equal(result.text, 'rn 1\n        else:\n            return 2\n```\n\nDone.\n');
      assert.equal(result.repairs.addedIndent, '        ');
    });

    it('indents a last line that ended without a newline', () => {
      const partial = '```python\nclass A:\n    def f(self):\n        if x:\n            retu';
      assert.equal(run(partial, ['```python\nif x:\n    return 1\n``']).text, 'rn 1\n        ``');
    });

    it('does not re-indent without a re-opened fence (the model continued the line in place)', () => {
      assert.equal(run('def f():\n    retu', ['return 1\n    x = 2\n']).text, 'rn 1\n    x = 2\n');
    });
  });

  describe('unfenced code', () => {
    it('drops a re-opened fence, the closing fence and the remarks after it', () => {
      const result = run('import os\n\ndef f():\n    return os.ge', ['```python\n    return os.getcwd()\n```\n\nThis returns the directory.\n']);
      assert.equal(result.text, 'tcwd()\n');
      assert.equal(result.repairs.droppedTail, true);
    });

    it('drops a closing fence and the remarks after it even without a re-opened fence', () => {
      assert.equal(run('import os\n\ndef f():\n    return os.ge', ['tcwd()\n```\n\nThis returns the directory.\n']).text, 'tcwd()\n');
    });
  });

  describe('exact modes', () => {
    it('passes the continuation through as is, CRLF included', () => {
      assert.equal(run('x = 1\r\n', ['y = 2\r\n', 'z = 3'], 'continueFinalMessage').text, 'y = 2\r\nz = 3');
    });

    it('repairs a continuation that starts like a new answer and reports that the prefill was ignored', () => {
      const result = run('```python\ndef f(x):\n    retu', ['Sure! Here is the code:\n\n```python\ndef f(x):\n    return x\n```\n'], 'prefix');
      assert.equal(result.text, 'rn x\n```\n');
      assert.equal(result.repairs.prefillIgnored, true);
    });

    it('reports an ignored prefill when the continuation starts the answer over', () => {
      const partial = 'Split the line on commas, but not inside quotes:\n\n```python\ndef split(line):\n    fields = []\n';
      const result = run(partial, chunksOf(partial + '    return fields\n```\n', 2), 'continueFinalMessage');
      assert.equal(result.repairs.prefillIgnored, true);
      assert.equal(result.text, '    return fields\n```\n');
    });

    it('does not take a continuation that only shares a few first characters with the answer for a restart', () => {
      const partial = 'Split the line on commas, but not inside quotes:\n\n```python\ndef split(line):\n';
      const result = run(partial, ['Split', 'ting is done here\n'], 'prefix');
      assert.equal(result.text, 'Splitting is done here\n');
      assert.equal(result.repairs.prefillIgnored, false);
    });
  });

  it('gives the same output however the text is chunked, for random partials and continuations', () => {
    // Pieces that exercise every rule: fences, preambles, indentation, repeats of the partial's lines.
    const pieces = ['```python\n', '```\n', '``', '~~~\n', 'Sure, continuing:\n', 'Here is the rest:\n', '\n', '    ', '\t', 'return x', 'retu', 'rn', '}\n', '  }', 'x = 1\n', 'foo.ba', 'bar()', ' ', 'Okay.', '\r\n'];
    let state = 42;
    const random = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return Math.floor((state / 2147483648) * n);
    };
    const text = (count: number): string => Array.from({ length: count }, () => pieces[random(pieces.length)]).join('');
    for (let i = 0; i < 300; i++) {
      const partial = text(1 + random(12));
      // Continuations that start by repeating part of the partial are the interesting ones.
      const continuation = (random(2) ? partial.slice(random(partial.length)) : '') + text(random(10));
      for (const mode of ['fallback', 'continueFinalMessage'] as const) {
        const whole = run(partial, [continuation], mode).text;
        for (const chunks of [chunksOf(continuation, 1), chunksOf(continuation, 3), randomChunks(continuation, i)]) {
          assert.equal(run(partial, chunks, mode).text, whole, `${mode}: ${JSON.stringify(partial)} + ${JSON.stringify(continuation)}`);
        }
      }
    }
  });

  it('passes everything through when there is no partial answer', () => {
    assert.equal(run('', ['Sure!\n```python\nx\n```\n']).text, 'Sure!\n```python\nx\n```\n');
  });

  it('normalises CRLF in a fallback continuation', () => {
    assert.equal(run('```js\nf();\n', ['g();\r', '\nh();\r\n']).text, 'g();\nh();\n');
  });

  it('rejects push() after end()', () => {
    const repairer = new SeamRepairer('x', { mode: 'fallback' });
    repairer.end();
    assert.throws(() => repairer.push('y'));
  });
});
