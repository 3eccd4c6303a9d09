import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyModelAnswer, buildModelMergeRequest, chooseWindow } from '../../../../src/core/apply/ModelMerge';
import { parseSearchReplace, SearchReplaceParser, type SearchReplaceBlock } from '../../../../src/core/apply/SearchReplaceParser';

const corpus = path.join(process.cwd(), 'test', 'unit', 'core', 'apply', 'corpus', 'files');
const CART = fs.readFileSync(path.join(corpus, 'cart.ts.txt'), 'utf8');
const BACKOFFICE = fs.readFileSync(path.join(corpus, 'backoffice.ts.txt'), 'utf8');

const FRAGMENT = `total(): number {
  // ... existing code ...
  return Math.round(subtotal * 100) / 100;
}
`;

describe('buildModelMergeRequest', () => {
  it('asks for SEARCH/REPLACE blocks only, with the whole small file and the block', () => {
    const request = buildModelMergeRequest({ code: FRAGMENT, fileText: CART, fileName: 'src/cart.ts', language: 'typescript', request: 'Round the total to cents.' });
    assert.equal(request.messages.length, 1);
    const [message] = request.messages;
    assert.equal(message!.role, 'user');
    const text = message!.content;
    assert.match(text, /Answer ONLY with SEARCH\/REPLACE blocks/);
    assert.match(text, /<<<<<<< SEARCH\n[^\n]+\n=======\n[^\n]+\n>>>>>>> REPLACE/);
    assert.match(text, /never copy them into the file/);
    assert.match(text, /Round the total to cents\./);
    assert.ok(text.includes('```typescript\n' + CART.trimEnd() + '\n```'), 'the whole file, fenced');
    assert.ok(text.includes('```typescript\n' + FRAGMENT.trimEnd() + '\n```'), 'the block, fenced');
    assert.deepEqual(request.window, { startLine: 0, endLine: CART.trimEnd().split('\n').length });
    assert.equal(request.windowed, false);
  });

  it('sends a big file as a window around the lines the block shares with it', () => {
    const block = `export function validateCoupon(coupon: CouponRecord): void {
  if (!coupon.code) {
    throw new ValidationError('code', 'is required');
  }
  // ... existing code ...
}`;
    const request = buildModelMergeRequest({ code: block, fileText: BACKOFFICE, fileName: 'src/backoffice.ts', maxLines: 200 });
    const lines = BACKOFFICE.split('\n');
    const target = lines.indexOf('export function validateCoupon(coupon: CouponRecord): void {');
    assert.ok(target > 500);
    assert.equal(request.windowed, true);
    assert.equal(request.window.endLine - request.window.startLine, 200);
    assert.ok(request.window.startLine < target && target < request.window.endLine, JSON.stringify(request.window));
    const text = request.messages[0]!.content;
    assert.match(text, new RegExp(`Lines ${request.window.startLine + 1}-${request.window.endLine} of src/backoffice.ts \\(the file has ${lines.length - 1} lines`));
    assert.ok(!text.includes(lines[1]!), 'a line far from the window was sent');
    assert.ok(text.includes(lines[target + 5]!));
  });

  it('keeps the window within a character budget', () => {
    const file = Array.from({ length: 100 }, (_, i) => `line ${i} ${'x'.repeat(90)}`);
    const window = chooseWindow(file, [file[50]!], 80, 2000);
    assert.ok(window.startLine <= 50 && 50 < window.endLine);
    const chars = file.slice(window.startLine, window.endLine).reduce((sum, line) => sum + line.length + 1, 0);
    assert.ok(chars <= 2000, `${chars} characters`);
  });

  it('starts at the top of a big file the block shares nothing with', () => {
    const file = Array.from({ length: 50 }, (_, i) => `line ${i}`);
    assert.deepEqual(chooseWindow(file, ['unrelated()'], 10, 10_000), { startLine: 0, endLine: 10 });
  });

  it('fences the file with more backticks than it contains', () => {
    const request = buildModelMergeRequest({ code: 'x', fileText: 'Some ```code``` here\n', fileName: 'README.md' });
    assert.ok(request.messages[0]!.content.includes('````\nSome ```code``` here\n````'));
  });
});

