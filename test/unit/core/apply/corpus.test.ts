import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffArrays } from 'diff';
import { resolveCodeBlock } from '../../../../src/core/apply/ApplyResolver';
import type { ApplyRegion, ApplyResolution } from '../../../../src/core/apply/types';

/**
 * The Apply corpus: (code block, file) pairs shaped like chat answers, each with the expected outcome.
 * cases/NN-name/case.json names the file (files/*.txt), block.txt is the code block, expected.txt
 * the exact new file text when tiers 1-2 should resolve it. The expected texts were written from each
 * change's intent (a plain text replacement on the original), not produced by the resolver.
 */
interface CaseMeta {
  readonly title: string;
  readonly file: string;
  readonly fileName: string;
  readonly language: string;
  readonly kind: string;
  readonly expect: 'exact' | 'anchored' | 'model';
  /** For 'model': the reason code expected, when the case is about one. */
  readonly code?: string;
}

interface Case extends CaseMeta {
  readonly dir: string;
  readonly fileText: string;
  readonly block: string;
  readonly expected?: string;
}

// Runs from the repository root (scripts/test-unit.js sets cwd).
const corpus = path.join(process.cwd(), 'test', 'unit', 'core', 'apply', 'corpus');

function loadCases(): Case[] {
  return fs
    .readdirSync(path.join(corpus, 'cases'))
    .sort()
    .map((dir) => {
      const folder = path.join(corpus, 'cases', dir);
      const meta = JSON.parse(fs.readFileSync(path.join(folder, 'case.json'), 'utf8')) as CaseMeta;
      const expectedPath = path.join(folder, 'expected.txt');
      return {
        ...meta,
        dir,
        fileText: fs.readFileSync(path.join(corpus, meta.file), 'utf8'),
        block: fs.readFileSync(path.join(folder, 'block.txt'), 'utf8'),
        ...(fs.existsSync(expectedPath) ? { expected: fs.readFileSync(expectedPath, 'utf8') } : {}),
      };
    });
}

const cases = loadCases();
const results = new Map<string, ApplyResolution>(cases.map((c) => [c.dir, resolveCodeBlock(c.block, c.fileText, { fileName: c.fileName, language: c.language })]));

function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The regions applied to the original's lines, by plain array splicing (independent of the resolver's code). */
function spliceRegions(original: readonly string[], regions: readonly ApplyRegion[]): string[] {
  const out = [...original];
  for (const region of [...regions].reverse()) out.splice(region.startLine, region.endLine - region.startLine, ...region.replacementLines);
  return out;
}

interface Change {
  /** First old line the change removes (or the line it inserts before), and the old line after it. */
  readonly start: number;
  readonly end: number;
  readonly added: readonly string[];
}

/** Every change a line diff (jsdiff's Myers) finds between before and after. */
function changesBetween(before: readonly string[], after: readonly string[]): Change[] {
  const changes: Change[] = [];
  let line = 0;
  let open: { start: number; end: number; added: string[] } | undefined;
  for (const part of diffArrays([...before], [...after])) {
    if (!part.added && !part.removed) {
      if (open) changes.push(open);
      open = undefined;
      line += part.count;
      continue;
    }
    open ??= { start: line, end: line, added: [] };
    if (part.removed) {
      line += part.count;
      open.end = line;
    } else {
      open.added.push(...part.value);
    }
  }
  if (open) changes.push(open);
  return changes;
}

/**
 * True when a diff's change is at a region. The diff may put an insertion or a deletion a few equal
 * lines up or down from where the region has it ("}", a blank line, then the new method), so a change
 * counts when it lies within the region widened on each side by the region's own size.
 */
function atRegion(change: Change, regions: readonly ApplyRegion[]): boolean {
  return regions.some((r) => {
    const slack = Math.max(r.endLine - r.startLine, r.replacementLines.length);
    return r.startLine - slack <= change.start && change.end <= r.endLine + slack;
  });
}

