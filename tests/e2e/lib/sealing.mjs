// Sealed loan terms, envelope formats v2 (written) and v1 (still opened), docs/sealing-format.md,
// with libsodium-wrappers: the JavaScript side of the client-side sealing that loanchain-client
// implements in Rust. The interop test (tests/sealing-interop.test.mjs) opens the Rust test
// vectors with these functions and checks in envelopes they sealed, which the Rust unit tests
// open.
import sodium from 'libsodium-wrappers';

await sodium.ready;

/** The envelope format version sealTerms writes (the envelope's first byte). */
export const VERSION = 2;
/** The first envelope format version, still opened because envelopes sealed with it stay on chain. */
export const VERSION_V1 = 1;
/** The most recipients (sealed data keys) one envelope may hold. */
export const MAX_RECIPIENTS = 8;
/** Byte lengths of the envelope's parts. */
export const SALT_LEN = 32;
export const DATA_KEY_LEN = 32;
export const NONCE_LEN = 24;
export const TAG_LEN = 16;
export const PUBLIC_KEY_LEN = 32;
/** crypto_box_seal of the data key (ephemeral public key, tag, sealed key): a v2 recipient entry. */
export const SEALED_KEY_LEN = 80;
/** A capsule, recipient public key || sealed data key: v1 envelopes, grants and deliveries. */
export const CAPSULE_LEN = PUBLIC_KEY_LEN + SEALED_KEY_LEN;
export const HEADER_LEN = 1 + NONCE_LEN + 1;
/** A v2 plaintext starts with the salt and the terms' length (u32, little-endian). */
export const PLAINTEXT_PREFIX_LEN = SALT_LEN + 4;
/** The lengths a v2 plaintext is padded to (the smallest that fits). */
export const BUCKETS = Object.freeze([256, 512, 1024, 2048, 3072]);
/** The longest terms a v2 envelope holds. */
export const MAX_TERMS_LEN = BUCKETS[BUCKETS.length - 1] - PLAINTEXT_PREFIX_LEN;
/** The ASCII prefix of the v1 loan binding, the associated data of a v1 envelope's encryption. */
export const BINDING_CONTEXT = 'loanchain:terms:v1';
/** The ASCII prefix of the v2 loan binding (what sealTerms uses). */
export const BINDING_CONTEXT_V2 = 'loanchain:terms:v2';

/**
 * Why terms could not be sealed or opened; `code` is the name of the matching
 * `loanchain_client::sealing::Error` variant (Malformed, UnsupportedVersion, NotARecipient,
 * CapsuleOpenFailed, DecryptFailed, CommitmentMismatch, TooManyRecipients, NoRecipients,
 * TermsTooLong).
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

/** The v1 loan binding: "loanchain:terms:v1" || genesis hash (32) || commitment (32). */
export function loanBinding(genesisHash, commitment) {
  return concat(sodium.from_string(BINDING_CONTEXT), genesisHash, commitment);
}

/** The v2 loan binding: "loanchain:terms:v2" || genesis hash (32) || commitment (32). */
export function loanBindingV2(genesisHash, commitment) {
  return concat(sodium.from_string(BINDING_CONTEXT_V2), genesisHash, commitment);
}

/** The length a v2 plaintext of `termsLength` bytes of terms is padded to, or undefined if too long. */
export function paddedLength(termsLength) {
  return BUCKETS.find((bucket) => bucket >= PLAINTEXT_PREFIX_LEN + termsLength);
}

/**
 * The v2 plaintext: salt || u32le(len(terms)) || terms || zeros, `length` bytes in all (the
 * bucket; tests pass other lengths to build malformed envelopes).
 */
export function paddedPlaintext(salt, terms, length) {
  const plaintext = new Uint8Array(length);
  plaintext.set(salt, 0);
  new DataView(plaintext.buffer).setUint32(SALT_LEN, terms.length, true);
  plaintext.set(terms, PLAINTEXT_PREFIX_LEN);
  return plaintext;
}

/**
 * Seals `terms` (bytes) and their 32-byte `salt` for `recipients` (X25519 public keys), bound to
 * the loan with `commitment` on the chain with `genesisHash`; returns the envelope bytes
 * (format v2).
 */
export function sealTerms({ terms, salt, genesisHash, commitment, recipients }) {
  if (recipients.length === 0) throw new SealingError('NoRecipients', 'at least one recipient');
  if (recipients.length > MAX_RECIPIENTS) throw new SealingError('TooManyRecipients', `at most ${MAX_RECIPIENTS}`);
  const padded = paddedLength(terms.length);
  if (padded === undefined) throw new SealingError('TermsTooLong', `at most ${MAX_TERMS_LEN} bytes of terms`);
  const plaintext = paddedPlaintext(salt, terms, padded);
  const dataKey = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
  const nonce = sodium.randombytes_buf(NONCE_LEN);
  const sealedKeys = recipients.map((publicKey) => sodium.crypto_box_seal(dataKey, publicKey));
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    plaintext,
    loanBindingV2(genesisHash, commitment),
    null,
    nonce,
    dataKey,
  );
  sodium.memzero(dataKey);
  sodium.memzero(plaintext);
  return concat(Uint8Array.of(VERSION), nonce, Uint8Array.of(recipients.length), ...sealedKeys, ciphertext);
}

