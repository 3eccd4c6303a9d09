import * as assert from 'node:assert/strict';
import { chat, init, user } from './chatHarness';

describe('MessageList', () => {
  it('a retried answer replaces the one it supersedes, in place of it', () => {
    const { host, $, $$ } = chat();
    host(init());
    host({ type: 'streamStart', id: 'a2', conversationId: 'c1', user: user('u2', 'again'), createdAt: 2 });
    host({ type: 'streamError', id: 'a2', message: 'Invalid API key.', action: 'setApiKey' });
    host({ type: 'streamStart', id: 'a3', conversationId: 'c1', replaces: 'a2', createdAt: 3 });
    assert.equal($('[data-id="a2"]'), null);
    assert.deepEqual($$('[data-role="message"]').map((m) => m.dataset.id), ['u2', 'a3']);
  });

  it('a retried answer earlier in the conversation streams where that answer stood, not at the end', async () => {
    const { host, $, $$, frame } = chat();
    const failed = { id: 'a1', role: 'assistant' as const, text: '', status: 'error' as const, error: 'The model crashed.', createdAt: 2 };
    const later = { id: 'a2', role: 'assistant' as const, text: 'Second answer.', status: 'done' as const, createdAt: 4 };
    host(init([user('u1', 'first'), failed, user('u2', 'second'), later]));
    host({ type: 'streamStart', id: 'a3', conversationId: 'c1', replaces: 'a1', createdAt: 5 });
    host({ type: 'streamChunk', id: 'a3', text: 'First answer, again.', offset: 0 });
    await frame();
    assert.equal($('[data-id="a1"]'), null);
    assert.deepEqual($$('[data-role="message"]').map((m) => m.dataset.id), ['u1', 'a3', 'u2', 'a2']);
    assert.equal($('[data-id="a3"] [data-role="message-body"]')!.textContent?.trim(), 'First answer, again.');
    host({ type: 'streamDone', id: 'a3', finishReason: 'stop' });
    assert.equal($('[data-id="a3"]')!.dataset.status, 'done');
  });
});
