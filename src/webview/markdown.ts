import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import { Lexer, Parser, type Token, type TokensList } from 'marked';
import { highlightCode } from './highlight';

/** Reference-style link definitions seen so far: `[tag]: href "title"`. */
export type LinkDefinitions = Record<string, { href: string; title?: string | null }>;

/** Toolbar actions of a code block; MessageActions handles them by delegation on `data-action`. */
export const CODE_ACTIONS = [
  { action: 'apply', role: 'code-apply', label: 'Apply', title: 'Apply to File (review the changes)' },
  { action: 'insert', role: 'code-insert', label: 'Insert', title: 'Insert at Cursor' },
  { action: 'copy', role: 'code-copy', label: 'Copy', title: 'Copy' },
  { action: 'open', role: 'code-open', label: 'Open', title: 'Open in New Editor' },
] as const;

export type CodeAction = (typeof CODE_ACTIONS)[number]['action'];

export interface MarkdownPipelineOptions {
  /** The toolbar actions code blocks get; default all. */
  readonly codeActions?: readonly CodeAction[];
}

const SAFE_HREF = /^(?:https?:|mailto:)/i;
const SAFE_IMAGE_DATA = /^data:image\/(?:png|jpe?g|gif|webp);/i;
const SAFE_CLASS = /^(?:language-[\w+#.-]{1,40}|hljs(?:-[\w-]{1,40})?)$/;

/** Model output is untrusted: what DOMPurify lets through on top of its default-safe lists. */
const MARKDOWN_CONFIG: Config = {
  RETURN_DOM_FRAGMENT: true,
  // HTML only: no SVG or MathML (a second parser context is where sanitizer bypasses live).
  USE_PROFILES: { html: true },
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // Forms and buttons could imitate the chat's own controls; style is blocked by the CSP anyway.
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog', 'details', 'template', 'math'],
  FORBID_ATTR: ['style', 'id', 'name', 'target', 'srcset', 'action', 'formaction', 'xlink:href'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
};

/** Output of highlight.js: spans with classes only. */
const HIGHLIGHT_CONFIG: Config = {
  RETURN_DOM_FRAGMENT: true,
  ALLOWED_TAGS: ['span'],
  ALLOWED_ATTR: ['class'],
};

/**
 * Markdown -> sanitized, decorated DOM for one window: marked lexes and renders HTML, DOMPurify
 * strips anything executable, then code blocks get a toolbar and links/images are made inert.
 * Stateless apart from the DOMPurify instance, so one pipeline serves every message of a view.
 */
export class MarkdownPipeline {
  private readonly purify: DOMPurify;
  private readonly document: Document;
  private readonly codeActions: readonly (typeof CODE_ACTIONS)[number][];

  constructor(window: Window, options: MarkdownPipelineOptions = {}) {
    this.document = window.document;
    const wanted = options.codeActions;
    this.codeActions = wanted ? CODE_ACTIONS.filter((a) => wanted.includes(a.action)) : CODE_ACTIONS;
    this.purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
    this.purify.addHook('uponSanitizeAttribute', (_node, data) => {
      if (data.attrName === 'class') {
        const kept = data.attrValue.split(/\s+/).filter((c) => SAFE_CLASS.test(c));
        data.attrValue = kept.join(' ');
        if (kept.length === 0) data.keepAttr = false;
      }
    });
    this.purify.addHook('afterSanitizeAttributes', (node) => {
      const el = node as Element;
      if (el.tagName === 'A') {
        const href = el.getAttribute('href');
        if (href !== null && !SAFE_HREF.test(href.trim())) el.removeAttribute('href');
        if (el.hasAttribute('href')) el.setAttribute('rel', 'noopener noreferrer');
      }
    });
  }

  /**
   * Top-level block tokens of `src`. `links` holds definitions from earlier (already committed)
   * text so references in `src` resolve; definitions found in `src` are not written back.
   */
  lex(src: string, links?: LinkDefinitions): TokensList {
    const lexer = new Lexer();
    if (links) Object.assign(lexer.tokens.links, links);
    return lexer.lex(src);
  }

  /** Renders block tokens to a sanitized fragment owned by this pipeline's document. */
  toFragment(tokens: Token[]): DocumentFragment {
    const html = Parser.parse(tokens);
    const fragment = this.purify.sanitize(html, MARKDOWN_CONFIG) as unknown as DocumentFragment;
    this.decorate(fragment);
    return fragment;
  }

  /** The whole document at once: the reference the incremental renderer must match. */
  renderToFragment(markdown: string): DocumentFragment {
    return this.toFragment(this.lex(markdown));
  }

  /** Highlights one code element in place (once); returns whether anything changed. */
  highlight(code: HTMLElement): boolean {
    if (code.dataset.highlighted === 'true') return false;
    code.dataset.highlighted = 'true';
    const html = highlightCode(code.textContent ?? '', languageOf(code));
    if (html === undefined) return false;
    const fragment = this.purify.sanitize(html, HIGHLIGHT_CONFIG) as unknown as DocumentFragment;
    code.replaceChildren(fragment);
    code.classList.add('hljs');
    return true;
  }

  private decorate(fragment: DocumentFragment): void {
    for (const pre of Array.from(fragment.querySelectorAll('pre'))) this.wrapCodeBlock(pre);
    for (const img of Array.from(fragment.querySelectorAll('img'))) this.neutralizeImage(img);
  }

  /** <pre> -> <div class="code-block"> with a toolbar (buttons built here, after sanitizing). */
  private wrapCodeBlock(pre: HTMLPreElement): void {
    const doc = this.document;
    const code = pre.querySelector('code');
    const language = code ? languageOf(code) : undefined;
    const block = doc.createElement('div');
    block.className = 'code-block';
    block.dataset.role = 'code-block';
    if (language) block.dataset.language = language;

    const toolbar = doc.createElement('div');
    toolbar.className = 'code-toolbar';
    const label = doc.createElement('span');
    label.className = 'code-language';
    label.textContent = language ?? '';
    toolbar.append(label);
    for (const { action, role, label: text, title } of this.codeActions) {
      const button = doc.createElement('button');
      button.type = 'button';
      button.className = 'code-action';
      button.dataset.action = action;
      button.dataset.role = role;
      button.title = title;
      button.setAttribute('aria-label', title);
      button.textContent = text;
      toolbar.append(button);
    }
    pre.replaceWith(block);
    block.append(toolbar, pre);
  }

  /**
   * Remote images would load on render (a known prompt-injection exfiltration channel): they become
   * links the user can choose to open. Only inline raster data: images are displayed.
   */
  private neutralizeImage(img: HTMLImageElement): void {
    const src = img.getAttribute('src') ?? '';
    if (SAFE_IMAGE_DATA.test(src)) return;
    const alt = img.getAttribute('alt') || 'image';
    if (SAFE_HREF.test(src)) {
      const a = this.document.createElement('a');
      a.href = src;
      a.rel = 'noopener noreferrer';
      a.className = 'image-link';
      a.textContent = `[${alt}]`;
      img.replaceWith(a);
    } else {
      img.replaceWith(this.document.createTextNode(`[${alt}]`));
    }
  }
}

/** Language of a code element from marked's `language-xxx` class. */
export function languageOf(code: Element): string | undefined {
  for (const c of Array.from(code.classList)) if (c.startsWith('language-')) return c.slice('language-'.length);
  return undefined;
}
