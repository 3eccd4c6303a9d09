/**
 * The demo endpoint's answer to an Edit Selection request (src/core/prompts.ts buildEditMessages): it reads
 * the instruction and the selected lines out of the request and rewrites those lines for real, by rules,
 * so the demo can show a rewrite streaming in as an inline diff with no model behind it.
 *
 * What the instruction asks for, any of them, applied in this order:
 * - "rename X to Y": every X (as a whole word) becomes Y;
 * - "async": functions become async (Python, TypeScript/JavaScript, Rust, C#), calls to them inside the
 *   rewritten functions are awaited;
 * - "type hints" / "types": Python and TypeScript parameters and return types get annotations guessed from
 *   names, default values and return statements (JavaScript gets a JSDoc line instead);
 * - "comment" / "docstring" / "document": every function and class without one gets a doc comment
 *   (a docstring in Python) made from its name and parameters.
 * Anything else, or an instruction whose rule finds nothing to change, gets a small general improvement
 * (`== None` to `is None`, `var` to `let`, `==` to `===`, a bare `except:`, trailing spaces).
 * Every rewrite starts with one comment line saying that it comes from the demo endpoint and what it did:
 * the prose around the code block never reaches the document, so the notice has to be in the code.
 * Deterministic: the same request always gets the same answer.
 */

export interface EditRequest {
  readonly instruction: string;
  readonly fileName: string;
  /** The VS Code language id the request names (python, typescript, ...). */
  readonly language: string;
  /** The selected lines, each with its line break, as sent. */
  readonly selection: string;
}

/**
 * The Edit Selection request in a user message, or undefined when the message is something else. It is
 * recognised by the lines buildEditMessages writes: "File: X (language: Y)", "Rewrite the selected lines
 * (...) as asked above.", and the fenced block after "The selected lines:".
 */
export function parseEditRequest(message: string): EditRequest | undefined {
  const head = /^([\s\S]*?)\n\nFile: (.*) \(language: ([^)\n]*)\)\nRewrite the selected lines \(lines? [\d-]+\) as asked above\.\n/.exec(message);
  if (!head) return undefined;
  // The fence is longer than any backtick run in the code, so the first line that is only the fence closes it.
  const block = /\n\nThe selected lines:\n(`{3,})[^\n]*\n([\s\S]*?)^\1$/m.exec(message.slice(head[0].length - 1));
  if (!block) return undefined;
  return { instruction: head[1]!.trim(), fileName: head[2]!, language: head[3]!, selection: block[2]! };
}

/** The whole answer: a sentence, the rewritten selection in one fenced block, a closing sentence. */
export function demoEditAnswer(request: EditRequest): string {
  const code = rewriteSelection(request);
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = code.endsWith('\n') ? code : `${code}\n`;
  return [
    'Here is the rewritten selection (from the Token Stream demo endpoint: a rewrite made by rules, no model behind it):',
    '',
    `${fence}${request.language}\n${body}${fence}`,
    '',
    'To use a real model, restart the demo with `TOKEN_STREAM_BASE_URL`, `OPENAI_API_KEY` and `TOKEN_STREAM_MODEL` set.',
    '',
  ].join('\n');
}

type Family = 'python' | 'typescript' | 'javascript' | 'go' | 'rust' | 'java' | 'csharp' | 'hash' | 'sql' | 'html' | 'css' | 'other';

const FAMILIES: Record<string, Family> = {
  python: 'python',
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  go: 'go',
  rust: 'rust',
  java: 'java',
  csharp: 'csharp',
  shellscript: 'hash',
  ruby: 'hash',
  yaml: 'hash',
  sql: 'sql',
  html: 'html',
  xml: 'html',
  css: 'css',
  c: 'java',
  cpp: 'java',
  kotlin: 'java',
  swift: 'java',
};

/** The rewritten selection: the notice line, then the selected lines as the instruction asks. */
export function rewriteSelection(request: EditRequest): string {
  const family = FAMILIES[request.language] ?? 'other';
  const eol = request.selection.includes('\r\n') ? '\r\n' : '\n';
  const endsWithBreak = request.selection.endsWith('\n');
  let lines = request.selection.split(/\r?\n/);
  if (endsWithBreak) lines.pop();
  const instruction = request.instruction;
  const did: string[] = [];

  const rename = /\brename\s+[`'"]?([A-Za-z_$][\w$]*)[`'"]?\s+(?:to|as|into)\s+[`'"]?([A-Za-z_$][\w$]*)/i.exec(instruction);
  if (rename) {
    const [, from, to] = rename as unknown as [string, string, string];
    const word = new RegExp(`(?<![\\w$])${escapeRegExp(from)}(?![\\w$])`, 'g');
    if (lines.some((line) => word.test(line))) {
      lines = lines.map((line) => line.replace(word, to));
      did.push(`renamed ${from} to ${to}`);
    } else {
      did.push(`no ${from} to rename here`);
    }
  }
  if (/\basync\b|\bawait\b|asynchronous/i.test(instruction)) {
    const next = makeAsync(lines, family);
    if (next) {
      lines = next;
      did.push('made the functions async');
    }
  }
  if (/\btyp(?:e|es|ed|ing)\b|\bannotat/i.test(instruction)) {
    const next = addTypes(lines, family);
    if (next) {
      lines = next;
      did.push('added type hints');
    }
  }
  if (/\bcomment|\bdocstring|\bdocument|\bdocs?\b|\bexplain/i.test(instruction)) {
    const next = addDocs(lines, family);
    if (next) {
      lines = next;
      did.push(family === 'python' ? 'added docstrings' : 'added doc comments');
    }
  }
  if (!did.some((d) => !d.startsWith('no '))) {
    const next = tidy(lines, family);
    if (next) {
      lines = next.lines;
      did.push(next.did);
    } else {
      did.push('nothing to improve found, so only this note');
    }
  }

  const first = lines.find((line) => line.trim() !== '') ?? '';
  const indent = /^\s*/.exec(first)![0];
  const notice = `${indent}${comment(family, `Token Stream demo endpoint (rewritten by rules, no model): ${did.join('; ')}.`)}`;
  return [notice, ...lines].join(eol) + (endsWithBreak ? eol : '');
}

