//! Disclosure types shared by the disclosure pallet (which decides who may read a loan's
//! details), its runtime API and the clients, and the [`DisclosurePolicy`] trait that decides
//! who may do what.
//!
//! A loan's terms are sealed in the client (see `docs/sealing-format.md`): the chain never sees
//! the data key, only *key capsules*, each the data key sealed to one reader's X25519 public key
//! ([`Capsule`]). The plaintext reaches the chain only when the lender makes a loan public, and
//! then only if it matches the commitment both parties signed ([`terms_commitment`]).

extern crate alloc;

use crate::{Commitment, IdentityId, LoanId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use scale_info::TypeInfo;
use sp_runtime::traits::{BlakeTwo256, Hash};

/// The length of a key capsule: the recipient's X25519 public key (32 bytes) followed by
/// `crypto_box_seal` of the 32-byte data key (80 bytes).
pub const CAPSULE_LEN: usize = 112;

/// A key capsule: `recipient_pk (32) || crypto_box_seal(data_key, recipient_pk) (80)`, the same
/// layout as the capsules inside a loan's sealed terms.
pub type Capsule = [u8; CAPSULE_LEN];

/// The salt that, hashed with the plaintext terms, gives a loan's commitment.
pub type Salt = [u8; 32];

/// The most entries of a borrower's inquiry log one query returns (one page).
pub const MAX_INQUIRY_PAGE: u32 = 100;

/// The number of one paid query, assigned in order by the disclosure pallet (the first is `0`).
pub type RequestId = u64;

/// The X25519 public key a capsule is sealed to (its first 32 bytes).
pub fn capsule_recipient(capsule: &Capsule) -> [u8; 32] {
	// A capsule is longer than 32 bytes, so the default is never used.
	capsule.first_chunk::<32>().copied().unwrap_or_default()
}

/// The commitment to plaintext `terms` with `salt`: `blake2b-256(terms || salt)`, what both
/// parties sign when they register a loan.
pub fn terms_commitment(terms: &[u8], salt: &Salt) -> Commitment {
	let mut preimage = alloc::vec::Vec::with_capacity(terms.len().saturating_add(salt.len()));
	preimage.extend_from_slice(terms);
	preimage.extend_from_slice(salt);
	<BlakeTwo256 as Hash>::hash(&preimage)
}

/// The plaintext terms of a loan its lender made public, checked against the loan's commitment
/// when they were revealed.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct RevealedTerms<AccountId, BlockNumber, Terms> {
	/// The plaintext terms document (compact UTF-8 JSON in loanchain clients).
	pub terms: Terms,
	/// The salt: `blake2b-256(terms || salt)` is the loan's commitment.
	pub salt: Salt,
	/// The account that revealed them for a named lender, or the payout account an alias
	/// loan's lender designated (its lender key signed the reveal).
	pub revealed_by: AccountId,
	/// The block in which they were revealed.
	pub revealed_at: BlockNumber,
}

/// Revealed terms as served by the runtime API (the terms as a plain vector).
pub type RevealedTermsInfo<AccountId, BlockNumber> =
	RevealedTerms<AccountId, BlockNumber, alloc::vec::Vec<u8>>;

/// A reader's access to a loan's terms, granted by a party: the data key sealed to the reader.
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
pub struct Grant<AccountId, Balance, BlockNumber> {
	/// The data key sealed to the reader's registered encryption key.
	pub capsule: Capsule,
	/// The account that granted access (for the borrower or the lender) and paid the deposit.
	pub granted_by: AccountId,
	/// The deposit held from `granted_by` while the grant is stored.
	pub deposit: Balance,
	/// The block of the grant.
	pub granted_at: BlockNumber,
}

/// The state of a paid query.
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
pub enum RequestStatus<AccountId, BlockNumber> {
	/// Waiting for the lender's delivery until the deadline; the fee and the deposit are held
	/// from the requester.
	Open,
	/// The lender delivered the data key sealed to the requester; the fee went to `by`. Final.
	Delivered {
		/// The account that received the fee: the one that delivered for a named lender, or
		/// the payout account an alias loan's lender designated.
		by: AccountId,
		/// The block of the delivery.
		at: BlockNumber,
		/// The data key sealed to the requester's encryption key.
		capsule: Capsule,
	},
	/// Nothing was delivered by the deadline: the fee and the deposit went back to the
	/// requester. Final.
	Refunded {
		/// The block of the refund.
		at: BlockNumber,
		/// The account that asked for the refund, or `None` for the chain (deadline queue).
		by: Option<AccountId>,
	},
	/// The requester cancelled: until `until` the lender may still deliver (and is paid), so
	/// that a requester who saw the delivery in the transaction pool cannot cancel it away;
	/// at `until` the chain refunds the fee and the deposit and the request is `Cancelled`.
	Cancelling {
		/// The block of the cancellation.
		at: BlockNumber,
		/// The first block at which the lender can no longer deliver: the cancellation's
		/// notice end ([`QueryRequest::deadline`] if that comes first).
		until: BlockNumber,
	},
	/// The requester cancelled before delivery and, once the notice passed, got the fee and
	/// the deposit back. Final.
	Cancelled {
		/// The block the cancellation took effect (the notice's end).
		at: BlockNumber,
	},
}

impl<AccountId, BlockNumber> RequestStatus<AccountId, BlockNumber> {
	/// Whether the request still waits for the lender: open, or cancelled but within its
	/// notice. Its fee and deposit are held, and a delivery is accepted.
	pub fn is_pending(&self) -> bool {
		matches!(self, Self::Open | Self::Cancelling { .. })
	}
}

