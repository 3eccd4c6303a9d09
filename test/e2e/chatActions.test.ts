import * as assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { answerEnded, askInChat, clearNotifications, closeAllEditors, editorText, focusEditor, notification, openChatView, openFile, runCommand, waitUntil } from './driver';
import { workbench } from './workbench';

const CODE = 'def shout(name):\n    return name.upper()';
const ANSWER = `Here it is:\n\n\`\`\`python\n${CODE}\n\`\`\`\n`;

/** The messages' texts sent with request `index`. */
function sentMessages(index: number): { role: string; content: string }[] {
  const body = workbench().llm.requests[index]?.body as { messages?: { role: string; content: string }[] } | undefined;
  return body?.messages ?? [];
}

/** Starts a new, empty conversation from the view's title bar, as a user does. */
async function newChat(page: Page, chat: FrameLocator): Promise<void> {
  await page.locator('.pane-header, .composite.title').locator('[aria-label="New Chat"]').first().click();
  await waitUntil(async () => (await chat.locator('[data-role="message"]').count()) === 0, 'an empty conversation');
}

/** Waits until the status bar's cursor item says exactly `position` (e.g. "Ln 1, Col 1", "Ln 1, Col 17 (16 selected)"). */
async function cursorAt(page: Page, position: string): Promise<void> {
  const item = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
  await waitUntil(async () => (await item.innerText()).trim() === position, `the cursor at ${position}`);
}

