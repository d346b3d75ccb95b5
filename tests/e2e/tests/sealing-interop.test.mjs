// Sealed loan terms (envelopes v2 and v1, docs/sealing-format.md) interoperate between the Rust
// client (loanchain-client) and libsodium-wrappers (lib/sealing.mjs): JavaScript opens the
// envelopes that Rust sealed from fixed inputs, and re-opens the envelopes it sealed itself and
// checked into the document, which the Rust unit tests open too. No node is needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers';
import { repoRoot } from '../lib/node.mjs';
import {
  BUCKETS,
  CAPSULE_LEN,
  HEADER_LEN,
  MAX_TERMS_LEN,
  SEALED_KEY_LEN,
  VERSION,
  VERSION_V1,
  commitment,
  decryptTerms,
  loanBinding,
  loanBindingV2,
  openDataKey,
  openTerms,
  paddedPlaintext,
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
const fails = (code, fn) => assert.throws(fn, (error) => error.code === code);

/** A v2 envelope of exactly `plaintext` (which may break the format), for one recipient. */
function craftedEnvelope({ plaintext, dataKey, genesisHash, commitment: loanCommitment, recipient }) {
  const nonce = sodium.randombytes_buf(24);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    plaintext,
    loanBindingV2(genesisHash, loanCommitment),
    null,
    nonce,
    dataKey,
  );
  return new Uint8Array([VERSION, ...nonce, 1, ...sodium.crypto_box_seal(dataKey, recipient), ...ciphertext]);
}

// v2: what every sealer writes.

/** Checks that the Rust fixture `name` (`length` bytes) opens for both parties and with its data key. */
function assertRustFixtureOpens(name, length) {
  const f = fixture(name);
  const envelope = hex(f.envelope);
  assert.equal(envelope.length, length);
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
    assert.equal(sodium.to_hex(openDataKey({ secretKey, envelope })), f['data key']);
  }
  const { salt, terms } = decryptTerms({
    dataKey: hex(f['data key']),
    genesisHash: hex(f['genesis hash']),
    commitment: hex(f.commitment),
    envelope,
  });
  assert.equal(sodium.to_string(terms), f.terms);
  assert.equal(sodium.to_hex(salt), f.salt);
}

test('the v2 envelope sealed by loanchain-client opens for the borrower and the lender', () => {
  assertRustFixtureOpens('rust-v2', 458);
});

test('the Rust v2 envelope has the documented layout, byte for byte', () => {
  const f = fixture('rust-v2');
  const envelope = hex(f.envelope);
  const { version, nonce, capsules, ciphertext } = parseEnvelope(envelope);
  assert.equal(envelope[0], 2);
  assert.equal(version, VERSION);
  assert.equal(sodium.to_hex(nonce), f.nonce);
  assert.equal(envelope[25], 2);
  assert.equal(capsules.length, 2);
  // No recipient key in the envelope: capsules have no publicKey, and neither key's bytes appear.
  const envelopeHex = sodium.to_hex(envelope);
  for (const party of ['borrower', 'lender']) assert.ok(!envelopeHex.includes(f[`${party} public key`]));
  // Each sealed data key starts with the public key of its documented ephemeral secret, and
  // libsodium opens it, with that recipient's key only, to the documented data key.
  for (const [i, party] of ['borrower', 'lender'].entries()) {
    assert.equal(capsules[i].publicKey, undefined);
    assert.equal(capsules[i].sealedKey.length, SEALED_KEY_LEN);
    const ephemeral = publicKeyOf(hex(f[`${party} ephemeral secret key`]));
    assert.equal(sodium.to_hex(capsules[i].sealedKey.subarray(0, 32)), sodium.to_hex(ephemeral));
    const secretKey = hex(f[`${party} secret key`]);
    const dataKey = sodium.crypto_box_seal_open(capsules[i].sealedKey, publicKeyOf(secretKey), secretKey);
    assert.equal(sodium.to_hex(dataKey), f['data key']);
    const other = hex(f[`${party === 'borrower' ? 'lender' : 'borrower'} secret key`]);
    assert.throws(() => sodium.crypto_box_seal_open(capsules[i].sealedKey, publicKeyOf(other), other));
  }
  // libsodium encrypts the padded plaintext with the documented key, nonce and v2 binding to the
  // same bytes.
  const terms = utf8(f.terms);
  assert.equal(Number(f.bucket), 256);
  const plaintext = paddedPlaintext(hex(f.salt), terms, 256);
  assert.equal(sodium.to_hex(plaintext.subarray(32, 36)), '70000000');
  const expected = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    plaintext,
    loanBindingV2(hex(f['genesis hash']), hex(f.commitment)),
    null,
    hex(f.nonce),
    hex(f['data key']),
  );
  assert.equal(sodium.to_hex(ciphertext), sodium.to_hex(expected));
  assert.equal(sodium.to_hex(ciphertext), f.ct);
  assert.equal(envelope.length, HEADER_LEN + 2 * SEALED_KEY_LEN + 256 + 16);
});

