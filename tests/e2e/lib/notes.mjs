// Sealed notes for tests that drive the chain with @polkadot/api: a purpose or a complaint's
// reason is sealed to the consortium's auditor keys and the loan's borrower account's key, as
// the chain requires (docs/privacy.md, section 8).

import { hexToU8a, u8aToHex } from '@polkadot/util';
import { NoteKind, openNote, sealNote } from './sealing.mjs';

export { NoteKind };

/** The recipients of loan `loanId`'s notes: the auditor keys, then its borrower account's key. */
export async function noteRecipients(api, loanId) {
  const auditors = (await api.query.consortium.auditorKeys()).map((key) => key.toU8a());
  const loan = (await api.query.loans.loans(loanId)).unwrap();
  const key = await api.query.attestations.encryptionKeys(loan.borrowerAccount);
  if (key.isNone) throw new Error(`loan ${loanId}'s borrower account has no encryption key`);
  return [...auditors, key.unwrap().toU8a()];
}

/** `text` sealed as a note of `kind` about loan `loanId` (hex, as a call takes it). */
export async function sealedNote(api, loanId, kind, text) {
  const recipients = await noteRecipients(api, loanId);
  return u8aToHex(sealNote({ text, genesisHash: api.genesisHash.toU8a(), loanId, kind, recipients }));
}

/** The text of an inquiry log entry's sealed purpose (as the RPC serves it), opened with `secretKey`. */
export function entryPurpose(api, entry, secretKey) {
  const kind = entry.outcome.kind === 'granted' ? NoteKind.grantPurpose : NoteKind.requestPurpose;
  return openNote({ secretKey, genesisHash: api.genesisHash.toU8a(), loanId: entry.loanId, kind, envelope: hexToU8a(entry.sealedPurpose) });
}
