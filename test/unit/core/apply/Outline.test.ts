import * as assert from 'node:assert/strict';
import { buildOutline, type OutlineItem } from '../../../../src/core/apply/Outline';
import { signatureOf } from '../../../../src/core/apply/Signature';

/** [key, start, end, children] for easy comparison. */
type Shape = [string, number, number, Shape[]];
function shape(items: readonly OutlineItem[]): Shape[] {
  return items.map((item) => [item.kind === 'marker' ? `MARKER ${item.key}` : item.key, item.start, item.end, shape(item.children)]);
}

describe('buildOutline', () => {
  it('keeps a brace language\'s closing and else lines with their item', () => {
    const lines = ['if (a) {', '  one();', '} else {', '  two();', '}', 'next();'];
    assert.deepEqual(shape(buildOutline(lines)), [
      ['if (a) {', 0, 5, [['one();', 1, 2, []], ['} else {', 2, 3, []], ['two();', 3, 4, []]]],
      ['next();', 5, 6, []],
    ]);
  });

  it('keeps a Python signature spread over lines, its body and blank lines inside it together', () => {
    const lines = ['@cache', 'def f(', '    a,', '):', '    x = a', '', '    return x', '', '', 'y = 1'];
    const [f, y] = buildOutline(lines, { hashComments: true });
    assert.equal(f!.start, 0);
    assert.equal(f!.head, 1);
    assert.equal(f!.end, 7);
    assert.equal(f!.signature, 'def f');
    assert.deepEqual(y && [y.key, y.start], ['y = 1', 9]);
  });

  it('makes markers items of their own and flags the items that contain one', () => {
    const lines = ['class A {', '  // ... existing code ...', '  b() {}', '}'];
    const items = buildOutline(lines, { isMarker: (line) => line.includes('existing code') });
    assert.deepEqual(shape(items), [['class A {', 0, 4, [['MARKER // ... existing code ...', 1, 2, []], ['b() {}', 2, 3, []]]]]);
    assert.equal(items[0]!.hasMarker, true);
  });

  it('attaches comments and decorators directly above an item, not across a blank line', () => {
    const lines = ['// lone comment', '', '/** Doc. */', '@Override', 'public void run() {', '}'];
    assert.deepEqual(shape(buildOutline(lines)), [
      ['// lone comment', 0, 1, []],
      ['public void run() {', 2, 6, []],
    ]);
  });
});

describe('signatureOf', () => {
  const cases: [string, boolean, 'members' | 'body', string | undefined][] = [
    ['def total(self, tax: float = 0) -> float:', true, 'members', 'def total'],
    ['async def fetch(url):', true, 'members', 'def fetch'],
    ['class Cart(Base):', true, 'members', 'class Cart'],
    ['export default async function handler(req, res) {', true, 'members', 'function handler'],
    ['export const load = async ({ params }) => {', true, 'members', 'const load'],
    ['func (s *Server) Start(addr string) error {', true, 'members', 'func Server.Start'],
    ['func main() {', true, 'members', 'func main'],
    ['pub(crate) fn parse(input: &str) -> Result<Ast> {', true, 'members', 'fn parse'],
    ['public static void main(String[] args) {', true, 'members', 'method main'],
    ['public async Task<int> CountAsync() {', true, 'members', 'method CountAsync'],
    ['total(): number {', true, 'members', 'method total'],
    ['get size(): number {', true, 'members', 'method size'],
    ['"scripts": {', true, 'members', 'key "scripts"'],
    ['.btn-primary:hover {', true, 'members', 'rule .btn-primary:hover'],
    ['services:', true, 'members', 'key services'],
    ['export const TIMEOUT_MS = 30_000;', false, 'members', 'var TIMEOUT_MS'],
    ['DEFAULT_PORT = 8000', false, 'members', 'var DEFAULT_PORT'],
    ['private lines: CartLine[] = [];', false, 'members', 'var lines'],
    ['private final List<Order> orders = new ArrayList<>();', false, 'members', 'var orders'],
    ['const MAX: u32 = 5;', false, 'members', 'var MAX'],
    ['const x = 1;', false, 'body', undefined],
    ['color: white;', false, 'body', undefined],
    ['return x;', false, 'members', undefined],
    ['if (ready) {', true, 'members', undefined],
    ['} else {', true, 'members', undefined],
    ['with open(path) as f:', true, 'members', undefined],
    ['return {', true, 'members', undefined],
    ["describe('Cart', () => {", true, 'members', undefined],
    ['save(user);', false, 'members', undefined],
  ];
  for (const [line, opensBlock, context, key] of cases) {
    it(`${JSON.stringify(line)} (${context}) -> ${key ?? 'no key'}`, () => assert.equal(signatureOf(line, opensBlock, context), key));
  }

  it('treats the lines in a function body as statements and those of a class as members', () => {
    const lines = ['class A:', '    limit = 5', '', '    def f(self):', '        limit = 6', '        return limit'];
    const [a] = buildOutline(lines, { hashComments: true });
    assert.equal(a!.children[0]!.signature, 'var limit');
    assert.equal(a!.children[1]!.children[0]!.signature, undefined);
  });
});
