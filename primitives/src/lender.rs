//! The lender of a loan as the record holds it: named (its identity in clear, the way loans
//! were recorded before aliases) or a per-loan alias of a lender-ring member, whom nobody but the
//! parties and the auditors can name (`docs/privacy.md`, sections 1 to 3).
//!
//! An alias loan's lender proves once, when the loan comes into force (at confirmation, or at
//! the renewal under an alias that starts it), with a ring proof, that it holds a key of the
//! lender ring and that the loan's alias is its own; the proof designates a per-loan sr25519
//! **lender key**, and every later lender action is a general (account-less) transaction signed
//! by that key over [`lender_action_payload`]. The byte layouts below are fixed: clients build
//! the same bytes.

extern crate alloc;

use crate::{Alias, IdentityId, LoanId};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use scale_info::TypeInfo;
use sp_runtime::traits::{BlakeTwo256, Hash};

/// The random 32 bytes a lender picks for one loan; the loan's ring context is derived from it
/// ([`lender_context`]), so the same lender gets a fresh, unlinkable alias for every handle.
pub type LenderHandle = [u8; 32];

/// A per-loan sr25519 public key the alias designates at confirmation; it signs the lender's
/// later actions on that loan, and nothing else.
pub type LenderKey = [u8; 32];

/// The 64-byte sr25519 signature of a lender action by the loan's [`LenderKey`].
pub type LenderSignature = [u8; 64];

/// The label of a loan's ring context.
pub const LENDER_CONTEXT_TAG: &[u8] = b"loanchain:lender:v1";

/// The label of the message a confirmation's ring proof signs.
pub const CONFIRM_TAG: &[u8] = b"loanchain:confirm:v2";

/// The label of the payload a lender action's signature covers.
pub const LENDER_ACTION_TAG: &[u8] = b"loanchain:lender-action:v1";

/// The ring context of the loan whose lender picked `handle`:
/// `blake2b-256("loanchain:lender:v1" || genesis_hash || handle)`.
pub fn lender_context(genesis: &[u8; 32], handle: &LenderHandle) -> [u8; 32] {
	let mut bytes = Vec::with_capacity(LENDER_CONTEXT_TAG.len() + 64);
	bytes.extend_from_slice(LENDER_CONTEXT_TAG);
	bytes.extend_from_slice(genesis);
	bytes.extend_from_slice(handle);
	BlakeTwo256::hash(&bytes).0
}

/// The message the ring proof of a confirmation signs: `"loanchain:confirm:v2"` (raw) followed
/// by the SCALE encoding of `(genesis_hash, loan_id: u64, lender_key, payout,
/// blake2b-256(sealed_lender))`, so the proof holds only for this chain, this loan, this lender
/// key, this payout account and this sealed lender record (nobody who sees the confirmation in
/// the pool can swap the record and keep the proof).
pub fn confirm_message<AccountId: Encode>(
	genesis: &[u8; 32],
	loan_id: LoanId,
	lender_key: &LenderKey,
	payout: &AccountId,
	sealed_lender: &[u8],
) -> Vec<u8> {
	let mut bytes = Vec::from(CONFIRM_TAG);
	let record_hash = BlakeTwo256::hash(sealed_lender).0;
	(genesis, loan_id, lender_key, payout, record_hash).encode_to(&mut bytes);
	bytes
}

/// The label of the message a renewal's ring proof signs.
pub const RENEWAL_PROOF_TAG: &[u8] = b"loanchain:renewal-proof:v1";

/// The message the ring proof of a renewal under an alias signs: `"loanchain:renewal-proof:v1"`
/// (raw) followed by the SCALE encoding of `(genesis_hash, previous: u64, loan_id: u64,
/// lender_key, payout, blake2b-256(sealed_lender))`. It proves that the follow-on's alias is an
/// attested lender's now, and holds only for this renewal of `previous` into `loan_id` with this
/// lender key, payout account and sealed lender record; its own label keeps it from passing as
/// a confirmation's proof of loan `loan_id` (nobody can lift it into a `confirm_as_alias` of a
/// proposal made to the same alias).
pub fn renewal_proof_message<AccountId: Encode>(
	genesis: &[u8; 32],
	previous: LoanId,
	loan_id: LoanId,
	lender_key: &LenderKey,
	payout: &AccountId,
	sealed_lender: &[u8],
) -> Vec<u8> {
	let mut bytes = Vec::from(RENEWAL_PROOF_TAG);
	let record_hash = BlakeTwo256::hash(sealed_lender).0;
	(genesis, previous, loan_id, lender_key, payout, record_hash).encode_to(&mut bytes);
	bytes
}

