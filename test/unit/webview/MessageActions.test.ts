import * as assert from 'node:assert/strict';
import { chat, init } from './chatHarness';

describe('MessageActions', () => {
  it('routes code block actions and links to the host', async () => {
    const { api, host, clock, $, $$ } = chat();
    host(init([{ id: 'a1', role: 'assistant', text: 'See [docs](https://example.com) and [bad](javascript:alert(1)).\n\n```python\nprint(1)\n```\n', status: 'done', createdAt: 1 }]));
    $('[data-role="code-insert"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'insertCode', code: 'print(1)\n', language: 'python' });
    $('[data-role="code-open"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'openInEditor', code: 'print(1)\n', language: 'python' });
    const copy = $('[data-role="code-copy"]')!;
    copy.click();
    await clock.advance(0);
    // jsdom has no clipboard: the view falls back to the host.
    assert.deepEqual(api.posted.at(-1), { type: 'copyCode', code: 'print(1)\n' });
    assert.equal(copy.textContent, 'Copied');
    await clock.advance(1500);
    assert.equal(copy.textContent, 'Copy');
    const links = $$('[data-role="messages"] a');
    links[0].click();
    assert.deepEqual(api.posted.at(-1), { type: 'openLink', href: 'https://example.com' });
    const count = api.posted.length;
    links[1].click();
    assert.equal(api.posted.length, count, 'inert link posts nothing');
  });
});
