import * as assert from 'node:assert/strict';
import { EditAnswer } from '../../../../src/core/edit/EditAnswer';
import type { FinishReason, StreamError, StreamEvent, Usage } from '../../../../src/core/stream/types';
import { zeroMetrics } from '../../../support/fakes/ScriptedProvider';
import { setupSession, tokens, type Setup } from './sessionDriver';

/** The selected lines: indented by two spaces. */
const ORIGINAL = ['  function area(r) {', '    return 3.14 * r * r;', '  }', '  function perimeter(r) {', '    return 2 * 3.14 * r;', '  }']
  .map((line) => `${line}\n`)
  .join('');

/** The model's answer as it writes it: a sentence, fenced code at column 0, a sentence. */
const RAW = 'Here it is:\n```js\nfunction area(r) {\n  return Math.PI * r * r;\n}\nfunction perimeter(r) {\n  return 2 * Math.PI * r;\n}\n```\nDone.\n';

/** The code, re-indented to the selection's column. */
const CODE = ['  function area(r) {', '    return Math.PI * r * r;', '  }', '  function perimeter(r) {', '    return 2 * Math.PI * r;', '  }'].map((line) => `${line}\n`).join('');

async function* events(
  texts: readonly string[],
  reason: FinishReason,
  options: { error?: StreamError; usage?: Usage; reasoning?: string; reasoningWasAnswer?: true } = {},
): AsyncGenerator<StreamEvent> {
  if (options.reasoning) yield { type: 'reasoning', text: options.reasoning };
  for (const text of texts) yield { type: 'delta', text };
  if (options.usage) yield { type: 'usage', usage: options.usage };
  const retracted = options.reasoningWasAnswer ? { reasoningWasAnswer: true as const } : {};
  yield reason === 'error'
    ? { type: 'finish', reason, error: options.error ?? { kind: 'connection', message: 'The connection broke.' }, metrics: zeroMetrics, ...retracted }
    : { type: 'finish', reason, metrics: zeroMetrics, ...retracted };
}

function regionOf(setup: Setup): string {
  return setup.port.text.slice(setup.prefix.length, setup.port.text.length - setup.suffix.length);
}

const noAbort = (): void => undefined;

