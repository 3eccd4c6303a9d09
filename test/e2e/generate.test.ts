import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { editorText, runCommand, waitUntil, workbench } from './workbench';

describe('Generate Code in the real workbench', () => {
  it('streams generated code into a new editor from the command palette', async () => {
    const { page, llm, screenshots } = workbench();
    const lines = Array.from({ length: 12 }, (_, i) => `    total += ${i}  # step ${i}`);
    const code = ['def stream_demo():', '    total = 0', ...lines, '    return total'].join('\n');
    llm.reset();
    // Paced so that the text visibly grows while the test watches.
    llm.enqueue({ type: 'stream', text: `Here you go:\n\n\`\`\`python\n${code}\n\`\`\`\n`, delayMs: 40 });

    await runCommand(page, 'Token Stream: Generate Code...');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('a function that sums the numbers 0 to 11');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'a function that sums' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');

    // The new editor beside shows the code as it streams: its text grows over time.
    const seen: number[] = [];
    await waitUntil(async () => {
      const text = await editorTextOfGenerated();
      if (seen.at(-1) !== text.length) seen.push(text.length);
      return text.includes('return total');
    }, 'the full code on screen', 60_000);
    const partial = seen.filter((n) => n > 0 && n < code.length);
    assert.ok(partial.length >= 2, `the editor showed the text growing (lengths seen: ${seen.join(', ')})`);

    const text = await editorTextOfGenerated();
    assert.ok(text.includes('def stream_demo():'), text);
    assert.ok(text.includes('    total += 11  # step 11'), text);
    assert.ok(!text.includes('```') && !text.includes('Here you go'), 'only the code is in the editor');
    assert.equal(JSON.stringify((llm.requests[0]?.body as { messages?: unknown[] } | undefined)?.messages ?? []).includes('sums the numbers'), true);
    await page.mouse.move(900, 600); // no hover tooltip over the editor in the picture
    await page.screenshot({ path: path.join(screenshots, 'generate.png') });

    async function editorTextOfGenerated(): Promise<string> {
      // The generated editor is the active one: the last editor group that has focus.
      const active = page.locator('.editor-group-container.active .editor-instance .view-lines').first();
      if (await active.count()) return (await active.innerText()).replace(/\u00a0/g, ' ');
      return editorText(page);
    }
  });
});