describe('Apply corpus (code block + file -> new file text)', () => {
  it('has at least 50 pairs covering every kind and language', () => {
    assert.ok(cases.length >= 50, `${cases.length} cases`);
    const kinds = new Set(cases.map((c) => c.kind));
    for (const kind of ['whole-file', 'fragment', 'markers', 'diff', 'search-replace', 'indentation', 'method-in-class', 'ambiguous', 'new-code', 'other-file']) {
      assert.ok(kinds.has(kind), `no '${kind}' case`);
    }
    const files = new Set(cases.map((c) => path.basename(c.file)));
    for (const file of ['cart.ts.txt', 'inventory.py.txt', 'server.go.txt', 'package.json.txt', 'styles.css.txt', 'OrderService.java.txt', 'backoffice.ts.txt', 'api.crlf.ts.txt']) {
      assert.ok(files.has(file), `no case on ${file}`);
    }
    assert.ok(cases.some((c) => linesOf(c.fileText).length > 1000), 'no file over 1,000 lines');
    assert.ok(cases.some((c) => c.fileText.includes('\r\n')), 'no CRLF file');
  });

  it('resolves at least 70% of the corpus without a model', () => {
    const local = cases.filter((c) => results.get(c.dir)!.tier !== 'model').length;
    const share = local / cases.length;
    console.log(`      Apply corpus: ${local} of ${cases.length} blocks (${(share * 100).toFixed(1)}%) applied without a model`);
    assert.ok(share >= 0.7, `${(share * 100).toFixed(1)}% resolved locally`);
  });

  it('sends every ambiguous case to the model (never applied at a guessed place)', () => {
    const ambiguous = cases.filter((c) => c.kind === 'ambiguous');
    assert.ok(ambiguous.length >= 5);
    for (const c of ambiguous) {
      const result = results.get(c.dir)!;
      assert.equal(result.tier, 'model', `${c.dir} was applied`);
      assert.equal(result.tier === 'model' && result.code, 'ambiguous', `${c.dir}: ${result.tier === 'model' ? result.reason : ''}`);
    }
  });

  for (const c of cases) {
    it(`${c.dir}: ${c.title} -> ${c.expect}${c.code ? ` (${c.code})` : ''}`, () => {
      const result = results.get(c.dir)!;
      if (c.expect === 'model') {
        assert.equal(result.tier, 'model', `applied without a model; expected a refusal`);
        if (c.code) assert.equal(result.tier === 'model' && result.code, c.code, result.tier === 'model' ? result.reason : '');
        assert.ok(result.tier === 'model' && result.reason.length > 0);
        return;
      }
      if (result.tier === 'model') assert.fail(`sent to the model (${result.code}: ${result.reason})`);
      assert.equal(result.tier, c.expect);
      assert.equal(result.newText, c.expected);

      // The regions are sorted, do not overlap, rebuild the new text from the original (so nothing else
      // changed), and every change a line diff of before and after finds is at one of them.
      const before = linesOf(c.fileText);
      const after = linesOf(result.newText);
      for (let i = 1; i < result.regions.length; i++) assert.ok(result.regions[i - 1]!.endLine <= result.regions[i]!.startLine, 'regions overlap or are unsorted');
      assert.deepEqual(spliceRegions(before, result.regions), after, 'the regions do not rebuild the new text');
      for (const change of changesBetween(before, after)) {
        assert.ok(atRegion(change, result.regions), `lines ${change.start + 1}-${change.end} changed outside the reported regions ${JSON.stringify(result.regions.map((r) => [r.startLine, r.endLine]))}`);
      }
      // Line endings and the final newline are the file's.
      const crlf = c.fileText.includes('\r\n');
      assert.equal(/(^|[^\r])\n/.test(result.newText), !crlf && result.newText.includes('\n'), 'line endings changed');
      assert.equal(/\n$/.test(result.newText), /\n$/.test(c.fileText), 'final newline changed');
    });
  }
});