describe('applyModelAnswer', () => {
  const answer = `<<<<<<< SEARCH
  total(): number {
    return this.lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0);
=======
  total(): number {
    const subtotal = this.lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0);
    return Math.round(subtotal * 100) / 100;
>>>>>>> REPLACE
`;

  it('applies the blocks with the matching rules of tier 1 and reports the regions', () => {
    const outcome = applyModelAnswer(CART, parseSearchReplace(answer));
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.regions, [
      { startLine: 32, endLine: 33, replacementLines: ['    const subtotal = this.lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0);', '    return Math.round(subtotal * 100) / 100;'] },
    ]);
    assert.ok(outcome.newText.includes('    return Math.round(subtotal * 100) / 100;\n  }\n\n  summary(): string {'));
  });

  it('gives the same text when the answer streams in char by char and blocks are applied as they come', () => {
    const parser = new SearchReplaceParser();
    const blocks: SearchReplaceBlock[] = [];
    const previews: string[] = [];
    for (const char of answer) {
      const done = parser.push(char);
      if (done.length === 0) continue;
      blocks.push(...done);
      const outcome = applyModelAnswer(CART, blocks);
      assert.ok(outcome.ok);
      previews.push(outcome.newText);
    }
    parser.end();
    const whole = applyModelAnswer(CART, parseSearchReplace(answer));
    assert.ok(whole.ok);
    assert.deepEqual(previews, [whole.newText]);
  });

  it('turns a block that is not in the file into an error naming it', () => {
    const wrong = `${answer}<<<<<<< SEARCH\n  clear(): void {\n=======\n  reset(): void {\n>>>>>>> REPLACE\n`;
    const outcome = applyModelAnswer(CART, parseSearchReplace(wrong));
    assert.deepEqual(outcome, { ok: false, failure: { code: 'notFound', index: 1, message: 'Block 2 is not in the file (it starts with "clear(): void {").' } });
  });

  it('turns a block that fits two places into an error, not a guess', () => {
    const outcome = applyModelAnswer(CART, parseSearchReplace('<<<<<<< SEARCH\n  }\n\n=======\n  }\n  // end\n\n>>>>>>> REPLACE\n'));
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.failure.code, 'ambiguous');
    assert.match(!outcome.ok ? outcome.failure.message : '', /^Block 1 fits \d+ places \(lines \d+(, \d+)+\)/);
  });

  it('refuses two blocks that change the same lines', () => {
    const twice = parseSearchReplace(`${answer}${answer}`);
    const outcome = applyModelAnswer(CART, twice);
    assert.deepEqual(!outcome.ok && outcome.failure, { code: 'overlap', index: 1, message: 'Blocks 1 and 2 change the same lines.' });
  });

  it('matches only inside the window the model was shown', () => {
    const file = ['a();', 'target();', 'b();', 'c();', 'target();', 'd();'].join('\n') + '\n';
    const block = parseSearchReplace('<<<<<<< SEARCH\ntarget();\n=======\nchanged();\n>>>>>>> REPLACE\n');
    assert.equal(applyModelAnswer(file, block).ok, false, 'ambiguous in the whole file');
    const inWindow = applyModelAnswer(file, block, { startLine: 3, endLine: 6 });
    assert.ok(inWindow.ok);
    assert.equal(inWindow.newText, ['a();', 'target();', 'b();', 'c();', 'changed();', 'd();'].join('\n') + '\n');
    const outside = applyModelAnswer(file, parseSearchReplace('<<<<<<< SEARCH\na();\n=======\nz();\n>>>>>>> REPLACE\n'), { startLine: 3, endLine: 6 });
    assert.equal(!outside.ok && outside.failure.code, 'notFound');
  });
});
