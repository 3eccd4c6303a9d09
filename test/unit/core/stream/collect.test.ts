import * as assert from 'node:assert/strict';
import { consumeStream } from '../../../../src/core/stream/collect';
import { ManualStream } from '../../../support/fakes/ScriptedProvider';

describe('consumeStream', () => {
  it('collects text, usage and metrics, and keeps text when the provider breaks its contract', async () => {
    const metrics = { elapsedMs: 5, completionTokens: 2, estimated: false };
    const good = new ManualStream();
    good.delta('a', 'b');
    good.push({ type: 'finish', reason: 'stop', usage: { completionTokens: 2, estimated: false }, metrics });
    const seen: string[] = [];
    assert.deepEqual(await consumeStream(good, (t) => seen.push(t)), {
      text: 'ab',
      finishReason: 'stop',
      usage: { completionTokens: 2, estimated: false },
      error: undefined,
      metrics,
    });
    assert.deepEqual(seen, ['a', 'b']);
    const broken = new ManualStream();
    broken.delta('partial');
    broken.fail(new Error('boom'));
    const result = await consumeStream(broken);
    assert.equal(result.text, 'partial');
    assert.equal(result.finishReason, 'error');
  });

  it('drops the reasoning when the finish says it was the answer, and tells the observer', async () => {
    const metrics = { elapsedMs: 5, completionTokens: 2, estimated: false };
    const stream = new ManualStream();
    stream.push({ type: 'reasoning', text: 'x = 1' });
    stream.delta('x = 1');
    stream.push({ type: 'finish', reason: 'stop', metrics, reasoningWasAnswer: true });
    const calls: string[] = [];
    const result = await consumeStream(stream, (t) => calls.push(`delta ${t}`), {
      onReasoning: (t) => calls.push(`reasoning ${t}`),
      onReasoningRetracted: () => calls.push('retracted'),
    });
    assert.equal(result.text, 'x = 1');
    assert.equal(result.reasoning, undefined);
    assert.deepEqual(calls, ['reasoning x = 1', 'delta x = 1', 'retracted']);
  });
});
