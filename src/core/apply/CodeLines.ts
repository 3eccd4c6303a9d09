/**
 * Small, language-agnostic classifiers of single lines of code, shared by the matchers: which lines are
 * strong enough to anchor on, which are comments or decorators, how brackets balance.
 */

/** Words that alone never identify a place: `} else {`, `return;`, `try:` fit anywhere. */
const WEAK_WORDS = new Set([
  'else',
  'try',
  'finally',
  'do',
  'return',
  'break',
  'continue',
  'pass',
  'end',
  'default',
  'begin',
  'then',
  'fi',
  'done',
  'esac',
  'null',
  'none',
  'true',
  'false',
  'nil',
  'this',
  'self',
  'super',
]);

/**
 * True for a line that can anchor a match by itself: at least three word characters, and not only
 * keywords and punctuation (`}`, `});`, `else:`, `return;` are not distinctive).
 */
export function isDistinctive(line: string): boolean {
  const words = line.trim().match(/[A-Za-z0-9_$]+/g) ?? [];
  if (words.join('').length < 3) return false;
  return words.some((word) => !WEAK_WORDS.has(word.toLowerCase()));
}

/** True for a whole-line comment in any common syntax (//, #, /*, *, <!--, --, ;, %, {/*). */
export function isCommentLine(line: string): boolean {
  const t = line.trim();
  if (t.startsWith('#[') || t.startsWith('#!')) return false;
  return /^(\/\/|#|\/\*|\*|<!--|--(?!-)|;|%|\{\/\*|''')/.test(t) || t === '"""';
}

/** True for a decorator or attribute line that belongs to the declaration below it (@x, #[x]). */
export function isDecoratorLine(line: string): boolean {
  const t = line.trim();
  return /^@[A-Za-z_]/.test(t) || t.startsWith('#[');
}

/**
 * Net count of opening minus closing brackets ((, [, {) in a line, ignoring string literals and a
 * trailing // comment (and a # comment where `hashComments` is set).
 */
export function bracketBalance(line: string, hashComments = false): number {
  let balance = 0;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') {
      // An apostrophe inside a word (don't) in a comment-free line is rare in code; treat quotes as strings.
      quote = char;
    } else if (char === '/' && line[i + 1] === '/') {
      break;
    } else if (hashComments && char === '#') {
      break;
    } else if (char === '(' || char === '[' || char === '{') {
      balance++;
    } else if (char === ')' || char === ']' || char === '}') {
      balance--;
    }
  }
  return balance;
}

/** Languages where # starts a comment (so a # does not hide brackets in CSS colors or C macros). */
export function usesHashComments(language: string | undefined): boolean {
  return !!language && /^(python|shellscript|shell|bash|sh|ruby|perl|r|yaml|toml|makefile|dockerfile|powershell|coffeescript|elixir|julia|nim|crystal)$/i.test(language);
}

/** A line that continues the statement above at the same indentation (`} else {`, `except:`, `):`, `end`). */
export function isContinuationLine(line: string): boolean {
  const t = line.trim();
  return /^[)\]}]/.test(t) || /^<\//.test(t) || /^(else|elif|elsif|except|finally|catch|rescue|ensure|end)\b/.test(t);
}

/** Width of an indentation, a tab counting as `tabSize` columns. */
export function indentWidth(indent: string, tabSize = 4): number {
  let width = 0;
  for (const char of indent) width += char === '\t' ? tabSize : 1;
  return width;
}

/**
 * The indentation step of some lines: a tab when tab-indented lines are the majority, otherwise the
 * most common increase in spaces from one line to a deeper next line; undefined when nothing is indented.
 */
export function detectIndentUnit(lines: readonly string[]): string | undefined {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let previous: number | undefined;
  for (const line of lines) {
    if (!line.trim()) continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent.startsWith('\t')) tabs++;
    else if (indent.length > 0) spaces++;
    const width = indent.startsWith('\t') ? -1 : indent.length;
    if (previous !== undefined && width > previous && previous >= 0) steps.set(width - previous, (steps.get(width - previous) ?? 0) + 1);
    previous = width;
  }
  if (tabs === 0 && spaces === 0) return undefined;
  if (tabs > spaces) return '\t';
  let best = 0;
  let count = 0;
  for (const [step, seen] of steps) if (seen > count || (seen === count && step < best)) [best, count] = [step, seen];
  return best > 0 ? ' '.repeat(best) : undefined;
}

/** A line cut short enough to quote in a message. */
export function shorten(line: string): string {
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
