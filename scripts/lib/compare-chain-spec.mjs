// Compares two chain spec JSON files, ignoring the runtime code blob (see chain-specs.sh).
// Prints the first differing paths and exits 1 when they differ.
import { readFileSync } from 'node:fs';

const [expectedPath, actualPath] = process.argv.slice(2);
const load = (path) => {
  const spec = JSON.parse(readFileSync(path, 'utf8'));
  const code = spec?.genesis?.runtimeGenesis?.code;
  if (typeof code !== 'string' || !code.startsWith('0x') || code.length < 1000) {
    console.error(`${path}: genesis.runtimeGenesis.code is missing or not a runtime blob`);
    process.exit(1);
  }
  delete spec.genesis.runtimeGenesis.code;
  return spec;
};

const differences = [];
const walk = (a, b, path) => {
  if (differences.length >= 10) return;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) {
    differences.push(`${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  } else if (a && typeof a === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], `${path}.${key}`);
  } else if (a !== b) {
    differences.push(`${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  }
};
walk(load(expectedPath), load(actualPath), '$');
if (differences.length) {
  console.error(`${expectedPath} differs from the generated spec:\n  ${differences.join('\n  ')}`);
  process.exit(1);
}
