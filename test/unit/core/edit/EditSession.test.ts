import * as assert from 'node:assert/strict';
import { FRAME_MS } from '../../../../src/core/scheduler';
import { answerLines, regionText, setupSession, stream, tokens, type Setup } from './sessionDriver';

const ORIGINAL = [
  "import { type Item } from './item';",
  '',
  '// Sums the prices of all items, in cents.',
  'export function computeTotal(items: Item[]): number {',
  '  let total = 0;',
  '  for (const item of items) {',
  '    total += item.price * item.quantity;',
  '  }',
  '  return total;',
  '}',
  '',
  '// Applies a percentage discount, rounding down.',
  'export function applyDiscount(total: number, percent: number): number {',
  '  if (percent <= 0) {',
  '    return total;',
  '  }',
  '  return Math.floor(total * (100 - percent) / 100);',
  '}',
  '',
  'export class Cart {',
  '  private readonly items: Item[] = [];',
  '',
  '  add(item: Item): void {',
  '    this.items.push(item);',
  '  }',
  '',
  '  remove(name: string): void {',
  '    const index = this.items.findIndex((item) => item.name === name);',
  '    if (index >= 0) {',
  '      this.items.splice(index, 1);',
  '    }',
  '  }',
  '}',
];

const text = (lines: readonly string[], eol = '\n'): string => lines.map((line) => line + eol).join('');
const replaced = (changes: Record<number, string>): string[] => ORIGINAL.map((line, i) => changes[i] ?? line);

/** Three changes far enough apart to be three hunks, each committed while streaming. */
const THREE_CHANGES = replaced({ 4: '  let total = 0; // cents', 14: '    return Math.max(total, 0);', 27: '    const index = this.indexOf(name);' });

/** Every line re-indented: nothing can anchor, everything stays pending until the end. */
const REINDENTED = ORIGINAL.map((line) => (line.startsWith('  ') ? `  ${line}` : line));

function regionOf(setup: Setup): string {
  return setup.port.text.slice(setup.prefix.length, setup.port.text.length - setup.suffix.length);
}

/** The document's lines [startLine, endLine). */
function linesOf(setup: Setup, range: { startLine: number; endLine: number }): string[] {
  return setup.port.text.split('\n').slice(range.startLine, range.endLine);
}

/**
 * Streams `lines` (a rewrite of ORIGINAL changing line 4) up to the last character before line 8
 * completes, which is what commits line 4's hunk (3 non-trivial lines after it), then lets `frames`
 * frames pass. Returns the session, the answer, that offset and the pending lines shown.
 */
async function untilLine4Commits(lines: readonly string[], frames: number) {
  const setup = setupSession(text(ORIGINAL));
  const answer = text(lines);
  const commitAt = text(lines.slice(0, 9)).length;
  await stream(setup, answer.slice(0, commitAt - 1), 3);
  await setup.scheduler.advance(FRAME_MS * frames);
  return { setup, answer, commitAt, pending: setup.session.pendingRange! };
}

