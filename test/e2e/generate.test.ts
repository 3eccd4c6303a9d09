import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { answerQuickPick, editorText, runCommand, waitUntil } from './driver';
import { workbench } from './workbench';

describe('Generate Code in the real workbench', () => {
  it('streams generated code into a new editor from the command palette', async () => {
    const { page, llm, screenshots } = workbench();
    const lines = Array.from({ length: 12 }, (_, i) => `    total += ${i}  # step ${i}`);
    const code = ['def stream_demo():', '    total = 0', ...lines, '    return total'].join('\n');
    llm.reset();
    // Paced so that the text visibly grows while the test watches.
    llm.enqueue({ type: 'stream', text: `Here you go:\n\n\`\`\`python\n${code}\n\`\`\`\n`, delayMs: 40 });

    await runCommand(page, 'Token Stream: Generate Code...');
    await answerQuickPick(page, 'Token Stream: Generate Code', 'a function that sums the numbers 0 to 11');

    // The new editor beside shows the code as it streams: between the looks, it holds ever longer
    // beginnings of the code (until it opens, the active editor is another one).
    const seen: string[] = [];
    await waitUntil(async () => {
      const text = await editorText(page);
      if (seen.at(-1) !== text) seen.push(text);
      return text.includes('return total');
    }, 'the full code on screen', 60_000);
    const partial = seen.filter((text) => text.length > 0 && text.length < code.length && code.startsWith(text));
    assert.ok(partial.length >= 2, `the editor showed the code growing (lengths seen: ${seen.map((t) => t.length).join(', ')})`);

    const text = await editorText(page);
    assert.ok(text.includes('def stream_demo():'), text);
    assert.ok(text.includes('    total += 11  # step 11'), text);
    assert.ok(!text.includes('```') && !text.includes('Here you go'), 'only the code is in the editor');
    assert.equal(JSON.stringify((llm.requests[0]?.body as { messages?: unknown[] } | undefined)?.messages ?? []).includes('sums the numbers'), true);
    await page.mouse.move(900, 600); // no hover tooltip over the editor in the picture
    await page.screenshot({ path: path.join(screenshots, 'generate.png') });
  });
});
