import * as assert from 'node:assert/strict';
import { chatHtml } from '../../../../src/vscode/chat/chatHtml';

// What VS Code passes as webview.cspSource (it names hosts under https:, never the whole scheme).
const cspSource = "'self' https://*.vscode-cdn.net";
const options = { cspSource, nonce: 'abcdefghijklmnop0123', scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/chat.css' };

/** The directives of the page's Content-Security-Policy meta tag, each with its sources. */
function policy(html: string): Map<string, string[]> {
  const metas = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g) ?? [];
  assert.equal(metas.length, 1, 'one CSP meta tag');
  const content = /content="([^"]*)"/.exec(metas[0])![1].replace(/&#39;|&apos;/g, "'");
  const directives = new Map<string, string[]>();
  for (const directive of content.split(';').map((d) => d.trim()).filter(Boolean)) {
    const [name, ...sources] = directive.split(/\s+/);
    assert.ok(!directives.has(name), `${name} given once`);
    directives.set(name, sources);
  }
  return directives;
}

describe('chatHtml', () => {
  it('gives the view a strict CSP: nothing by default, scripts by nonce only, no remote scheme, nothing inline', () => {
    const csp = policy(chatHtml(options));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), ["'nonce-abcdefghijklmnop0123'"], 'scripts by nonce only');
    assert.deepEqual(csp.get('style-src'), cspSource.split(' '), 'styles from the extension only');
    assert.deepEqual(csp.get('img-src'), [...cspSource.split(' '), 'data:'], 'images from the extension and data: only');
    assert.deepEqual(csp.get('font-src'), cspSource.split(' '));
    assert.deepEqual([...csp.keys()].sort(), ['default-src', 'font-src', 'img-src', 'script-src', 'style-src']);
    for (const [name, sources] of csp) {
      for (const source of sources) {
        assert.ok(!['https:', 'http:', '*', 'ws:', 'wss:'].includes(source), `${name} allows every ${source} address`);
        assert.doesNotMatch(source, /^'unsafe-/, `${name} allows ${source}`);
      }
    }
  });

  it('loads only the nonce script and the stylesheet, with nothing inline', () => {
    const html = chatHtml(options);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(html.includes(`<script nonce="abcdefghijklmnop0123" src="${options.scriptUri}"></script>`));
    assert.ok(html.includes(`<link rel="stylesheet" href="${options.styleUri}">`));
    assert.doesNotMatch(html, /style=|<style|\son[a-z]+=/i);
  });

  it('rejects a weak nonce', () => {
    assert.throws(() => chatHtml({ ...options, nonce: 'x' }));
    assert.throws(() => chatHtml({ ...options, nonce: "abc'def0123456789; script-src *" }));
  });
});