/// A requester's complaint that the delivered key does not open terms matching the loan's
/// commitment. It stays on the record; the capsule makes it checkable.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Complaint<BlockNumber, Text> {
	/// The block of the complaint.
	pub at: BlockNumber,
	/// The requester's reason, as they wrote it.
	pub reason: Text,
}

/// One paid query of a loan's details. Records are kept after they close (the delivered
/// capsule and any complaint stay on the record).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct QueryRequest<AccountId, Balance, BlockNumber, Text> {
	/// The loan whose details are requested.
	pub loan_id: LoanId,
	/// The loan's borrower identity (whose inquiry log records the query).
	pub borrower: IdentityId,
	/// The loan's lender identity (who must deliver), or `None` for an alias loan, whose
	/// lender delivers with its lender key and is named nowhere.
	pub lender: Option<IdentityId>,
	/// The requesting account.
	pub requester: AccountId,
	/// The requester's X25519 encryption key when it asked: the delivery is sealed to this
	/// key, so changing or clearing the registered key later cannot make a delivery fail.
	pub requester_key: [u8; 32],
	/// The fee held in escrow from the requester: the lender's price.
	pub fee: Balance,
	/// The deposit held from the requester while the request is open.
	pub deposit: Balance,
	/// Why the requester asks, as they stated it.
	pub purpose: Text,
	/// The block of the request.
	pub requested_at: BlockNumber,
	/// The first block at which the lender can no longer deliver and the requester is
	/// refunded.
	pub deadline: BlockNumber,
	/// The current state.
	pub status: RequestStatus<AccountId, BlockNumber>,
	/// The requester's complaint about the delivery, if any.
	pub complaint: Option<Complaint<BlockNumber, Text>>,
}

/// A paid query as served by the runtime API (texts as plain vectors).
pub type RequestInfo<AccountId, Balance, BlockNumber> =
	QueryRequest<AccountId, Balance, BlockNumber, alloc::vec::Vec<u8>>;

/// What happened in one entry of a borrower's inquiry log.
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
pub enum InquiryOutcome<AccountId> {
	/// The lender made the terms public (the entry's reader is the account that revealed them).
	Published,
	/// A party granted the reader access.
	Granted {
		/// The account that granted access.
		by: AccountId,
	},
	/// The reader's paid query was delivered.
	Delivered {
		/// The query.
		request_id: RequestId,
	},
	/// The reader's paid query was not delivered by its deadline and was refunded.
	Refunded {
		/// The query.
		request_id: RequestId,
	},
	/// The reader cancelled its paid query before delivery.
	Cancelled {
		/// The query.
		request_id: RequestId,
	},
}

/// One entry of a borrower's inquiry log: who asked for (or was given) a loan's details, when,
/// why, and with what outcome, as on a credit bureau's inquiry list.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Inquiry<AccountId, BlockNumber, Text> {
	/// The loan concerned.
	pub loan_id: LoanId,
	/// The reader (the requester, the reader granted, or the lender's account that published:
	/// for an alias loan, its payout account).
	pub reader: AccountId,
	/// The identity the reader acts for (its own, or its company's for an operator), if any.
	pub reader_identity: Option<IdentityId>,
	/// The block of the entry.
	pub at: BlockNumber,
	/// The purpose stated by the requester or the granting party (empty for a publication).
	pub purpose: Text,
	/// What happened.
	pub outcome: InquiryOutcome<AccountId>,
}

/// An inquiry log entry as served by the runtime API (the purpose as a plain vector).
pub type InquiryInfo<AccountId, BlockNumber> = Inquiry<AccountId, BlockNumber, alloc::vec::Vec<u8>>;

/// One page of a borrower's inquiry log, as served by the runtime API: entries `first` to
/// `first + entries.len() - 1` (numbered from 0, oldest first) of a log of `total` entries. The
/// log is append-only, so a page, once full, never changes.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct InquiryPage<AccountId, BlockNumber> {
	/// How many entries the whole log has.
	pub total: u64,
	/// The number of the page's first entry.
	pub first: u64,
	/// The entries, oldest first.
	pub entries: alloc::vec::Vec<InquiryInfo<AccountId, BlockNumber>>,
}

/// Why a [`DisclosurePolicy`] refuses an action.
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
pub enum DisclosureDenied {
	/// No loan has this number.
	UnknownLoan,
	/// The loan's information level does not allow the action.
	WrongLevel,
	/// The account does not act for the loan's lender.
	NotLender,
	/// The account acts for neither party of the loan.
	NotParty,
	/// The account has no valid attestation (and operates for no valid company).
	NotAttested,
	/// The account acts for a party of the loan, which can read the terms already.
	IsParty,
}

/// Who may disclose a loan's details, and to whom. The disclosure pallet consults it before
/// every disclosure, so a new information level (or a new rule) changes this trait's
/// implementation, not the pallet's calls.
pub trait DisclosurePolicy<AccountId, Balance> {
	/// Whether `who` may reveal the plaintext terms of `loan_id` to everyone.
	fn may_reveal(loan_id: LoanId, who: &AccountId) -> Result<(), DisclosureDenied>;

	/// Whether `who` may grant `reader` access to the terms of `loan_id` (and revoke that
	/// grant).
	fn may_grant(
		loan_id: LoanId,
		who: &AccountId,
		reader: &AccountId,
	) -> Result<(), DisclosureDenied>;

	/// Whether `who` may buy a paid query of the terms of `loan_id`; on success, the price.
	fn may_request(loan_id: LoanId, who: &AccountId) -> Result<Balance, DisclosureDenied>;

	/// Whether `who` may deliver paid queries of the terms of `loan_id` (and receive the fee).
	fn may_deliver(loan_id: LoanId, who: &AccountId) -> Result<(), DisclosureDenied>;
}
