import * as assert from 'node:assert/strict';
import { MAX_PROMPT_CHARS } from '../../../src/shared/limits';
import { chat, conversation, init } from './chatHarness';

describe('Composer', () => {
  it('Shift+Enter does not send; Enter while streaming does not send', () => {
    const { api, host, key, type } = chat();
    host(init());
    type('line');
    key('Enter', { shiftKey: true });
    assert.deepEqual(api.types(), ['ready']);
    host({ type: 'streamStart', id: 'a1', conversationId: 'c1', createdAt: 1 });
    key('Enter');
    assert.deepEqual(api.types(), ['ready']);
  });

  it('refuses a question too long to send, with a notice, and keeps the draft and the chips', () => {
    const { api, host, key, type, $, $$ } = chat();
    host({ type: 'init', conversation: conversation(), history: [], context: [{ id: 'f1', label: 'a.ts' }] });
    const notice = $('[data-role="composer-notice"]')!;
    assert.equal(notice.hidden, true);
    const long = 'x'.repeat(MAX_PROMPT_CHARS + 1);
    type(long);
    key('Enter');
    assert.deepEqual(api.types(), ['ready'], 'nothing sent');
    assert.equal($<HTMLTextAreaElement>('[data-role="input"]')!.value, long, 'the draft stays');
    assert.deepEqual($$('[data-role="context-chip"]').map((c) => c.dataset.id), ['f1'], 'the chips stay');
    assert.equal(notice.hidden, false);
    assert.match(notice.textContent ?? '', /200,001 characters; Token Stream takes at most 200,000/);
    type('short');
    assert.equal(notice.hidden, true, 'the notice goes once the draft changes');
    key('Enter');
    assert.deepEqual(api.posted.at(-1), { type: 'send', text: 'short', context: [{ id: 'f1', label: 'a.ts' }] });
  });

  it('removes a context chip and tells the host', () => {
    const { api, host, $, $$ } = chat();
    host({ type: 'init', conversation: conversation(), history: [], context: [{ id: 'f1', label: 'a.ts' }, { id: 'f2', label: 'b.py', language: 'python' }] });
    $('[data-id="f1"] [data-role="context-remove"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'removeContext', id: 'f1' });
    assert.deepEqual($$('[data-role="context-chip"]').map((c) => c.dataset.id), ['f2']);
  });
});
