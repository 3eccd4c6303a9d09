import * as assert from 'node:assert/strict';
import type { ChatMessage } from '../../../src/shared/protocol';
import { chat, init, user } from './chatHarness';

const answer = (id: string, text: string, status: ChatMessage['status'] = 'done'): ChatMessage => ({ id, role: 'assistant', text, status, createdAt: 2 });

describe('ViewState', () => {
  it('restores from getState before the host answers', () => {
    const first = chat();
    first.host(init([user('u1', 'hi')]));
    first.type('draft');
    first.host({ type: 'showHistory', visible: false });
    const second = chat(first.api.state);
    assert.equal(second.$$('[data-role="message"]').length, 1);
    assert.equal(second.$<HTMLTextAreaElement>('[data-role="input"]')!.value, 'draft');
  });

  it('writes the same number of bytes per persist however long the streaming answer grows', async () => {
    const { api, host, type, frame, clock } = chat();
    host(init([user('u0', 'First question'), answer('a0', 'An earlier answer, persisted in full.')]));
    host({ type: 'streamStart', id: 'a1', conversationId: 'c1', user: user('u1', 'Write a long answer'), createdAt: 3 });
    const before = api.writes.length;
    const paragraph = `${'word '.repeat(99)}word\n\n`;
    let offset = 0;
    for (let i = 0; i < 100; i++) {
      host({ type: 'streamChunk', id: 'a1', text: paragraph, offset });
      offset += paragraph.length;
      await frame();
      if (i % 10 === 9) {
        // The user types while it streams: the state is written (throttled) during the stream.
        type(i % 20 === 9 ? 'draft a' : 'draft b');
        await clock.advance(1000);
      }
    }
    const during = api.writes.slice(before);
    assert.equal(during.length, 10, 'one write per typed draft, none for the chunks');
    assert.deepEqual(new Set(during), new Set([during[0]]), `bytes per write: ${during.join(', ')}`);
    assert.ok(during[0] < 1000, `${during[0]} bytes while the answer is ${offset} characters long`);

    host({ type: 'streamDone', id: 'a1', finishReason: 'stop' });
    assert.ok(api.writes.at(-1)! > offset, 'the finished answer is written once, in full');
    const state = api.state as { conversation: { messages: ChatMessage[] } };
    assert.equal(state.conversation.messages.at(-1)?.text.length, offset);
    assert.equal(state.conversation.messages.at(-1)?.status, 'done');
  });

  it('a view re-created mid-stream shows the question and the answer at once, and init catches it up', async () => {
    const first = chat();
    first.host(init());
    first.host({ type: 'streamStart', id: 'a1', conversationId: 'c1', user: user('u1', 'Say hello'), createdAt: 3 });
    first.host({ type: 'streamChunk', id: 'a1', text: 'Hello ', offset: 0 });
    await first.frame();

    const second = chat(first.api.state);
    assert.deepEqual(second.$$('[data-role="message"]').map((m) => m.dataset.id), ['u1', 'a1']);
    assert.equal(second.$('[data-id="a1"]')!.dataset.status, 'streaming');
    assert.ok(second.$('[data-role="stop"]'), 'Stop is offered before the host answers');
    assert.deepEqual(second.api.types(), ['ready']);

    second.host(init([user('u1', 'Say hello'), answer('a1', 'Hello wor', 'streaming')]));
    second.host({ type: 'streamChunk', id: 'a1', text: 'world', offset: 6 });
    await second.frame();
    assert.equal(second.$('[data-id="a1"] p')?.textContent, 'Hello world');
  });
});
