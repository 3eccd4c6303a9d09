// ChatController's Continue (a cut answer finished in place, by hand or automatically), apart from the
// rest of its suite because it needs providers that answer each request differently.
import * as assert from 'node:assert/strict';
import type { ChatGenerationResult } from '../../../../src/core/chat/ChatController';
import { ConversationStore } from '../../../../src/core/chat/ConversationStore';
import type { GenerationResult, RawProvider } from '../../../../src/core/stream/types';
import type { HostMessage } from '../../../../src/shared/protocol';
import { settle } from '../../../support/fakes/FakeScheduler';
import { ScriptedProvider } from '../../../support/fakes/ScriptedProvider';
import { chatSetup } from './chatHarness';

function setup(provider: RawProvider, autoContinue = 0) {
  const { posted, store, storage, controller, scheduler } = chatSetup(provider, { autoContinue });
  /** The answer's end; a send that was refused (no message) fails the test. */
  const finished = async (answer: Promise<GenerationResult | ChatGenerationResult>): Promise<ChatGenerationResult> => {
    const result = await scheduler.runUntil(answer);
    assert.ok('messageId' in result, `no answer was started: ${result.error?.message}`);
    return result;
  };
  return { posted, store, storage, controller, finished };
}

type Posted<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;
const ofType = <T extends HostMessage['type']>(posted: HostMessage[], type: T): Posted<T>[] => posted.filter((m): m is Posted<T> => m.type === type);

/** What the view shows for answer `id`: every chunk applied at its offset (a gap or overlap fails). */
function viewText(posted: HostMessage[], id: string): string {
  let text = '';
  for (const chunk of ofType(posted, 'streamChunk').filter((m) => m.id === id)) {
    assert.equal(chunk.offset, text.length, `chunk at ${chunk.offset} follows the ${text.length} characters shown`);
    text += chunk.text;
  }
  return text;
}

const PARTIAL = ['Here:\n', '```py\n', 'a = 1\n', 'b = '];
// What a chat model sends when asked to go on without a prefill: the block re-opened, the cut line again.
const PLAIN_REPLY = ['```py\n', 'b = 2\n', 'c = 3\n', '```\n'];
const JOINED = 'Here:\n```py\na = 1\nb = 2\nc = 3\n```\n';

