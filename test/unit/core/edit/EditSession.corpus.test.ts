import * as assert from 'node:assert/strict';
import { splitLines } from '../../../../src/core/edit/lineDiff';
import { EDIT_CORPUS, type EditCase } from './editCorpus';
import { answerLines, regionText, setupSession, stream } from './sessionDriver';

/** Token sizes every case is streamed with: single characters up to whole chunks. */
const TOKEN_SIZES = [1, 2, 5, 16, 97];

/** Fewer fake milliseconds for long answers (time does not change what is decided, only how edits coalesce). */
function tokensPerMs(answer: string, size: number): number {
  return Math.max(1, Math.floor(answer.length / size / 400));
}

interface Run {
  readonly agrees: boolean;
  readonly streamed: number;
  readonly total: number;
}

async function runCase(editCase: EditCase, size: number, review: 'accept' | 'reject'): Promise<Run> {
  const eol = editCase.eol ?? '\n';
  const setup = setupSession(editCase.original, { eol });
  const { session, scheduler, port, prefix, suffix, initial } = setup;
  const reason = editCase.reason ?? 'stop';
  await stream(setup, editCase.answer, size, tokensPerMs(editCase.answer, size));
  const end = await scheduler.runUntil(session.end(reason));
  assert.deepEqual(port.originalTouches, [], 'no edit touched an original line while streaming');
  assert.equal(port.maxConcurrentApplies <= 1, true, 'one edit in flight');

  const original = splitLines(editCase.original).lines;
  const endsDocument = editCase.original !== '' && !editCase.original.endsWith('\n');
  if (review === 'reject') {
    const open = await scheduler.runUntil(session.rejectAll());
    assert.equal(open, 0);
    assert.equal(port.text, initial, 'Reject All gives back the original byte for byte');
  } else {
    const open = await scheduler.runUntil(session.acceptAll());
    assert.equal(open, 0);
    const region = port.text.slice(prefix.length, port.text.length - suffix.length);
    assert.ok(port.text.startsWith(prefix) && port.text.endsWith(suffix), 'text around the region is untouched');
    assert.equal(region, regionText(end.summary.result, eol, endsDocument), 'the region holds the result');
    const received = answerLines(editCase.answer);
    if (reason === 'stop') {
      assert.equal(region, regionText(received, eol, endsDocument), 'Accept All gives exactly the answer');
    } else {
      // A cut: the complete lines received, maybe the partial line that was shown, then the rest of the original untouched.
      const complete = editCase.answer.endsWith('\n') ? received : received.slice(0, -1);
      const result = end.summary.result;
      assert.deepEqual(result.slice(0, complete.length), complete, 'the received lines come first');
      let rest = result.slice(complete.length);
      if (rest.length > 0 && complete.length < received.length && rest[0] === received.at(-1)) rest = rest.slice(1);
      assert.deepEqual(rest, original.slice(original.length - rest.length), 'then the original, as it was');
    }
  }
  assert.equal(session.state, 'done');
  assert.equal(port.finishCalls, port.calls.length > 0 ? 1 : 0, 'the undo group is closed once');
  assert.equal(port.sessionListeners, 0);
  assert.equal(scheduler.pendingTimers, 0);
  const total = end.summary.hunks.length;
  return { agrees: end.summary.agreement?.equal === true, streamed: total - end.summary.tailHunks, total };
}

describe('Edit Selection corpus', function () {
  this.timeout(120_000);
  const runs: Array<Run & { name: string; size: number }> = [];

  it(`has at least 40 cases`, () => {
    assert.ok(EDIT_CORPUS.length >= 40, `${EDIT_CORPUS.length} cases`);
  });

  for (const editCase of EDIT_CORPUS) {
    it(`${editCase.name}: streamed in tokens of ${TOKEN_SIZES.join(', ')} characters, no hunk retracted, Accept All = answer, Reject All = original`, async () => {
      for (const size of TOKEN_SIZES) {
        const accepted = await runCase(editCase, size, 'accept');
        const rejected = await runCase(editCase, size, 'reject');
        assert.deepEqual(rejected, accepted, 'the same hunks whichever way the review goes');
        runs.push({ ...accepted, name: editCase.name, size });
      }
    });
  }

  it('commits the final Myers hunks in at least 95% of (case, token size) runs', function () {
    assert.equal(runs.length, EDIT_CORPUS.length * TOKEN_SIZES.length, 'every run above passed');
    const agreeing = runs.filter((run) => run.agrees).length;
    const share = agreeing / runs.length;
    const hunks = runs.reduce((sum, run) => sum + run.total, 0);
    const streamed = runs.reduce((sum, run) => sum + run.streamed, 0);
    const differing = [...new Set(runs.filter((run) => !run.agrees).map((run) => run.name))];
    console.log(
      `      corpus: committed hunks = final Myers hunks in ${agreeing}/${runs.length} runs (${(share * 100).toFixed(1)}%); ` +
        `${streamed}/${hunks} hunks committed while streaming; differing: ${differing.join('; ') || 'none'}`,
    );
    assert.ok(share >= 0.95, `${(share * 100).toFixed(1)}%`);
  });
});