/// The label of the message the previous loan's lender key signs for a renewal under an alias.
pub const RENEWAL_TAG: &[u8] = b"loanchain:renewal:v1";

/// The message the lender key of alias loan `previous` signs to renew it as loan `loan_id`
/// under the new loan's `alias`: `"loanchain:renewal:v1"` (raw) followed by the SCALE encoding
/// of `(genesis_hash, previous: u64, loan_id: u64, alias, borrower, commitment,
/// blake2b-256(sealed_terms), duration, lender_key, payout, blake2b-256(sealed_lender))`. The
/// new loan's number is bound because the sealed lender record names it. It binds everything the borrower's consent binds, so
/// neither the borrower nor anyone who sees the renewal in the pool can pair the lender's
/// signature with other terms, and the new loan's lender key, payout account and sealed lender
/// record, so nobody can swap them.
#[allow(clippy::too_many_arguments)]
pub fn renewal_message<AccountId: Encode, BlockNumber: Encode>(
	genesis: &[u8; 32],
	previous: LoanId,
	loan_id: LoanId,
	alias: &Alias,
	borrower: &AccountId,
	commitment: &crate::Commitment,
	sealed_terms: &[u8],
	duration: BlockNumber,
	lender_key: &LenderKey,
	payout: &AccountId,
	sealed_lender: &[u8],
) -> Vec<u8> {
	let mut bytes = Vec::from(RENEWAL_TAG);
	let terms_hash = BlakeTwo256::hash(sealed_terms).0;
	let record_hash = BlakeTwo256::hash(sealed_lender).0;
	(
		genesis,
		previous,
		loan_id,
		alias,
		borrower,
		commitment,
		terms_hash,
		duration,
		lender_key,
		payout,
		record_hash,
	)
		.encode_to(&mut bytes);
	bytes
}

/// The bytes a lender action's signature covers: `"loanchain:lender-action:v1"` (raw) followed by
/// the SCALE encoding of `(genesis_hash, loan_id: u64, nonce: u32, action)`. The nonce is the
/// loan's [`AliasLender::nonce`], so each signature is good once.
pub fn lender_action_payload<Action: Encode>(
	genesis: &[u8; 32],
	loan_id: LoanId,
	nonce: u32,
	action: &Action,
) -> Vec<u8> {
	let mut bytes = Vec::from(LENDER_ACTION_TAG);
	(genesis, loan_id, nonce, action).encode_to(&mut bytes);
	bytes
}

/// The pool priority of the lender's account-less transactions (confirmations, actions and
/// disclosures of alias loans): above ordinary fee-paying transactions of the same block
/// space, since each moves one loan on and is valid once.
pub const LENDER_TX_PRIORITY: sp_runtime::transaction_validity::TransactionPriority =
	sp_runtime::transaction_validity::TransactionPriority::MAX / 2;

/// How many blocks a lender's account-less transaction stays valid in the pool (unless a
/// deadline ends it sooner) before it must be sent again.
pub const LENDER_TX_LONGEVITY: u64 = 64;

/// The 32 bytes of block hash `hash` (the genesis hash that lender proofs and signatures bind,
/// as `frame_system::BlockHash(0)` holds it), zero-padded should the hash be shorter.
pub fn hash_bytes<Hash: Encode>(hash: &Hash) -> [u8; 32] {
	let mut bytes = [0u8; 32];
	let encoded = hash.encode();
	let len = encoded.len().min(32);
	bytes[..len].copy_from_slice(&encoded[..len]);
	bytes
}

