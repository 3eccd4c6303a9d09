import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { askInChat, chatFrame, openChatView, reloadWindow, waitUntil } from './driver';
import { workbench } from './workbench';

/** A reasoning model's thinking, with HTML that must stay inert in the Thinking block. */
const HOSTILE_THINKING = [
  'Let me think about **reading a file** first.',
  'Look: <img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '[quit](command:workbench.action.quit) and [run](javascript:window.__pwned=3)',
  '<svg onload="window.__pwned=4"></svg>',
  ...Array.from({ length: 12 }, (_, i) => `Step ${i + 1}: weigh one more option.`),
  'END-OF-THINKING',
].join('\n\n');

describe("the chat's Thinking block in the real workbench", () => {
  beforeEach(() => workbench().llm.reset());

  it('streams the thinking live, folds when the answer starts, keeps hostile HTML inert, and keeps the choice across a reload', async () => {
    const { page, llm, screenshots } = workbench();
    llm.enqueue({ type: 'stream', text: 'Use `open(path).read()`. ANSWER-END', reasoning: { text: HOSTILE_THINKING }, tokensPerSecond: 25 });
    let chat = await openChatView(page);
    const answer = await askInChat(chat, 'How do I read a file?');
    const block = answer.locator('[data-role="reasoning"]');
    const content = block.locator('[data-role="reasoning-content"]');
    const toggle = block.locator('[data-role="reasoning-toggle"]');

    // Live: open while the model thinks, and its text grows between two looks.
    await waitUntil(async () => (await block.count()) === 1 && (await block.getAttribute('data-state')) === 'thinking', 'the Thinking block');
    await waitUntil(async () => (await content.innerText()).length > 10, 'the first words of the thinking');
    const early = (await content.innerText()).length;
    await waitUntil(async () => (await content.innerText()).length > early, 'the thinking to grow');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'open while thinking');
    assert.equal(await answer.locator('[data-role="message-body"]').innerText(), '', 'no answer yet');

    // The answer starts: the block folds by itself and says it is done.
    await waitUntil(async () => (await answer.getAttribute('data-status')) === 'done', 'the answer to finish', 60_000);
    assert.equal(await block.getAttribute('data-state'), 'done');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'folded once the answer started');
    assert.match(await answer.locator('[data-role="message-body"]').innerText(), /ANSWER-END/);
    assert.doesNotMatch(await answer.locator('[data-role="message-body"]').innerText(), /END-OF-THINKING/, 'the thinking is not in the answer');

    // Inert: the hostile parts are text or gone, and nothing ran.
    await toggle.click();
    await waitUntil(async () => (await toggle.getAttribute('aria-expanded')) === 'true', 'the block to open on a click');
    assert.match(await content.innerText(), /END-OF-THINKING/);
    assert.equal(await content.locator('script, iframe, svg, [onerror], [onload]').count(), 0);
    for (const href of await content.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      assert.match(href, /^(https?:|mailto:|$)/, `no ${href} link`);
    }
    assert.equal(await content.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await page.screenshot({ path: path.join(screenshots, 'chat-thinking.png') });

    // The user's choice (open) survives a window reload, with the thinking and the answer.
    const answerId = await answer.getAttribute('data-id');
    assert.ok(answerId, 'the answer has an id');
    await reloadWindow(page);
    chat = await openChatView(page);
    const restored = chatFrame(page).locator(`[data-role="message"][data-id="${answerId}"]`);
    await waitUntil(async () => (await restored.count()) === 1, 'the answer after the reload', 60_000);
    const restoredToggle = restored.locator('[data-role="reasoning-toggle"]');
    await waitUntil(async () => (await restoredToggle.getAttribute('aria-expanded')) === 'true', 'the Thinking block still open after the reload');
    assert.match(await restored.locator('[data-role="reasoning-content"]').innerText(), /END-OF-THINKING/);
    assert.match(await restored.locator('[data-role="message-body"]').innerText(), /ANSWER-END/);
  });
});