describe('chat actions in the real workbench', () => {
  beforeEach(() => workbench().llm.reset());

  it('New Chat (view title) empties the view and the next question starts a new conversation', async () => {
    const { page, llm } = workbench();
    const chat = await openChatView(page);
    llm.enqueue({ type: 'stream', text: 'First answer.' });
    await answerEnded(await askInChat(chat, 'First question'));
    await newChat(page, chat);
    assert.equal(await chat.locator('[data-role="empty"]').isVisible(), true, 'the empty-state hint shows');
    llm.enqueue({ type: 'stream', text: 'Fresh answer.' });
    await answerEnded(await askInChat(chat, 'Fresh question'));
    assert.deepEqual(
      sentMessages(1).filter((m) => m.role !== 'system').map((m) => m.content),
      ['Fresh question'],
      'the new conversation sends nothing of the old one',
    );
  });

  it('History lists older conversations; opening one shows it, and it can be continued', async () => {
    const { page, llm } = workbench();
    const chat = await openChatView(page);
    await newChat(page, chat);
    llm.enqueue({ type: 'stream', text: 'Paris is the capital of France.' });
    await answerEnded(await askInChat(chat, 'Capital of France?'));
    await newChat(page, chat);
    llm.enqueue({ type: 'stream', text: 'Berlin.' });
    await answerEnded(await askInChat(chat, 'Capital of Germany?'));

    await page.locator('.pane-header, .composite.title').locator('[aria-label="Chat History"]').first().click();
    const history = chat.locator('[data-role="history"]');
    await history.waitFor({ state: 'visible' });
    const titles = await history.locator('.history-item-title').allInnerTexts();
    assert.ok(titles.indexOf('Capital of Germany?') < titles.indexOf('Capital of France?'), `newest first: ${titles.join(' | ')}`);
    await history.locator('[data-role="history-item"]', { hasText: 'Capital of France?' }).click();
    await history.waitFor({ state: 'hidden' });
    await waitUntil(async () => (await chat.locator('[data-role="message"]').allInnerTexts()).join('\n').includes('Paris is the capital'), 'the older conversation');
    assert.equal((await chat.locator('[data-role="message"]').allInnerTexts()).join('\n').includes('Berlin'), false);

    llm.enqueue({ type: 'stream', text: 'About two million people.' });
    await answerEnded(await askInChat(chat, 'How many people live there?'));
    assert.deepEqual(
      sentMessages(2).filter((m) => m.role !== 'system').map((m) => m.content),
      ['Capital of France?', 'Paris is the capital of France.', 'How many people live there?'],
      'the continued conversation sends its own history',
    );
  });

  it('Copy puts a code block on the clipboard', async () => {
    const { page, llm, browser } = workbench();
    await browser.grantPermissions(['clipboard-read', 'clipboard-write']);
    llm.enqueue({ type: 'stream', text: ANSWER });
    const chat = await openChatView(page);
    const answer = await askInChat(chat, 'Write shout()');
    await answerEnded(answer);
    await answer.locator('[data-role="code-copy"]').first().click();
    await waitUntil(async () => (await answer.locator('[data-role="code-copy"]').first().innerText()) === 'Copied', 'the button to say Copied');
    // Pasted into a new editor, as the user would use it.
    await runCommand(page, 'File: New Untitled Text File');
    await page.locator('.editor-group-container.active .monaco-editor textarea').first().waitFor({ state: 'attached' });
    await focusEditor(page);
    await page.keyboard.press('Control+V');
    await waitUntil(async () => (await editorText(page)).includes('return name.upper()'), 'the pasted code');
    assert.equal((await editorText(page)).trim(), CODE);
    await closeAllEditors(page);
  });

  it('Open in New Editor opens the code block in an untitled editor of its language', async () => {
    const { page, llm } = workbench();
    await closeAllEditors(page);
    llm.enqueue({ type: 'stream', text: ANSWER });
    const chat = await openChatView(page);
    const answer = await askInChat(chat, 'Write shout() again');
    await answerEnded(answer);
    await answer.locator('[data-role="code-open"]').first().click();
    await page.locator('.tabs-container .tab.active', { hasText: /Untitled/ }).waitFor({ state: 'visible' });
    await waitUntil(async () => (await editorText(page)).includes('return name.upper()'), 'the code in the new editor');
    assert.equal((await editorText(page)).trim(), CODE);
    await page.locator('.statusbar [aria-label="Python"], .statusbar .statusbar-item', { hasText: /^Python$/ }).first().waitFor({ state: 'visible' });
    await closeAllEditors(page);
  });

  it('Add Selection to Chat attaches the selection to the next question only; with nothing selected, the lines in view', async () => {
    const { page, llm } = workbench();
    await closeAllEditors(page);
    const chat = await openChatView(page);
    await newChat(page, chat);
    await openFile(page, 'hello.py');
    await focusEditor(page);
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    // The status bar shows where the editor's selection is once it has it (keys pressed before the editor
    // had the focus again would be lost).
    await cursorAt(page, 'Ln 1, Col 17 (16 selected)');
    await runCommand(page, 'Token Stream: Add Selection to Chat');
    const chips = chat.locator('[data-role="composer"] [data-role="context-chip"]');
    await waitUntil(async () => (await chips.count()) === 1, 'the chip in the composer');
    assert.equal(await chips.first().locator('.chip-label').innerText(), 'hello.py:1-1');

    llm.enqueue({ type: 'stream', text: 'It greets.' });
    const answer = await askInChat(chat, 'What does this do?');
    await answerEnded(answer);
    assert.equal(await chips.count(), 0, 'the composer has no chip once the question is sent');
    const question = chat.locator('[data-role="message"][data-message-role="user"]').last();
    assert.equal(await question.locator('[data-role="context-chip"] .chip-label').innerText(), 'hello.py:1-1');
    const first = sentMessages(0).at(-1)!.content;
    assert.ok(first.includes('def greet(name):') && first.endsWith('What does this do?'), first);
    assert.ok(!first.includes('return f"Hello'), 'only the selected line was attached');

    llm.enqueue({ type: 'stream', text: 'Yes.' });
    await answerEnded(await askInChat(chat, 'Is it short?'));
    const history = sentMessages(1).map((m) => m.content).join('\n');
    assert.equal(history.split('def greet(name):').length - 1, 1, 'the attachment is sent once, with its own question');
    assert.equal(sentMessages(1).at(-1)!.content, 'Is it short?');

    // Nothing selected: the lines in view, and the chip says so.
    await focusEditor(page);
    await page.keyboard.press('Control+Home');
    await cursorAt(page, 'Ln 1, Col 1');
    await runCommand(page, 'Token Stream: Add Selection to Chat');
    await waitUntil(async () => (await chips.count()) === 1, 'the chip of the lines in view');
    // How many lines are in view depends on the window's layout; the chip must say it, and be consistent.
    const label = await chips.first().locator('.chip-label').innerText();
    const inView = /^hello\.py:1-(\d+) \((\d+) lines? in view\)$/.exec(label);
    assert.ok(inView && inView[1] === inView[2], label);
    assert.ok(Number(inView[1]) >= 1 && Number(inView[1]) <= 6, label);
    await chips.first().locator('[data-role="context-remove"]').click();
    await waitUntil(async () => (await chips.count()) === 0, 'the chip removed');
  });

  it('Retry asks the question of its own answer again and streams the new answer in its place', async () => {
    const { page, llm } = workbench();
    const chat = await openChatView(page);
    await newChat(page, chat);
    llm.enqueue({ type: 'error', status: 500, message: 'The model crashed' });
    const failed = await askInChat(chat, 'First question');
    await answerEnded(failed, 'error');
    llm.enqueue({ type: 'stream', text: 'Second answer.' });
    await answerEnded(await askInChat(chat, 'Second question'));

    llm.enqueue({ type: 'stream', text: 'First answer, retried.' });
    await failed.locator('[data-role="retry"]').click();
    const answers = chat.locator('[data-role="message"][data-message-role="assistant"]');
    await waitUntil(async () => (await answers.first().innerText()).includes('First answer, retried.'), 'the retried answer');
    await answerEnded(answers.first());
    const texts = await chat.locator('[data-role="message"]').allInnerTexts();
    assert.equal(texts.length, 4);
    assert.deepEqual(
      texts.map((t) => t.split('\n')[0]),
      ['First question', 'First answer, retried.', 'Second question', 'Second answer.'],
      'the new answer stands where the failed one stood',
    );
    assert.deepEqual(
      sentMessages(2).filter((m) => m.role !== 'system').map((m) => m.content),
      ['First question'],
      'the retry asks its own question, without what came after it',
    );
  });

  it('Insert at Cursor into a read-only editor tells the user it could not insert', async () => {
    const { page, llm } = workbench();
    await closeAllEditors(page);
    await openFile(page, 'hello.py');
    await focusEditor(page);
    await runCommand(page, 'File: Set Active Editor Read-only in Session');
    await page.locator('.tabs-container .tab.active .codicon-lock, .tabs-container .tab.active[aria-label*="read-only" i]').first().waitFor({ state: 'attached' }).catch(() => undefined);
    const before = await editorText(page);
    llm.enqueue({ type: 'stream', text: ANSWER });
    const chat = await openChatView(page);
    const answer = await askInChat(chat, 'Write shout() for a read-only file');
    await answerEnded(answer);
    await answer.locator('[data-role="code-insert"]').first().click();
    const warning = await notification(page, /could not insert the code: the editor does not accept edits/);
    assert.equal(await warning.locator('.monaco-button', { hasText: 'Open in New Editor' }).count(), 1);
    assert.equal(await editorText(page), before, 'the file is unchanged');
    await clearNotifications(page);
    await runCommand(page, 'File: Reset Active Editor Read-only in Session');
    await closeAllEditors(page);
  });
});