/// The pool's refusal of a lender's account-less transaction that fails with `error`:
/// `InvalidTransaction::Custom(n)`, `n` being the index of the pallet error that says why (the
/// error the call would return), or `InvalidTransaction::Call` for any other error.
pub fn pool_refusal(
	error: sp_runtime::DispatchError,
) -> sp_runtime::transaction_validity::TransactionValidityError {
	use sp_runtime::transaction_validity::InvalidTransaction;
	match error {
		sp_runtime::DispatchError::Module(module) => {
			InvalidTransaction::Custom(module.error[0]).into()
		},
		_ => InvalidTransaction::Call.into(),
	}
}

/// The domain tag of a lender's disclosure (a reveal or a paid-query delivery of an alias
/// loan) signed by the loan's lender key.
pub const LENDER_DISCLOSURE_TAG: &[u8] = b"loanchain:lender-disclosure:v1";

/// The bytes the lender key signs for a disclosure of an alias loan:
/// `"loanchain:lender-disclosure:v1"` (raw) followed by the SCALE encoding of
/// `(genesis_hash, loan_id: u64, disclosure)`. A disclosure happens once (terms are revealed
/// once, a request is delivered once), so it needs no nonce.
pub fn lender_disclosure_payload<Disclosure: Encode>(
	genesis: &[u8; 32],
	loan_id: LoanId,
	disclosure: &Disclosure,
) -> Vec<u8> {
	let mut bytes = Vec::from(LENDER_DISCLOSURE_TAG);
	(genesis, loan_id, disclosure).encode_to(&mut bytes);
	bytes
}

/// Who lends, as a loan record holds it.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum LoanLender<AccountId> {
	/// The lender is named in clear: every member node sees who lent (the C2C proposals to an
	/// account and the corporate registrations, until they move to aliases).
	Named {
		/// The lender's identity (a person, or the company in the corporate flow).
		identity: IdentityId,
		/// The account that confirmed for the lender (an account of the lender or an operator
		/// of the lending company); `None` until confirmed.
		account: Option<AccountId>,
		/// The company that registered the loan in the borrower's name (corporate flow).
		company: Option<IdentityId>,
	},
	/// The lender is a per-loan alias of a lender-ring member.
	Alias(AliasLender<AccountId>),
}

impl<AccountId> LoanLender<AccountId> {
	/// The named lender's identity; `None` for an alias.
	pub fn identity(&self) -> Option<IdentityId> {
		match self {
			Self::Named { identity, .. } => Some(*identity),
			Self::Alias(_) => None,
		}
	}

	/// The alias lender; `None` for a named one.
	pub fn alias(&self) -> Option<&AliasLender<AccountId>> {
		match self {
			Self::Named { .. } => None,
			Self::Alias(alias) => Some(alias),
		}
	}
}

/// The lender of an alias loan: its alias, and from confirmation on, the lender key and payout
/// account its ring proof designated.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct AliasLender<AccountId> {
	/// The alias the borrower proposed to (from the lender's invitation); the confirmation's
	/// ring proof must yield it.
	pub alias: Alias,
	/// The per-loan key that signs the lender's later actions; `None` until confirmed.
	pub key: Option<LenderKey>,
	/// The account that receives what the loan pays its lender (paid-query fees); `None` until
	/// confirmed.
	pub payout: Option<AccountId>,
	/// The nonce the next lender action must sign; it grows by one with each.
	pub nonce: u32,
}

/// Who made a change of a loan, as its history records it.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Actor<AccountId> {
	/// This account (a party's, or a named lender's).
	Account(AccountId),
	/// The loan's alias lender, through its ring proof or its lender key.
	Lender,
	/// The chain itself (an expiry, a grace period, a lapsed extension, a timed-out proposal).
	Chain,
}

impl<AccountId> Actor<AccountId> {
	/// The account, for [`Actor::Account`].
	pub fn account(&self) -> Option<&AccountId> {
		match self {
			Self::Account(account) => Some(account),
			Self::Lender | Self::Chain => None,
		}
	}
}