describe('EditAnswer', () => {
  it('a round cut at any point leaves the session streaming; the rest through the same transforms gives exactly the uncut rewrite, and Accept All leaves it', async () => {
    const uncut = setupSession(ORIGINAL);
    const whole = new EditAnswer(uncut.session, '  ');
    await whole.round(events(tokens(RAW, 3), 'stop'), noAbort);
    await uncut.scheduler.runUntil(whole.finish('stop'));
    await uncut.scheduler.runUntil(uncut.session.acceptAll());
    assert.equal(regionOf(uncut), CODE, 'the uncut rewrite, accepted');
    for (let cut = 1; cut < RAW.length; cut++) {
      const setup = setupSession(ORIGINAL);
      const answer = new EditAnswer(setup.session, '  ');
      const first = await answer.round(events(tokens(RAW.slice(0, cut), 3), 'length'), noAbort);
      await setup.scheduler.advance(100);
      assert.ok(answer.continuable(first), `cut at ${cut} is continuable`);
      assert.equal(setup.session.state, 'streaming', `cut at ${cut}: the session waits`);
      assert.equal(answer.raw, RAW.slice(0, cut), 'the raw answer is what a continuation continues');
      const second = await answer.round(events(tokens(RAW.slice(cut), 5), 'stop'), noAbort);
      assert.ok(!answer.continuable(second));
      const end = await setup.scheduler.runUntil(answer.finish(second.reason));
      assert.equal(end.reason, 'stop');
      assert.equal(answer.raw, RAW);
      assert.equal(answer.text, whole.text, `cut at ${cut}: the joined rewrite`);
      await setup.scheduler.runUntil(setup.session.acceptAll());
      assert.equal(regionOf(setup), CODE, `cut at ${cut}: Accept All`);
    }
  });

  it('finishing a cut with its reason ends the session exactly as an edit that was never paused', async () => {
    for (const cut of [20, 45, 70, 100]) {
      const paused = setupSession(ORIGINAL);
      const answer = new EditAnswer(paused.session, '  ');
      const round = await answer.round(events(tokens(RAW.slice(0, cut), 4), 'length'), noAbort);
      await paused.scheduler.advance(100);
      const pausedEnd = await paused.scheduler.runUntil(answer.finish(round.reason));

      // The same cut, ended at once, the way Edit Selection ended every cut before it could pause.
      const direct = setupSession(ORIGINAL);
      const once = new EditAnswer(direct.session, '  ');
      await once.round(events(tokens(RAW.slice(0, cut), 4), 'length'), noAbort);
      const directEnd = await direct.scheduler.runUntil(once.finish('length'));

      assert.equal(pausedEnd.reason, 'length');
      assert.equal(pausedEnd.hunks, directEnd.hunks, `cut at ${cut}: the same changes to review`);
      assert.equal(paused.port.text, direct.port.text, `cut at ${cut}: the same document`);
      assert.equal(answer.text, once.text);
      await paused.scheduler.runUntil(paused.session.rejectAll());
      assert.equal(paused.port.text, paused.initial, 'Reject All restores the original');
    }
  });

  it('adds up the usage of every round and keeps reasoning out of the document', async () => {
    const setup = setupSession(ORIGINAL);
    const answer = new EditAnswer(setup.session, '  ');
    await answer.round(events([RAW.slice(0, 50)], 'length', { usage: { promptTokens: 40, completionTokens: 12, totalTokens: 52, estimated: false }, reasoning: 'Use Math.PI.' }), noAbort);
    const last = await answer.round(events([RAW.slice(50)], 'stop', { usage: { promptTokens: 60, completionTokens: 20, totalTokens: 80, estimated: false } }), noAbort);
    await setup.scheduler.runUntil(answer.finish(last.reason));
    assert.deepEqual(answer.usage, { promptTokens: 100, completionTokens: 32, totalTokens: 132, estimated: false });
    assert.deepEqual(last.usage, { promptTokens: 60, completionTokens: 20, totalTokens: 80, estimated: false }, 'a round reports its own usage');
    assert.equal(answer.reasoning, 'Use Math.PI.');
    assert.ok(!setup.port.text.includes('Math.PI.'), 'no reasoning in the document');
  });

  it("drops a round's reasoning when its finish says it was the answer; earlier rounds' stays", async () => {
    const setup = setupSession(ORIGINAL);
    const answer = new EditAnswer(setup.session, '  ');
    await answer.round(events([RAW.slice(0, 50)], 'length', { reasoning: 'Use Math.PI.' }), noAbort);
    const last = await answer.round(events([RAW.slice(50)], 'stop', { reasoning: RAW.slice(50), reasoningWasAnswer: true }), noAbort);
    await setup.scheduler.runUntil(answer.finish(last.reason));
    assert.equal(answer.reasoning, 'Use Math.PI.');
  });

  it('continues only a cut with answer text, at the token limit or by a broken stream, while the session streams', async () => {
    const cases: { name: string; texts: string[]; reason: FinishReason; error?: StreamError; continuable: boolean }[] = [
      { name: 'token limit', texts: [RAW.slice(0, 40)], reason: 'length', continuable: true },
      { name: 'connection broke', texts: [RAW.slice(0, 40)], reason: 'error', error: { kind: 'connection', message: 'reset' }, continuable: true },
      { name: 'server error event', texts: [RAW.slice(0, 40)], reason: 'error', error: { kind: 'streamError', message: 'overloaded' }, continuable: true },
      { name: 'stop', texts: [RAW], reason: 'stop', continuable: false },
      { name: 'cancelled', texts: [RAW.slice(0, 40)], reason: 'cancelled', continuable: false },
      { name: 'content filter', texts: [RAW.slice(0, 40)], reason: 'error', error: { kind: 'contentFilter', message: 'filtered' }, continuable: false },
      { name: 'no answer text', texts: [], reason: 'length', continuable: false },
    ];
    for (const c of cases) {
      const setup = setupSession(ORIGINAL);
      const answer = new EditAnswer(setup.session, '  ');
      const round = await answer.round(events(c.texts, c.reason, c.error ? { error: c.error } : {}), noAbort);
      assert.equal(answer.continuable(round), c.continuable, c.name);
      await setup.scheduler.runUntil(answer.finish(round.reason));
      assert.equal(answer.continuable(round), false, `${c.name}: not after finish`);
      await assert.rejects(answer.round(events(['x'], 'stop'), noAbort), /finished/, `${c.name}: no round after finish`);
    }
  });

  it('a closed document ends the round at once, aborting the request, and the cut is not continuable', async () => {
    const setup = setupSession(ORIGINAL);
    const answer = new EditAnswer(setup.session, '  ');
    let aborted = 0;
    setup.port.close();
    const round = await answer.round(events(tokens(RAW, 4), 'length'), () => aborted++);
    assert.equal(round.reason, 'cancelled');
    assert.equal(aborted, 1);
    assert.equal(answer.raw, RAW.slice(0, 4), 'nothing read after the close');
    assert.ok(!answer.continuable(round));
  });
});
