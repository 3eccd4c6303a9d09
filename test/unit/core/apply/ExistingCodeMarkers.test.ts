import * as assert from 'node:assert/strict';
import { hasBareEllipsis, isExistingCodeMarker } from '../../../../src/core/apply/ExistingCodeMarkers';

describe('isExistingCodeMarker', () => {
  const markers = [
    '// ... existing code ...',
    '  // ...existing code...',
    '# ... rest unchanged ...',
    '# ...',
    '/* ... */',
    '/* ... other styles ... */',
    '<!-- ... -->',
    '{/* ... existing JSX ... */}',
    '-- ... existing columns ...',
    '; ...',
    '// …',
    '// (rest of the file unchanged)',
    '// existing imports',
    '# other methods unchanged',
    '// rest of the class stays the same',
    '// Other handlers...',
    '// keep the rest',
    '// same as before',
    '    ...',
  ];
  for (const line of markers) {
    it(`is a marker: ${JSON.stringify(line)}`, () => assert.equal(isExistingCodeMarker(line), true));
  }

  const code = [
    '// Loading...',
    '// Wait for the server...',
    '// Update existing user',
    '// returns the list unchanged when it is empty and the caller asked for a copy of it',
    '// TODO: handle errors',
    'const rest = args.slice(1); // ...',
    'console.log("...");',
    '#include <stdio.h>',
    '#!/usr/bin/env python3',
    '#[derive(Debug)]',
    '*ptr = 0;',
    '',
  ];
  for (const line of code) {
    it(`is not a marker: ${JSON.stringify(line)}`, () => assert.equal(isExistingCodeMarker(line), false));
  }

  it('takes a bare "..." for code when the file has such lines (a Python stub or protocol)', () => {
    assert.equal(hasBareEllipsis(['class P(Protocol):', '    def f(self): ...', '    ...']), true);
    assert.equal(isExistingCodeMarker('    ...', true), false);
    assert.equal(isExistingCodeMarker('    # ...', true), true);
  });
});
