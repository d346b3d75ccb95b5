// Runs every end-to-end test file, several at once: each file starts its own nodes on free
// loopback ports in its own temporary folders, so files do not interfere. Files start longest
// first (measured on 2 cores; see docs/development.md), so the longest does not start last and
// stretch the run; files not named below start after them, in name order. Each file runs in its
// own `node --test` process; a line says when it starts and ends, and its report is printed
// whole when it ends, so the reports of files running together do not interleave.
//
//   node run.mjs                         every file in tests/, E2E_CONCURRENCY (default 3) at once
//   node run.mjs tests/x.test.mjs ...    only those files, in that order
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Lines of each failed file's failures repeated at the end of the run. */
const FAILURE_LINES = 80;

/** The longest files, longest first (their measured times are in docs/development.md). */
const LONGEST_FIRST = [
  'consortium-ops.test.mjs',
  'disclosure.test.mjs',
  'lender-ring.test.mjs',
  'loans-c2c.test.mjs',
  'loans-alias.test.mjs',
  'local-network.test.mjs',
  'disclosure-loanctl.test.mjs',
  'loans-corporate.test.mjs',
];

function orderedFiles() {
  const all = readdirSync(join(here, 'tests')).filter((f) => f.endsWith('.test.mjs')).sort();
  const known = LONGEST_FIRST.filter((f) => all.includes(f));
  return [...known, ...all.filter((f) => !known.includes(f))].map((f) => join('tests', f));
}

/** Runs one file in its own test process; resolves with its exit code, time and report. */
function runFile(file) {
  const started = Date.now();
  return new Promise((ok) => {
    const chunks = [];
    const child = spawn(process.execPath, ['--test', '--test-reporter=spec', file], {
      cwd: here,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code) =>
      ok({ file, code: code ?? 1, seconds: Math.round((Date.now() - started) / 1000), report: Buffer.concat(chunks).toString() }),
    );
  });
}

const named = process.argv.length > 2;
const files = named ? process.argv.slice(2) : orderedFiles();
const concurrency = Number(process.env.E2E_CONCURRENCY ?? 3);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`E2E_CONCURRENCY must be a positive integer, not ${process.env.E2E_CONCURRENCY}`);
  process.exit(2);
}
console.log(`e2e: ${files.length} files, ${concurrency} at once, ${named ? 'in the order given' : 'longest first'}`);

const queue = [...files];
const results = [];
const t0 = Date.now();
const elapsed = () => `${Math.round((Date.now() - t0) / 1000)} s`;
async function worker() {
  while (queue.length > 0) {
    const file = queue.shift();
    console.log(`[${elapsed()}] start ${file}`);
    const result = await runFile(file);
    results.push(result);
    console.log(`\n----- ${file} -----\n${result.report.trimEnd()}\n`);
    console.log(`[${elapsed()}] ${result.code === 0 ? 'pass' : 'FAIL'} ${file} in ${result.seconds} s (${results.length}/${files.length} done)`);
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));

const failed = results.filter((r) => r.code !== 0);
console.log(`\ne2e: ${results.length - failed.length} of ${results.length} files passed in ${elapsed()}`);
for (const r of [...results].sort((a, b) => b.seconds - a.seconds)) {
  console.log(`  ${r.code === 0 ? 'pass' : 'FAIL'} ${String(r.seconds).padStart(5)} s  ${r.file}`);
}
// The failures again, last, so that a log cut to its end still says what failed and why: the
// spec reporter's closing "failing tests" section of each failed file (or the report's end).
for (const r of failed) {
  const at = r.report.lastIndexOf('✖ failing tests:');
  const lines = (at >= 0 ? r.report.slice(at) : r.report).trimEnd().split('\n');
  const shown = at >= 0 ? lines.slice(0, FAILURE_LINES) : lines.slice(-FAILURE_LINES);
  console.log(`\n----- failures of ${r.file} -----\n${shown.join('\n')}`);
  if (lines.length > FAILURE_LINES) console.log(`(${lines.length - FAILURE_LINES} more lines in the report above)`);
}
process.exit(failed.length > 0 ? 1 : 0);
