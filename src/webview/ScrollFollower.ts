/** Pixels from the bottom that still count as "at the bottom". */
const STICK_THRESHOLD = 32;

/**
 * Keeps the bottom of a scroller in view while its content grows, until the user scrolls up; scrolling
 * back to the bottom resumes it. The chat's message list has one, and so does each live Thinking block.
 *
 * It follows from a ResizeObserver on the content: that runs after the browser's own layout of the
 * frame, so reading the scroller's size there is free, where reading it in the animation-frame callback
 * forced a synchronous layout of the whole conversation on every frame. The observer also covers the
 * scroller being resized and restored conversations. Where there is none (jsdom), the owner calls
 * `contentChanged()` after each DOM update instead.
 */
export class ScrollFollower {
  private stick = true;
  /** scrollTop after the last scroll we made or saw: a smaller one next time means the user scrolled up. */
  private lastScrollTop = 0;
  private readonly observer: ResizeObserver | undefined;
  private readonly onScroll = () => this.scrolled();

  constructor(
    window: Window,
    private readonly scroller: HTMLElement,
    content: HTMLElement,
  ) {
    const Observer = (window as Window & { ResizeObserver?: typeof ResizeObserver }).ResizeObserver;
    if (Observer) {
      this.observer = new Observer(() => this.followBottom());
      this.observer.observe(content);
      this.observer.observe(scroller);
    }
    scroller.addEventListener('scroll', this.onScroll);
  }

  /** Follows again from now on (a new answer, a loaded conversation, a message sent). */
  follow(): void {
    this.stick = true;
  }

  /** The content changed: follows it now unless the ResizeObserver will, after layout. */
  contentChanged(): void {
    if (!this.observer) this.followBottom();
  }

  dispose(): void {
    this.observer?.disconnect();
    this.scroller.removeEventListener('scroll', this.onScroll);
  }

  private followBottom(): void {
    if (!this.stick) return;
    const el = this.scroller;
    const bottom = el.scrollHeight - el.clientHeight;
    if (el.scrollTop < bottom) el.scrollTop = bottom;
    this.lastScrollTop = el.scrollTop;
  }

  /**
   * Our own scrolls only move down; a scroll up is the user's (or the content shrinking) and stops the
   * following unless it ends at the bottom; scrolling back to the bottom resumes it.
   */
  private scrolled(): void {
    const top = this.scroller.scrollTop;
    if (top < this.lastScrollTop - 1 || !this.stick) this.stick = this.isAtBottom();
    this.lastScrollTop = top;
  }

  private isAtBottom(): boolean {
    const el = this.scroller;
    return el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_THRESHOLD;
  }
}
