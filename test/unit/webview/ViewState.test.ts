import * as assert from 'node:assert/strict';
import { chat, init, user } from './chatHarness';

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
});