/// A lender's act on an alias loan after its confirmation, signed by the loan's lender key.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum LenderAction<BlockNumber, Balance> {
	/// Feedback (a): the loan was performed normally.
	ReportPerformed,
	/// Feedback (b): the loan is extended until `new_end`, once the borrower confirms.
	ProposeExtension {
		/// The proposed new end block.
		new_end: BlockNumber,
	},
	/// Feedback (c): the loan was breached; its details are disclosed at `level`.
	ReportBreach {
		/// The information level chosen.
		level: crate::DisclosureLevel<Balance>,
	},
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn context_and_payloads_have_the_documented_layout() {
		let genesis = [7u8; 32];
		let handle = [9u8; 32];
		let mut raw = Vec::from(LENDER_CONTEXT_TAG);
		raw.extend_from_slice(&genesis);
		raw.extend_from_slice(&handle);
		assert_eq!(lender_context(&genesis, &handle), BlakeTwo256::hash(&raw).0);
		assert_ne!(lender_context(&genesis, &handle), lender_context(&genesis, &[8u8; 32]));

		let message = confirm_message(&genesis, 5, &[1u8; 32], &[2u8; 32], b"record");
		assert_eq!(message.len(), CONFIRM_TAG.len() + 32 + 8 + 32 + 32 + 32);
		assert_eq!(&message[..CONFIRM_TAG.len()], CONFIRM_TAG);
		assert_eq!(&message[CONFIRM_TAG.len() + 32..CONFIRM_TAG.len() + 40], &5u64.to_le_bytes());
		assert_eq!(&message[message.len() - 32..], &BlakeTwo256::hash(b"record").0);
		assert_ne!(message, confirm_message(&genesis, 5, &[1u8; 32], &[2u8; 32], b"other"));

		let proof_message =
			renewal_proof_message(&genesis, 4, 5, &[1u8; 32], &[2u8; 32], b"record");
		// tag, genesis, previous, loan id, lender key, payout, record hash.
		assert_eq!(proof_message.len(), RENEWAL_PROOF_TAG.len() + 32 + 8 + 8 + 32 * 3);
		assert_eq!(&proof_message[..RENEWAL_PROOF_TAG.len()], RENEWAL_PROOF_TAG);
		assert_eq!(&proof_message[proof_message.len() - 32..], &BlakeTwo256::hash(b"record").0);
		// Neither label is a prefix of the other: no confirmation's message is a renewal's.
		assert!(!RENEWAL_PROOF_TAG.starts_with(CONFIRM_TAG));
		assert!(!CONFIRM_TAG.starts_with(RENEWAL_PROOF_TAG));

		let action: LenderAction<u32, u128> = LenderAction::ProposeExtension { new_end: 300 };
		let payload = lender_action_payload(&genesis, 5, 2, &action);
		// tag, genesis, loan id, nonce, variant 1, new end.
		assert_eq!(payload.len(), LENDER_ACTION_TAG.len() + 32 + 8 + 4 + 1 + 4);
		assert_eq!(payload[payload.len() - 5], 1);

		let payload = lender_disclosure_payload(&genesis, 5, &(1u8, 9u64));
		assert_eq!(payload.len(), LENDER_DISCLOSURE_TAG.len() + 32 + 8 + 1 + 8);
		assert_eq!(&payload[..LENDER_DISCLOSURE_TAG.len()], LENDER_DISCLOSURE_TAG);

		let commitment = crate::Commitment::repeat_byte(4);
		let renewal = |terms: &[u8], record: &[u8]| {
			renewal_message(
				&genesis,
				5,
				9,
				&[6u8; 32],
				&[7u8; 32],
				&commitment,
				terms,
				300u32,
				&[1u8; 32],
				&[2u8; 32],
				record,
			)
		};
		let message = renewal(b"terms", b"record");
		// tag, genesis, previous, loan id, alias, borrower, commitment, terms hash, duration,
		// lender key, payout, record hash.
		assert_eq!(message.len(), RENEWAL_TAG.len() + 32 + 8 + 8 + 32 * 4 + 4 + 32 * 3);
		assert_eq!(&message[..RENEWAL_TAG.len()], RENEWAL_TAG);
		let terms_at = RENEWAL_TAG.len() + 32 + 16 + 32 * 3;
		assert_eq!(&message[terms_at..terms_at + 32], &BlakeTwo256::hash(b"terms").0);
		assert_eq!(&message[message.len() - 32..], &BlakeTwo256::hash(b"record").0);
		assert_ne!(message, renewal(b"other", b"record"));
		assert_ne!(message, renewal(b"terms", b"other"));
	}
}