// ---------------------------------------------------------------------------------------------
// Declarations

interface Declaration {
  readonly line: number;
  readonly indent: string;
  readonly kind: 'function' | 'class';
  readonly name: string;
  readonly params: string[];
}

const PY_DEF = /^(\s*)(async\s+)?def\s+(\w+)\s*\((.*)\)\s*(->\s*[^:]+)?:\s*(#.*)?$/;
const PY_CLASS = /^(\s*)class\s+(\w+)/;
const TS_FUNCTION = /^(\s*)((?:export\s+)?(?:default\s+)?)(async\s+)?function\s*\*?\s*(\w+)\s*(<[^>]*>)?\((.*)\)\s*(:\s*[^{]+?)?\s*\{\s*$/;
const TS_ARROW = /^(\s*)((?:export\s+)?(?:const|let)\s+)(\w+)(\s*=\s*)(async\s+)?\((.*)\)\s*(:\s*[^=]+?)?\s*=>/;
const C_CLASS = /^(\s*)(?:export\s+|public\s+|pub\s+|internal\s+|abstract\s+|final\s+|sealed\s+|static\s+)*(?:class|interface|struct|enum|trait)\s+(\w+)/;
const GO_FUNC = /^(\s*)func\s+(?:\([^)]*\)\s*)?(\w+)\s*\((.*?)\)/;
const RUST_FN = /^(\s*)((?:pub(?:\([^)]*\))?\s+)?)(async\s+)?fn\s+(\w+)\s*(<[^>]*>)?\((.*?)\)/;
const C_METHOD =
  /^(\s*)((?:(?:public|private|protected|internal|static|final|override|virtual|abstract|async|synchronized)\s+)*)([\w<>[\],.?]+)\s+(\w+)\s*\(([^)]*)\)\s*(?:throws\s+[\w\s,.]+)?\{?\s*$/;
const NOT_TYPES = new Set(['return', 'new', 'else', 'throw', 'await', 'yield', 'case', 'goto']);

function paramNames(params: string): string[] {
  return splitParams(params)
    .map((p) => /^[\s*&]*(?:(?:readonly|public|private|mut|final|ref|out|in|params)\s+)*([A-Za-z_$][\w$]*)/.exec(p)?.[1] ?? '')
    .filter((name) => name && name !== 'self' && name !== 'cls' && name !== 'this');
}

/** Top-level comma-separated parts of a parameter list (commas inside brackets or generics stay). */
function splitParams(params: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of params) {
    if ('([{<'.includes(ch)) depth++;
    if (')]}>'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function declarations(lines: readonly string[], family: Family): Declaration[] {
  const found: Declaration[] = [];
  lines.forEach((text, line) => {
    let m: RegExpExecArray | null;
    if (family === 'python') {
      if ((m = PY_DEF.exec(text))) found.push({ line, indent: m[1]!, kind: 'function', name: m[3]!, params: paramNames(m[4]!) });
      else if ((m = PY_CLASS.exec(text))) found.push({ line, indent: m[1]!, kind: 'class', name: m[2]!, params: [] });
      return;
    }
    if ((m = C_CLASS.exec(text))) found.push({ line, indent: m[1]!, kind: 'class', name: m[2]!, params: [] });
    else if ((family === 'typescript' || family === 'javascript') && (m = TS_FUNCTION.exec(text))) found.push({ line, indent: m[1]!, kind: 'function', name: m[4]!, params: paramNames(m[6]!) });
    else if ((family === 'typescript' || family === 'javascript') && (m = TS_ARROW.exec(text))) found.push({ line, indent: m[1]!, kind: 'function', name: m[3]!, params: paramNames(m[6]!) });
    else if (family === 'go' && (m = GO_FUNC.exec(text))) found.push({ line, indent: m[1]!, kind: 'function', name: m[2]!, params: paramNames(m[3]!) });
    else if (family === 'rust' && (m = RUST_FN.exec(text))) found.push({ line, indent: m[1]!, kind: 'function', name: m[4]!, params: paramNames(m[6]!.replace(/:[^,]*/g, '')) });
    else if ((family === 'java' || family === 'csharp') && (m = C_METHOD.exec(text)) && !NOT_TYPES.has(m[3]!) && !/^(if|for|while|switch|catch|using|lock)$/.test(m[4]!)) {
      found.push({ line, indent: m[1]!, kind: 'function', name: m[4]!, params: splitParams(m[5]!).map((p) => p.split(/\s+/).at(-1)!) });
    }
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// Doc comments

const VERBS = new Set(
  'add apply build calculate check clear close compute convert count create delete describe draw fetch filter find format get greet handle init load log make merge open parse print read remove render reset run save send set show sort start stop update validate write'.split(' '),
);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\s]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** One sentence about a declaration, from its name and parameters. */
function summary(d: Declaration): string {
  const w = words(d.name);
  if (d.kind === 'class') return `A ${w.join(' ')}.`;
  const params = d.params.length > 0 ? listOf(d.params) : '';
  if (VERBS.has(w[0]!)) {
    const phrase = capitalize(w.join(' '));
    return params ? `${phrase}${w.length === 1 ? ' ' : ' for '}${params}.` : `${phrase}.`;
  }
  return `Return the ${w.join(' ')}${params ? ` for ${params}` : ''}.`;
}

/** Go doc comments start with the name: "Area returns the area for r.", "Point is a point." */
function goSentence(d: Declaration, text: string): string {
  const lower = `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
  if (d.kind === 'class') return `is ${lower}`;
  return lower.replace(/^\w+/, (verb) => (/(s|sh|ch|x)$/.test(verb) ? `${verb}es` : `${verb}s`));
}

function addDocs(lines: readonly string[], family: Family): string[] | undefined {
  const out = [...lines];
  let added = 0;
  // From the bottom up, so the line numbers of the declarations above stay right.
  for (const d of declarations(lines, family).reverse()) {
    const text = summary(d);
    if (family === 'python') {
      const next = lines.slice(d.line + 1).find((l) => l.trim() !== '');
      if (next?.trim().startsWith('"""') || next?.trim().startsWith("'''")) continue;
      const bodyIndent = next && /^\s*/.exec(next)![0].length > d.indent.length ? /^\s*/.exec(next)![0] : `${d.indent}    `;
      out.splice(d.line + 1, 0, `${bodyIndent}"""${text}"""`);
    } else {
      const previous = lines[d.line - 1]?.trim() ?? '';
      if (/^(\/\/|\/\*|\*|#|--)/.test(previous)) continue;
      const doc =
        family === 'go'
          ? `// ${d.name} ${goSentence(d, text)}`
          : family === 'rust'
            ? `/// ${text}`
            : family === 'csharp'
              ? `/// <summary>${text}</summary>`
              : family === 'typescript' || family === 'javascript' || family === 'java'
                ? `/** ${text} */`
                : comment(family, text);
      out.splice(d.line, 0, `${d.indent}${doc}`);
    }
    added++;
  }
  return added > 0 ? out : undefined;
}

// ---------------------------------------------------------------------------------------------
// Async

function makeAsync(lines: readonly string[], family: Family): string[] | undefined {
  const out = [...lines];
  const converted: { name: string; line: number; indent: number }[] = [];
  out.forEach((text, i) => {
    let m: RegExpExecArray | null;
    if (family === 'python' && (m = PY_DEF.exec(text)) && !m[2]) {
      out[i] = text.replace(/\bdef\s/, 'async def ');
      converted.push({ name: m[3]!, line: i, indent: m[1]!.length });
    } else if ((family === 'typescript' || family === 'javascript') && (m = TS_FUNCTION.exec(text)) && !m[3]) {
      let next = text.replace(/\bfunction\b/, 'async function');
      const returns = m[7]?.replace(/^:\s*/, '').trim();
      if (returns && !returns.startsWith('Promise<')) next = replaceLast(next, m[7]!, `: Promise<${returns}>`);
      out[i] = next;
      converted.push({ name: m[4]!, line: i, indent: m[1]!.length });
    } else if ((family === 'typescript' || family === 'javascript') && (m = TS_ARROW.exec(text)) && !m[5]) {
      const returns = m[7]?.replace(/^:\s*/, '').trim();
      let next = text.replace(`${m[4]!}(`, `${m[4]!}async (`);
      if (returns && !returns.startsWith('Promise<')) next = replaceLast(next, m[7]!, `: Promise<${returns}>`);
      out[i] = next;
      converted.push({ name: m[3]!, line: i, indent: m[1]!.length });
    } else if (family === 'rust' && (m = RUST_FN.exec(text)) && !m[3]) {
      out[i] = text.replace(/\bfn\s/, 'async fn ');
      converted.push({ name: m[4]!, line: i, indent: m[1]!.length });
    } else if (family === 'csharp' && (m = C_METHOD.exec(text)) && !NOT_TYPES.has(m[3]!) && !/\basync\b/.test(m[2]!) && !/^(if|for|while|switch|catch|using|lock)$/.test(m[4]!)) {
      const type = m[3] === 'void' ? 'Task' : `Task<${m[3]}>`;
      out[i] = `${m[1]}${m[2]}async ${type} ${text.slice(m[1]!.length + m[2]!.length + m[3]!.length).trimStart()}`;
      converted.push({ name: m[4]!, line: i, indent: m[1]!.length });
    }
  });
  if (converted.length === 0) return undefined;
  if (family !== 'python' && family !== 'typescript' && family !== 'javascript') return out;
  // Calls to the converted functions are awaited where an await is allowed: inside a converted function
  // (Python: below its def, indented deeper), or anywhere in TypeScript/JavaScript modules.
  const names = converted.map((c) => escapeRegExp(c.name)).join('|');
  const call = new RegExp(`(?<![\\w$.]|await |def |function )(${names})\\(`, 'g');
  out.forEach((text, i) => {
    if (converted.some((c) => c.line === i)) return;
    if (family === 'python') {
      const owner = [...converted].reverse().find((c) => c.line < i);
      const indent = /^\s*/.exec(text)![0].length;
      const inside = owner && indent > owner.indent && out.slice(owner.line + 1, i).every((l) => l.trim() === '' || /^\s*/.exec(l)![0].length > owner.indent);
      if (!inside) return;
    }
    out[i] = text.replace(call, 'await $1(');
  });
  if (family === 'python') {
    for (let i = 0; i < out.length; i++) out[i] = out[i]!.replace(/(?<!await )\btime\.sleep\(/g, 'await asyncio.sleep(');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Type hints

type Guess = 'str' | 'int' | 'float' | 'bool' | 'list' | 'none' | 'unknown';

const PY_TYPES: Record<Guess, string> = { str: 'str', int: 'int', float: 'float', bool: 'bool', list: 'list', none: 'None', unknown: 'object' };
const TS_TYPES: Record<Guess, string> = { str: 'string', int: 'number', float: 'number', bool: 'boolean', list: 'unknown[]', none: 'void', unknown: 'unknown' };

/** A parameter's type, from its default value or else its name. */
function guessParam(name: string, defaultValue?: string): Guess {
  const literal = defaultValue === undefined ? undefined : guessLiteral(defaultValue.trim());
  if (literal && literal !== 'unknown' && literal !== 'none') return literal;
  if (/^(is|has|can|should|allow|enable|use)[A-Z_]|^(enabled|done|ok|flag|verbose|force|strict)$/i.test(name)) return 'bool';
  if (/^(n|i|j|k|count|index|idx|size|length|len|num|age|year|port|limit|offset|total|depth|level|retries|attempts)$|_?(id|count|index)$|Id$|Count$/i.test(name)) return 'int';
  if (/^(x|y|z|radius|r|width|height|ratio|rate|price|amount|weight|scale|factor|temperature|angle|score|seconds|delay|timeout)$/i.test(name)) return 'float';
  if (/name|title|text|label|message|msg|path|url|key|word|line|prefix|suffix|greeting|email|query|prompt|language|content/i.test(name)) return 'str';
  if (/(items|list|values|rows|names|lines|words|ids)$/i.test(name)) return 'list';
  return 'unknown';
}

function guessLiteral(value: string): Guess {
  if (/^[fbru]*["'`]/i.test(value)) return 'str';
  if (/^(True|False|true|false)$/.test(value)) return 'bool';
  if (/^-?\d+$/.test(value)) return 'int';
  if (/^-?\d*\.\d+(e-?\d+)?$/i.test(value)) return 'float';
  if (/^(None|null|undefined)$/.test(value)) return 'none';
  if (/^\[/.test(value)) return 'list';
  return 'unknown';
}

/** The type of a returned expression, knowing the guessed parameter types. */
function guessReturn(expr: string, params: ReadonlyMap<string, Guess>): Guess {
  const literal = guessLiteral(expr);
  if (literal !== 'unknown') return literal;
  if (/^not\s|^!|[<>]=?|[!=]==?|\b(and|or|in|is)\b|&&|\|\|/.test(expr) && !/^[\w.]+\(/.test(expr)) return 'bool';
  const named = params.get(expr);
  if (named) return named;
  if (/[-+*/%]/.test(expr)) {
    const used = [...params].filter(([name]) => new RegExp(`\\b${escapeRegExp(name)}\\b`).test(expr)).map(([, g]) => g);
    if (used.includes('str') && /\+/.test(expr)) return 'str';
    if (/\bmath\.|Math\.|\d\.\d|\s\/\s/.test(expr) || used.includes('float')) return 'float';
    if (used.length > 0 && used.every((g) => g === 'int')) return 'int';
  }
  if (/^(str|String)\(|\.join\(|\.format\(|\.toString\(|\.toUpperCase\(|\.toLowerCase\(|\.upper\(|\.lower\(|\.strip\(|\.trim\(/.test(expr)) return 'str';
  if (/^(len|int|round)\(|\.length$/.test(expr)) return 'int';
  if (/^(float|abs)\(|^Math\./.test(expr)) return 'float';
  if (/^(bool|isinstance)\(/.test(expr)) return 'bool';
  return 'unknown';
}

/** The lines of a function's body: after its declaration, while deeper indented (or blank). */
function bodyOf(lines: readonly string[], d: Declaration): string[] {
  const body: string[] = [];
  for (const line of lines.slice(d.line + 1)) {
    if (line.trim() !== '' && /^\s*/.exec(line)![0].length <= d.indent.length) break;
    body.push(line);
  }
  return body;
}

function returnGuess(lines: readonly string[], d: Declaration, params: ReadonlyMap<string, Guess>): Guess {
  const returns = bodyOf(lines, d)
    .map((l) => /^\s*return\b\s*(.*?);?\s*$/.exec(l)?.[1])
    .filter((r): r is string => r !== undefined);
  if (returns.length === 0 || returns.every((r) => r === '')) return 'none';
  const guesses = new Set(returns.map((r) => guessReturn(r, params)));
  return guesses.size === 1 ? [...guesses][0]! : 'unknown';
}

function addTypes(lines: readonly string[], family: Family): string[] | undefined {
  if (family !== 'python' && family !== 'typescript' && family !== 'javascript') return undefined;
  const out = [...lines];
  let changed = false;
  for (const d of declarations(lines, family).reverse()) {
    if (d.kind !== 'function') continue;
    const text = lines[d.line]!;
    const open = text.indexOf('(');
    const close = matchingParen(text, open);
    if (open < 0 || close < 0) continue;
    const params = new Map<string, Guess>();
    const typed = splitParams(text.slice(open + 1, close)).map((p) => {
      const m = /^([*.]*)([A-Za-z_$][\w$]*)(\??)\s*(:[^=]*)?(?:=\s*(.*))?$/.exec(p);
      if (!m || m[1] || m[2] === 'self' || m[2] === 'cls') return p;
      const guess = guessParam(m[2]!, m[5]);
      params.set(m[2]!, guess);
      if (m[4] || family === 'javascript') return p;
      const type = family === 'python' ? PY_TYPES[guess] : TS_TYPES[guess];
      return m[5] === undefined ? `${m[2]}${m[3]}: ${type}` : `${m[2]}: ${type} = ${m[5].trim()}`;
    });
    const returns = returnGuess(lines, d, params);
    if (family === 'javascript') {
      const previous = lines[d.line - 1]?.trim() ?? '';
      if (previous.startsWith('/**') || previous.startsWith('*')) continue;
      const tags = [...params].map(([name, g]) => `@param {${TS_TYPES[g]}} ${name}`);
      if (returns !== 'none') tags.push(`@returns {${TS_TYPES[returns]}}`);
      out.splice(d.line, 0, `${d.indent}/** ${tags.join(' ')} */`);
      changed = true;
      continue;
    }
    let rest = text.slice(close + 1);
    if (family === 'python' && !/^\s*->/.test(rest)) rest = rest.replace(/^\s*:/, ` -> ${PY_TYPES[returns]}:`);
    if (family === 'typescript' && /^\s*(\{|=>)/.test(rest)) rest = rest.replace(/^\s*/, `: ${TS_TYPES[returns]} `);
    const next = `${text.slice(0, open + 1)}${typed.join(', ')})${rest}`;
    if (next !== text) {
      out[d.line] = next;
      changed = true;
    }
  }
  return changed ? out : undefined;
}

function matchingParen(text: string, open: number): number {
  if (open < 0) return -1;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// General improvement: the first rule that changes a line, applied to that line only.

const TIDY_RULES: readonly { families: readonly Family[]; find: RegExp; replace: string; did: string }[] = [
  { families: ['python'], find: /\s*==\s*None\b/, replace: ' is None', did: 'compared with None using "is"' },
  { families: ['python'], find: /\s*!=\s*None\b/, replace: ' is not None', did: 'compared with None using "is not"' },
  { families: ['python'], find: /^(\s*)except\s*:/, replace: '$1except Exception:', did: 'caught Exception instead of everything' },
  { families: ['typescript', 'javascript'], find: /^(\s*)var\s/, replace: '$1let ', did: 'declared with let instead of var' },
  { families: ['typescript', 'javascript'], find: /([^=!<>])==(?!=)/, replace: '$1===', did: 'compared with === instead of ==' },
  { families: ['typescript', 'javascript'], find: /!=(?!=)/, replace: '!==', did: 'compared with !== instead of !=' },
  { families: ['python', 'typescript', 'javascript', 'go', 'rust', 'java', 'csharp', 'hash', 'sql', 'html', 'css', 'other'], find: /[ \t]+$/, replace: '', did: 'removed trailing spaces' },
];

function tidy(lines: readonly string[], family: Family): { lines: string[]; did: string } | undefined {
  for (const rule of TIDY_RULES) {
    if (!rule.families.includes(family)) continue;
    const index = lines.findIndex((line) => !isCommentOrString(line) && rule.find.test(line));
    if (index < 0) continue;
    const out = [...lines];
    out[index] = lines[index]!.replace(rule.find, rule.replace);
    return { lines: out, did: rule.did };
  }
  return undefined;
}

function isCommentOrString(line: string): boolean {
  return /^\s*(#|\/\/|\/\*|\*|--|["'`])/.test(line);
}

// ---------------------------------------------------------------------------------------------

function comment(family: Family, text: string): string {
  switch (family) {
    case 'python':
    case 'hash':
      return `# ${text}`;
    case 'sql':
      return `-- ${text}`;
    case 'html':
      return `<!-- ${text} -->`;
    case 'css':
      return `/* ${text} */`;
    default:
      return `// ${text}`;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `text` with the last `part` in it replaced (a return type comes after the parameters, which may hold the same text). */
function replaceLast(text: string, part: string, by: string): string {
  const at = text.lastIndexOf(part);
  return at < 0 ? text : `${text.slice(0, at)}${by}${text.slice(at + part.length)}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
