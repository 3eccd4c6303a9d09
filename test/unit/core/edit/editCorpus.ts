/**
 * Edit Selection test corpus: an original region and the rewrite a model streams for it, in the kinds of
 * requests users make (rename, comment, re-indent, move, delete, insert, rewrite) and the shapes that
 * trip streaming diffs (repeated lines and blank lines that look like anchors, cut answers, CRLF files,
 * a last line without terminator, huge selections).
 *
 * `original` is the region as it is in the document (whole lines, with the document's terminators);
 * `answer` is the text the engine receives (fence-stripped, re-indented), LF unless the case says so.
 * A case with a `reason` other than 'stop' is cut: `answer` is what arrived before the cut.
 */
import { type FinishReason } from '../../../../src/core/stream/types';

export interface EditCase {
  readonly name: string;
  readonly original: string;
  readonly answer: string;
  readonly reason?: FinishReason;
  /** The document's line ending (default '\n'); `original` already uses it. */
  readonly eol?: '\n' | '\r\n';
}

const lines = (...list: string[]): string => list.map((line) => `${line}\n`).join('');

const CART = lines(
  "import { type Item } from './item';",
  '',
  '// Sums the prices of all items, in cents.',
  'export function computeTotal(items: Item[]): number {',
  '  let total = 0;',
  '  for (const item of items) {',
  '    total += item.price * item.quantity;',
  '  }',
  '  return total;',
  '}',
  '',
  '// Applies a percentage discount, rounding down.',
  'export function applyDiscount(total: number, percent: number): number {',
  '  if (percent <= 0) {',
  '    return total;',
  '  }',
  '  return Math.floor(total * (100 - percent) / 100);',
  '}',
  '',
  'export class Cart {',
  '  private readonly items: Item[] = [];',
  '',
  '  add(item: Item): void {',
  '    this.items.push(item);',
  '  }',
  '',
  '  remove(name: string): void {',
  '    const index = this.items.findIndex((item) => item.name === name);',
  '    if (index >= 0) {',
  '      this.items.splice(index, 1);',
  '    }',
  '  }',
  '',
  '  total(percent = 0): number {',
  '    return applyDiscount(computeTotal(this.items), percent);',
  '  }',
  '}',
);

const CART_LINES = CART.split('\n').slice(0, -1);

const PYTHON = lines(
  'import json',
  '',
  '',
  'def load(path):',
  '    with open(path) as handle:',
  '        return json.load(handle)',
  '',
  '',
  'def save(path, data):',
  '    with open(path, "w") as handle:',
  '        json.dump(data, handle, indent=2)',
  '',
  '',
  'def merge(base, extra):',
  '    result = dict(base)',
  '    for key, value in extra.items():',
  '        if isinstance(value, dict) and isinstance(result.get(key), dict):',
  '            result[key] = merge(result[key], value)',
  '        else:',
  '            result[key] = value',
  '    return result',
);

const CALLBACKS = lines(
  "const fs = require('fs');",
  '',
  'function readConfig(path, done) {',
  "  fs.readFile(path, 'utf8', (error, text) => {",
  '    if (error) {',
  '      done(error);',
  '      return;',
  '    }',
  '    done(null, JSON.parse(text));',
  '  });',
  '}',
  '',
  'function writeConfig(path, config, done) {',
  '  fs.writeFile(path, JSON.stringify(config), done);',
  '}',
);

const GO = lines(
  'package store',
  '',
  'func Open(path string) *Store {',
  '\tfile, _ := os.Open(path)',
  '\tdata, _ := io.ReadAll(file)',
  '\treturn &Store{data: data}',
  '}',
  '',
  'func (s *Store) Get(key string) string {',
  '\treturn s.index[key]',
  '}',
);

const SWITCH = lines(
  'function label(kind: Kind): string {',
  '  switch (kind) {',
  "    case 'a':",
  '      log(kind);',
  '      return render(kind);',
  "    case 'b':",
  '      log(kind);',
  '      return render(kind);',
  "    case 'c':",
  '      log(kind);',
  '      return render(kind);',
  "    case 'd':",
  '      log(kind);',
  '      return render(kind);',
  '    default:',
  "      return '';",
  '  }',
  '}',
);

