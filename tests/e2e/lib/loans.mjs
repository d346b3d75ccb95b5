// The loan flows of docs/lenders.md and docs/company-api.md, as functions the end-to-end tests
// run. The guides quote these functions; a test checks every quoted block still appears here
// word for word, so the documentation shows code that runs.
import { blake2AsHex, randomAsU8a } from '@polkadot/util-crypto';
import { compactFromU8a, u8aConcat, stringToU8a, u8aToHex } from '@polkadot/util';
import { named, submit } from './tx.mjs';

// --- doc: commitment
/**
 * The client's commitment to a loan's terms: blake2-256 of the terms document followed by a
 * random 32-byte salt. Keep both: revealing them later proves the terms.
 */
export function commitToTerms(termsJson) {
  const salt = randomAsU8a(32);
  const commitment = blake2AsHex(u8aConcat(stringToU8a(termsJson), salt), 256);
  return { commitment, salt: u8aToHex(salt) };
}
// --- end

// --- doc: propose
/**
 * Borrower: propose a loan to `lenderAddress` for `duration` blocks; resolves with its id.
 * `sealedTerms` is a hex string (a Uint8Array would be read as length-prefixed SCALE bytes).
 */
export async function proposeLoan(api, borrower, lenderAddress, duration, commitment, sealedTerms) {
  const events = await submit(api, api.tx.loans.propose(lenderAddress, duration, commitment, sealedTerms), borrower);
  return named(events, 'loans', 'LoanProposed').data.loanId.toNumber();
}
// --- end

// --- doc: confirm
/** Lender (or the lending company's operator): confirm a proposal; the loan is in force. */
export async function confirmLoan(api, lender, loanId) {
  const events = await submit(api, api.tx.loans.confirm(loanId), lender);
  const { start, end } = named(events, 'loans', 'LoanConfirmed').data;
  return { start: start.toNumber(), end: end.toNumber() };
}
// --- end

// --- doc: feedback-due
/**
 * Lender: the ids of the loans waiting for its feedback (JSON-RPC `loans_feedbackDue`, sent
 * through the api's WsProvider).
 */
export async function feedbackDue(provider, lenderAddress) {
  const ids = await provider.send('loans_feedbackDue', [lenderAddress]);
  return ids.map(Number);
}
// --- end

// --- doc: report
/**
 * Lender: report the outcome of a loan whose end has passed. `outcome` is
 * `{ performed: true }`, `{ extendTo: blockNumber }` or `{ breached: level }` with `level`
 * one of `'Public'`, `'Encrypted'`, `{ PaidQuery: { fee } }`.
 */
export async function reportOutcome(api, lender, loanId, outcome) {
  let tx;
  if (outcome.performed) tx = api.tx.loans.reportPerformed(loanId);
  else if (outcome.extendTo !== undefined) tx = api.tx.loans.proposeExtension(loanId, outcome.extendTo);
  else tx = api.tx.loans.reportBreach(loanId, outcome.breached);
  return submit(api, tx, lender);
}
// --- end

// --- doc: consent
/**
 * Company: the exact bytes the borrower must sign to consent to a registration (or, with
 * `renews`, a renewal). The chain builds them (runtime API `LoansApi_consent_payload`), with its
 * genesis hash and the borrower's current consent nonce.
 */
export async function consentPayload(api, companyId, borrowerAddress, commitment, duration, renews = null) {
  const result = await api.call.loansApi.consentPayload(companyId, borrowerAddress, commitment, duration, renews);
  // @polkadot/api 16 hands a runtime call's `Vec<u8>` back with its SCALE length prefix still on;
  // strip it (the payload itself starts with the tag "loanchain:consent:v1", never a prefix).
  const raw = Uint8Array.from(result);
  const [offset, length] = compactFromU8a(raw);
  return offset + length.toNumber() === raw.length ? raw.subarray(offset) : raw;
}

/** Borrower (in their own wallet or app): sign the consent payload with their account key. */
export function signConsent(borrowerPair, payload) {
  return { [borrowerPair.type === 'ed25519' ? 'Ed25519' : 'Sr25519']: u8aToHex(borrowerPair.sign(payload)) };
}
// --- end

// --- doc: register
/** Company operator: register a loan in the borrower's name with their signed consent. */
export async function registerForBorrower(api, operator, borrowerAddress, duration, commitment, sealedTerms, consent) {
  const tx = api.tx.loans.registerForBorrower(borrowerAddress, duration, commitment, sealedTerms, consent);
  const events = await submit(api, tx, operator);
  return named(events, 'loans', 'LoanRegistered').data.loanId.toNumber();
}
// --- end

// --- doc: renew
/**
 * Company operator: the borrower's extension was approved. Report the loan performed normally in
 * advance and register the follow-on loan (linked to it) with the borrower's new consent.
 * Resolves with the follow-on loan's id.
 */
export async function renewLoan(api, operator, loanId, borrowerAddress, duration, commitment, sealedTerms, consent) {
  const tx = api.tx.loans.renew(loanId, borrowerAddress, duration, commitment, sealedTerms, consent);
  const events = await submit(api, tx, operator);
  return named(events, 'loans', 'LoanRenewed').data.loanId.toNumber();
}
// --- end

// --- doc: summary
/** Anyone permitted: a borrower's summary, only dates and "borrowing", all pages. */
export async function borrowerSummary(provider, account) {
  const entries = [];
  for (let from = 0; from !== null; ) {
    const page = await provider.send('loans_borrowerSummary', [account, null, from]);
    entries.push(...page.entries);
    from = page.next;
  }
  return entries;
}
// --- end
