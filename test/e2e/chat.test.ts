import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { askInChat, chatFrame, editorText, focusEditor, openChatView, openFile, reloadWindow, waitUntil } from './driver';
import { workbench } from './workbench';

const ANSWER = [
  '## Reading a file',
  '',
  'Here is a small **Python** helper:',
  '',
  '- it opens the file',
  '- it returns the lines',
  '',
  '```python',
  'def read_lines(path):',
  '    with open(path) as f:',
  '        return f.read().splitlines()',
  '```',
  '',
  'Call it with a path.',
].join('\n');

describe('the chat view in the real workbench', () => {
  beforeEach(() => workbench().llm.reset());

  it('streams an answer as rendered Markdown with a highlighted code block', async () => {
    const { page, llm, screenshots } = workbench();
    llm.enqueue({ type: 'stream', text: ANSWER, tokensPerSecond: 60 });
    const chat = await openChatView(page);
    const answer = await askInChat(chat, 'How do I read a file in Python?');
    const body = answer.locator('[data-role="message-body"]');
    // Seen while streaming: the text grows between two looks.
    await waitUntil(async () => (await body.innerText()).length > 5, 'the first words of the answer');
    const early = (await body.innerText()).length;
    await waitUntil(async () => (await body.innerText()).length > early, 'the answer to grow');
    await waitUntil(async () => (await answer.getAttribute('data-status')) === 'done', 'the answer to finish');
    assert.equal(await answer.locator('h2').innerText(), 'Reading a file');
    assert.equal(await answer.locator('li').count(), 2);
    const code = answer.locator('[data-role="code-block"]');
    assert.match(await code.innerText(), /def read_lines\(path\):/);
    assert.ok((await code.locator('.hljs-keyword').count()) > 0, 'the code block is highlighted');
    assert.match(await answer.locator('[data-role="message-footer"]').innerText(), /tok/);
    await page.screenshot({ path: path.join(screenshots, 'chat-streamed.png') });
  });

  it('stops an answer mid-stream: the server sees the socket close and the partial answer stays', async () => {
    const { page, llm } = workbench();
    llm.enqueue({ type: 'stream', text: 'word '.repeat(2000), tokensPerSecond: 40 });
    const chat = await openChatView(page);
    const answer = await askInChat(chat, 'Write a very long essay');
    await waitUntil(async () => (await answer.locator('[data-role="message-body"]').innerText()).includes('word word'), 'some words');
    const request = (await llm.waitForRequests(1))[0]!;
    await chat.locator('[data-role="stop"]').click();
    await request.closed;
    assert.equal(request.closedByClient, true, 'the client closed the connection');
    await waitUntil(async () => (await answer.getAttribute('data-status')) === 'stopped', 'the answer to be marked stopped');
    assert.match(await answer.locator('[data-role="message-body"]').innerText(), /word word/);
    assert.equal(await answer.locator('[data-role="stopped"]').count(), 1);
  });

  it('follows a long answer to the bottom, and stays where the user scrolled up to', async () => {
    const { page, llm } = workbench();
    // One paragraph per token, 20 per second: about 15 s of answer, far taller than the view.
    const tokens = Array.from({ length: 300 }, (_, i) => `Paragraph ${i + 1} of a long answer.\n\n`);
    llm.enqueue({ type: 'stream', tokens, tokensPerSecond: 20 });
    const chat = await openChatView(page);
    const answer = await askInChat(chat, 'Write a long answer');
    const messages = chat.locator('[data-role="messages"]');
    const scroller = () =>
      messages.evaluate((el) => ({ top: el.scrollTop, gap: el.scrollHeight - el.scrollTop - el.clientHeight, overflow: el.scrollHeight - el.clientHeight }));
    const paragraphs = () => answer.locator('p').count();

    await waitUntil(async () => (await scroller()).overflow > 300, 'the answer to overflow the view');
    // Following: each look, taken while the answer grows, finds the newest text at the bottom.
    for (let look = 0; look < 4; look++) {
      const before = await paragraphs();
      await waitUntil(async () => (await paragraphs()) > before, 'the answer to grow');
      const s = await scroller();
      assert.ok(s.gap <= 2, `the view follows the stream (look ${look}: ${s.gap}px above the bottom)`);
    }

    // The user scrolls up: the view stays there while the answer keeps growing below.
    await messages.hover();
    await page.mouse.wheel(0, -400);
    await waitUntil(async () => (await scroller()).gap > 200, 'the view to scroll up');
    const parked = await scroller();
    const grown = await paragraphs();
    await waitUntil(async () => (await paragraphs()) > grown + 5, 'the answer to grow further');
    const later = await scroller();
    assert.ok(Math.abs(later.top - parked.top) <= 1, `the view stays where the user put it (${parked.top} -> ${later.top})`);
    assert.ok(later.gap > parked.gap, 'the answer grew below the view');

    // Back at the bottom, following resumes.
    await page.mouse.wheel(0, 1_000_000);
    await waitUntil(async () => (await scroller()).gap <= 2, 'the view back at the bottom');
    const resumed = await paragraphs();
    await waitUntil(async () => (await paragraphs()) > resumed + 3, 'the answer to grow again');
    assert.ok((await scroller()).gap <= 2, 'the view follows the stream again');
    await waitUntil(async () => (await answer.getAttribute('data-status')) === 'done', 'the answer to finish', 60_000);
    // The footer is added with the final status and followed on the next frame.
    await waitUntil(async () => (await scroller()).gap <= 2, 'the finished answer, footer included, at the bottom', 5_000);
  });

  it('inserts a code block at the cursor of the editor', async () => {
    const { page, llm } = workbench();
    await openFile(page, 'hello.py');
    // Focus the editor before moving the cursor, and wait until the status bar shows it there.
    await focusEditor(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.locator('.statusbar', { hasText: 'Ln 4, Col 1' }).waitFor({ state: 'visible', timeout: 15_000 });
    llm.enqueue({ type: 'stream', text: '```python\ndef shout(name):\n    return name.upper()\n```\n' });
    const chat = await openChatView(page);
    const answer = await askInChat(chat, 'Write shout()');
    await waitUntil(async () => (await answer.getAttribute('data-status')) === 'done', 'the answer to finish');
    await answer.locator('[data-role="code-insert"]').first().click();
    await waitUntil(async () => (await editorText(page)).includes('return name.upper()'), 'the code in the editor');
    const text = await editorText(page);
    assert.ok(text.includes('def greet(name):'), 'the file keeps its text');
    assert.ok(text.indexOf('def shout(name):') > text.indexOf('def greet(name):'), 'inserted at the cursor, after the existing code');
  });

  it('renders hostile HTML in an answer as inert text', async () => {
    const { page, llm } = workbench();
    const hostile = [
      'Look: <img src=x onerror="window.__pwned=1">',
      '<script>window.__pwned=2</script>',
      '[click me](javascript:window.__pwned=3) and [quit](command:workbench.action.quit)',
      '<a href="vscode:extension/x">open</a> <svg onload="window.__pwned=4"></svg>',
      '<iframe src="javascript:window.top.__pwned=5"></iframe>',
      'END-OF-HOSTILE',
    ].join('\n\n');
    llm.enqueue({ type: 'stream', text: hostile });
    const chat = await openChatView(page);
    const answer = await askInChat(chat, 'Show me something nasty');
    await waitUntil(async () => (await answer.getAttribute('data-status')) === 'done', 'the answer to finish');
    const body = answer.locator('[data-role="message-body"]');
    assert.match(await body.innerText(), /END-OF-HOSTILE/);
    assert.equal(await body.locator('script, iframe, svg, [onerror], [onload]').count(), 0);
    for (const href of await body.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
      assert.match(href, /^(https?:|mailto:|$)/, `no ${href} link`);
    }
    assert.equal(await body.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  it('keeps the conversation across a window reload', async () => {
    const { page, llm } = workbench();
    llm.enqueue({ type: 'stream', text: 'Remember the number 4242.' });
    let chat = await openChatView(page);
    const answer = await askInChat(chat, 'Say a number to remember');
    await waitUntil(async () => (await answer.getAttribute('data-status')) === 'done', 'the answer to finish');
    await reloadWindow(page);
    chat = await openChatView(page);
    await waitUntil(async () => (await chatFrame(page).locator('[data-role="message"]').allInnerTexts()).join('\n').includes('4242'), 'the conversation after reload', 60_000);
  });
});
