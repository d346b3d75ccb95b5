// Sealed loan terms (envelope v1, docs/sealing-format.md) interoperate between the Rust client
// (loanchain-client) and libsodium-wrappers (lib/sealing.mjs): JavaScript opens the envelope
// that Rust sealed from fixed inputs, and re-opens the envelope it sealed itself and checked into
// the document, which the Rust unit tests open too. No node is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers';
import { repoRoot } from '../lib/node.mjs';
import {
  CAPSULE_LEN,
  HEADER_LEN,
  commitment,
  loanBinding,
  openTerms,
  parseEnvelope,
  publicKeyOf,
  sealTerms,
} from '../lib/sealing.mjs';

const doc = readFileSync(join(repoRoot, 'docs/sealing-format.md'), 'utf8');

/**
 * The fields of fixture `name` in the format document: the `name: value` lines of the `text`
 * block that starts with `fixture: name`; an indented line continues the previous value.
 */
function fixture(name) {
  const start = doc.indexOf(`\`\`\`text\nfixture: ${name}\n`);
  assert.ok(start >= 0, `docs/sealing-format.md has a fixture ${name}`);
  const body = doc.slice(doc.indexOf('\n', start) + 1, doc.indexOf('```', start + 3));
  const fields = {};
  let last;
  for (const line of body.split('\n')) {
    if (line.startsWith('  ')) fields[last] += line.trim();
    else if (line.includes(':')) {
      const at = line.indexOf(':');
      last = line.slice(0, at);
      fields[last] = line.slice(at + 1).trim();
    }
  }
  return fields;
}

const hex = (value) => sodium.from_hex(value);
const utf8 = (text) => sodium.from_string(text);

test('the envelope sealed by loanchain-client opens for the borrower and the lender', () => {
  const f = fixture('rust-v1');
  const envelope = hex(f.envelope);
  assert.equal(envelope.length, 410);
  for (const party of ['borrower', 'lender']) {
    const secretKey = hex(f[`${party} secret key`]);
    assert.equal(sodium.to_hex(publicKeyOf(secretKey)), f[`${party} public key`]);
    const { salt, terms } = openTerms({
      secretKey,
      genesisHash: hex(f['genesis hash']),
      commitment: hex(f.commitment),
      envelope,
    });
    assert.equal(sodium.to_string(terms), f.terms);
    assert.equal(sodium.to_hex(salt), f.salt);
    assert.equal(sodium.to_hex(commitment(terms, salt)), f.commitment);
  }
});

test('the Rust envelope has the documented layout, byte for byte', () => {
  const f = fixture('rust-v1');
  const envelope = hex(f.envelope);
  const { nonce, capsules, ciphertext } = parseEnvelope(envelope);
  assert.equal(envelope[0], 1);
  assert.equal(sodium.to_hex(nonce), f.nonce);
  assert.deepEqual(
    capsules.map((c) => sodium.to_hex(c.publicKey)),
    [f['borrower public key'], f['lender public key']],
  );
  // Each capsule's sealed box starts with the public key of its documented ephemeral secret, and
  // libsodium opens each capsule to the documented data key.
  for (const [i, party] of ['borrower', 'lender'].entries()) {
    const ephemeral = publicKeyOf(hex(f[`${party} ephemeral secret key`]));
    assert.equal(sodium.to_hex(capsules[i].sealedKey.subarray(0, 32)), sodium.to_hex(ephemeral));
    const secretKey = hex(f[`${party} secret key`]);
    const dataKey = sodium.crypto_box_seal_open(capsules[i].sealedKey, publicKeyOf(secretKey), secretKey);
    assert.equal(sodium.to_hex(dataKey), f['data key']);
  }
  // libsodium encrypts salt || terms with the documented key, nonce and binding to the same bytes.
  const expected = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    new Uint8Array([...hex(f.salt), ...utf8(f.terms)]),
    loanBinding(hex(f['genesis hash']), hex(f.commitment)),
    null,
    hex(f.nonce),
    hex(f['data key']),
  );
  assert.equal(sodium.to_hex(ciphertext), sodium.to_hex(expected));
  assert.equal(envelope.length, HEADER_LEN + 2 * CAPSULE_LEN + expected.length);
});

test('the checked-in envelope sealed by libsodium-wrappers opens', () => {
  const f = fixture('libsodium-v1');
  const secretKey = hex(f['recipient secret key']);
  assert.equal(sodium.to_hex(publicKeyOf(secretKey)), f['recipient public key']);
  const { salt, terms } = openTerms({
    secretKey,
    genesisHash: hex(f['genesis hash']),
    commitment: hex(f.commitment),
    envelope: hex(f.envelope),
  });
  assert.equal(sodium.to_string(terms), f.terms);
  assert.equal(sodium.to_hex(salt), f.salt);
  assert.equal(sodium.to_hex(commitment(terms, salt)), f.commitment);
});

test('a fresh libsodium envelope opens only for its loan, chain and recipients', () => {
  const borrower = sodium.crypto_box_keypair();
  const lender = sodium.crypto_box_keypair();
  const stranger = sodium.crypto_box_keypair();
  const terms = utf8('{"amount":"120.00","currency":"EUR"}');
  const salt = sodium.randombytes_buf(32);
  const genesisHash = sodium.randombytes_buf(32);
  const loanCommitment = commitment(terms, salt);
  const envelope = sealTerms({
    terms,
    salt,
    genesisHash,
    commitment: loanCommitment,
    recipients: [borrower.publicKey, lender.publicKey],
  });
  assert.equal(envelope.length, HEADER_LEN + 2 * CAPSULE_LEN + 32 + terms.length + 16);

  const open = (secretKey, overrides = {}) =>
    openTerms({ secretKey, genesisHash, commitment: loanCommitment, envelope, ...overrides });
  for (const party of [borrower, lender]) {
    assert.equal(sodium.to_hex(open(party.privateKey).terms), sodium.to_hex(terms));
  }
  const fails = (code, fn) => assert.throws(fn, (error) => error.code === code);
  fails('NotARecipient', () => open(stranger.privateKey));
  fails('DecryptFailed', () => open(lender.privateKey, { genesisHash: sodium.randombytes_buf(32) }));
  fails('DecryptFailed', () => open(lender.privateKey, { commitment: sodium.randombytes_buf(32) }));
  const tampered = envelope.slice();
  tampered[tampered.length - 1] ^= 1;
  fails('DecryptFailed', () => open(lender.privateKey, { envelope: tampered }));
  fails('Malformed', () => open(lender.privateKey, { envelope: envelope.subarray(0, HEADER_LEN + CAPSULE_LEN) }));
  fails('UnsupportedVersion', () => open(lender.privateKey, { envelope: Uint8Array.of(2, ...envelope.subarray(1)) }));
});
