import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ContinuingModel } from '../servers/continuingModel';
import { CSV_PARSER_ANSWER as ANSWER, CSV_PARSER_CODE as CODE } from '../servers/csvParserAnswer';
import { splitIntoTokens } from '../servers/sse';
import { askInChat, openChatView, waitUntil } from './driver';
import { workbench } from './workbench';

describe('Continue in the chat, in the real workbench', () => {
  afterEach(() => workbench().llm.reset());

  it('clicking Continue under an answer cut at the token limit finishes it in the same message, one code block', async () => {
    const { page, llm, screenshots } = workbench();
    // A server whose own limit cuts every reply after a little more than half the answer: two rounds.
    const model = new ContinuingModel({ answer: ANSWER, kind: 'prefill', maxTokens: Math.ceil(splitIntoTokens(ANSWER).length / 2) + 2, delayMs: 10 });
    llm.setHandler(model.handler);
    const chat = await openChatView(page);
    const answers = chat.locator('[data-role="message"][data-message-role="assistant"]');
    const answer = await askInChat(chat, 'Write a CSV line parser in Python.');
    const cut = answer.locator('[data-role="message-cut"]');
    await cut.waitFor({ state: 'visible' });
    assert.equal(await answer.getAttribute('data-status'), 'done');
    assert.match(await cut.innerText(), /stopped at the token limit/);
    const before = await answer.locator('[data-role="code-block"] code').innerText();
    assert.ok(CODE.startsWith(before.trimEnd()) && before.trimEnd().length < CODE.length, 'the code block holds the start of the code');
    const answerCount = await answers.count();
    await page.screenshot({ path: path.join(screenshots, 'chat-cut.png') });

    await cut.locator('[data-role="continue"]').click();
    await waitUntil(async () => (await answer.locator('[data-role="continued"]').count()) === 1, 'the answer to be finished and say Continued');
    assert.equal(await answer.getAttribute('data-status'), 'done');
    assert.equal(await answers.count(), answerCount, 'no new message');
    assert.equal(await answer.locator('[data-role="code-block"]').count(), 1, 'one code block');
    assert.equal((await answer.locator('[data-role="code-block"] code').innerText()).trimEnd(), CODE);
    assert.match(await answer.locator('[data-role="message-body"]').innerText(), /It splits on the separator\.$/);
    assert.equal(await answer.locator('[data-role="message-cut"]').count(), 0);
    assert.match(await answer.locator('[data-role="message-footer"]').innerText(), /Continued/);
    assert.deepEqual(model.handled, ['answer', 'continueFinalMessage']);
    await page.screenshot({ path: path.join(screenshots, 'chat-continued.png') });
  });
});