/**
 * Splits an envelope (v1 or v2) into `{ version, nonce, capsules, ciphertext }`, checking the
 * version and lengths. v1 capsules are `{ publicKey, sealedKey }`; v2 capsules are `{ sealedKey }`
 * (no recipient key is in the envelope).
 */
export function parseEnvelope(envelope) {
  if (envelope.length < 1) throw new SealingError('Malformed', 'empty envelope');
  const version = envelope[0];
  if (version !== VERSION && version !== VERSION_V1) throw new SealingError('UnsupportedVersion', `version ${version}`);
  if (envelope.length < HEADER_LEN) throw new SealingError('Malformed', 'truncated header');
  const count = envelope[HEADER_LEN - 1];
  if (count < 1 || count > MAX_RECIPIENTS) throw new SealingError('Malformed', `recipient count ${count}`);
  const entryLength = version === VERSION_V1 ? CAPSULE_LEN : SEALED_KEY_LEN;
  const ciphertextStart = HEADER_LEN + count * entryLength;
  if (envelope.length < ciphertextStart) throw new SealingError('Malformed', 'truncated');
  const ciphertextLength = envelope.length - ciphertextStart;
  if (version === VERSION_V1 && ciphertextLength < SALT_LEN + TAG_LEN) throw new SealingError('Malformed', 'truncated');
  if (version === VERSION && !BUCKETS.includes(ciphertextLength - TAG_LEN)) {
    throw new SealingError('Malformed', `ciphertext of ${ciphertextLength} bytes fits no bucket`);
  }
  const capsules = [];
  for (let i = 0; i < count; i++) {
    const start = HEADER_LEN + i * entryLength;
    if (version === VERSION_V1) {
      capsules.push({
        publicKey: envelope.subarray(start, start + PUBLIC_KEY_LEN),
        sealedKey: envelope.subarray(start + PUBLIC_KEY_LEN, start + CAPSULE_LEN),
      });
    } else {
      capsules.push({ sealedKey: envelope.subarray(start, start + SEALED_KEY_LEN) });
    }
  }
  return { version, nonce: envelope.subarray(1, 1 + NONCE_LEN), capsules, ciphertext: envelope.subarray(ciphertextStart) };
}

/**
 * The 32-byte data key of `envelope` for the reader with the X25519 `secretKey`: from the capsule
 * labelled with its public key (v1), or from the first sealed data key that opens with it (v2,
 * tried in turn). Throws NotARecipient if there is none, CapsuleOpenFailed if a v1 capsule
 * labelled with its key does not open.
 */
export function openDataKey({ secretKey, envelope }) {
  const { version, capsules } = parseEnvelope(envelope);
  const publicKey = publicKeyOf(secretKey);
  if (version === VERSION_V1) {
    const capsule = capsules.find((c) => equal(c.publicKey, publicKey));
    if (!capsule) throw new SealingError('NotARecipient', 'no capsule for this key');
    try {
      return sodium.crypto_box_seal_open(capsule.sealedKey, publicKey, secretKey);
    } catch {
      throw new SealingError('CapsuleOpenFailed', 'wrong key or altered capsule');
    }
  }
  for (const { sealedKey } of capsules) {
    try {
      return sodium.crypto_box_seal_open(sealedKey, publicKey, secretKey);
    } catch {
      // Sealed to another recipient: try the next one.
    }
  }
  throw new SealingError('NotARecipient', 'no sealed data key opens with this key');
}

/**
 * Decrypts `envelope` (v1 or v2) with its 32-byte `dataKey`, for the loan with `commitment` on the
 * chain with `genesisHash`; returns `{ salt, terms }` after checking the commitment.
 */
