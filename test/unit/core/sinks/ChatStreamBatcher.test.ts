import * as assert from 'node:assert/strict';
import { ChatStreamBatcher } from '../../../../src/core/sinks/ChatStreamBatcher';
import { FRAME_MS } from '../../../../src/core/scheduler';
import { isHostMessage, type HostMessage } from '../../../../src/shared/protocol';
import { FakeScheduler } from '../../../support/fakes/FakeScheduler';

function setup() {
  const scheduler = new FakeScheduler();
  const posted: HostMessage[] = [];
  const batcher = new ChatStreamBatcher((m) => posted.push(m), scheduler);
  const chunks = (id?: string) =>
    posted.filter((m): m is Extract<HostMessage, { type: 'streamChunk' }> => m.type === 'streamChunk' && (!id || m.id === id));
  return { scheduler, posted, batcher, chunks };
}

describe('ChatStreamBatcher', () => {
  it('posts the first chunk at once', () => {
    const { batcher, posted } = setup();
    batcher.push('a', 'Hel');
    assert.deepEqual(posted, [{ type: 'streamChunk', id: 'a', text: 'Hel', offset: 0 }]);
  });

  it('coalesces later deltas into at most one chunk per frame', async () => {
    const { batcher, scheduler, chunks } = setup();
    batcher.push('a', 'x');
    for (let i = 0; i < 100; i++) batcher.push('a', 'y');
    assert.equal(chunks().length, 1, 'nothing more within the frame');
    await scheduler.advance(FRAME_MS);
    assert.equal(chunks().length, 2);
    assert.equal(chunks()[1].text, 'y'.repeat(100));
    assert.equal(chunks()[1].offset, 1);
  });

  it('never posts more than one chunk per frame at any token rate, and loses nothing', async () => {
    const { batcher, scheduler, chunks } = setup();
    let sent = '';
    // 1000 tokens at 1 ms intervals: a very fast local model.
    for (let i = 0; i < 1000; i++) {
      const token = `t${i} `;
      sent += token;
      batcher.push('a', token);
      await scheduler.advance(1);
    }
    batcher.done('a', 'stop');
    const all = chunks('a');
    assert.ok(all.length <= Math.ceil(1000 / FRAME_MS) + 2, `${all.length} chunks`);
    for (let i = 1; i < all.length; i++) assert.equal(all[i].offset, all[i - 1].offset + all[i - 1].text.length);
    assert.equal(all.map((c) => c.text).join(''), sent);
  });

  it('posts a slow stream token by token, without waiting a frame', async () => {
    const { batcher, scheduler, chunks } = setup();
    for (const token of ['a', 'b', 'c']) {
      batcher.push('m', token);
      await scheduler.advance(100);
    }
    assert.deepEqual(chunks().map((c) => c.text), ['a', 'b', 'c']);
  });

  it('streams reasoning as streamReasoning with its own offsets, in the same frames as the answer, reasoning first', async () => {
    const { batcher, scheduler, posted } = setup();
    batcher.pushReasoning('a', 'Think');
    batcher.pushReasoning('a', 'ing');
    batcher.pushReasoning('a', '...');
    batcher.push('a', 'An');
    batcher.push('a', 'swer');
    assert.deepEqual(posted, [{ type: 'streamReasoning', id: 'a', text: 'Think', offset: 0 }], 'the first post at once, nothing more in its frame');
    await scheduler.advance(FRAME_MS);
    assert.deepEqual(posted.slice(1), [
      { type: 'streamReasoning', id: 'a', text: 'ing...', offset: 5 },
      { type: 'streamChunk', id: 'a', text: 'Answer', offset: 0 },
    ]);
    batcher.pushReasoning('a', '!');
    batcher.done('a', 'stop');
    assert.deepEqual(posted.slice(3).map((m) => m.type), ['streamReasoning', 'streamDone'], 'done flushes pending reasoning first');
    for (const m of posted) assert.ok(isHostMessage(JSON.parse(JSON.stringify(m))), JSON.stringify(m));
  });

  it('takes reasoning back: pending reasoning is dropped, the view is told at once, and later reasoning continues from there', async () => {
    const { batcher, scheduler, posted } = setup();
    batcher.pushReasoning('a', 'x = 1');
    batcher.pushReasoning('a', '\n');
    batcher.push('a', 'x = 1\n');
    batcher.retractReasoning('a', 0);
    assert.deepEqual(posted, [
      { type: 'streamReasoning', id: 'a', text: 'x = 1', offset: 0 },
      { type: 'reasoningRetracted', id: 'a', length: 0 },
    ]);
    await scheduler.advance(FRAME_MS);
    batcher.pushReasoning('a', 'Hmm');
    batcher.done('a', 'stop');
    assert.deepEqual(posted.slice(2), [
      { type: 'streamChunk', id: 'a', text: 'x = 1\n', offset: 0 },
      { type: 'streamReasoning', id: 'a', text: 'Hmm', offset: 0 },
      { type: 'streamDone', id: 'a', finishReason: 'stop', metrics: undefined },
    ]);
    for (const m of posted) assert.ok(isHostMessage(JSON.parse(JSON.stringify(m))), JSON.stringify(m));
  });

  it('throttles each message id on its own', () => {
    const { batcher, chunks } = setup();
    batcher.push('a', '1');
    batcher.push('b', '1');
    batcher.push('a', '2');
    batcher.push('b', '2');
    assert.deepEqual(chunks().map((c) => `${c.id}${c.text}`), ['a1', 'b1']);
  });

  it('flushes pending text before streamDone', async () => {
    const { batcher, posted, scheduler } = setup();
    batcher.push('a', 'x');
    batcher.push('a', 'y');
    batcher.done('a', 'stop', { elapsedMs: 1000, completionTokens: 10, timeToFirstTokenMs: 200, tokensPerSecond: 12.5, estimated: false });
    assert.deepEqual(
      posted.map((m) => m.type),
      ['streamChunk', 'streamChunk', 'streamDone'],
    );
    assert.deepEqual(posted[2], {
      type: 'streamDone',
      id: 'a',
      finishReason: 'stop',
      metrics: { timeToFirstTokenMs: 200, elapsedMs: 1000, completionTokens: 10, promptTokens: undefined, tokensPerSecond: 12.5, estimated: false },
    });
    assert.equal(scheduler.pendingTimers, 0, 'timer cancelled');
    await scheduler.advance(100);
    assert.equal(posted.length, 3, 'nothing after done');
  });

  it('flushes before streamError and keeps the usage numbers', () => {
    const { batcher, posted } = setup();
    batcher.push('a', 'x');
    batcher.push('a', 'partial');
    batcher.error('a', 'Connection lost.', 'retry', undefined, { completionTokens: 3, estimated: true });
    assert.deepEqual(posted.slice(1), [
      { type: 'streamChunk', id: 'a', text: 'partial', offset: 1 },
      {
        type: 'streamError',
        id: 'a',
        message: 'Connection lost.',
        action: 'retry',
        metrics: { timeToFirstTokenMs: undefined, elapsedMs: 0, completionTokens: 3, promptTokens: undefined, tokensPerSecond: undefined, estimated: true },
      },
    ]);
  });

  it('dispose cancels the timer and ignores later input', async () => {
    const { batcher, posted, scheduler } = setup();
    batcher.push('a', 'x');
    batcher.push('a', 'y');
    assert.equal(scheduler.pendingTimers, 1);
    batcher.dispose();
    assert.equal(scheduler.pendingTimers, 0);
    batcher.push('a', 'z');
    batcher.done('a', 'stop');
    await scheduler.advance(1000);
    assert.equal(posted.length, 1);
  });

  it('ignores empty deltas and never awaits post', async () => {
    const scheduler = new FakeScheduler();
    const posted: HostMessage[] = [];
    // A post that returns a never-settling promise (postMessage can hang) must not block anything.
    const batcher = new ChatStreamBatcher((m) => {
      posted.push(m);
      return new Promise<never>(() => {}) as unknown as void;
    }, scheduler);
    batcher.push('a', '');
    assert.equal(posted.length, 0);
    batcher.push('a', 'x');
    batcher.push('a', 'y');
    await scheduler.advance(FRAME_MS);
    batcher.done('a', 'cancelled');
    assert.deepEqual(posted.map((m) => m.type), ['streamChunk', 'streamChunk', 'streamDone']);
  });

  it('posts only messages the webview guard accepts', () => {
    const { batcher, posted } = setup();
    batcher.push('a', 'x');
    batcher.push('a', 'y');
    batcher.done('a', 'length', { elapsedMs: 5, completionTokens: 1, estimated: true });
    batcher.push('b', 'x');
    batcher.error('b', 'boom');
    // What postMessage does to undefined fields: JSON drops them.
    for (const m of posted) assert.ok(isHostMessage(JSON.parse(JSON.stringify(m))), JSON.stringify(m));
  });
});