function bigFile(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    out.push(`export function handler${i}(request: Request): Response {`);
    out.push(`  const value = request.params[${i % 7}] ?? 'none';`);
    out.push(`  if (value === 'none') {`);
    out.push(`    return notFound(${i});`);
    out.push('  }');
    out.push(`  return ok(value, ${i});`);
    out.push('}');
    out.push('');
  }
  return out.slice(0, count);
}

const BIG = bigFile(2000);

const replaceLine = (source: readonly string[], index: number, line: string): string[] => source.map((l, i) => (i === index ? line : l));
const join = (list: readonly string[]): string => list.map((line) => `${line}\n`).join('');
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

export const EDIT_CORPUS: readonly EditCase[] = [
  { name: 'rename a local variable everywhere', original: CART, answer: CART.replace(/\btotal\b/g, 'sum') },
  { name: 'rename a function (definition and call)', original: CART, answer: CART.replace(/computeTotal/g, 'sumPrices') },
  {
    name: 'add doc comments before functions',
    original: CART,
    answer: CART.replace(/^export function (\w+)/gm, '/** $1, documented. */\nexport function $1').replace(/^ {2}(add|remove|total)\(/gm, '  /** $1. */\n  $1('),
  },
  {
    name: 'add inline comments inside bodies',
    original: CART,
    answer: CART.replace('  let total = 0;\n', '  // Start from zero.\n  let total = 0;\n').replace('    this.items.push(item);\n', '    // Keep insertion order.\n    this.items.push(item);\n'),
  },
  { name: 'remove comments', original: CART, answer: CART.replace(/^\/\/.*\n/gm, '') },
  { name: 'tabs to spaces', original: CART.replace(/^((?: {2})+)/gm, (indent) => '\t'.repeat(indent.length / 2)), answer: CART },
  { name: 'spaces to tabs', original: CART, answer: CART.replace(/^((?: {2})+)/gm, (indent) => '\t'.repeat(indent.length / 2)) },
  { name: 're-indent from 2 to 4 spaces', original: CART, answer: CART.replace(/^((?: {2})+)/gm, (indent) => indent + indent) },
  {
    name: 'wrap a body in try/catch (re-indented block plus new lines)',
    original: CALLBACKS,
    answer: CALLBACKS.replace(
      '    done(null, JSON.parse(text));\n',
      '    try {\n      done(null, JSON.parse(text));\n    } catch (parseError) {\n      done(parseError);\n    }\n',
    ),
  },
  { name: 'delete a function in the middle', original: CART, answer: join([...CART_LINES.slice(0, 11), ...CART_LINES.slice(19)]) },
  { name: 'delete the first lines', original: CART, answer: join(CART_LINES.slice(2)) },
  { name: 'delete the last lines', original: CART, answer: join(CART_LINES.slice(0, 19)) },
  {
    name: 'insert a function in the middle',
    original: CART,
    answer: join([
      ...CART_LINES.slice(0, 11),
      '// Adds a flat shipping fee.',
      'export function addShipping(total: number): number {',
      '  return total + 499;',
      '}',
      '',
      ...CART_LINES.slice(11),
    ]),
  },
  { name: 'insert imports at the start', original: CART, answer: join(["import { log } from './log';", "import { round } from './math';", ...CART_LINES]) },
  { name: 'append a function at the end', original: PYTHON, answer: `${PYTHON}\n\ndef reset(path):\n    save(path, {})\n` },
  { name: 'reorder two functions', original: PYTHON, answer: join([...PYTHON.split('\n').slice(0, 3), ...PYTHON.split('\n').slice(8, 13), ...PYTHON.split('\n').slice(3, 8), ...PYTHON.split('\n').slice(13, -1)]) },
  {
    name: 'rewrite everything',
    original: CALLBACKS,
    answer: lines(
      "import { readFile, writeFile } from 'node:fs/promises';",
      '',
      'export async function readConfig(path: string): Promise<Config> {',
      "  return JSON.parse(await readFile(path, 'utf8')) as Config;",
      '}',
      '',
      'export async function writeConfig(path: string, config: Config): Promise<void> {',
      '  await writeFile(path, JSON.stringify(config, null, 2));',
      '}',
    ),
  },
  { name: 'change one line in 2,000 (near the end)', original: join(BIG), answer: join(replaceLine(BIG, 1985, '  return ok(value.trim(), 248);')) },
  {
    name: 'two scattered changes in 2,000 lines',
    original: join(BIG),
    answer: join(replaceLine(replaceLine(BIG, 402, '    return notFound(50, request);'), 1601, "  const value = request.params[5] ?? 'missing';")),
  },
  {
    name: 'a new function whose tail repeats an existing one (tempting anchor)',
    original: CART,
    answer: join([
      ...CART_LINES.slice(0, 11),
      '// Computes the tax on a total.',
      'export function applyTax(total: number, percent: number): number {',
      '  if (percent <= 0) {',
      '    return total;',
      '  }',
      '  return Math.floor(total * (100 + percent) / 100);',
      '}',
      '',
      ...CART_LINES.slice(11),
    ]),
  },
  {
    name: 'duplicate a function under a new name (its whole body repeats)',
    original: CART,
    answer: join([...CART_LINES.slice(0, 11), '// Applies a percentage discount twice.', ...CART_LINES.slice(12, 19), ...CART_LINES.slice(11)]).replace(
      'export function applyDiscount(total: number, percent: number): number {\n  if',
      'export function applyDoubleDiscount(total: number, percent: number): number {\n  if',
    ),
  },
  {
    name: 'blank lines and braces inserted between blocks (tempting anchors)',
    original: CART,
    answer: CART.replace('}\n\n// Applies', '}\n\n\n// Separator.\n{\n}\n\n// Applies').replace('  }\n\n  remove', '  }\n\n\n  remove'),
  },
  { name: 'change one of four identical blocks', original: SWITCH, answer: SWITCH.replace("    case 'c':\n      log(kind);\n", "    case 'c':\n      warn(kind);\n") },
  { name: 'add a line to each of four identical blocks', original: SWITCH, answer: SWITCH.replace(/ {6}log\(kind\);\n/g, '      log(kind);\n      count(kind);\n') },
  { name: 'answer cut mid-line (length)', original: CART, answer: CART.replace(/\btotal\b/g, 'sum').slice(0, CART.indexOf('  return Math.floor') + 12), reason: 'length' },
  { name: 'answer cancelled inside a pending change', original: CART, answer: CART.replace('  let total = 0;\n', '  let total = 0;\n  let count = 0;\n').slice(0, CART.indexOf('  let total') + 35), reason: 'cancelled' },
  { name: 'answer cut by an error after a committed hunk', original: CART, answer: CART.replace(/computeTotal/g, 'sumPrices').slice(0, CART.indexOf('export class')), reason: 'error' },
  { name: 'CRLF file: rename', original: crlf(CART), answer: CART.replace(/\bitems\b/g, 'entries'), eol: '\r\n' },
  { name: 'CRLF file: insert lines', original: crlf(PYTHON), answer: PYTHON.replace('    result = dict(base)\n', '    """Deep merge."""\n    result = dict(base)\n'), eol: '\r\n' },
  { name: 'CRLF file: answer streamed with CRLF', original: crlf(GO), answer: crlf(GO.replace('file, _ := os.Open(path)', 'file, err := os.Open(path)')), eol: '\r\n' },
  { name: 'CRLF file: cut mid-answer', original: crlf(PYTHON), answer: PYTHON.replace(/handle/g, 'stream').slice(0, 150), reason: 'cancelled', eol: '\r\n' },
  { name: 'empty selection: insert code', original: '', answer: lines('export const VERSION = 3;', 'export const NAME = "cart";') },
  { name: 'answer identical to the original', original: CART, answer: CART },
  { name: 'answer empty (delete everything)', original: PYTHON, answer: '' },
  { name: 'whitespace-only change (trailing spaces removed)', original: CART.replace('  let total = 0;\n', '  let total = 0;   \n'), answer: CART },
  { name: 'single line changed', original: lines('const limit = 10;'), answer: lines('const limit = 20;') },
  { name: 'single line unchanged', original: lines('const limit = 10;'), answer: lines('const limit = 10;') },
  { name: 'last line without terminator: change it', original: GO.slice(0, -1), answer: `${GO.slice(0, -2)}} // end of store` },
  { name: 'last line without terminator: append lines', original: GO.slice(0, -1), answer: `${GO}\nfunc (s *Store) Len() int {\n\treturn len(s.index)\n}\n` },
  { name: 'last line without terminator: delete the last lines', original: GO.slice(0, -1), answer: GO.split('\n').slice(0, 7).join('\n') },
  { name: 'answer without a final newline', original: PYTHON, answer: PYTHON.replace('json.load(handle)', 'json.loads(handle.read())').slice(0, -1) },
  { name: 'add type hints to every def', original: PYTHON, answer: PYTHON.replace('def load(path):', 'def load(path: str) -> dict:').replace('def save(path, data):', 'def save(path: str, data: dict) -> None:').replace('def merge(base, extra):', 'def merge(base: dict, extra: dict) -> dict:') },
  {
    name: 'callbacks to async/await',
    original: CALLBACKS,
    answer: lines(
      "const fs = require('fs/promises');",
      '',
      'async function readConfig(path) {',
      "  const text = await fs.readFile(path, 'utf8');",
      '  return JSON.parse(text);',
      '}',
      '',
      'async function writeConfig(path, config) {',
      '  await fs.writeFile(path, JSON.stringify(config));',
      '}',
    ),
  },
  {
    name: 'swap if and else branches',
    original: PYTHON,
    answer: PYTHON.replace(
      '        if isinstance(value, dict) and isinstance(result.get(key), dict):\n            result[key] = merge(result[key], value)\n        else:\n            result[key] = value\n',
      '        if not (isinstance(value, dict) and isinstance(result.get(key), dict)):\n            result[key] = value\n        else:\n            result[key] = merge(result[key], value)\n',
    ),
  },
  {
    name: 'extract a function',
    original: CART,
    answer: CART.replace(
      '    const index = this.items.findIndex((item) => item.name === name);\n',
      '    const index = findByName(this.items, name);\n',
    ).replace('export class Cart {', 'function findByName(items: Item[], name: string): number {\n  return items.findIndex((item) => item.name === name);\n}\n\nexport class Cart {'),
  },
  { name: 'scattered edits on every fifth line', original: CART, answer: join(CART_LINES.map((line, i) => (i % 5 === 3 ? `${line} // checked` : line))) },
  { name: 'delete every other line', original: join(BIG.slice(0, 60)), answer: join(BIG.slice(0, 60).filter((_, i) => i % 2 === 0)) },
  {
    name: 'a very long line modified',
    original: lines('const table = [', `  ${Array.from({ length: 120 }, (_, i) => i).join(', ')},`, '];'),
    answer: lines('const table = [', `  ${Array.from({ length: 120 }, (_, i) => i * 2).join(', ')},`, '];'),
  },
  { name: 'minified JSON reformatted', original: lines('{"name":"cart","version":3,"private":true}'), answer: lines('{', '  "name": "cart",', '  "version": 3,', '  "private": true', '}') },
  {
    name: 'add error checks (Go, tabs)',
    original: GO,
    answer: GO.replace('\tfile, _ := os.Open(path)\n\tdata, _ := io.ReadAll(file)\n', '\tfile, err := os.Open(path)\n\tif err != nil {\n\t\treturn nil\n\t}\n\tdata, err := io.ReadAll(file)\n\tif err != nil {\n\t\treturn nil\n\t}\n'),
  },
  {
    name: 'prose paragraph edited',
    original: lines('# Cart', '', 'The cart keeps items in order.', 'Totals are in cents.', '', 'Discounts round down.'),
    answer: lines('# Cart', '', 'The cart keeps items in insertion order.', 'Totals are in cents.', '', 'Discounts round down, never up.', 'Taxes are added last.'),
  },
  { name: 'insert a line equal to the next one (duplicate)', original: CART, answer: CART.replace('    total += item.price * item.quantity;\n', '    total += item.price * item.quantity;\n    total += item.price * item.quantity;\n') },
  { name: 'closing braces only change', original: SWITCH, answer: SWITCH.replace('  }\n}\n', '  } // switch\n} // label\n') },
];
