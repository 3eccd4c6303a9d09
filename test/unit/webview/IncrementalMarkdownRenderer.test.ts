import * as assert from 'node:assert/strict';
import { CHUNK_BLOCKS, CHUNK_CLASS, IncrementalMarkdownRenderer } from '../../../src/webview/IncrementalMarkdownRenderer';
import { MarkdownPipeline } from '../../../src/webview/markdown';
import { FRAME_MS } from '../../../src/core/scheduler';
import { FakeScheduler } from '../../support/fakes/FakeScheduler';
import { createWindow, IDLE_MS, viewScheduler } from './dom';

const SAMPLE = `# Streaming answer

Here is some **bold** text, some *emphasis*, \`inline code\` and a [link](https://example.com "title").
A second line of the same paragraph.

## A list

- first item
- second item with \`code\`
  continued lazily
- third item

1. ordered
2. list

| Name | Value |
|------|------:|
| a    | 1     |
| b    | 2     |

> A quote
> over two lines

\`\`\`typescript
function add(a: number, b: number): number {
  return a + b;
}
\`\`\`

Setext heading
--------------

~~~
tilde fence
~~~

    indented code

Final paragraph with trailing text.
`;

/** A renderer in a fresh jsdom; with `frames`, render() is left to the caller (like a rAF loop). */
function fresh(options: { highlight?: boolean; frames?: boolean; window?: Window; pipeline?: MarkdownPipeline } = {}) {
  const window = options.window ?? createWindow();
  const container = window.document.createElement('div');
  window.document.body.append(container);
  const pipeline = options.pipeline ?? new MarkdownPipeline(window);
  const clock = new FakeScheduler();
  const renderer = new IncrementalMarkdownRenderer({
    window,
    container,
    pipeline,
    scheduleIdle: viewScheduler(clock).idle,
    highlight: options.highlight ?? false,
    onDirty: options.frames ? () => {} : undefined,
  });
  return { window, container, pipeline, renderer, clock };
}

function reference(markdown: string): string {
  const window = createWindow();
  const div = window.document.createElement('div');
  div.append(new MarkdownPipeline(window).renderToFragment(markdown));
  return div.innerHTML;
}

/** The container's top-level blocks, with the renderer's chunk elements unwrapped. */
function blockNodes(container: HTMLElement): ChildNode[] {
  return Array.from(container.childNodes).flatMap((node) =>
    node.nodeType === 1 && (node as Element).classList.contains(CHUNK_CLASS) ? Array.from(node.childNodes) : [node],
  );
}

/** The container's HTML as if the blocks were not grouped into chunks (what a one-shot render gives). */
function flatHTML(container: HTMLElement): string {
  return blockNodes(container)
    .map((node) => (node.nodeType === 1 ? (node as Element).outerHTML : node.nodeType === 3 ? escapeText(node.textContent ?? '') : ''))
    .join('');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
}

function stream(renderer: IncrementalMarkdownRenderer, text: string, size: number, onRender?: () => void): void {
  for (let i = 0; i < text.length; i += size) {
    renderer.append(text.slice(i, i + size));
    onRender?.();
  }
}