export function decryptTerms({ dataKey, genesisHash, commitment: expected, envelope }) {
  const { version, nonce, ciphertext } = parseEnvelope(envelope);
  const binding = version === VERSION_V1 ? loanBinding(genesisHash, expected) : loanBindingV2(genesisHash, expected);
  let plaintext;
  try {
    plaintext = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, binding, nonce, dataKey);
  } catch {
    throw new SealingError('DecryptFailed', 'altered ciphertext, or another loan or chain');
  }
  const salt = plaintext.slice(0, SALT_LEN);
  let terms;
  if (version === VERSION_V1) {
    terms = plaintext.slice(SALT_LEN);
  } else {
    const length = new DataView(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).getUint32(SALT_LEN, true);
    if (PLAINTEXT_PREFIX_LEN + length > plaintext.length) throw new SealingError('Malformed', `terms length ${length} exceeds the bucket`);
    if (plaintext.subarray(PLAINTEXT_PREFIX_LEN + length).some((byte) => byte !== 0)) {
      throw new SealingError('Malformed', 'non-zero padding');
    }
    terms = plaintext.slice(PLAINTEXT_PREFIX_LEN, PLAINTEXT_PREFIX_LEN + length);
  }
  sodium.memzero(plaintext);
  if (!equal(commitment(terms, salt), expected)) {
    throw new SealingError('CommitmentMismatch', 'terms do not match the commitment');
  }
  return { salt, terms };
}

/**
 * Opens `envelope` (v1 or v2) with a recipient's 32-byte X25519 `secretKey` for the loan with
 * `commitment` on the chain with `genesisHash`; returns `{ salt, terms }` after checking the
 * commitment.
 */
export function openTerms({ secretKey, genesisHash, commitment, envelope }) {
  const dataKey = openDataKey({ secretKey, envelope });
  try {
    return decryptTerms({ dataKey, genesisHash, commitment, envelope });
  } finally {
    sodium.memzero(dataKey);
  }
}

/** The label of a sealed note's binding (a purpose or a complaint's reason). */
export const NOTE_BINDING_CONTEXT = 'loanchain:note-seal:v1';

/** The longest note text in bytes: the first bucket holds the salt, the length and the text. */
export const MAX_NOTE_LEN = BUCKETS[0] - PLAINTEXT_PREFIX_LEN;

/** What a sealed note says: part of its binding. */
export const NoteKind = Object.freeze({ requestPurpose: 0, grantPurpose: 1, complaintReason: 2 });

/**
 * The note binding: "loanchain:note-seal:v1" || genesis hash (32) || blake2b-256(u64le(loanId) ||
 * u8(kind)).
 */
export function noteBinding(genesisHash, loanId, kind) {
  const fields = new Uint8Array(9);
  new DataView(fields.buffer).setBigUint64(0, BigInt(loanId), true);
  fields[8] = kind;
  return concat(sodium.from_string(NOTE_BINDING_CONTEXT), genesisHash, sodium.crypto_generichash(32, fields, null));
}

/**
 * Seals the note `text` (a string) of `kind` about loan `loanId` on the chain with `genesisHash`
 * for `recipients` (the auditors' keys, then the borrower's): a v2 envelope of the first bucket,
 * what the chain takes as a purpose or a reason.
 */
export function sealNote({ text, genesisHash, loanId, kind, recipients }) {
  const bytes = sodium.from_string(text);
  if (bytes.length > MAX_NOTE_LEN) throw new SealingError('NoteTooLong', `at most ${MAX_NOTE_LEN} bytes`);
  if (recipients.length === 0 || recipients.length > MAX_RECIPIENTS) throw new SealingError('TooManyRecipients', `1 to ${MAX_RECIPIENTS}`);
  const plaintext = paddedPlaintext(sodium.randombytes_buf(SALT_LEN), bytes, BUCKETS[0]);
  const dataKey = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
  const nonce = sodium.randombytes_buf(NONCE_LEN);
  const sealedKeys = recipients.map((publicKey) => sodium.crypto_box_seal(dataKey, publicKey));
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, noteBinding(genesisHash, loanId, kind), null, nonce, dataKey);
  sodium.memzero(dataKey);
  return concat(Uint8Array.of(VERSION), nonce, Uint8Array.of(recipients.length), ...sealedKeys, ciphertext);
}

/** Opens the sealed note `envelope` of `kind` about loan `loanId` with a recipient's `secretKey`; returns its text. */
export function openNote({ secretKey, genesisHash, loanId, kind, envelope }) {
  const dataKey = openDataKey({ secretKey, envelope });
  const { nonce, ciphertext } = parseEnvelope(envelope);
  let plaintext;
  try {
    plaintext = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, noteBinding(genesisHash, loanId, kind), nonce, dataKey);
  } catch {
    throw new SealingError('DecryptFailed', 'another loan, kind or chain, or altered');
  } finally {
    sodium.memzero(dataKey);
  }
  const length = new DataView(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength).getUint32(SALT_LEN, true);
  if (PLAINTEXT_PREFIX_LEN + length > plaintext.length) throw new SealingError('Malformed', `note length ${length} exceeds the bucket`);
  return sodium.to_string(plaintext.subarray(PLAINTEXT_PREFIX_LEN, PLAINTEXT_PREFIX_LEN + length));
}
