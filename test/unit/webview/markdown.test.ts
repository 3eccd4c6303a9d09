import * as assert from 'node:assert/strict';
import { IncrementalMarkdownRenderer } from '../../../src/webview/IncrementalMarkdownRenderer';
import { MarkdownPipeline } from '../../../src/webview/markdown';
import { createWindow } from './dom';
import { assertInert, assertNothingRuns, HOSTILE, scriptingWindow } from './hostile';

describe('MarkdownPipeline: model output is rendered inert', () => {
  for (const [label, markdown] of HOSTILE) {
    it(`${label} (whole and streamed char by char)`, () => {
      const window = scriptingWindow();
      const pipeline = new MarkdownPipeline(window);
      for (const chunked of [false, true]) {
        const container = window.document.createElement('div');
        window.document.body.append(container);
        const renderer = new IncrementalMarkdownRenderer({ window, container, pipeline, highlight: false });
        if (chunked) for (const ch of markdown) renderer.append(ch);
        else renderer.append(markdown);
        renderer.finish();
        assertInert(container, label, 3);
        assertNothingRuns(window, container, label);
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
