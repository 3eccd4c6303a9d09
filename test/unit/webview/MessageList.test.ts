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
});