describe('EditSession', () => {
  it('applies at most one edit per frame and never two at once; one undo group, closed once no hunk is left', async () => {
    const setup = setupSession(text(ORIGINAL), { latencyMs: 5 });
    const { session, scheduler, port } = setup;
    await stream(setup, text(REINDENTED), 3);
    await scheduler.runUntil(session.end('stop'));
    assert.ok(port.calls.length > 10, `streams progressively: ${port.calls.length} edits`);
    for (let i = 1; i < port.callTimes.length; i++) {
      assert.ok(port.callTimes[i]! - port.callTimes[i - 1]! >= FRAME_MS, `edit ${i} at ${port.callTimes[i]} ms`);
    }
    assert.equal(port.maxConcurrentApplies, 1);
    assert.deepEqual(
      port.calls.map((call) => call.undoStopBefore),
      port.calls.map((_, i) => i === 0),
    );
    assert.ok(port.calls.every((call) => !call.undoStopAfter));
    assert.equal(port.finishCalls, 0, 'the undo group stays open for the review');
    await scheduler.runUntil(session.acceptAll());
    assert.equal(port.finishCalls, 1);
    assert.equal(regionOf(setup), text(REINDENTED));
    assert.ok(!port.calls.at(-1)!.undoStopBefore, 'Accept All joins the same undo group');
  });

  it('never touches an original line while streaming: every landed EditRequest is checked against who wrote each character', async () => {
    const answer = text([...THREE_CHANGES.slice(0, 20), '  // Items in insertion order.', ...THREE_CHANGES.slice(20, 30), ...THREE_CHANGES.slice(33)]);
    for (const size of [1, 4, 13]) {
      const setup = setupSession(text(ORIGINAL), { latencyMs: 2 });
      await stream(setup, answer, size);
      await setup.scheduler.runUntil(setup.session.end('stop'));
      assert.ok(setup.port.successfulEdits.length > 2);
      assert.deepEqual(setup.port.originalTouches, []);
      // The review does delete original lines (the removed ones): the check does see those.
      await setup.scheduler.runUntil(setup.session.acceptAll());
      assert.ok(setup.port.originalTouches.length > 0, 'the check can fail');
      assert.equal(regionOf(setup), answer);
    }
  });

  it('shows removed and added line ranges for each hunk, and the line being received as it grows', async () => {
    const setup = setupSession(text(ORIGINAL));
    const { session, scheduler, port } = setup;
    let changes = 0;
    session.onDidChange(() => changes++);
    const answer = text(THREE_CHANGES);
    const cut = answer.indexOf('this.indexOf(') + 'this.index'.length;
    await stream(setup, answer.slice(0, cut), 2);
    await scheduler.advance(FRAME_MS * 2);
    assert.ok(port.text.includes('    const index = this.index\n'), 'the partial line is in the document');
    assert.equal(linesOf(setup, session.pendingRange!)[0], '    const index = this.index');
    assert.equal(session.hunks.length, 2, 'the first two hunks are committed while streaming');
    await stream(setup, answer.slice(cut), 2);
    await scheduler.runUntil(session.end('stop'));
    assert.equal(session.pendingRange, undefined);
    const hunks = session.hunks;
    assert.equal(hunks.length, 3);
    assert.ok(changes >= 3);
    for (const [i, line] of [4, 14, 27].entries()) {
      const hunk = hunks[i]!;
      assert.equal(hunk.index, i);
      assert.equal(hunk.removed.startLine, line + 1 + i, 'a line of prefix, and one new line per hunk above');
      assert.deepEqual(linesOf(setup, hunk.removed), [ORIGINAL[line]]);
      assert.deepEqual(linesOf(setup, hunk.added), [THREE_CHANGES[line]]);
      assert.equal(hunk.added.startLine, hunk.removed.endLine, 'new lines right below the removed ones');
      assert.equal(port.text.slice(hunk.added.start, hunk.added.end), `${THREE_CHANGES[line]}\n`);
    }
  });

  it('accepts and rejects single hunks, resolving with the number of hunks left', async () => {
    const setup = setupSession(text(ORIGINAL));
    const { session, scheduler, port } = setup;
    await stream(setup, text(THREE_CHANGES), 5);
    const end = await scheduler.runUntil(session.end('stop'));
    assert.equal(end.hunks, 3);
    assert.equal(session.state, 'reviewing');
    assert.equal(await scheduler.runUntil(session.rejectHunk(1)), 2);
    assert.equal(await scheduler.runUntil(session.acceptHunk(0)), 1);
    assert.deepEqual(
      session.hunks.map((hunk) => linesOf(setup, hunk.added)),
      [[THREE_CHANGES[27]]],
    );
    assert.equal(port.finishCalls, 0);
    assert.equal(await scheduler.runUntil(session.acceptHunk(0)), 0);
    assert.equal(regionOf(setup), text(replaced({ 4: THREE_CHANGES[4]!, 27: THREE_CHANGES[27]! })));
    assert.equal(session.state, 'done');
    assert.equal(port.finishCalls, 1);
    assert.equal(await scheduler.runUntil(session.acceptHunk(0)), 0, 'nothing left: resolves at once');
  });

  it('accepts a hunk while the stream goes on; Accept All at the end still gives exactly the answer', async () => {
    const setup = setupSession(text(ORIGINAL));
    const { session, scheduler } = setup;
    const answer = text(THREE_CHANGES);
    const middle = answer.indexOf('  add(item');
    await stream(setup, answer.slice(0, middle), 3);
    await scheduler.advance(FRAME_MS * 2);
    assert.equal(session.hunks.length, 2);
    assert.equal(await scheduler.runUntil(session.acceptHunk(0)), 1);
    await stream(setup, answer.slice(middle), 3);
    await scheduler.runUntil(session.end('stop'));
    await scheduler.runUntil(session.acceptAll());
    assert.equal(regionOf(setup), answer);
  });

  it('keeps everything anchored while the user types elsewhere, even when an edit fails on the way', async () => {
    const setup = setupSession(text(ORIGINAL), { latencyMs: 4 });
    const { session, scheduler, port } = setup;
    const answer = text(THREE_CHANGES);
    let slipped = 0;
    let typedAbove = false;
    let slippedAfterAbove = false;
    port.beforeLand = () => {
      // A keystroke lands while the session's edit travels: that edit fails and is planned again.
      if (slipped++ !== 1) return;
      port.userEdit(0, 0, '/* typed while an edit travelled */\n');
      slippedAfterAbove = typedAbove;
    };
    const half = Math.floor(answer.length / 2);
    await stream(setup, answer.slice(0, half), 4);
    port.userEdit(port.text.length, 0, '// typed below\n');
    port.userEdit(0, 0, '// typed above\n');
    typedAbove = true;
    // Inside the region, in a line the answer keeps: the line grows, nothing moves.
    const kept = port.text.indexOf('export class Cart {');
    port.userEdit(kept + 'export class Cart'.length, 0, 'Model');
    await stream(setup, answer.slice(half), 4);
    await scheduler.runUntil(session.end('stop'));
    assert.ok(port.applied.some((edit) => !edit.ok), 'an edit failed');
    assert.deepEqual(port.originalTouches, []);
    await scheduler.runUntil(session.acceptAll());
    // Both were typed at the top: the later one is above.
    const top = slippedAfterAbove ? '/* typed while an edit travelled */\n// typed above\n' : '// typed above\n/* typed while an edit travelled */\n';
    const expected = `${top}${setup.prefix}${answer.replace('export class Cart {', 'export class CartModel {')}${setup.suffix}// typed below\n`;
    assert.equal(port.text, expected);
  });

  it('gives pending lines the user types in to the user: never rewritten, not in any hunk, the stream continues below', async () => {
    const setup = setupSession(text(ORIGINAL));
    const { session, scheduler, port } = setup;
    const newLines = ['  let sum = 0;', '  let count = 0;', '  for (const item of items) {', '    sum += item.price;', '    count += 1;', '  }'];
    const answerList = [...ORIGINAL.slice(0, 4), ...newLines, ...ORIGINAL.slice(8)];
    const answer = text(answerList);
    const firstNew = text(answerList.slice(0, 5)).length;
    await stream(setup, answer.slice(0, firstNew), 3);
    await scheduler.advance(FRAME_MS * 2);
    const pending = session.pendingRange!;
    assert.deepEqual(linesOf(setup, pending), ['  let sum = 0;']);
    port.userEdit(pending.start, 0, '// mine\n');
    assert.equal(session.pendingRange, undefined, 'the pending lines are the user\'s now');
    await stream(setup, answer.slice(firstNew), 3);
    await scheduler.runUntil(session.end('stop'));
    assert.deepEqual(port.originalTouches, [], 'no edit touched the user\'s lines either');
    assert.equal(port.text.split('// mine\n  let sum = 0;\n').length, 2, 'the user\'s lines are there, once');
    await scheduler.runUntil(session.acceptAll());
    assert.equal(regionOf(setup), answer.replace('  let sum = 0;\n', '// mine\n  let sum = 0;\n'));
    assert.equal(session.diff.end('stop').takenOver, 1);
  });

  it('streams a changed line in right below the line it replaces, so committing its hunk needs no edit', async () => {
    const { setup, answer, commitAt, pending } = await untilLine4Commits(THREE_CHANGES, 4);
    const { session, scheduler, port } = setup;
    assert.deepEqual(linesOf(setup, pending), [THREE_CHANGES[4]]);
    assert.deepEqual(linesOf(setup, { startLine: pending.startLine - 1, endLine: pending.startLine }), [ORIGINAL[4]], 'below the line it replaces');
    const edits = port.successfulEdits.length;
    session.push('\n');
    await scheduler.advance(FRAME_MS * 4);
    assert.equal(session.hunks.length, 1);
    assert.deepEqual(linesOf(setup, session.hunks[0]!.removed), [ORIGINAL[4]]);
    assert.deepEqual(linesOf(setup, session.hunks[0]!.added), [THREE_CHANGES[4]]);
    assert.equal(port.successfulEdits.length, edits, 'the commit only coloured the lines');
    await stream(setup, answer.slice(commitAt), 3);
    await scheduler.runUntil(session.end('stop'));
    assert.deepEqual(port.originalTouches, []);
    await scheduler.runUntil(session.acceptAll());
    assert.equal(regionOf(setup), answer);
  });

  it('moves pending lines that looked like a change above the line when they turn out to be an insertion', async () => {
    for (const review of ['accept', 'reject'] as const) {
      const setup = setupSession(text(ORIGINAL));
      const { session, scheduler, port } = setup;
      // A new line that looks like line 4, inserted above it.
      const answer = text([...ORIGINAL.slice(0, 4), '  let total = 100;', ...ORIGINAL.slice(4)]);
      const inserted = text(ORIGINAL.slice(0, 4)).length + '  let total = 10'.length;
      await stream(setup, answer.slice(0, inserted), 3);
      await scheduler.advance(FRAME_MS * 4);
      const pending = session.pendingRange!;
      assert.deepEqual(linesOf(setup, { startLine: pending.startLine - 1, endLine: pending.endLine }), [ORIGINAL[4], '  let total = 10']);
      await stream(setup, answer.slice(inserted), 3);
      await scheduler.runUntil(session.end('stop'));
      assert.deepEqual(port.originalTouches, []);
      assert.deepEqual(
        session.hunks.map((hunk) => [linesOf(setup, hunk.removed), linesOf(setup, hunk.added)]),
        [[[], ['  let total = 100;']]],
      );
      assert.deepEqual(linesOf(setup, { startLine: session.hunks[0]!.added.endLine, endLine: session.hunks[0]!.added.endLine + 1 }), [ORIGINAL[4]], 'above the line now');
      await scheduler.runUntil(review === 'accept' ? session.acceptAll() : session.rejectAll());
      assert.equal(regionOf(setup), review === 'accept' ? answer : text(ORIGINAL));
    }
  });

  it('gives a pending line shown below its line to the user when they type in it; the stream goes on below it', async () => {
    const setup = setupSession(text(ORIGINAL));
    const { session, scheduler, port } = setup;
    const answerList = [...ORIGINAL.slice(0, 4), '  let total = 0; // cents', '  let count = 0;', ...ORIGINAL.slice(5)];
    const answer = text(answerList);
    const firstNew = text(answerList.slice(0, 4)).length + '  let total = 0; // c'.length;
    await stream(setup, answer.slice(0, firstNew), 3);
    await scheduler.advance(FRAME_MS * 4);
    const pending = session.pendingRange!;
    assert.deepEqual(linesOf(setup, { startLine: pending.startLine - 1, endLine: pending.endLine }), [ORIGINAL[4], '  let total = 0; // c']);
    port.userEdit(pending.start, 0, '/* mine */');
    assert.equal(session.pendingRange, undefined);
    await stream(setup, answer.slice(firstNew), 3);
    await scheduler.runUntil(session.end('stop'));
    assert.deepEqual(port.originalTouches, []);
    const lines = port.text.split('\n');
    const mine = lines.indexOf('/* mine */  let total = 0; // c');
    assert.ok(mine > 0, 'the user\'s line is there');
    assert.equal(lines[mine - 1], ORIGINAL[4]);
    assert.equal(lines[mine + 1], '  let count = 0;', 'the stream goes on below the user\'s line (the answer line they took is theirs)');
    await scheduler.runUntil(session.acceptAll());
    assert.equal(regionOf(setup), answer.replace('  let total = 0; // cents\n', '/* mine */  let total = 0; // c\n'));
  });

  it('places a hunk without the lines the user took over in the same frame the engine committed them', async () => {
    // Line 4 changed beyond resemblance: its pending line shows above it, and its hunk's new line goes below it.
    const changed = replaced({ 4: '  const sum = 0; // cents' });
    const { setup, answer, commitAt, pending } = await untilLine4Commits(changed, 2);
    const { session, scheduler, port } = setup;
    assert.deepEqual(linesOf(setup, pending), [changed[4]]);
    assert.deepEqual(linesOf(setup, { startLine: pending.endLine, endLine: pending.endLine + 1 }), [ORIGINAL[4]], 'above the line it replaces');
    session.push('\n');
    assert.equal(session.diff.hunks.length, 1, 'committed, not placed yet');
    port.userEdit(pending.start, 0, '// mine ');
    await stream(setup, answer.slice(commitAt), 3);
    await scheduler.runUntil(session.end('stop'));
    assert.deepEqual(port.originalTouches, []);
    assert.equal(port.text.split(changed[4]!).length, 2, 'the line shows once: the user\'s copy');
    assert.deepEqual(linesOf(setup, session.hunks[0]!.removed), [ORIGINAL[4]]);
    assert.deepEqual(linesOf(setup, session.hunks[0]!.added), []);
    await scheduler.runUntil(session.acceptAll());
    assert.equal(regionOf(setup), answer.replace(`${changed[4]}\n`, `// mine ${changed[4]}\n`));
  });

  it('never inserts into a line the user joined: new lines go to the next line start, joined pending lines become the user\'s', async () => {
    // The user joins the line above the next undecided one, then the change arrives.
    const setup = setupSession(text(ORIGINAL));
    const { session, scheduler, port } = setup;
    const answer = text(THREE_CHANGES);
    const beforeChange = text(THREE_CHANGES.slice(0, 4)).length;
    await stream(setup, answer.slice(0, beforeChange), 3);
    const joint = port.text.indexOf('number {\n') + 'number {'.length;
    port.userEdit(joint, 1, '');
    await stream(setup, answer.slice(beforeChange), 3);
    await scheduler.runUntil(session.end('stop'));
    assert.deepEqual(port.originalTouches, []);
    await scheduler.runUntil(session.rejectAll());
    assert.equal(port.text, setup.initial.replace('number {\n', 'number {'));

    // The user joins the line above the pending lines with the first of them: they become the user's.
    // (Line 4 changed beyond resemblance, so its pending line shows above it, below 'number {'.)
    const second = setupSession(text(ORIGINAL));
    const unlike = text(replaced({ 4: '  const sum = 0; // cents' }));
    const firstNew = unlike.indexOf('  const sum = 0; // cents') + 20;
    await stream(second, unlike.slice(0, firstNew), 3);
    await second.scheduler.advance(FRAME_MS * 2);
    const pending = second.session.pendingRange!;
    second.port.userEdit(pending.start - 1, 1, '');
    assert.equal(second.session.pendingRange, undefined);
    await stream(second, unlike.slice(firstNew), 3);
    await second.scheduler.runUntil(second.session.end('stop'));
    assert.deepEqual(second.port.originalTouches, []);
    assert.ok(second.port.text.includes('number {  const sum = 0; // \n'), 'the joined line is left as the user made it');
    assert.deepEqual(
      second.session.hunks.slice(0, 1).map((hunk) => [linesOf(second, hunk.removed), linesOf(second, hunk.added)]),
      [[['  let total = 0;'], []]],
      'the original line the taken line replaced is still offered for removal',
    );
  });

  it('keeps a committed hunk anchored when the user types inside its new lines', async () => {
    for (const review of ['accept', 'reject'] as const) {
      const setup = setupSession(text(ORIGINAL));
      const { session, scheduler, port } = setup;
      const answer = text(THREE_CHANGES);
      const middle = answer.indexOf('  add(item');
      await stream(setup, answer.slice(0, middle), 3);
      await scheduler.advance(FRAME_MS * 2);
      const first = session.hunks[0]!;
      port.userEdit(first.added.end - 1, 0, ' // mine');
      assert.ok(session.hunks[0]!.edited);
      assert.deepEqual(linesOf(setup, session.hunks[0]!.added), [`${THREE_CHANGES[4]} // mine`]);
      await stream(setup, answer.slice(middle), 3);
      await scheduler.runUntil(session.end('stop'));
      if (review === 'accept') {
        await scheduler.runUntil(session.acceptAll());
        assert.equal(regionOf(setup), answer.replace('// cents\n', '// cents // mine\n'));
      } else {
        await scheduler.runUntil(session.rejectAll());
        assert.equal(port.text, setup.initial, 'rejecting deletes the new lines, typing in them included');
      }
    }
  });

  it('on cancel keeps what was shown reviewable and the rest of the selection as it was', async () => {
    const answer = text(THREE_CHANGES.map((line) => line.replace(/\btotal\b/g, 'sum')));
    const cut = answer.indexOf('export function applyDiscount') + 20;
    const received = answerLines(answer.slice(0, cut)).slice(0, -1);
    for (const review of ['accept', 'reject'] as const) {
      const setup = setupSession(text(ORIGINAL));
      const { session, scheduler, port } = setup;
      await stream(setup, answer.slice(0, cut), 4);
      await scheduler.advance(FRAME_MS * 2);
      const shown = linesOf(setup, session.pendingRange!);
      assert.ok(shown.includes('  return sum;'), 'changed lines are shown while pending');
      const end = await scheduler.runUntil(session.end('cancelled'));
      assert.ok(end.hunks >= 1);
      assert.equal(session.pendingRange, undefined);
      const added = session.hunks.flatMap((hunk) => linesOf(setup, hunk.added));
      assert.deepEqual(
        added,
        shown.filter((line) => !ORIGINAL.includes(line)),
        'every shown line that is not an original line is now a new line of a hunk',
      );
      const last = session.hunks.at(-1)!;
      assert.equal(port.text.slice(last.added.end), text(ORIGINAL.slice(9)) + setup.suffix, 'the rest of the selection is untouched');
      if (review === 'reject') {
        await scheduler.runUntil(session.rejectAll());
        assert.equal(port.text, setup.initial);
      } else {
        await scheduler.runUntil(session.acceptAll());
        assert.equal(regionOf(setup), text([...received, ...ORIGINAL.slice(received.length)]));
      }
    }
  });

  it('turns a 2,000-line selection with one changed line near the end into exactly one hunk with a handful of edits', async () => {
    const original = Array.from({ length: 2000 }, (_, i) => (i % 8 === 7 ? '' : `  const value${i} = compute(${i}, 'key-${i % 13}');`));
    const answer = original.map((line, i) => (i === 1990 ? "  const value1990 = compute(1990, 'changed');" : line));
    const setup = setupSession(text(original));
    const { session, scheduler, port } = setup;
    await stream(setup, text(answer), 4);
    await scheduler.runUntil(session.end('stop'));
    assert.equal(session.hunks.length, 1);
    const hunk = session.hunks[0]!;
    assert.equal(hunk.removed.startLine, 1991);
    assert.deepEqual(linesOf(setup, hunk.added), [answer[1990]]);
    assert.ok(port.calls.length <= 6, `${port.calls.length} edits`);
    assert.deepEqual(port.originalTouches, []);
    assert.equal(session.diff.end('stop').agreement?.equal, true);
  });

  it('complete(text) writes the final diff in its first edit: no pending lines shown first, the same hunks as push then end', async () => {
    const answer = replaced({ 4: '  let total = 0; // cents', 30: '      this.items.splice(index, 1); // found' });
    const pushed = setupSession(text(ORIGINAL));
    pushed.session.push(text(answer));
    await pushed.scheduler.runUntil(pushed.session.end('stop'));
    assert.ok(pushed.port.calls.length >= 2, 'push then end shows the pending tail first');

    const setup = setupSession(text(ORIGINAL));
    const { session, scheduler, port } = setup;
    const end = await scheduler.runUntil(session.complete(text(answer)));
    assert.equal(end.hunks, 2);
    assert.equal(port.calls.length, 1, `${port.calls.length} edits`);
    assert.deepEqual(port.originalTouches, []);
    assert.deepEqual(
      session.hunks.map((hunk) => linesOf(setup, hunk.added)),
      pushed.session.hunks.map((hunk) => linesOf(pushed, hunk.added)),
    );
    assert.equal(session.pendingRange, undefined);
    await scheduler.runUntil(session.acceptAll());
    assert.equal(regionOf(setup), text(answer));
  });

  it('announces each edit\'s hunks and pending lines as it is sent, equal to what the session reports once it landed', async () => {
    for (const answer of [THREE_CHANGES, REINDENTED]) {
      const setup = setupSession(text(ORIGINAL), { latencyMs: 5 });
      const { session, scheduler, port } = setup;
      const plain = (view: { hunks: readonly { removed: unknown; added: unknown }[]; pending: unknown }): unknown => ({
        hunks: view.hunks.map((hunk) => ({ removed: hunk.removed, added: hunk.added })),
        pending: view.pending,
      });
      let announced: unknown;
      let checked = 0;
      let sentAt = -1;
      session.onWillLand((view) => {
        assert.equal(announced, undefined, 'one edit in flight, one view announced');
        announced = plain(view);
        sentAt = port.calls.length;
      });
      session.onDidChange(() => {
        if (announced === undefined || port.calls.length !== sentAt) return;
        assert.deepEqual(plain({ hunks: session.hunks, pending: session.pendingRange }), announced);
        announced = undefined;
        checked++;
      });
      await stream(setup, text(answer), 5);
      await scheduler.runUntil(session.end('stop'));
      assert.equal(announced, undefined, 'every announced edit landed as announced');
      assert.ok(checked >= 2, `${checked} announced edits checked`);
    }
  });

  it('tells its listeners the state again when an announced edit failed', async () => {
    const setup = setupSession(text(ORIGINAL), { latencyMs: 5 });
    const { session, scheduler, port } = setup;
    const events: string[] = [];
    session.onWillLand((view) => events.push(`will ${view.hunks.length}`));
    session.onDidChange(() => events.push(`change ${session.hunks.length}`));
    port.refuseNext = 1;
    const end = await scheduler.runUntil(session.complete(text(THREE_CHANGES)));
    assert.equal(end.hunks, 3);
    // The refused edit was announced with its 3 hunks; the listeners then hear that none is shown.
    assert.deepEqual(events.slice(0, 3), ['will 3', 'change 0', 'will 3']);
    assert.ok(events.includes('change 3'));
    await scheduler.runUntil(session.acceptAll());
    assert.equal(regionOf(setup), text(THREE_CHANGES));
  });

  it('follows the stream frontier until the user scrolls or moves the cursor, and never again after, even back in the region', async () => {
    for (const takeOver of ['scroll', 'move'] as const) {
      const setup = setupSession(text(ORIGINAL));
      const { session, scheduler, port } = setup;
      const parts = tokens(text(REINDENTED), Math.ceil(text(REINDENTED).length / 3));
      await stream(setup, parts[0]!, 2);
      await scheduler.advance(FRAME_MS * 2);
      const first = port.calls.length;
      assert.ok(first > 0 && port.calls.every((call) => call.reveal));
      if (takeOver === 'scroll') port.userScroll();
      else port.userMove(setup.prefix.length + 3);
      await stream(setup, parts[1]!, 2);
      await scheduler.advance(FRAME_MS * 2);
      const second = port.calls.length;
      assert.ok(second > first && port.calls.slice(first).every((call) => !call.reveal), `no reveal after a ${takeOver}`);
      port.userMove(session.region.end - 1);
      await stream(setup, parts[2]!, 2);
      await scheduler.runUntil(session.end('stop'));
      assert.ok(port.calls.length > second && port.calls.slice(second).every((call) => !call.reveal), 'the cursor back in the region changes nothing');
    }
  });

  describe('hiding its lines for a save', () => {
    it('leaves what Reject All would leave while hidden, holds every edit, then puts everything back exactly', async () => {
      const setup = setupSession(text(ORIGINAL), { latencyMs: 4 });
      const { session, scheduler, port } = setup;
      const answer = text(THREE_CHANGES);
      const middle = answer.indexOf('this.indexOf(name)') + 12;
      await stream(setup, answer.slice(0, middle), 3);
      await scheduler.advance(FRAME_MS * 2);
      assert.ok(session.hunks.length >= 2 && session.pendingRange, `hunks and pending lines are shown: ${session.hunks.length} ${JSON.stringify(session.pendingRange)}`);
      const shown = port.text;
      const undoStops = port.calls.filter((call) => call.undoStopBefore).length;

      const hideCall = port.calls.length;
      await scheduler.runUntil(session.hideForSave());
      assert.equal(port.text, setup.initial, 'the original lines only: nothing of the answer');
      assert.ok(session.hunks.every((hunk) => hunk.added.start === hunk.added.end), 'no new line drawn');
      assert.equal(session.pendingRange, undefined);
      const held = port.calls.length;
      session.push(answer.slice(middle));
      const accepted = session.acceptHunk(0);
      let acceptedEarly = false;
      void accepted.then(() => (acceptedEarly = true));
      port.userEdit(0, 0, '// typed during the save\n');
      await scheduler.advance(FRAME_MS * 5);
      assert.equal(port.calls.length, held, 'no edit while held');
      assert.equal(acceptedEarly, false, 'an accept waits for the lines to be back');
      assert.equal(port.text, `// typed during the save\n${setup.initial}`);

      session.showAfterSave();
      await scheduler.advance(FRAME_MS);
      assert.equal(port.text, `// typed during the save\n${shown}`, 'back exactly as it was');
      assert.equal(port.calls[hideCall + 1]?.edits.every((edit) => edit.deleteLength === 0), true, 'the next edit only inserts');
      assert.deepEqual(
        port.originalTouches.filter((touch) => touch.call <= hideCall + 1),
        [],
        'hiding and showing never touched an original line',
      );
      // The last change has too few lines after it to anchor: it becomes a hunk only at the end.
      assert.equal(await scheduler.runUntil(accepted), 1);
      await scheduler.runUntil(session.end('stop'));
      await scheduler.runUntil(session.acceptAll());
      assert.equal(port.text, `// typed during the save\n${setup.prefix}${answer}${setup.suffix}`);
      assert.equal(port.calls.filter((call) => call.undoStopBefore).length, undoStops, 'still one undo group');
    });

    it('keeps a hunk that only adds lines listed while its lines are out for the save', async () => {
      const setup = setupSession(text(ORIGINAL));
      const { session, scheduler } = setup;
      const answer = text([...ORIGINAL.slice(0, 2), '// Prices are in cents.', ...ORIGINAL.slice(2)]);
      await stream(setup, answer, 3);
      await scheduler.runUntil(session.end('stop'));
      assert.equal(session.hunks.length, 1);
      await scheduler.runUntil(session.hideForSave());
      assert.equal(regionOf(setup), text(ORIGINAL));
      const hidden = session.hunks;
      assert.equal(hidden.length, 1, 'still listed: the count and the lenses do not change for a save');
      assert.equal(hidden[0]!.added.start, hidden[0]!.added.end, 'with an empty range');
      session.showAfterSave();
      assert.equal(await scheduler.runUntil(session.acceptHunk(0)), 0);
      assert.equal(regionOf(setup), answer);
    });

    it('waits for the edit in flight, then hides lines the user edited and a last line without terminator', async () => {
      const original = 'alpha line\nbeta line\ngamma line';
      const setup = setupSession(original, { latencyMs: 6 });
      const { session, scheduler, port } = setup;
      await stream(setup, 'ALPHA line\nbeta line\ngamma line\nGAMMA line\ndelta line', 3);
      await scheduler.runUntil(session.end('stop'));
      assert.equal(session.hunks.length, 2);
      assert.deepEqual(linesOf(setup, session.hunks[1]!.added), ['GAMMA line', 'delta line']);
      port.userEdit(port.text.indexOf('GAMMA') + 5, 0, ' (typed)');
      const calls = port.calls.length;
      const accept = session.acceptHunk(0);
      await scheduler.advance(FRAME_MS);
      assert.equal(port.calls.length, calls + 1, 'the accept is in flight');
      const hiding = session.hideForSave();
      await scheduler.runUntil(hiding);
      assert.equal(await accept, 1, 'the accept in flight landed first');
      assert.equal(port.calls.length, calls + 2, 'then one edit hid the rest');
      assert.equal(port.text, `${setup.prefix}ALPHA line\nbeta line\ngamma line`, 'no final EOL gained or lost');
      session.showAfterSave();
      await scheduler.advance(FRAME_MS);
      assert.equal(port.text, `${setup.prefix}ALPHA line\nbeta line\ngamma line\nGAMMA (typed) line\ndelta line`, 'the edited line is back as the user left it');
      assert.equal(session.hunks.length, 1);
      await scheduler.runUntil(session.rejectAll());
      assert.equal(port.text, `${setup.prefix}ALPHA line\nbeta line\ngamma line`);
      assert.equal(session.state, 'done');
    });
  });

  it('uses the document EOL for new lines and leaves a last line without terminator as it was', async () => {
    const original = 'first line\r\nsecond line\r\nthird line';
    const setup = setupSession(original, { eol: '\r\n' });
    const { session, scheduler, port } = setup;
    await stream(setup, 'first line\nsecond line!\nthird line\nfourth line\n', 3);
    await scheduler.runUntil(session.end('stop'));
    assert.equal(port.text.replace(/\r\n/g, '').includes('\n'), false, 'no lone LF');
    assert.deepEqual(port.originalTouches, []);
    await scheduler.runUntil(session.acceptAll());
    assert.equal(regionOf(setup), 'first line\r\nsecond line!\r\nthird line\r\nfourth line');
    assert.equal(regionText(['a', 'b'], '\r\n', true), 'a\r\nb');
  });

  it('stops when the document closes: end resolves, no edit after, nothing left listening', async () => {
    const setup = setupSession(text(ORIGINAL));
    const { session, scheduler, port } = setup;
    const answer = text(REINDENTED);
    await stream(setup, answer.slice(0, 300), 3);
    await scheduler.advance(FRAME_MS);
    port.close();
    const calls = port.calls.length;
    session.push(answer.slice(300));
    const end = await scheduler.runUntil(session.end('stop'));
    assert.equal(end.documentClosed, true);
    assert.equal(session.state, 'closed');
    assert.equal(await session.acceptAll(), end.hunks);
    assert.equal(port.calls.length, calls);
    assert.equal(port.sessionListeners, 0);
    assert.equal(port.scrollListenerCount, 0);
    assert.equal(scheduler.pendingTimers, 0);
  });

  it('dispose() mid-stream cancels the frame and resolves what was waiting', async () => {
    const setup = setupSession(text(ORIGINAL));
    const { session, scheduler, port } = setup;
    await stream(setup, text(REINDENTED).slice(0, 200), 1);
    session.push('more text\n');
    session.dispose();
    assert.equal(session.state, 'disposed');
    assert.equal(scheduler.pendingTimers, 0);
    assert.equal(port.sessionListeners, 0);
    assert.equal(port.scrollListenerCount, 0);
    const end = await session.end('cancelled');
    assert.equal(end.documentClosed, false);
  });
});