test('the checked-in v2 envelope sealed by libsodium-wrappers opens for both recipients', () => {
  const f = fixture('libsodium-v2');
  const envelope = hex(f.envelope);
  assert.equal(envelope[0], VERSION);
  assert.equal(utf8(f.terms).length, 258);
  assert.equal(envelope.length, HEADER_LEN + 2 * SEALED_KEY_LEN + 512 + 16);
  for (const which of ['first', 'second']) {
    const secretKey = hex(f[`${which} recipient secret key`]);
    assert.equal(sodium.to_hex(publicKeyOf(secretKey)), f[`${which} recipient public key`]);
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
  fails('NotARecipient', () => openDataKey({ secretKey: sodium.crypto_box_keypair().privateKey, envelope }));
});

test('a fresh libsodium v2 envelope opens only for its loan, chain and recipients', () => {
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
  assert.equal(envelope[0], VERSION);
  assert.equal(envelope.length, HEADER_LEN + 2 * SEALED_KEY_LEN + 256 + 16);

  const open = (secretKey, overrides = {}) =>
    openTerms({ secretKey, genesisHash, commitment: loanCommitment, envelope, ...overrides });
  for (const party of [borrower, lender]) {
    assert.equal(sodium.to_hex(open(party.privateKey).terms), sodium.to_hex(terms));
  }
  fails('NotARecipient', () => open(stranger.privateKey));
  fails('DecryptFailed', () => open(lender.privateKey, { genesisHash: sodium.randombytes_buf(32) }));
  fails('DecryptFailed', () => open(lender.privateKey, { commitment: sodium.randombytes_buf(32) }));
  const tampered = envelope.slice();
  tampered[tampered.length - 1] ^= 1;
  fails('DecryptFailed', () => open(lender.privateKey, { envelope: tampered }));
  // An altered sealed data key opens for nobody; the other recipient still reads.
  const badKey = envelope.slice();
  badKey[HEADER_LEN + 40] ^= 0x80;
  fails('NotARecipient', () => open(borrower.privateKey, { envelope: badKey }));
  assert.equal(sodium.to_hex(open(lender.privateKey, { envelope: badKey }).terms), sodium.to_hex(terms));
  // Truncated, extended or with a wrong count, the ciphertext fits no bucket.
  fails('Malformed', () => open(lender.privateKey, { envelope: envelope.subarray(0, envelope.length - 1) }));
  fails('Malformed', () => open(lender.privateKey, { envelope: envelope.subarray(0, HEADER_LEN + SEALED_KEY_LEN) }));
  fails('Malformed', () => open(lender.privateKey, { envelope: Uint8Array.of(...envelope, 0) }));
  for (const count of [0, 1, 3, 9]) {
    const recounted = envelope.slice();
    recounted[HEADER_LEN - 1] = count;
    fails('Malformed', () => open(lender.privateKey, { envelope: recounted }));
  }
  fails('UnsupportedVersion', () => open(lender.privateKey, { envelope: Uint8Array.of(3, ...envelope.subarray(1)) }));
  fails('Malformed', () => open(lender.privateKey, { envelope: Uint8Array.of(2) }));
});

test('a v2 envelope is as long for 10 bytes of terms as for 200, and buckets have their bounds', () => {
  const { publicKey, privateKey } = sodium.crypto_box_keypair();
  const genesisHash = sodium.randombytes_buf(32);
  const seal = (length) => {
    const terms = new Uint8Array(length).fill(0x61);
    const salt = sodium.randombytes_buf(32);
    const loanCommitment = commitment(terms, salt);
    const envelope = sealTerms({ terms, salt, genesisHash, commitment: loanCommitment, recipients: [publicKey] });
    const opened = openTerms({ secretKey: privateKey, genesisHash, commitment: loanCommitment, envelope });
    assert.equal(sodium.to_hex(opened.terms), sodium.to_hex(terms));
    return envelope.length;
  };
  assert.equal(seal(10), seal(200));
  const lengthFor = (bucket) => HEADER_LEN + SEALED_KEY_LEN + bucket + 16;
  for (const [terms, bucket] of [[0, 256], [220, 256], [221, 512], [476, 512], [477, 1024], [2013, 3072], [MAX_TERMS_LEN, 3072]]) {
    assert.equal(seal(terms), lengthFor(bucket), `${terms} bytes of terms`);
  }
  assert.deepEqual(BUCKETS, [256, 512, 1024, 2048, 3072]);
  assert.equal(MAX_TERMS_LEN, 3036);
  const salt = sodium.randombytes_buf(32);
  const tooLong = new Uint8Array(MAX_TERMS_LEN + 1);
  fails('TermsTooLong', () => sealTerms({ terms: tooLong, salt, genesisHash, commitment: commitment(tooLong, salt), recipients: [publicKey] }));
  // Eight recipients and the longest terms stay within the chain's 4096 bytes.
  const eight = Array.from({ length: 8 }, () => sodium.crypto_box_keypair().publicKey);
  const longest = new Uint8Array(MAX_TERMS_LEN);
  assert.equal(sealTerms({ terms: longest, salt, genesisHash, commitment: commitment(longest, salt), recipients: eight }).length, 3754);
});

test('v2 padding and length must fit the bucket', () => {
  const { publicKey, privateKey } = sodium.crypto_box_keypair();
  const genesisHash = sodium.randombytes_buf(32);
  const dataKey = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
  const terms = utf8('{"amount":"50.00"}');
  const salt = sodium.randombytes_buf(32);
  const loanCommitment = commitment(terms, salt);
  const build = (plaintext) =>
    craftedEnvelope({ plaintext, dataKey, genesisHash, commitment: loanCommitment, recipient: publicKey });
  const read = (envelope) => openTerms({ secretKey: privateKey, genesisHash, commitment: loanCommitment, envelope });
  // The crafted envelope itself is sound.
  assert.equal(sodium.to_hex(read(build(paddedPlaintext(salt, terms, 256))).terms), sodium.to_hex(terms));
  // A non-zero padding byte.
  const dirty = paddedPlaintext(salt, terms, 256);
  dirty[255] = 1;
  fails('Malformed', () => read(build(dirty)));
  fails('Malformed', () => decryptTerms({ dataKey, genesisHash, commitment: loanCommitment, envelope: build(dirty) }));
  // A length beyond the bucket, and one shorter than the terms (non-zero bytes after it).
  for (const claimed of [221, 0xffffffff, 3]) {
    const plaintext = paddedPlaintext(salt, terms, 256);
    new DataView(plaintext.buffer).setUint32(32, claimed, true);
    fails('Malformed', () => read(build(plaintext)));
  }
  // A plaintext of no bucket's length.
  fails('Malformed', () => read(build(paddedPlaintext(salt, terms, 300))));
});

// v1: opening only, for the envelopes already on chain.

test('the v1 envelope sealed by loanchain-client opens for the borrower and the lender', () => {
  assertRustFixtureOpens('rust-v1', 410);
});

test('the Rust v1 envelope has the documented layout, byte for byte', () => {
  const f = fixture('rust-v1');
  const envelope = hex(f.envelope);
  const { version, nonce, capsules, ciphertext } = parseEnvelope(envelope);
  assert.equal(envelope[0], 1);
  assert.equal(version, VERSION_V1);
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
  // The v2 vector's sealed data keys are these capsules' sealed parts, without the recipient keys.
  const v2 = parseEnvelope(hex(fixture('rust-v2').envelope));
  assert.deepEqual(v2.capsules.map((c) => sodium.to_hex(c.sealedKey)), capsules.map((c) => sodium.to_hex(c.sealedKey)));
});

test('the checked-in v1 envelope sealed by libsodium-wrappers opens', () => {
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

test('v1 failures keep their names', () => {
  const f = fixture('rust-v1');
  const envelope = hex(f.envelope);
  const lender = hex(f['lender secret key']);
  const open = (overrides = {}) =>
    openTerms({ secretKey: lender, genesisHash: hex(f['genesis hash']), commitment: hex(f.commitment), envelope, ...overrides });
  fails('NotARecipient', () => open({ secretKey: sodium.crypto_box_keypair().privateKey }));
  fails('DecryptFailed', () => open({ genesisHash: sodium.randombytes_buf(32) }));
  const tampered = envelope.slice();
  tampered[tampered.length - 1] ^= 1;
  fails('DecryptFailed', () => open({ envelope: tampered }));
  // The lender's capsule (the second), altered after its public key.
  const badCapsule = envelope.slice();
  badCapsule[HEADER_LEN + CAPSULE_LEN + 32 + 40] ^= 0x80;
  fails('CapsuleOpenFailed', () => open({ envelope: badCapsule }));
  fails('Malformed', () => open({ envelope: envelope.subarray(0, HEADER_LEN + CAPSULE_LEN) }));
});
