import * as assert from 'node:assert/strict';
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

  it('removes a context chip and tells the host', () => {
    const { api, host, $, $$ } = chat();
    host({ type: 'init', conversation: conversation(), history: [], context: [{ id: 'f1', label: 'a.ts' }, { id: 'f2', label: 'b.py', language: 'python' }] });
    $('[data-id="f1"] [data-role="context-remove"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'removeContext', id: 'f1' });
    assert.deepEqual($$('[data-role="context-chip"]').map((c) => c.dataset.id), ['f2']);
  });
});
