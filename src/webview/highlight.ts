// highlight.js core plus the languages models write most often; the full build would add ~900 KiB.
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import plaintext from 'highlight.js/lib/languages/plaintext';
import powershell from 'highlight.js/lib/languages/powershell';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const languages = {
  bash, c, cpp, csharp, css, diff, dockerfile, go, ini, java, javascript, json, kotlin, markdown, php,
  plaintext, powershell, python, ruby, rust, shell, sql, swift, typescript, xml, yaml,
};
for (const [name, definition] of Object.entries(languages)) hljs.registerLanguage(name, definition);
// VS Code language ids that are not highlight.js names or aliases.
hljs.registerAliases(['typescriptreact', 'tsx'], { languageName: 'typescript' });
hljs.registerAliases(['javascriptreact', 'jsx'], { languageName: 'javascript' });
hljs.registerAliases(['shellscript', 'sh', 'zsh'], { languageName: 'bash' });
hljs.registerAliases(['jsonc'], { languageName: 'json' });
hljs.registerAliases(['html', 'svg', 'vue'], { languageName: 'xml' });
hljs.configure({ ignoreUnescapedHTML: true });

/** Blocks larger than this are left plain: highlighting them would stall the UI thread. */
const MAX_HIGHLIGHT_CHARS = 200_000;
/** Auto-detection runs every grammar: only for small blocks without a language. */
const MAX_AUTO_DETECT_CHARS = 4_000;

/**
 * highlight.js HTML for `code` (every input character escaped, output only <span class="hljs-...">),
 * or undefined when the language is unknown or the block is too large.
 */
export function highlightCode(code: string, language: string | undefined): string | undefined {
  if (code.length > MAX_HIGHLIGHT_CHARS) return undefined;
  try {
    if (language && hljs.getLanguage(language)) {
      return hljs.highlight(code, { language, ignoreIllegals: true }).value;
    }
    if (!language && code.length <= MAX_AUTO_DETECT_CHARS) {
      const result = hljs.highlightAuto(code);
      return result.relevance >= 5 ? result.value : undefined;
    }
  } catch {
    // A grammar bug must never break rendering: keep the plain text.
  }
  return undefined;
}

export function isKnownLanguage(language: string): boolean {
  return hljs.getLanguage(language) !== undefined;
}
