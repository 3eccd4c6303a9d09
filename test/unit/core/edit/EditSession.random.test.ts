import * as assert from 'node:assert/strict';
import { type FinishReason } from '../../../../src/core/stream/types';
import { answerLines, regionText, setupSession, stream, tokens } from './sessionDriver';

/** A small deterministic generator (LCG), so every run sees the same cases. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Lines that repeat a lot, as code does: braces, blank lines, `return`, the same statement twice. */
const VOCABULARY = ['total', 'items', 'value', 'return', 'if (x) {', '}', '', 'const a = 1;', 'log(a);', 'for (const i of list) {', '  }', 'export function f() {', 'sum += i;'];

interface RandomCase {
  readonly original: string;
  readonly answer: string;
  readonly reason: FinishReason;
  readonly eol: '\n' | '\r\n';
  readonly endsDocument: boolean;
}

/** An original of up to 40 lines and a rewrite that deletes, replaces, inserts and re-indents some of them. */
function randomCase(next: () => number): RandomCase {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const original = Array.from({ length: Math.floor(next() * 40) }, () => pick(VOCABULARY) + (next() < 0.5 ? ` ${Math.floor(next() * 5)}` : ''));
  const rewritten: string[] = [];
  for (const line of original) {
    const roll = next();
    if (roll < 0.1) continue;
    if (roll < 0.2) rewritten.push(pick(VOCABULARY));
    else if (roll < 0.28) rewritten.push(line, pick(VOCABULARY));
    else if (roll < 0.32) rewritten.push(`  ${line}`);
    else rewritten.push(line);
  }
  if (next() < 0.2) rewritten.push(pick(VOCABULARY));
  const eol = next() < 0.3 ? '\r\n' : '\n';
  let text = original.map((line) => line + eol).join('');
  if (text !== '' && next() < 0.3) text = text.slice(0, -eol.length);
  let answer = rewritten.map((line) => `${line}\n`).join('');
  if (next() < 0.2) answer = answer.slice(0, -1);
  const reason = pick(['stop', 'stop', 'stop', 'cancelled', 'length'] as const);
  if (reason !== 'stop') answer = answer.slice(0, Math.floor(next() * answer.length));
  return { original: text, answer, reason, eol, endsDocument: text !== '' && !text.endsWith('\n') };
}

describe('EditSession with random rewrites', function () {
  this.timeout(60_000);

  it('200 fixed seeds, user typing around the region while edits travel: Accept All = the result, Reject All = the original', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed);
      const edit = randomCase(next);
      const setup = setupSession(edit.original, { eol: edit.eol, latencyMs: Math.floor(next() * 30) });
      const { port, session, scheduler } = setup;
      const typeAround = next() < 0.5;
      let above = 0;
      let below = 0;
      port.beforeLand = () => {
        if (!typeAround || next() >= 0.3) return;
        if (next() < 0.5 || edit.endsDocument) {
          port.userEdit(0, 0, '~');
          above++;
        } else {
          port.userEdit(port.text.length, 0, '~\n');
          below++;
        }
      };
      const message = `seed ${seed}`;
      await stream(setup, edit.answer, 1 + Math.floor(next() * 12), 1 + Math.floor(next() * 3));
      const end = await scheduler.runUntil(session.end(edit.reason));
      port.beforeLand = undefined;
      assert.deepEqual(port.originalTouches, [], message);
      const region = (): string => port.text.slice(above + setup.prefix.length, port.text.length - below * 2 - setup.suffix.length);
      if (next() < 0.5) {
        await scheduler.runUntil(session.rejectAll());
        assert.equal(region(), edit.original, message);
      } else {
        await scheduler.runUntil(session.acceptAll());
        assert.equal(region(), regionText(end.summary.result, edit.eol, edit.endsDocument), message);
        if (edit.reason === 'stop') assert.equal(region(), regionText(answerLines(edit.answer), edit.eol, edit.endsDocument), message);
      }
      assert.equal(session.state, 'done', message);
    }
  });

  it('200 fixed seeds, user typing and deleting anywhere, inside the region too: no edit ever touches what the session did not write', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed * 7919);
      const edit = randomCase(next);
      const setup = setupSession(edit.original, { eol: edit.eol, latencyMs: Math.floor(next() * 20) });
      const { port, session, scheduler } = setup;
      const type = (): void => {
        const at = Math.floor(next() * (port.text.length + 1));
        const deleted = next() < 0.3 ? Math.min(Math.floor(next() * 4), port.text.length - at) : 0;
        port.userEdit(at, deleted, ['z', 'zz', '\n', `q${edit.eol}`, ''][Math.floor(next() * 5)]!);
      };
      port.beforeLand = () => {
        if (next() < 0.2) type();
      };
      const message = `seed ${seed}`;
      for (const token of tokens(edit.answer, 3)) {
        session.push(token);
        if (next() < 0.05) type();
        await scheduler.advance(1);
        const { start, end } = session.region;
        assert.ok(start >= 0 && start <= end && end <= port.text.length, message);
      }
      await scheduler.runUntil(session.end(edit.reason));
      port.beforeLand = undefined;
      assert.deepEqual(port.originalTouches, [], message);
      for (const hunk of session.hunks) assert.ok(hunk.removed.start <= hunk.removed.end && hunk.added.start <= hunk.added.end && hunk.added.end <= port.text.length, message);
      await scheduler.runUntil(next() < 0.5 ? session.acceptAll() : session.rejectAll());
      assert.equal(session.state, 'done', message);
      assert.equal(scheduler.pendingTimers, 0, message);
    }
  });
});
