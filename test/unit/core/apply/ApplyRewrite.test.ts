import * as assert from 'node:assert/strict';
import { localRewrite, MergeRewriter, type MergeStep } from '../../../../src/core/apply/ApplyRewrite';
import { resolveCodeBlock } from '../../../../src/core/apply/ApplyResolver';
import { applyModelAnswer } from '../../../../src/core/apply/ModelMerge';
import { parseSearchReplace } from '../../../../src/core/apply/SearchReplaceParser';
import { setupSession, tokens, type Setup } from '../edit/sessionDriver';

const FILE = Array.from({ length: 40 }, (_, i) => `  line(${i});`).join('\n') + '\n';
const lines = FILE.trimEnd().split('\n');

function block(search: readonly string[], replace: readonly string[]): string {
  return ['<<<<<<< SEARCH', ...search, '=======', ...replace, '>>>>>>> REPLACE', ''].join('\n');
}

/** The whole file as the session's region (the review covers it all). */
function wholeFileSession(text: string): Setup {
  return setupSession(text, { prefix: '', suffix: '' });
}

/** Feeds `answer` in tokens of `size` into a rewriter and the session; returns the last step. */
async function feed(setup: Setup, rewriter: MergeRewriter, answer: string, size: number, ending: 'end' | 'cut' = 'end'): Promise<MergeStep> {
  for (const token of tokens(answer, size)) {
    const step = rewriter.push(token);
    if (step.kind === 'error') return step;
    setup.session.push(step.text);
    await setup.scheduler.advance(1);
  }
  const last = ending === 'end' ? rewriter.end() : rewriter.cut();
  if (last.kind === 'push') setup.session.push(last.text);
  return last;
}

describe('localRewrite', () => {
  it('covers the regions plus one line of context on each side, with the regions applied', () => {
    const resolved = resolveCodeBlock(block(['  line(10);'], ['  line(10); // ten']) + block(['  line(20);'], []), FILE);
    if (resolved.tier !== 'exact') return assert.fail(`resolved as ${resolved.tier}`);
    const span = localRewrite(FILE, resolved.regions)!;
    assert.deepEqual({ startLine: span.startLine, endLine: span.endLine }, { startLine: 9, endLine: 22 });
    const expected = [...lines.slice(9, 10), '  line(10); // ten', ...lines.slice(11, 20), ...lines.slice(21, 22)];
    assert.equal(span.text, expected.map((line) => `${line}\n`).join(''));
  });

  it('stays inside the file at its edges, and is undefined when nothing changes', () => {
    const span = localRewrite('a\nb', [{ startLine: 2, endLine: 2, replacementLines: ['c'] }])!;
    assert.deepEqual(span, { startLine: 1, endLine: 2, text: 'b\nc\n' });
    assert.deepEqual(localRewrite('a\n', [{ startLine: 0, endLine: 1, replacementLines: ['z'] }]), { startLine: 0, endLine: 1, text: 'z\n' });
    assert.equal(localRewrite('a\n', []), undefined);
  });

  it('streamed into a session, shows exactly the regions and leaves the resolver\'s text after Accept All', async () => {
    const code = block(['  line(3);', '  line(4);'], ['  line(3);', '  inserted();', '  line(4);']) + block(['  line(30);'], ['  line(30); // thirty']);
    const resolved = resolveCodeBlock(code, FILE);
    if (resolved.tier === 'model') return assert.fail(resolved.reason);
    const span = localRewrite(FILE, resolved.regions)!;
    const prefix = lines.slice(0, span.startLine).map((l) => `${l}\n`).join('');
    const original = lines.slice(span.startLine, span.endLine).map((l) => `${l}\n`).join('');
    const setup = setupSession(original, { prefix, suffix: FILE.slice(prefix.length + original.length) });
    setup.session.push(span.text);
    const end = await setup.scheduler.runUntil(setup.session.end('stop'));
    assert.equal(end.hunks, resolved.regions.length);
    assert.deepEqual(setup.port.originalTouches, [], 'no original line was touched before review');
    await setup.scheduler.runUntil(setup.session.acceptAll());
    assert.equal(setup.port.text, resolved.newText);
  });
});

