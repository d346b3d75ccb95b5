// The guides show code that runs: every `js` block in docs/lenders.md and docs/company-api.md
// must appear word for word in tests/e2e/lib/loans.mjs, the functions the loan tests run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/node.mjs';

const library = readFileSync(join(repoRoot, 'tests/e2e/lib/loans.mjs'), 'utf8');

for (const guide of ['docs/lenders.md', 'docs/company-api.md']) {
  test(`every js block of ${guide} is quoted from lib/loans.mjs`, () => {
    const text = readFileSync(join(repoRoot, guide), 'utf8');
    const blocks = [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1].trim());
    assert.ok(blocks.length >= 3, `${guide} quotes at least three blocks`);
    for (const block of blocks) {
      assert.ok(library.includes(block), `${guide} has a block that lib/loans.mjs no longer contains:\n${block}`);
    }
  });
}
