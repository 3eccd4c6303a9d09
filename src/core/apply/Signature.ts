/**
 * The "signature key" of a declaration line: what stays the same when a model edits a function's
 * parameters or return type, so `def total(self) -> int:` and `def total(self, tax=0) -> float:` are
 * found to be the same function. Keys are `kind name` ("def total", "func Server.Start",
 * "method total", "class Cart", "const handler", "var TIMEOUT", "key \"scripts\"", "rule .btn:hover");
 * a line that declares nothing has no key.
 */

const MODIFIERS =
  '(?:(?:export|default|declare|abstract|async|public|private|protected|internal|static|final|sealed|open|override|' +
  'readonly|virtual|partial|data|inline|suspend|unsafe|extern(?:\\s+"[^"]*")?|pub(?:\\([^)]*\\))?|const(?=\\s+fn\\b))\\s+)*';

const DECLARATION = new RegExp(
  `^${MODIFIERS}(def|function\\*?|class|interface|enum|type|namespace|module|struct|trait|fn|fun|func|record|object|protocol|extension|union|impl)\\s+(?:\\(([^)]*)\\)\\s*)?([A-Za-z_$][\\w$]*)`,
);
const VARIABLE_FUNCTION = new RegExp(
  `^${MODIFIERS}(?:const|let|var)\\s+([A-Za-z_$][\\w$]*)\\s*(?::[^=]+)?=\\s*(?:async\\s+)?(?:function\\b|\\([^)]*\\)\\s*(?::[^=]+)?=>|[A-Za-z_$][\\w$]*\\s*=>)`,
);
/** `export const TIMEOUT_MS = 30_000;`, `var x = 1`, `const MAX: u32 = 5;` (JavaScript, Go, Rust, Kotlin, Swift). */
const KEYWORD_VARIABLE = new RegExp(`^${MODIFIERS}(?:const|let|var|val|static)\\s+(?:mut\\s+)?([A-Za-z_$][\\w$]*)\\s*(?::[^=]+)?(?:=(?!=)|;?$)`);
/** `DEFAULT_PORT = 8000`, `timeout: float = 1.5`, `private lines: Line[] = [];`, `count = 0;` (Python, class fields). */
const ASSIGNED_NAME = new RegExp(`^${MODIFIERS}([A-Za-z_$][\\w$]*)\\s*[?!]?\\s*(?::[^=;]+)?(?:=(?![=>])|;$)`);
/** `private final List<Order> orders = new ArrayList<>();`, `int count;` (Java, C#, C++ fields). */
const TYPED_FIELD = new RegExp(`^${MODIFIERS}[\\w$.\\[\\]?]+(?:<[^=;]*>)?(?:\\[\\])*\\s+([A-Za-z_$][\\w$]*)\\s*(?:=(?!=)|;$)`);

const METHOD = new RegExp(
  `^${MODIFIERS}(?:(?:get|set|static|synchronized|native|new)\\s+)*(?:[\\w$.<>\\[\\],?]+(?:\\s*<[^>]*>)?\\s+)?\\*?([A-Za-z_$][\\w$]*)\\s*(?:<[^>()]*>)?\\s*\\(`,
);
const NOT_A_NAME = new Set([
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'return',
  'new',
  'else',
  'do',
  'try',
  'function',
  'typeof',
  'await',
  'yield',
  'super',
  'this',
  'with',
  'elif',
  'except',
  'assert',
  'print',
  'throw',
  'delete',
  'void',
  'sizeof',
  'foreach',
  'using',
  'lock',
  'match',
  'when',
  'loop',
  'select',
  'go',
  'defer',
  'require',
  'import',
  'describe',
  'it',
  'test',
]);

/** Words that start statements which open blocks but declare nothing. */
const STATEMENT_WORDS = new Set(['else', 'try', 'finally', 'default', 'case', 'unless', 'until', 'begin', 'on', 'from']);

/**
 * Where a line is: among a module's or a class's members, where `TIMEOUT = 30` declares a constant or
 * a field, or in a function body, where the same line is a statement.
 */
export type SignatureContext = 'members' | 'body';

/**
 * The signature key of a head line (trimmed), or undefined when it declares nothing. `opensBlock`
 * says whether the line starts an indented or bracketed body: a method-like `name(...)` line only
 * counts then, so a call statement `save(user);` is not mistaken for a declaration. Variables and
 * fields (`var NAME`) count only among members, not in function bodies.
 */
export function signatureOf(line: string, opensBlock: boolean, context: SignatureContext = 'members'): string | undefined {
  const t = line.trim();
  const declaration = DECLARATION.exec(t);
  if (declaration) {
    const kind = declaration[1]!.replace('*', '');
    const name = declaration[3]!;
    if (kind === 'impl') return `impl ${t.replace(/\s*\{\s*$/, '')}`;
    const receiver = declaration[2] !== undefined ? receiverType(declaration[2]) : undefined;
    return receiver ? `${kind} ${receiver}.${name}` : `${kind} ${name}`;
  }
  const variable = VARIABLE_FUNCTION.exec(t);
  if (variable) return `const ${variable[1]}`;
  const jsonKey = /^"((?:[^"\\]|\\.)+)"\s*:\s*[[{]\s*$/.exec(t);
  if (jsonKey && opensBlock) return `key "${jsonKey[1]}"`;
  // `with open(f) as fh:`, `return {`, `else {` start with a keyword: statements, not declarations.
  const firstWord = /^[A-Za-z_$][\w$]*/.exec(t)?.[0];
  if (firstWord && (NOT_A_NAME.has(firstWord) || STATEMENT_WORDS.has(firstWord))) return undefined;
  if (context === 'members') {
    const variable = KEYWORD_VARIABLE.exec(t) ?? ASSIGNED_NAME.exec(t) ?? TYPED_FIELD.exec(t);
    if (variable && !NOT_A_NAME.has(variable[1]!)) return `var ${variable[1]}`;
  }
  if (!opensBlock) return undefined;
  const method = METHOD.exec(t);
  if (method && !NOT_A_NAME.has(method[1]!) && /[{:]\s*$|=>\s*\{?\s*$|\)\s*(throws\s+[\w.,\s]+)?$|\($/.test(t)) return `method ${method[1]}`;
  const rule = /^([^(){};"'=]+?)\s*\{\s*$/.exec(t);
  if (rule) return `rule ${rule[1]!.replace(/\s+/g, ' ')}`;
  const yamlKey = /^([\w.-]+)\s*:\s*$/.exec(t);
  if (yamlKey) return `key ${yamlKey[1]}`;
  return undefined;
}

/** `s *Server` -> `Server` (a Go method receiver). */
function receiverType(receiver: string): string | undefined {
  const words = receiver.trim().split(/\s+/);
  const type = words[words.length - 1]?.replace(/^[*&]+/, '').replace(/\[.*$/, '');
  return type || undefined;
}
