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

  it('applies a code block: posts it with a request id and its answer, says "Applying..." under it, then how it went', () => {
    const { api, host, $ } = chat();
    host(init([{ id: 'a1', role: 'assistant', text: '```python\nprint(2)\n```\n', status: 'done', createdAt: 1 }]));
    const apply = $<HTMLButtonElement>('[data-role="code-apply"]')!;
    apply.click();
    const posted = api.posted.at(-1) as { type: string; requestId: string };
    assert.deepEqual({ ...posted, requestId: undefined }, { type: 'applyCode', requestId: undefined, code: 'print(2)\n', language: 'python', messageId: 'a1' });
    assert.ok(posted.requestId);
    const note = (): HTMLElement | null => $('[data-role="code-block"] [data-role="apply-note"]');
    assert.equal(note()?.textContent, 'Applying...');
    assert.equal(apply.disabled, true, 'one Apply at a time per click');

    host({ type: 'applyResult', requestId: 'someone-else', tier: 'exact', hunks: 1 });
    assert.equal(note()?.textContent, 'Applying...', 'an unknown request changes nothing');
    host({ type: 'applyResult', requestId: posted.requestId, tier: 'exact', hunks: 2, file: 'main.py', elapsedMs: 11.6 });
    assert.equal(note()?.textContent, 'Applied without a model in 12 ms: 2 changes to review in main.py.');
    assert.equal(note()?.dataset.state, 'exact');
    assert.equal(apply.disabled, false);

    apply.click();
    const again = (api.posted.at(-1) as { requestId: string }).requestId;
    assert.notEqual(again, posted.requestId);
    host({ type: 'applyResult', requestId: again, tier: 'model', hunks: 0, error: 'The block is for b.py, which is not in the workspace.' });
    assert.equal(note()?.textContent, 'Not applied: The block is for b.py, which is not in the workspace.');
    assert.equal(note()?.dataset.state, 'error');
    assert.equal(notesIn($), 1, 'a block has one note');
  });

  it('applies at the mouse press, not at its click: the click of that press is not a second Apply; keyboard and touch apply at the click', () => {
    const { api, host, window, $ } = chat();
    host(init([{ id: 'a1', role: 'assistant', text: '```python\nprint(3)\n```\n', status: 'done', createdAt: 1 }]));
    const apply = $<HTMLButtonElement>('[data-role="code-apply"]')!;
    const applies = (): number => api.posted.filter((m) => m.type === 'applyCode').length;
    const press = (init: { pointerType?: string; button?: number; shiftKey?: boolean } = {}): void => {
      const event = new window.MouseEvent('pointerdown', { bubbles: true, button: init.button ?? 0, shiftKey: init.shiftKey ?? false, detail: 0 });
      Object.defineProperty(event, 'pointerType', { value: init.pointerType ?? 'mouse' });
      apply.dispatchEvent(event);
    };
    const click = (detail: number): void => void apply.dispatchEvent(new window.MouseEvent('click', { bubbles: true, detail }));
    const answer = (): void => {
      const { requestId } = api.posted.at(-1) as { requestId: string };
      host({ type: 'applyResult', requestId, tier: 'exact', hunks: 1, file: 'main.py', elapsedMs: 3 });
    };

    press();
    assert.equal(applies(), 1, 'the press applies');
    assert.deepEqual({ ...(api.posted.at(-1) as object), requestId: undefined }, { type: 'applyCode', requestId: undefined, code: 'print(3)\n', language: 'python', messageId: 'a1' });
    answer();
    assert.equal(apply.disabled, false);
    click(1);
    assert.equal(applies(), 1, "the press's own click (the result came first) is not a second Apply");

    press({ button: 2 });
    press({ shiftKey: true });
    press({ pointerType: 'touch' });
    assert.equal(applies(), 1, 'a right press, a press with a modifier and a touch do not apply at the press');
    click(1);
    assert.equal(applies(), 2, 'the tap applies at its click');
    answer();

    press();
    assert.equal(applies(), 3);
    answer();
    // The press was dragged away (no click came); later the keyboard activates the button.
    click(0);
    assert.equal(applies(), 4, 'a keyboard click applies even after a press without its click');
    answer();
    press();
    assert.equal(applies(), 5, 'a disabled button is not applied again by a press');
    press();
    assert.equal(applies(), 5, 'a press on the button while its Apply runs does nothing');
  });
});

function notesIn($: (selector: string) => Element | null): number {
  return $('[data-role="code-block"]')!.querySelectorAll('[data-role="apply-note"]').length;
}
