/**
 * Cut-off answers and what models send back when asked to continue them without prefill (the fallback
 * mode). Each cut is an uncut answer, the offset where it was cut, and replies in the shapes models
 * really produce: the exact rest; the cut word, the cut line or a few lines repeated (with or without
 * their indentation); a re-opened ```lang fence; a chatty preamble; closing remarks after unfenced code.
 * Replies marked `lossy` cannot be joined back exactly by any repair (the model left something out),
 * they count in the figure like every other reply.
 */

export interface FallbackReply {
  readonly name: string;
  readonly text: string;
}

export interface SeamCut {
  readonly name: string;
  readonly answer: string;
  /** Offset in `answer` where the partial answer ends. */
  readonly cut: number;
  readonly replies: readonly FallbackReply[];
}

/** Builds a reply from the uncut answer and the cut offset. */
type Reply = (answer: string, cut: number) => FallbackReply;

function lines(...text: string[]): string {
  return text.join('\n');
}

/** Start of the line `back` lines before the cut line (0: the cut line itself). */
function lineStart(answer: string, cut: number, back: number): number {
  let start = answer.lastIndexOf('\n', cut - 1) + 1;
  for (let i = 0; i < back; i++) start = answer.lastIndexOf('\n', start - 2) + 1;
  return start;
}

/** The exact rest: what a prefill server sends, and what a well-behaved model sends. */
const rest: Reply = (answer, cut) => ({ name: 'the exact rest', text: answer.slice(cut) });

/** Repeats from the start of the cut line, or `back` lines before it, indentation included. */
function fromLine(back: number): Reply {
  return (answer, cut) => {
    const start = lineStart(answer, cut, back);
    return { name: `repeats from ${back === 0 ? 'the cut line' : `${back} line(s) back`} (overlap ${cut - start})`, text: answer.slice(start) };
  };
}

/** Repeats the cut word. */
const fromWord: Reply = (answer, cut) => {
  let start = cut;
  while (start > 0 && /[A-Za-z0-9_]/.test(answer[start - 1])) start--;
  return { name: `repeats the cut word (overlap ${cut - start})`, text: answer.slice(start) };
};

/** Repeats from the last occurrence of `marker` before the cut (a statement, a method, a sentence). */
function fromText(marker: string): Reply {
  return (answer, cut) => {
    const start = answer.lastIndexOf(marker, cut - 1);
    if (start === -1) throw new Error(`corpus: "${marker}" is not before the cut`);
    return { name: `repeats from "${marker.trim().slice(0, 24)}" (overlap ${cut - start})`, text: answer.slice(start) };
  };
}

/** Re-opens the code block first. */
function reopen(info: string, inner: Reply, fence = '```'): Reply {
  return (answer, cut) => {
    const reply = inner(answer, cut);
    return { name: `re-opens ${fence}${info}, ${reply.name}`, text: `${fence}${info}\n${reply.text}` };
  };
}

/** A preamble sentence first. */
function preamble(sentence: string, inner: Reply, separator = '\n\n'): Reply {
  return (answer, cut) => {
    const reply = inner(answer, cut);
    return { name: `"${sentence}", ${reply.name}`, text: `${sentence}${separator}${reply.text}` };
  };
}

/**
 * The repeated lines written at column 0: the first repeated line's indentation is left out of every
 * line up to the closing fence (lines indented less keep their own indentation, as a model cannot go
 * below column 0).
 */
