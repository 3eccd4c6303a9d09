import * as assert from 'node:assert/strict';
import { ScrollFollower } from '../../../src/webview/ScrollFollower';
import { createWindow, fakeLayout, FakeResizeObserver, installResizeObserver } from './dom';

function scroller(options: { resizeObserver?: boolean } = {}) {
  const window = createWindow();
  if (options.resizeObserver) installResizeObserver(window);
  const element = window.document.createElement('div');
  const content = window.document.createElement('div');
  element.append(content);
  window.document.body.append(element);
  const layout = fakeLayout(element, { scrollHeight: 1000, clientHeight: 200 });
  const follower = new ScrollFollower(window, element, content);
  return { element, content, layout, follower };
}

describe('ScrollFollower', () => {
  it('follows the bottom as the content grows, stops when the user scrolls up, resumes at the bottom', () => {
    const { element, layout, follower } = scroller();
    follower.contentChanged();
    assert.equal(element.scrollTop, 800);
    layout.scrollHeight = 1500;
    follower.contentChanged();
    assert.equal(element.scrollTop, 1300, 'followed the growth');

    layout.userScroll(600);
    layout.scrollHeight = 2000;
    follower.contentChanged();
    assert.equal(element.scrollTop, 600, 'the user scrolled up: the view stays where they put it');

    layout.userScroll(1790);
    layout.scrollHeight = 2500;
    follower.contentChanged();
    assert.equal(element.scrollTop, 2300, 'back at the bottom (within the threshold): following again');

    layout.userScroll(100);
    follower.follow();
    follower.contentChanged();
    assert.equal(element.scrollTop, 2300, 'follow() resumes it (a new answer, a message sent)');
  });

  it('with a ResizeObserver, follows after layout and reads no layout when the content changes', () => {
    const { element, content, layout, follower } = scroller({ resizeObserver: true });
    for (let i = 0; i < 100; i++) {
      layout.scrollHeight += 20;
      follower.contentChanged();
    }
    assert.equal(layout.reads, 0, 'no size read outside the observer');
    assert.equal(element.scrollTop, 0);
    FakeResizeObserver.resize(content);
    assert.equal(element.scrollTop, 2800);
    follower.dispose();
    layout.scrollHeight += 500;
    FakeResizeObserver.resize(content);
    assert.equal(element.scrollTop, 2800, 'disposed: the observer is disconnected');
  });
});