describe('ChatController: continuing a cut answer', () => {
  it('continues an answer cut at the token limit in the same message: one code block, usage added, "continued"', async () => {
    const provider = new ScriptedProvider([
      { deltas: PARTIAL, end: 'length', usage: { completionTokens: 4 } },
      { deltas: PLAIN_REPLY, usage: { completionTokens: 5 } },
    ]);
    const { posted, store, storage, controller, finished } = setup(provider);
    const cut = await finished(controller.send('Write three assignments'));
    assert.equal(cut.finishReason, 'length');
    assert.equal(cut.text, PARTIAL.join(''));
    const id = cut.messageId;
    assert.deepEqual(ofType(posted, 'streamStart').map((m) => m.id), [id]);
    assert.equal(ofType(posted, 'streamDone').at(-1)?.continuable, true);
    assert.equal(store.findMessage(id)?.message.continuable, true);

    const joined = await finished(controller.continue(id));
    assert.equal(joined.messageId, id);
    assert.equal(joined.finishReason, 'stop');
    assert.equal(joined.text, JOINED);
    assert.equal(joined.usage?.completionTokens, 9);
    assert.deepEqual(ofType(posted, 'streamResume'), [{ type: 'streamResume', id, conversationId: store.current().id }]);
    assert.equal(viewText(posted, id), JOINED, 'the view appends the repaired continuation to the same message');
    const done = ofType(posted, 'streamDone').at(-1);
    assert.deepEqual([done?.id, done?.finishReason, done?.continuable, done?.continued, done?.metrics?.completionTokens], [id, 'stop', undefined, 1, 9]);
    const stored = new ConversationStore(storage).current().messages;
    assert.deepEqual(
      stored.map((m) => [m.role, m.text, m.status, m.continued, m.continuable]),
      [
        ['user', 'Write three assignments', 'done', undefined, undefined],
        ['assistant', JOINED, 'done', 1, undefined],
      ],
    );
    const request = provider.requests[1]!;
    assert.deepEqual(
      request.messages.map((m) => [m.role, m.content.slice(0, 12)]),
      [
        ['user', 'Write three '],
        ['assistant', 'Here:\n```py\n'],
        ['user', 'Your previou'],
      ],
      'the fallback request: the question, the cut answer, the instruction',
    );
  });

  it('continues an answer cut by a broken stream after some text, and not one the user stopped', async () => {
    const broken = setup(new ScriptedProvider([{ deltas: PARTIAL, end: { kind: 'interrupted', message: 'The connection closed.' } }, { deltas: PLAIN_REPLY }]));
    const cut = await broken.finished(broken.controller.send('q'));
    assert.equal(cut.finishReason, 'error');
    const error = ofType(broken.posted, 'streamError').at(-1);
    assert.equal(error?.continuable, true);
    const joined = await broken.finished(broken.controller.continue(cut.messageId));
    assert.equal(joined.text, JOINED);
    assert.equal(broken.store.findMessage(cut.messageId)?.message.error, undefined, 'the error is gone once the answer is complete');

    const stopped = setup(new ScriptedProvider({ deltas: ['partial ', 'never'], hangBefore: 1 }));
    const pending = stopped.controller.send('q');
    for (let i = 0; i < 100 && !ofType(stopped.posted, 'streamChunk').length; i++) await settle();
    stopped.controller.stopAll();
    const result = await pending;
    assert.equal(result.finishReason, 'cancelled');
    assert.ok('messageId' in result);
    assert.equal(stopped.store.findMessage(result.messageId)?.message.continuable, undefined);
    const refused = await stopped.controller.continue(result.messageId);
    assert.equal(refused.error?.kind, 'nothingToContinue');
  });

  it('resolves at once with a nothingToContinue error for an unknown id, a complete answer or a question', async () => {
    const { controller, finished, store } = setup(new ScriptedProvider({ deltas: ['done'] }));
    const complete = await finished(controller.send('q'));
    for (const [id, words] of [
      ['m-nope', /No chat answer has the id "m-nope"/],
      [complete.messageId, /not cut off/],
      [store.current().messages[0]!.id, /No chat answer/],
    ] as const) {
      const result = await controller.continue(id);
      assert.equal(result.finishReason, 'error');
      assert.equal(result.error?.kind, 'nothingToContinue');
      assert.match(result.error?.message ?? '', words);
    }
  });

  it('stops a continuation like an answer: what arrived stays, the message is stopped', async () => {
    const provider = new ScriptedProvider([{ deltas: PARTIAL, end: 'length' }, { deltas: ['```py\n', 'b = 2\n', 'never'], hangBefore: 2 }]);
    const { posted, controller, store, finished } = setup(provider);
    const cut = await finished(controller.send('q'));
    const pending = controller.continue(cut.messageId);
    for (let i = 0; i < 100 && !viewText(posted, cut.messageId).includes('b = 2'); i++) await settle();
    assert.ok(viewText(posted, cut.messageId).includes('b = 2'));
    controller.stop(cut.messageId);
    const result = await pending;
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(result.text, 'Here:\n```py\na = 1\nb = 2\n');
    assert.equal(store.findMessage(cut.messageId)?.message.status, 'stopped');
    assert.equal(store.findMessage(cut.messageId)?.message.continued, 1);
  });

  it('auto-continues after the token limit up to tokenStream.autoContinue rounds, in one message with one end', async () => {
    const provider = new ScriptedProvider([
      { deltas: ['```py\n', 'a = 1\n'], end: 'length', usage: { completionTokens: 2 } },
      { deltas: ['b = 2\n'], end: 'length', usage: { completionTokens: 1 } },
      { deltas: ['c = 3\n'], end: 'length', usage: { completionTokens: 1 } },
      { deltas: ['d = 4\n```'], usage: { completionTokens: 1 } },
    ]);
    const { posted, controller, finished } = setup(provider, 2);
    const result = await finished(controller.send('q'));
    assert.equal(provider.requests.length, 3, 'the first answer and two automatic rounds');
    assert.equal(result.finishReason, 'length');
    assert.equal(result.text, '```py\na = 1\nb = 2\nc = 3\n');
    assert.equal(result.usage?.completionTokens, 4);
    assert.equal(ofType(posted, 'streamDone').length, 1, 'no end between the rounds');
    assert.equal(ofType(posted, 'streamResume').length, 0);
    assert.deepEqual([ofType(posted, 'streamDone')[0]?.continued, ofType(posted, 'streamDone')[0]?.continuable], [2, true]);
    const finish = await finished(controller.continue(result.messageId));
    assert.equal(finish.text, '```py\na = 1\nb = 2\nc = 3\nd = 4\n```');
    assert.equal(finish.finishReason, 'stop');
  });

  it('stops auto-continuing when a round adds nothing new', async () => {
    const provider = new ScriptedProvider([{ deltas: ['```py\n', 'a = 1\n'], end: 'length' }, { deltas: [], end: 'length' }]);
    const { controller, finished } = setup(provider, 3);
    const result = await finished(controller.send('q'));
    assert.equal(provider.requests.length, 2);
    assert.equal(result.finishReason, 'length');
  });

  it('never auto-continues with tokenStream.autoContinue at 0, nor after an error', async () => {
    const off = new ScriptedProvider([{ deltas: ['```py\n', 'a = 1\n'], end: 'length' }, { deltas: ['b = 2\n'] }]);
    const first = setup(off, 0);
    await first.finished(first.controller.send('q'));
    assert.equal(off.requests.length, 1);
    const broken = new ScriptedProvider([{ deltas: ['```py\n', 'a = 1\n'], end: { kind: 'interrupted', message: 'cut' } }, { deltas: ['b = 2\n'] }]);
    const second = setup(broken, 3);
    await second.finished(second.controller.send('q'));
    assert.equal(broken.requests.length, 1);
  });
});