describe('IncrementalMarkdownRenderer', function () {
  // Every test here is synchronous and bound by CPU: a mocha timeout cannot stop a synchronous test, it can
  // only fail one that finished late on a busy machine. What these tests assert is work and DOM, not time.
  this.timeout(0);

  it('renders prose, lists, tables, quotes and code like a one-shot render', () => {
    const { container, renderer } = fresh();
    renderer.append(SAMPLE);
    renderer.finish();
    assert.equal(flatHTML(container), reference(SAMPLE));
    assert.equal(container.querySelectorAll('table tr').length, 3);
    assert.equal(container.querySelectorAll('ul > li').length, 3);
    assert.equal(container.querySelectorAll('ol > li').length, 2);
    assert.equal(container.querySelectorAll('h2').length, 2, 'ATX and setext headings');
    assert.equal(container.querySelectorAll('[data-role="code-block"]').length, 3);
    assert.equal(container.querySelector('a')?.getAttribute('href'), 'https://example.com');
  });

  it('final DOM equals the whole-document render at every chunk size 1..N', () => {
    const expected = reference(SAMPLE);
    const window = createWindow();
    const pipeline = new MarkdownPipeline(window);
    for (let size = 1; size <= SAMPLE.length; size++) {
      const { container, renderer } = fresh({ window, pipeline });
      stream(renderer, SAMPLE, size);
      renderer.finish();
      assert.equal(flatHTML(container), expected, `chunk size ${size}`);
    }
  });

  it('matches a one-shot render of the prefix at every block boundary while streaming', () => {
    const { container, renderer } = fresh();
    let boundaries = 0;
    for (let i = 0; i < SAMPLE.length; i++) {
      renderer.append(SAMPLE[i]);
      if (SAMPLE.slice(0, i + 1).endsWith('\n\n')) {
        assert.equal(flatHTML(container), reference(SAMPLE.slice(0, i + 1)), `after ${i + 1} characters`);
        boundaries++;
      }
    }
    assert.ok(boundaries >= 10);
    renderer.finish();
    assert.equal(flatHTML(container), reference(SAMPLE));
  });

  it('never replaces the nodes of finished blocks while streaming: only the tail changes', () => {
    const { container, renderer } = fresh();
    let previous: ChildNode[] = [];
    let maxReplaced = 0;
    stream(renderer, SAMPLE.repeat(3), 7, () => {
      const current = blockNodes(container);
      // The nodes that disappeared since the last render are a suffix of the previous list
      // (the unfinished tail), and everything before them is still there, in order.
      let kept = 0;
      while (kept < previous.length && current[kept] === previous[kept]) kept++;
      for (const node of previous.slice(kept)) assert.ok(!node.isConnected, 'a node was moved, not replaced');
      maxReplaced = Math.max(maxReplaced, previous.length - kept);
      previous = current;
    });
    renderer.finish();
    // The tail is at most two blocks plus their separating whitespace text nodes.
    assert.ok(maxReplaced <= 4, `replaced up to ${maxReplaced} trailing nodes at once`);
    assert.ok(renderer.stats.committedBlocks > 20);
  });

  it('keeps identity of finished blocks across renders (explicit references)', () => {
    const { container, renderer } = fresh();
    renderer.append('# Title\n\nFirst paragraph.\n\n');
    renderer.append('Second');
    const heading = container.querySelector('h1');
    assert.ok(heading);
    renderer.append(' paragraph grows');
    renderer.append(' and grows.\n\nThird.');
    assert.equal(container.querySelector('h1'), heading, 'heading node kept');
    const first = Array.from(container.querySelectorAll('p')).find((p) => p.textContent === 'First paragraph.');
    renderer.append(' More.\n\n- a list');
    assert.ok(first?.isConnected, 'first paragraph node kept');
    renderer.finish();
    assert.equal(container.querySelector('h1'), heading);
    assert.ok(first?.isConnected);
  });

  it('lexes O(n) characters in total over a 100k-character stream', () => {
    const { container, renderer } = fresh({ frames: true });
    const blocks: string[] = [];
    let total = 0;
    for (let i = 0; total < 100_000; i++) {
      const block =
        i % 5 === 4
          ? `\`\`\`js\n${'const x = 1;\n'.repeat(20)}\`\`\`\n\n`
          : i % 5 === 3
            ? `- item ${i}\n- item ${i + 1}\n\n`
            : `Paragraph ${i} with **bold** and \`code\` and a few words to make it longer than a line.\n\n`;
      blocks.push(block);
      total += block.length;
    }
    const text = blocks.join('');
    let appends = 0;
    // About 16 characters per frame: four small tokens between two animation frames.
    stream(renderer, text, 4, () => {
      if (++appends % 4 === 0) renderer.render();
    });
    renderer.finish();
    assert.equal(renderer.text, text);
    // Quadratic behaviour would lex ~n^2/8 = 1.25e9 characters here.
    assert.ok(renderer.stats.lexedChars < 40 * text.length, `lexed ${renderer.stats.lexedChars} for ${text.length}`);
    assert.ok(renderer.stats.fastAppends > 1000, 'growing code blocks are appended to, not re-lexed');
    assert.ok(container.querySelectorAll('p').length > 500);
  });

  it('grows a long code block without re-lexing it', () => {
    const { container, renderer } = fresh();
    renderer.append('```python\n');
    const lexedAfterOpen = renderer.stats.lexedChars;
    const body = 'print("hello")\n'.repeat(5000);
    stream(renderer, body, 10);
    assert.ok(renderer.stats.lexedChars - lexedAfterOpen < 100, `lexed ${renderer.stats.lexedChars - lexedAfterOpen}`);
    const code = container.querySelector('pre > code');
    assert.equal(code?.textContent, body);
    assert.equal(code?.getAttribute('data-streaming'), 'true');
    renderer.append('```\n\nAfter.');
    renderer.finish();
    assert.equal(flatHTML(container), reference('```python\n' + body + '```\n\nAfter.'));
  });

  it('does not throw on partial fences and odd prefixes', () => {
    const fragments = ['```', '```p', '```py', '```python\n', '```python\nx = 1\n``', '~~', '~~~ts\n', '` ', '| a |\n|-', '- ', '1.', '> ', '<', '<scr', '[x](', '[x](javascript:', '***', '\\'];
    for (const f of fragments) {
      const { renderer, container } = fresh();
      assert.doesNotThrow(() => {
        for (const ch of f) renderer.append(ch);
        renderer.finish();
      }, f);
      assert.equal(container.querySelector('script'), null);
    }
  });

  it('shows the language from the fence and a toolbar with the four actions', () => {
    const { container, renderer } = fresh();
    renderer.append('```ts\nconst a = 1;\n```\n');
    renderer.finish();
    const block = container.querySelector<HTMLElement>('[data-role="code-block"]');
    assert.equal(block?.dataset.language, 'ts');
    assert.deepEqual(
      Array.from(block!.querySelectorAll<HTMLElement>('button')).map((b) => b.dataset.action),
      ['apply', 'insert', 'copy', 'open'],
    );
    assert.ok(block!.querySelector('[data-role="code-apply"]'));
    assert.ok(block!.querySelector('[data-role="code-insert"]'));
    assert.equal(block!.querySelector('code')?.textContent, 'const a = 1;\n');
  });

  it('highlights each finished code block once, lazily, and leaves a growing one plain', async () => {
    const { container, renderer, clock } = fresh({ highlight: true });
    renderer.append('```ts\nconst a: number = 1;\n```\n\n```python\ndef f():\n');
    renderer.render();
    const [first, second] = Array.from(container.querySelectorAll('pre > code'));
    assert.equal(first.querySelector('span'), null, 'not highlighted before idle');
    await clock.advance(IDLE_MS);
    assert.ok(first.querySelector('span.hljs-keyword'), 'finished block highlighted');
    assert.equal(second.querySelector('span'), null, 'growing block stays plain');
    renderer.append('    return 1\n```\n');
    renderer.finish();
    await clock.advance(IDLE_MS);
    const codes = container.querySelectorAll('pre > code');
    assert.ok(codes[1].querySelector('span.hljs-keyword'));
    assert.equal(codes[1].textContent, 'def f():\n    return 1\n');
  });

  it('normalizes CRLF split across chunks', () => {
    const { container, renderer } = fresh();
    for (const chunk of ['a\r', '\nb\r', '\n\r', '\nc']) renderer.append(chunk);
    renderer.finish();
    assert.equal(renderer.text, 'a\nb\n\nc');
    assert.equal(flatHTML(container), reference('a\nb\n\nc'));
  });

  it('resolves reference links defined earlier while streaming, and later ones at finish', () => {
    const { container, renderer } = fresh();
    stream(renderer, '[early]: https://early.example\n\nSee [a][early] and [b][late].\n\n[late]: https://late.example\n', 3);
    renderer.render();
    assert.equal(container.querySelector('a')?.getAttribute('href'), 'https://early.example');
    renderer.finish();
    const hrefs = Array.from(container.querySelectorAll('a')).map((a) => a.getAttribute('href'));
    assert.deepEqual(hrefs, ['https://early.example', 'https://late.example']);
  });

  it('groups finished blocks into chunks, sealed only before a block without a top margin, rendering the same DOM', () => {
    const text = SAMPLE.repeat(12);
    const { container, renderer } = fresh();
    stream(renderer, text, 11);
    renderer.finish();
    assert.equal(flatHTML(container), reference(text));
    const chunks = Array.from(container.children);
    assert.ok(chunks.length >= 4, `${chunks.length} chunks`);
    chunks.forEach((chunk, i) => {
      assert.ok(chunk.classList.contains(CHUNK_CLASS), `child ${i} is a chunk`);
      const last = i === chunks.length - 1;
      assert.equal(chunk.classList.contains('sealed'), !last, `only the last chunk stays open (chunk ${i})`);
      if (!last) assert.ok(chunk.children.length >= CHUNK_BLOCKS, `chunk ${i} holds ${chunk.children.length} blocks`);
      if (i > 0) assert.ok(['P', 'UL', 'OL', 'BLOCKQUOTE', 'TABLE', 'DIV'].includes(chunk.firstElementChild!.tagName), `chunk ${i} starts with ${chunk.firstElementChild!.tagName}`);
    });
  });

  it('keeps the chunks when link definitions make finish() re-render the whole answer', () => {
    const text = `${SAMPLE.repeat(6)}\nSee [the docs][late].\n\n[late]: https://late.example\n`;
    const { container, renderer } = fresh();
    stream(renderer, text, 13);
    renderer.finish();
    assert.equal(flatHTML(container), reference(text));
    assert.ok(container.querySelectorAll(`.${CHUNK_CLASS}.sealed`).length >= 2);
    assert.equal(container.querySelector('a[href="https://late.example"]')?.textContent, 'the docs');
  });

  it('renders through onDirty once per frame however many appends arrive', async () => {
    const window = createWindow();
    const container = window.document.createElement('div');
    const clock = new FakeScheduler();
    const frames = viewScheduler(clock);
    let dirtyCalls = 0;
    const renderer = new IncrementalMarkdownRenderer({
      window,
      container,
      highlight: false,
      onDirty: () => {
        dirtyCalls++;
        frames.frame(() => renderer.render());
      },
    });
    for (const ch of 'Hello **world**, streamed.') renderer.append(ch);
    assert.equal(dirtyCalls, 1);
    assert.equal(container.innerHTML, '', 'nothing rendered before the frame');
    await clock.advance(FRAME_MS);
    assert.equal(container.querySelector('strong')?.textContent, 'world');
    assert.equal(renderer.stats.lexCalls, 1);
  });
});
