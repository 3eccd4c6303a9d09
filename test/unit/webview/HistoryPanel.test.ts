import * as assert from 'node:assert/strict';
import { chat, conversation, user } from './chatHarness';

describe('HistoryPanel', () => {
  it('shows the past conversations, opens one, and hides when it is loaded', () => {
    const { api, host, $, $$ } = chat();
    host({
      type: 'init',
      conversation: conversation(),
      history: [
        { id: 'c1', title: 'First', updatedAt: 2, messageCount: 2 },
        { id: 'c0', title: 'Older', updatedAt: 0, messageCount: 4 },
      ],
      context: [],
    });
    assert.equal($('[data-role="history"]')!.hidden, true);
    host({ type: 'showHistory' });
    assert.equal($('[data-role="history"]')!.hidden, false);
    assert.deepEqual($$('[data-role="history-item"]').map((i) => i.querySelector('.history-item-title')?.textContent), ['First', 'Older']);
    assert.ok($$('.history-item')[0].classList.contains('current'), 'the conversation on screen is marked');
    $$('[data-role="history-item"]')[1].click();
    assert.deepEqual(api.posted.at(-1), { type: 'openConversation', id: 'c0' });
    host({ type: 'conversationLoaded', conversation: { ...conversation([user('u9', 'old question')]), id: 'c0' } });
    assert.equal($('[data-role="history"]')!.hidden, true);
    assert.equal($$('[data-role="message"]').length, 1);
  });
});
