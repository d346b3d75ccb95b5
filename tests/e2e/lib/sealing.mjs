// Sealed loan terms, envelope format v1 (docs/sealing-format.md), with libsodium-wrappers: the
// JavaScript side of the client-side sealing that loanchain-client implements in Rust. The
// interop test (tests/sealing-interop.test.mjs) opens the Rust test vector with these functions
// and checks in an envelope they sealed, which the Rust unit tests open.
import sodium from 'libsodium-wrappers';

await sodium.ready;

/** The envelope format version (its first byte). */
export const VERSION = 1;
/** The most recipients (key capsules) one envelope may hold. */
export const MAX_RECIPIENTS = 8;
/** Byte lengths of the envelope's parts. */
export const SALT_LEN = 32;
export const NONCE_LEN = 24;
export const TAG_LEN = 16;
export const PUBLIC_KEY_LEN = 32;
export const SEALED_KEY_LEN = 80;
export const CAPSULE_LEN = PUBLIC_KEY_LEN + SEALED_KEY_LEN;
export const HEADER_LEN = 1 + NONCE_LEN + 1;
/** The ASCII prefix of the loan binding, the associated data of the terms' encryption. */
export const BINDING_CONTEXT = 'loanchain:terms:v1';

/**
 * Why terms could not be sealed or opened; `code` is the name of the matching
 * `loanchain_client::sealing::Error` variant (Malformed, UnsupportedVersion, NotARecipient,
 * CapsuleOpenFailed, DecryptFailed, CommitmentMismatch, TooManyRecipients, NoRecipients).
 */
export class SealingError extends Error {
  constructor(code, message) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function equal(a, b) {
  return a.length === b.length && sodium.memcmp(a, b);
}

/** The X25519 public key of a 32-byte secret key. */
export function publicKeyOf(secretKey) {
  return sodium.crypto_scalarmult_base(secretKey);
}

/** The commitment the chain stores: blake2b-256(terms || salt). */
export function commitment(terms, salt) {
  return sodium.crypto_generichash(32, concat(terms, salt), null);
}

/** The loan binding: "loanchain:terms:v1" || genesis hash (32) || commitment (32). */
export function loanBinding(genesisHash, commitment) {
  return concat(sodium.from_string(BINDING_CONTEXT), genesisHash, commitment);
}

/**
 * Seals `terms` (bytes) and their 32-byte `salt` for `recipients` (X25519 public keys), bound to
 * the loan with `commitment` on the chain with `genesisHash`; returns the envelope bytes.
 */
export function sealTerms({ terms, salt, genesisHash, commitment, recipients }) {
  if (recipients.length === 0) throw new SealingError('NoRecipients', 'at least one recipient');
  if (recipients.length > MAX_RECIPIENTS) throw new SealingError('TooManyRecipients', `at most ${MAX_RECIPIENTS}`);
  const dataKey = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
  const nonce = sodium.randombytes_buf(NONCE_LEN);
  const capsules = recipients.map((publicKey) => concat(publicKey, sodium.crypto_box_seal(dataKey, publicKey)));
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    concat(salt, terms),
    loanBinding(genesisHash, commitment),
    null,
    nonce,
    dataKey,
  );
  sodium.memzero(dataKey);
  return concat(Uint8Array.of(VERSION), nonce, Uint8Array.of(recipients.length), ...capsules, ciphertext);
}

/** Splits an envelope into nonce, capsules and ciphertext, checking the version and lengths. */
export function parseEnvelope(envelope) {
  if (envelope.length < 1) throw new SealingError('Malformed', 'empty envelope');
  if (envelope[0] !== VERSION) throw new SealingError('UnsupportedVersion', `version ${envelope[0]}`);
  if (envelope.length < HEADER_LEN) throw new SealingError('Malformed', 'truncated header');
  const count = envelope[HEADER_LEN - 1];
  if (count < 1 || count > MAX_RECIPIENTS) throw new SealingError('Malformed', `capsule count ${count}`);
  const ciphertextStart = HEADER_LEN + count * CAPSULE_LEN;
  if (envelope.length < ciphertextStart + SALT_LEN + TAG_LEN) throw new SealingError('Malformed', 'truncated');
  const capsules = [];
  for (let i = 0; i < count; i++) {
    const start = HEADER_LEN + i * CAPSULE_LEN;
    capsules.push({
      publicKey: envelope.subarray(start, start + PUBLIC_KEY_LEN),
      sealedKey: envelope.subarray(start + PUBLIC_KEY_LEN, start + CAPSULE_LEN),
    });
  }
  return { nonce: envelope.subarray(1, 1 + NONCE_LEN), capsules, ciphertext: envelope.subarray(ciphertextStart) };
}

/**
 * Opens `envelope` with a recipient's 32-byte X25519 `secretKey` for the loan with `commitment`
 * on the chain with `genesisHash`; returns `{ salt, terms }` after checking the commitment.
 */
export function openTerms({ secretKey, genesisHash, commitment: expected, envelope }) {
  const { nonce, capsules, ciphertext } = parseEnvelope(envelope);
  const publicKey = publicKeyOf(secretKey);
  const capsule = capsules.find((c) => equal(c.publicKey, publicKey));
  if (!capsule) throw new SealingError('NotARecipient', 'no capsule for this key');
  let dataKey;
  try {
    dataKey = sodium.crypto_box_seal_open(capsule.sealedKey, publicKey, secretKey);
  } catch {
    throw new SealingError('CapsuleOpenFailed', 'wrong key or altered capsule');
  }
  let plaintext;
  try {
    plaintext = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      ciphertext,
      loanBinding(genesisHash, expected),
      nonce,
      dataKey,
    );
  } catch {
    throw new SealingError('DecryptFailed', 'altered ciphertext, or another loan or chain');
  } finally {
    sodium.memzero(dataKey);
  }
  const salt = plaintext.slice(0, SALT_LEN);
  const terms = plaintext.slice(SALT_LEN);
  if (!equal(commitment(terms, salt), expected)) {
    throw new SealingError('CommitmentMismatch', 'terms do not match the commitment');
  }
  return { salt, terms };
}
