import * as assert from 'node:assert/strict';
import { buildEditMessages, extractEditContext, wholeLines } from '../../../src/core/prompts';
import { demoEditAnswer, parseEditRequest, rewriteSelection, type EditRequest } from '../../servers/demoRewrite';

/** The user message Edit Selection sends for lines [first, last] (1-based) of `text`. */
function editMessage(instruction: string, text: string, first: number, last: number, fileName = 'shapes.py', language = 'python'): string {
  const lines = text.split('\n');
  const start = lines.slice(0, first - 1).join('\n').length + (first > 1 ? 1 : 0);
  const end = lines.slice(0, last).join('\n').length;
  const span = wholeLines(text, start, end);
  const context = extractEditContext(text, span, { fileName, language });
  return buildEditMessages(instruction, context)[0]!.content as string;
}

function request(instruction: string, selection: string[], language = 'python'): EditRequest {
  return { instruction, fileName: 'x', language, selection: selection.map((l) => `${l}\n`).join('') };
}

const PYTHON = [
  'import math',
  '',
  'def area(radius):',
  '    return math.pi * radius ** 2',
  '',
  'def describe(name, radius):',
  '    size = "large" if area(radius) > 10 else "small"',
  '    return f"{name} is a {size} circle"',
  '',
  'print(describe("disc", 2))',
  '',
].join('\n');