describe('MergeRewriter', () => {
  const window = { startLine: 0, endLine: lines.length };

  it('streams the blocks of an answer in file order into the review, unchanged lines untouched, Accept All = the answer applied', async () => {
    const answer = 'Here you go:\n```\n' + block(['  line(5);'], ['  line(5); // five']) + block(['  line(25);', '  line(26);'], ['  line(26);']) + '```\n';
    const setup = wholeFileSession(FILE);
    const rewriter = new MergeRewriter(FILE, window);
    const last = await feed(setup, rewriter, answer, 7);
    assert.equal(last.kind, 'push');
    assert.equal(rewriter.diverged, false);
    assert.equal(rewriter.blockCount, 2);
    const end = await setup.scheduler.runUntil(setup.session.end('stop'));
    assert.equal(end.hunks, 2);
    assert.deepEqual(setup.port.originalTouches, [], 'no original line was edited while streaming');
    await setup.scheduler.runUntil(setup.session.acceptAll());
    const expected = applyModelAnswer(FILE, parseSearchReplace(answer), window);
    assert.ok(expected.ok);
    assert.equal(setup.port.text, expected.newText);
  });

  it('pushes nothing past the last complete block while the answer streams', () => {
    const rewriter = new MergeRewriter(FILE, window);
    const first = rewriter.push(block(['  line(5);'], ['  line(5); // five']));
    assert.equal(first.kind, 'push');
    if (first.kind !== 'push') return;
    assert.equal(first.text, [...lines.slice(0, 5), '  line(5); // five'].map((l) => `${l}\n`).join(''));
    assert.deepEqual(rewriter.push('<<<<<<< SEARCH\n  line(9);\n'), { kind: 'push', text: '' });
    const rest = rewriter.cut();
    assert.equal(rest.kind, 'push');
    if (rest.kind === 'push') assert.equal(rest.text, lines.slice(6).map((l) => `${l}\n`).join(''), 'a cut keeps the complete blocks and drops the partial one');
  });

  it('refuses an answer whose SEARCH text fits two places or none, and a malformed one', () => {
    const repeated = 'a\nb\na\nb\n';
    const ambiguous = new MergeRewriter(repeated, { startLine: 0, endLine: 4 });
    const step = ambiguous.push(block(['a', 'b'], ['c']));
    assert.equal(step.kind, 'error');
    if (step.kind === 'error') assert.match(step.message, /does not fit the file/);
    assert.equal(ambiguous.push('more').kind, 'error', 'a refused answer stays refused');

    const missing = new MergeRewriter(FILE, window).push(block(['  nowhere();'], ['  x();']));
    assert.equal(missing.kind, 'error');

    const malformed = new MergeRewriter(FILE, window);
    malformed.push('<<<<<<< SEARCH\n  line(1);\n');
    const end = malformed.end();
    assert.equal(end.kind, 'error');
    if (end.kind === 'error') assert.match(end.message, /not in the SEARCH\/REPLACE format/);
  });

  it('matches SEARCH text only inside the window the model was shown', () => {
    const rewriter = new MergeRewriter(FILE, { startLine: 10, endLine: 20 });
    assert.equal(rewriter.push(block(['  line(2);'], ['  two();'])).kind, 'error');
  });

  it('says it diverged when a block changes lines before what was already pushed, and gives the whole result', () => {
    const rewriter = new MergeRewriter(FILE, window);
    rewriter.push(block(['  line(20);'], ['  twenty();']));
    const late = rewriter.push(block(['  line(3);'], ['  three();']));
    assert.deepEqual(late, { kind: 'push', text: '' });
    assert.equal(rewriter.diverged, true);
    assert.deepEqual(rewriter.end(), { kind: 'push', text: '' });
    const expected = lines.map((l, i) => (i === 3 ? '  three();' : i === 20 ? '  twenty();' : l));
    assert.equal(rewriter.rewrite, expected.map((l) => `${l}\n`).join(''));
  });
});