function atColumn0(inner: Reply): Reply {
  return (answer, cut) => {
    const reply = inner(answer, cut);
    const indent = /^[ \t]*/.exec(reply.text)?.[0] ?? '';
    let inBlock = true;
    const text = reply.text
      .split('\n')
      .map((line) => {
        if (/^ {0,3}```/.test(line)) inBlock = false;
        return inBlock && line.startsWith(indent) ? line.slice(indent.length) : line;
      })
      .join('\n');
    return { name: `${reply.name}, at column 0`, text };
  };
}

/** The cut line repeated without its indentation, the lines after it at their own column. */
const cutLineAtColumn0: Reply = (answer, cut) => {
  const start = lineStart(answer, cut, 0);
  const text = answer.slice(start).replace(/^[ \t]+/, '');
  return { name: `repeats the cut line at column 0, the next lines at their column (overlap ${cut - start})`, text };
};

/** Closing remarks after the code, as a chat model adds them. */
function withRemarks(inner: Reply, remarks: string): Reply {
  return (answer, cut) => {
    const reply = inner(answer, cut);
    return { name: `${reply.name}, closed with remarks`, text: `${reply.text}${remarks}` };
  };
}

/** A reply that leaves something out, so no repair can restore the answer exactly. */
function lossy(inner: Reply, how: (text: string) => string, why: string): Reply {
  return (answer, cut) => {
    const reply = inner(answer, cut);
    return { name: `${reply.name}, ${why} (lossy)`, text: how(reply.text) };
  };
}

function cutAt(name: string, answer: string, marker: string, replies: readonly Reply[]): SeamCut {
  const at = answer.indexOf(marker);
  if (at === -1 || answer.indexOf(marker, at + 1) !== -1) throw new Error(`corpus: marker of "${name}" must occur once`);
  const cut = at + marker.length;
  return { name, answer, cut, replies: replies.map((reply) => reply(answer, cut)) };
}

const PYTHON_CHAT = lines(
  "Here's a function that parses a CSV line while respecting quoted fields:",
  '',
  '```python',
  'def parse_csv_line(line, delimiter=","):',
  '    fields = []',
  '    current = []',
  '    in_quotes = False',
  '    for char in line:',
  `        if char == '"':`,
  '            in_quotes = not in_quotes',
  '        elif char == delimiter and not in_quotes:',
  '            fields.append("".join(current))',
  '            current = []',
  '        else:',
  '            current.append(char)',
  '    fields.append("".join(current))',
  '    return fields',
  '```',
  '',
  'It toggles `in_quotes` on every quote, so a delimiter inside quotes stays part of the field.',
  '',
);

const TYPESCRIPT_CHAT = lines(
  'You can debounce the handler with a small generic helper:',
  '',
  '```ts',
  'export function debounce<T extends unknown[]>(fn: (...args: T) => void, waitMs: number): (...args: T) => void {',
  '  let timer: ReturnType<typeof setTimeout> | undefined;',
  '  return (...args: T) => {',
  '    if (timer !== undefined) {',
  '      clearTimeout(timer);',
  '    }',
  '    timer = setTimeout(() => {',
  '      timer = undefined;',
  '      fn(...args);',
  '    }, waitMs);',
  '  };',
  '}',
  '```',
  '',
  'Each call resets the timer, so `fn` runs once, `waitMs` after the last call.',
  '',
);

const MARKDOWN_README = lines(
  '## Installation',
  '',
  '1. Install the package from npm:',
  '',
  '   ```bash',
  '   npm install --save-dev token-stream',
  '   ```',
  '',
  '2. Add a script to your `package.json`:',
  '',
  '   ```json',
  '   {',
  '     "scripts": {',
  '       "stream": "token-stream --watch src"',
  '     }',
  '   }',
  '   ```',
  '',
  '3. Run it with `npm run stream`. The first run downloads the tokenizer, which takes a few seconds; later runs start at once.',
  '',
);

/** Code without a fence, as Generate Code gets it from a model told to answer with code only. */
const PYTHON_UNFENCED = lines(
  'import json',
  'from pathlib import Path',
  '',
  '',
  'def load_settings(path: Path) -> dict:',
  '    """Read the settings file, or return the defaults when it is missing."""',
  '    if not path.exists():',
  '        return {"theme": "dark", "font_size": 14}',
  '    with path.open(encoding="utf-8") as handle:',
  '        return json.load(handle)',
  '',
  '',
  'def save_settings(path: Path, settings: dict) -> None:',
  '    path.write_text(json.dumps(settings, indent=2), encoding="utf-8")',
  '',
);

const TYPESCRIPT_CLASS = lines(
  '```typescript',
  'export class LruCache<K, V> {',
  '  private readonly entries = new Map<K, V>();',
  '',
  '  constructor(private readonly capacity: number) {}',
  '',
  '  get(key: K): V | undefined {',
  '    const value = this.entries.get(key);',
  '    if (value !== undefined) {',
  '      this.entries.delete(key);',
  '      this.entries.set(key, value);',
  '    }',
  '    return value;',
  '  }',
  '',
  '  set(key: K, value: V): void {',
  '    this.entries.delete(key);',
  '    this.entries.set(key, value);',
  '    if (this.entries.size > this.capacity) {',
  '      const oldest = this.entries.keys().next().value as K;',
  '      this.entries.delete(oldest);',
  '    }',
  '  }',
  '}',
  '```',
  '',
);

const GO_TABS = lines(
  'Here is a worker that doubles each job:',
  '',
  '```go',
  'func worker(id int, jobs <-chan int, results chan<- int) {',
  '\tfor job := range jobs {',
  '\t\tresults <- job * 2',
  '\t}',
  '}',
  '```',
  '',
);

const UNFENCED_REMARKS = '```\n\nMissing settings files fall back to the defaults.\n';

export const SEAM_CORPUS: readonly SeamCut[] = [
  cutAt('python: inside a line of an indented block', PYTHON_CHAT, '            in_quotes = not in_', [
    rest,
    fromWord,
    fromLine(0),
    reopen('python', fromLine(0)),
    reopen('python', fromLine(2)),
    preamble('Sure, continuing from where I left off:', reopen('python', fromLine(0))),
    reopen('python', cutLineAtColumn0),
    reopen('python', fromWord),
    reopen('python', rest),
  ]),
  cutAt('python: right after a newline inside the block', PYTHON_CHAT, '            current = []\n', [
    rest,
    fromLine(1),
    reopen('python', rest),
    reopen('python', fromLine(3)),
    preamble("Here's the rest of the code:", reopen('python', rest)),
    preamble('Continuing the function:', reopen('python', fromLine(1)), '\n'),
  ]),
  cutAt('python: right after the indentation of a line', PYTHON_CHAT, '            current = []\n        ', [
    rest,
    fromLine(0),
    reopen('python', fromLine(0)),
    reopen('py', fromLine(1)),
    preamble('Continuing:', fromLine(0), '\n'),
  ]),
  cutAt('python: right after the opening fence', PYTHON_CHAT, '```python\n', [
    rest,
    reopen('python', rest),
    preamble('Sure! Here is the code:', reopen('python', rest)),
    preamble('Certainly! Continuing the code block:', rest),
  ]),
  cutAt('python: inside the opening fence line', PYTHON_CHAT, '```pyt', [
    rest,
    fromLine(0),
    preamble('Sure, here it is:', fromLine(0)),
  ]),
  cutAt('python: right before the closing fence', PYTHON_CHAT, '    return fields\n', [
    rest,
    fromLine(1),
    reopen('python', fromLine(2)),
    preamble('Continuing:', reopen('python', fromLine(1)), '\n'),
  ]),
  cutAt('python: in the prose after the block', PYTHON_CHAT, 'It toggles `in_quotes` on every ', [
    rest,
    fromLine(0),
    preamble('Sure! Continuing:', fromLine(0)),
    fromText('It toggles'),
  ]),
  cutAt('typescript: inside a word, deeply indented', TYPESCRIPT_CHAT, '      fn(...ar', [
    rest,
    fromWord,
    reopen('ts', fromLine(0)),
    reopen('typescript', fromLine(2)),
    preamble('Sure, continuing from where I left off:', reopen('ts', fromText('    timer = setTimeout'))),
    reopen('ts', fromWord),
    reopen('ts', cutLineAtColumn0),
    reopen('ts', rest),
  ]),
  cutAt('typescript: after a closing brace line', TYPESCRIPT_CHAT, '      clearTimeout(timer);\n    }\n', [
    rest,
    fromLine(1),
    reopen('ts', rest),
    reopen('ts', fromLine(2)),
    preamble('Continuing the debounce helper:', reopen('ts', rest), '\n'),
  ]),
  cutAt('typescript: after the last statement, before the closing braces', TYPESCRIPT_CHAT, '    }, waitMs);\n  };\n', [
    rest,
    fromLine(1),
    reopen('ts', rest),
    reopen('ts', fromLine(3)),
  ]),
  cutAt('typescript: right at the end of the code, before the closing fence', TYPESCRIPT_CHAT, '  };\n}', [
    rest,
    (answer, cut) => ({ name: 'closes the fence at once', text: answer.slice(cut + 1) }),
    fromLine(0),
    reopen('ts', fromLine(1)),
  ]),
  cutAt('typescript: inside a word of the prose before the block', TYPESCRIPT_CHAT, 'You can debounce the handler with a small gen', [
    rest,
    fromWord,
    fromLine(0),
    preamble('Sure! Continuing:', fromWord),
  ]),
  cutAt('markdown: inside a word of a paragraph', MARKDOWN_README, 'The first run downloads the tok', [
    rest,
    fromWord,
    fromText('The first run'),
    fromText('3. Run it'),
    preamble('Sure, continuing:', fromWord),
  ]),
  cutAt('markdown: inside a line of a list item code block (fence indented 3)', MARKDOWN_README, '       "stream": "token-', [
    rest,
    fromLine(0),
    reopen('json', fromLine(0), '   ```'),
    reopen('json', fromLine(2)),
    preamble("Here's the rest of the JSON:", reopen('json', fromLine(0))),
  ]),
  cutAt('markdown: right after a line of prose', MARKDOWN_README, '2. Add a script to your `package.json`:\n', [
    rest,
    fromLine(1),
    fromText('2. Add a script'),
    preamble('Sure, continuing the installation steps:', lossy(rest, (text) => text.replace(/^\n/, ''), 'drops the blank line')),
  ]),
  cutAt('markdown: right after a line inside a bash block', MARKDOWN_README, '   npm install --save-dev token-stream\n', [
    rest,
    fromLine(1),
    reopen('bash', fromLine(1)),
    reopen('bash', rest, '   ```'),
  ]),
  cutAt('unfenced python: inside a line', PYTHON_UNFENCED, '        return {"theme": "dark", "font_', [
    rest,
    fromWord,
    withRemarks(reopen('python', fromLine(0)), UNFENCED_REMARKS),
    preamble("Here's the rest of the code:", withRemarks(reopen('python', fromText('def load_settings')), UNFENCED_REMARKS)),
    reopen('python', fromLine(1)),
  ]),
  cutAt('unfenced python: between two functions', PYTHON_UNFENCED, '        return json.load(handle)\n\n', [
    rest,
    fromLine(2),
    withRemarks(reopen('python', fromLine(2)), UNFENCED_REMARKS),
    withRemarks(reopen('python', lossy(rest, (text) => text.replace(/^\n/, ''), 'drops the blank line')), UNFENCED_REMARKS),
  ]),
  cutAt('unfenced python: inside a word of a docstring', PYTHON_UNFENCED, '    """Read the settings file, or return the def', [
    rest,
    fromWord,
    withRemarks(reopen('python', fromLine(0)), UNFENCED_REMARKS),
    reopen('python', fromLine(1)),
  ]),
  cutAt('typescript class: inside a line of a method', TYPESCRIPT_CLASS, '      const oldest = this.entries.keys().next().', [
    rest,
    fromLine(0),
    reopen('typescript', fromLine(0)),
    reopen('typescript', fromText('  set(key: K, value: V): void {')),
    preamble('Certainly! Here is the continuation:', reopen('ts', fromLine(1))),
    reopen('typescript', atColumn0(fromText('  set(key: K, value: V): void {'))),
  ]),
  cutAt('typescript class: after the blank line between methods', TYPESCRIPT_CLASS, '    return value;\n  }\n\n', [
    rest,
    fromLine(2),
    reopen('typescript', rest),
    preamble("Sure, here's the rest of the class:", reopen('typescript', rest)),
  ]),
  cutAt('typescript class: inside a word of the constructor', TYPESCRIPT_CLASS, '  constructor(private readonly capa', [
    rest,
    fromWord,
    fromLine(0),
    reopen('typescript', fromText('export class LruCache')),
  ]),
  cutAt('go: inside a line indented with tabs', GO_TABS, '\t\tresults <- jo', [
    rest,
    fromLine(0),
    reopen('go', fromLine(0)),
    reopen('go', fromLine(1)),
    preamble('Sure, continuing:', reopen('go', fromWord), '\n'),
  ]),
  cutAt('go: after a closing brace indented with a tab', GO_TABS, '\t}\n', [
    rest,
    fromLine(1),
    reopen('go', rest),
    reopen('go', fromLine(2)),
  ]),
];