describe('demo endpoint: Edit Selection rewrites', () => {
  describe('reading the request', () => {
    it('reads the instruction, file, language and exactly the selected lines out of what Edit Selection sends', () => {
      const parsed = parseEditRequest(editMessage('add docstrings', PYTHON, 3, 8));
      assert.deepEqual(parsed, {
        instruction: 'add docstrings',
        fileName: 'shapes.py',
        language: 'python',
        selection: PYTHON.split('\n').slice(2, 8).map((l) => `${l}\n`).join(''),
      });
    });

    it('keeps a selection with backticks whole (the request fence is longer than any run in the code)', () => {
      const code = 'const a = `x`;\nconst b = ```;\nconst c = 1;\n';
      const parsed = parseEditRequest(editMessage('tidy', code, 1, 2, 'a.ts', 'typescript'));
      assert.equal(parsed?.selection, 'const a = `x`;\nconst b = ```;\n');
    });

    it('does not take a chat question or a Generate at Cursor request for an edit', () => {
      assert.equal(parseEditRequest('How do I debounce a function in TypeScript?'), undefined);
      assert.equal(parseEditRequest('a function\n\nFile: a.py (language: python)\nThe code below marks the cursor with <CURSOR>.\n```python\n<CURSOR>\n```'), undefined);
    });
  });

  describe('rewriting', () => {
    it('adds docstrings to Python functions, made from their names and parameters, after a demo notice line', () => {
      const out = rewriteSelection(request('add docstrings', PYTHON.split('\n').slice(2, 8)));
      assert.equal(
        out,
        [
          '# Token Stream demo endpoint (rewritten by rules, no model): added docstrings.',
          'def area(radius):',
          '    """Return the area for radius."""',
          '    return math.pi * radius ** 2',
          '',
          'def describe(name, radius):',
          '    """Describe name and radius."""',
          '    size = "large" if area(radius) > 10 else "small"',
          '    return f"{name} is a {size} circle"',
          '',
        ].join('\n'),
      );
    });

    it('adds Python type hints guessed from names, defaults and return statements', () => {
      const out = rewriteSelection(request('add type hints', ['def area(radius):', '    return math.pi * radius ** 2', 'def label(name, count=3, verbose=False):', '    return f"{name}: {count}"', 'def show(items):', '    print(items)']));
      const lines = out.split('\n');
      assert.equal(lines[1], 'def area(radius: float) -> float:');
      assert.equal(lines[3], 'def label(name: str, count: int = 3, verbose: bool = False) -> str:');
      assert.equal(lines[5], 'def show(items: list) -> None:');
    });

    it('adds TypeScript parameter and return types, and a JSDoc line in JavaScript', () => {
      const ts = rewriteSelection(request('add types', ['export function greet(name) {', '  return `Hello, ${name}`;', '}'], 'typescript'));
      assert.equal(ts.split('\n')[1], 'export function greet(name: string): string {');
      const js = rewriteSelection(request('add types', ['function total(count, price) {', '  return count * price;', '}'], 'javascript'));
      assert.deepEqual(js.split('\n').slice(1, 3), ['/** @param {number} count @param {number} price @returns {number} */', 'function total(count, price) {']);
    });

    it('renames the identifier the instruction names, as a whole word only', () => {
      const out = rewriteSelection(request('rename radius to r', ['def area(radius):', '    radii = [radius]', '    return math.pi * radius ** 2']));
      assert.deepEqual(out.split('\n').slice(1, 4), ['def area(r):', '    radii = [r]', '    return math.pi * r ** 2']);
      assert.match(out.split('\n')[0]!, /renamed radius to r/);
    });

    it('converts to async: Python defs and the calls to them inside, TypeScript functions with Promise return types', () => {
      const py = rewriteSelection(request('make it async', ['def load(path):', '    time.sleep(1)', '    return path', '', 'def run():', '    return load("a")', '', 'load("b")']));
      assert.deepEqual(py.split('\n').slice(1, 9), ['async def load(path):', '    await asyncio.sleep(1)', '    return path', '', 'async def run():', '    return await load("a")', '', 'load("b")']);
      const ts = rewriteSelection(request('convert to async/await', ['export function pending(list: Todo[]): Todo[] {', '  return list;', '}', '', 'console.log(pending(todos));'], 'typescript'));
      assert.deepEqual(ts.split('\n').slice(1, 6), ['export async function pending(list: Todo[]): Promise<Todo[]> {', '  return list;', '}', '', 'console.log(await pending(todos));']);
    });

    it('applies every rule the instruction asks for, in one rewrite', () => {
      const out = rewriteSelection(request('add type hints and docstrings', ['def area(radius):', '    return math.pi * radius ** 2']));
      assert.deepEqual(out.split('\n'), [
        '# Token Stream demo endpoint (rewritten by rules, no model): added type hints; added docstrings.',
        'def area(radius: float) -> float:',
        '    """Return the area for radius."""',
        '    return math.pi * radius ** 2',
        '',
      ]);
    });

    it('otherwise makes one small general improvement, and says so when there is none to make', () => {
      const py = rewriteSelection(request('make it better', ['    if value == None:', '        return 0']));
      assert.deepEqual(py.split('\n'), ['    # Token Stream demo endpoint (rewritten by rules, no model): compared with None using "is".', '    if value is None:', '        return 0', '']);
      const ts = rewriteSelection(request('clean up', ['var a = 1;', 'if (a == 2) {}'], 'typescript'));
      assert.deepEqual(ts.split('\n').slice(1, 3), ['let a = 1;', 'if (a == 2) {}'], 'only the first rule that applies, on one line');
      const none = rewriteSelection(request('improve', ['x = 1']));
      assert.deepEqual(none.split('\n'), ['# Token Stream demo endpoint (rewritten by rules, no model): nothing to improve found, so only this note.', 'x = 1', '']);
    });

    it('falls back to the general improvement when the rule finds nothing (a name not in the selection)', () => {
      const out = rewriteSelection(request('rename foo to bar', ['x = 1   ']));
      assert.deepEqual(out.split('\n'), ['# Token Stream demo endpoint (rewritten by rules, no model): no foo to rename here; removed trailing spaces.', 'x = 1', '']);
    });

    it('keeps CRLF line breaks and a selection without a final line break as they were', () => {
      const crlf = rewriteSelection({ instruction: 'add comments', fileName: 'a.go', language: 'go', selection: 'func Area(r float64) float64 {\r\n\treturn r * r\r\n}\r\n' });
      assert.equal(crlf, '// Token Stream demo endpoint (rewritten by rules, no model): added doc comments.\r\n// Area returns the area for r.\r\nfunc Area(r float64) float64 {\r\n\treturn r * r\r\n}\r\n');
      const open = rewriteSelection({ instruction: 'tidy', fileName: 'a.py', language: 'python', selection: 'x = 1' });
      assert.ok(!open.endsWith('\n'));
    });

    it('is deterministic, and the whole answer is one fenced block in the request language between two sentences naming the demo', () => {
      const parsed = parseEditRequest(editMessage('add docstrings', PYTHON, 3, 8))!;
      const answer = demoEditAnswer(parsed);
      assert.equal(answer, demoEditAnswer(parsed));
      assert.equal((answer.match(/^```/gm) ?? []).length, 2, 'one fenced block');
      assert.match(answer, /^Here is the rewritten selection \(from the Token Stream demo endpoint/);
      assert.match(answer, /\n```python\n# Token Stream demo endpoint/);
      assert.ok(answer.includes(`${rewriteSelection(parsed)}\`\`\``));
    });
  });
});
