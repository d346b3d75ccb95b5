//! Loan types shared by the loans pallet (which owns loan records), the disclosure pallet (which
//! asks about them through [`LoanRegistry`]), the runtime API and the clients.
//!
//! A loan record ([`Loan`]) names the borrower's *identity* (see [`crate::IdentityId`]) and its
//! lender: a named identity, or a per-loan alias ([`crate::LoanLender`]); never personal data; its terms are sealed (encrypted) in the client and
//! the chain keeps only the ciphertext and a 32-byte commitment to the plaintext.

extern crate alloc;

use crate::{Actor, Commitment, IdentityId, LoanLender};
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use scale_info::TypeInfo;

/// The number of one loan contract, assigned in order by the loans pallet (the first is `0`).
pub type LoanId = u64;

/// How much of a breached loan's details the lender makes available, chosen when it reports the
/// breach. The disclosure pallet enforces it.
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
pub enum DisclosureLevel<Balance> {
	/// Anyone may read the terms: the plaintext is revealed and checked against the commitment.
	Public,
	/// The terms stay encrypted: readable only by the parties and the readers they grant.
	Encrypted,
	/// Anyone may buy the key to the terms for `fee`, paid into escrow and released to the
	/// lender when the key is delivered.
	PaidQuery {
		/// The price of one query, in the chain's fee token (never zero).
		fee: Balance,
	},
}

/// The state of a loan contract. Transitions (all recorded in the loan's history):
///
/// ```text
/// Proposed --confirm--> Active --end passes--> FeedbackDue --lender--> Performed | Breached
///    |                    |  ^                     |   ^
///    +--withdraw, or      |  +--borrower confirms--+   +--borrower declines, or no answer--+
///    |  timeout-->        |     (ExtensionProposed <---lender proposes---------------------+)
///      Withdrawn          |
///                         +--renew (company, any time)--> Performed (+ a new Active loan)
/// ```
///
/// The states that wait for someone have a deadline ([`Loan::report_by`]): a proposal the
/// lender has not confirmed is withdrawn by the chain (`ProposalTimeout`), an extension the
/// borrower has not answered lapses as declined, and feedback the lender has not given is
/// flagged unreported (both after `FeedbackGracePeriod`).
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
pub enum LoanStatus<BlockNumber> {
	/// Registered by (or in the name of) the borrower; waiting for the lender's confirmation
	/// until [`Loan::report_by`], after which the chain withdraws it. Not in force.
	Proposed,
	/// Confirmed by both parties: in force until its end.
	Active,
	/// The end has passed: the lender has been prompted for feedback and has not answered yet
	/// (or the borrower declined the extension the lender proposed).
	FeedbackDue,
	/// The lender reported that the contract is extended to `new_end`; waiting for the
	/// borrower to confirm (back to `Active`) or decline (back to `FeedbackDue`) until
	/// [`Loan::report_by`], after which the extension lapses as declined.
	ExtensionProposed {
		/// The proposed new end block.
		new_end: BlockNumber,
	},
	/// The lender reported that the contract was performed normally. Final.
	Performed,
	/// The lender reported a breach and chose the disclosure level. Final.
	Breached,
	/// A party withdrew the proposal before the lender confirmed it, or the chain did when it
	/// timed out. Final; never in force.
	Withdrawn,
}

/// When a loan is (or was) in force, set when the lender confirms it.
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
pub struct LoanPeriod<BlockNumber> {
	/// The block in which the loan came into force (the lender's confirmation).
	pub start: BlockNumber,
	/// The first block after the period: at this block the loan becomes feedback-due. A
	/// confirmed extension moves it, and an early renewal brings it forward to the renewal
	/// block (the previous end stays in the history).
	pub end: BlockNumber,
	/// The chain's time (Unix milliseconds, from the timestamp inherent) at `start`.
	pub started_at_ms: u64,
}

/// A deposit held while a proposal waits for confirmation.
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
pub struct LoanDeposit<AccountId, Balance> {
	/// The account the deposit is held from (and returned to).
	pub depositor: AccountId,
	/// The amount held.
	pub amount: Balance,
}

/// One change of a loan, as recorded in its history.
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
pub enum LoanChange<BlockNumber, Balance> {
	/// The borrower proposed the loan (C2C).
	Proposed {
		/// The loan period in blocks, counted from the confirmation.
		duration: BlockNumber,
	},
	/// A company registered the loan in the borrower's name, with the borrower's signed consent.
	Registered {
		/// The company (the lender).
		company: IdentityId,
		/// The loan period in blocks, counted from the confirmation.
		duration: BlockNumber,
		/// The consent nonce of the borrower's account that the consent signed.
		nonce: u64,
	},
	/// The lender confirmed: the loan came into force.
	Confirmed {
		/// First block of the period.
		start: BlockNumber,
		/// First block after the period.
		end: BlockNumber,
	},
	/// A party withdrew the proposal.
	Withdrawn,
	/// The chain marked the loan feedback-due and prompted the lender.
	FeedbackDue {
		/// The end that passed.
		end: BlockNumber,
	},
	/// The grace period passed without an answer from the lender.
	Unreported,
	/// The lender reported that the contract was performed normally.
	Performed {
		/// Whether the report came before the end (the corporate renewal path).
		early: bool,
		/// The follow-on loan registered in the same call, if any.
		renewed_by: Option<LoanId>,
	},
	/// The lender reported that the contract is extended.
	ExtensionProposed {
		/// The proposed new end.
		new_end: BlockNumber,
	},
	/// The borrower confirmed the extension.
	ExtensionConfirmed {
		/// The end before the extension.
		previous_end: BlockNumber,
		/// The new end.
		new_end: BlockNumber,
	},
	/// The borrower declined the extension (or, recorded by the chain, did not answer it in
	/// time).
	ExtensionDeclined,
	/// The lender reported a breach.
	Breached {
		/// The information level the lender chose.
		level: DisclosureLevel<Balance>,
	},
	/// The proposal was not confirmed within the loans pallet's `ProposalTimeout`: the chain
	/// withdrew it and returned the deposit (status `Withdrawn`).
	Expired,
}

/// One entry of a loan's history: what changed, when, and who did it.
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
pub struct HistoryEntry<AccountId, BlockNumber, Balance> {
	/// The block of the change.
	pub at: BlockNumber,
	/// Who made the change: an account, the loan's alias lender, or the chain itself.
	pub by: Actor<AccountId>,
	/// The change.
	pub change: LoanChange<BlockNumber, Balance>,
}

/// A loan contract as the chain holds it. Records are never deleted, and every change appends to
/// `history`, so the earlier facts (who reported what, and when) stay readable.
///
/// Stored with bounded containers for `Terms` and `History`; served by the runtime API as
/// [`LoanInfo`] (plain vectors, the same SCALE encoding).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Loan<AccountId, Balance, BlockNumber, Terms, History> {
	/// The borrower's identity.
	pub borrower: IdentityId,
	/// Who lends: a named identity, or a per-loan alias of a lender-ring member.
	pub lender: LoanLender<AccountId>,
	/// The borrower's account that proposed the loan, or that signed the consent.
	pub borrower_account: AccountId,
	/// The loan period in blocks, counted from the confirmation.
	pub duration: BlockNumber,
	/// Start and end of the period; `None` until the loan comes into force.
	pub period: Option<LoanPeriod<BlockNumber>>,
	/// The 32-byte commitment to the full terms (a hash of the plaintext terms and a salt,
	/// computed by the client), which both parties signed.
	pub commitment: Commitment,
	/// The sealed (encrypted) terms, opaque to the chain.
	pub sealed_terms: Terms,
	/// The current state.
	pub status: LoanStatus<BlockNumber>,
	/// The information level the lender chose when it reported a breach.
	pub disclosure: Option<DisclosureLevel<Balance>>,
	/// The loan this one renews (the corporate extension path), if any.
	pub renews: Option<LoanId>,
	/// The loan that renewed this one, if any.
	pub renewed_by: Option<LoanId>,
	/// The deadline of the answer the loan waits for, if any. While proposed: the block from
	/// which the lender can no longer confirm (the chain then withdraws the proposal). While an
	/// extension is proposed: the block by which the borrower should answer (the extension
	/// then lapses as declined). While feedback is due: the block by which the lender should
	/// answer; after it the loan is flagged `unreported`. `None` in the other states.
	pub report_by: Option<BlockNumber>,
	/// Set (for good) when the lender let the grace period pass without answering.
	pub unreported: bool,
	/// The deposit held while the proposal waits for confirmation; `None` once returned.
	pub deposit: Option<LoanDeposit<AccountId, Balance>>,
	/// Every change, oldest first.
	pub history: History,
}

/// A loan as served by the runtime API: the sealed terms and the history as plain vectors.
pub type LoanInfo<AccountId, Balance, BlockNumber> = Loan<
	AccountId,
	Balance,
	BlockNumber,
	Vec<u8>,
	Vec<HistoryEntry<AccountId, BlockNumber, Balance>>,
>;

/// The only word a borrower summary says about a loan.
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
pub enum SummaryLabel {
	/// "borrowing".
	Borrowing,
}

/// One loan in a borrower summary: only its dates and the word "borrowing" (no amount, no
/// lender, no status).
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
pub struct SummaryEntry<BlockNumber> {
	/// The block in which the loan came into force.
	pub start: BlockNumber,
	/// The first block after its period (after any confirmed extension).
	pub end: BlockNumber,
	/// The chain's time at `start`, in Unix milliseconds.
	pub started_at_ms: u64,
	/// Always [`SummaryLabel::Borrowing`].
	pub label: SummaryLabel,
}

/// The most entries one summary page holds; a larger (or zero) `limit` is read as this.
pub const MAX_SUMMARY_PAGE: u32 = 100;

/// One page of a borrower summary.
#[derive(Encode, Decode, DecodeWithMemTracking, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct SummaryPage<BlockNumber> {
	/// The entries of this page, oldest registration first.
	pub entries: Vec<SummaryEntry<BlockNumber>>,
	/// How many entries the whole summary has.
	pub total: u32,
	/// The `from` of the next page, or `None` if this is the last one.
	pub next: Option<u32>,
}

/// The identities on both sides of a loan.
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
pub struct LoanParties {
	/// The borrower's identity.
	pub borrower: IdentityId,
	/// The lender's identity; `None` when the lender is a per-loan alias.
	pub lender: Option<IdentityId>,
}

/// One side of a loan.
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
pub enum LoanParty {
	/// The borrower.
	Borrower,
	/// The lender.
	Lender,
}

/// What other pallets (the disclosure pallet) may ask about loans. Implemented by the loans
/// pallet and wired in the runtime; the unit `()` implementation knows no loans.
pub trait LoanRegistry<AccountId, Balance> {
	/// The borrower and lender identities of the loan; `None` if it does not exist.
	fn parties(loan_id: LoanId) -> Option<LoanParties>;

	/// The commitment to the loan's plaintext terms; `None` if the loan does not exist.
	fn commitment(loan_id: LoanId) -> Option<Commitment>;

	/// The information level the lender chose when reporting a breach; `None` if the loan does
	/// not exist or no breach was reported.
	fn disclosure_level(loan_id: LoanId) -> Option<DisclosureLevel<Balance>>;

	/// Whether `account` may act for `party` of the loan now: an account of that identity with
	/// a valid attestation, or an operator of that company identity while the company is valid.
	/// `false` if the loan does not exist, and for the lender of an alias loan (no account acts
	/// for it: its lender key does).
	fn acts_for(loan_id: LoanId, party: LoanParty, account: &AccountId) -> bool;

	/// The lender key and payout account of a confirmed alias loan: the key signs the
	/// lender's disclosures, the payout account receives what they earn. `None` for a named
	/// loan, an unconfirmed proposal, or no loan.
	fn alias_lender(loan_id: LoanId) -> Option<(crate::LenderKey, AccountId)>;

	/// Benchmarks of other pallets: record a breached loan between the identities of `borrower`
	/// and `lender` (attesting them first if they have no identity) with `commitment` and
	/// `level`, and return its number.
	#[cfg(feature = "runtime-benchmarks")]
	fn breached_for_benchmark(
		borrower: &AccountId,
		lender: &AccountId,
		commitment: Commitment,
		level: DisclosureLevel<Balance>,
	) -> Option<LoanId>;

	/// Benchmarks of other pallets: record a breached alias loan of `borrower`'s identity
	/// (attested first if it has none) whose lender key is `key` and payout account `payout`,
	/// with `commitment` and `level`, and return its number.
	#[cfg(feature = "runtime-benchmarks")]
	fn alias_breached_for_benchmark(
		borrower: &AccountId,
		key: crate::LenderKey,
		payout: &AccountId,
		commitment: Commitment,
		level: DisclosureLevel<Balance>,
	) -> Option<LoanId>;
}

impl<AccountId, Balance> LoanRegistry<AccountId, Balance> for () {
	fn parties(_: LoanId) -> Option<LoanParties> {
		None
	}

	fn commitment(_: LoanId) -> Option<Commitment> {
		None
	}

	fn disclosure_level(_: LoanId) -> Option<DisclosureLevel<Balance>> {
		None
	}

	fn acts_for(_: LoanId, _: LoanParty, _: &AccountId) -> bool {
		false
	}

	fn alias_lender(_: LoanId) -> Option<(crate::LenderKey, AccountId)> {
		None
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn breached_for_benchmark(
		_: &AccountId,
		_: &AccountId,
		_: Commitment,
		_: DisclosureLevel<Balance>,
	) -> Option<LoanId> {
		None
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn alias_breached_for_benchmark(
		_: &AccountId,
		_: crate::LenderKey,
		_: &AccountId,
		_: Commitment,
		_: DisclosureLevel<Balance>,
	) -> Option<LoanId> {
		None
	}
}

/// The domain tag that starts every consent payload (20 ASCII bytes, no length prefix).
pub const CONSENT_TAG: [u8; 20] = *b"loanchain:consent:v1";

/// The exact bytes a borrower signs to consent to a loan that a company registers in their
/// name (see the loans pallet's documentation). The SCALE encoding of the tuple
///
/// | bytes | field | encoding |
/// |---|---|---|
/// | 20 | [`CONSENT_TAG`] `b"loanchain:consent:v1"` | raw bytes |
/// | 32 | `genesis_hash`: the chain's genesis block hash | raw bytes |
/// | 8 | `company`: the lending company's identity | `u64` little-endian |
/// | 32 | `borrower`: the signing borrower account | raw bytes (`AccountId32`) |
/// | 32 | `commitment`: the commitment to the terms | raw bytes |
/// | 4 | `duration`: the loan period in blocks | `u32` little-endian |
/// | 1 or 9 | `renews`: the loan being renewed | `0x00`, or `0x01` + `u64` little-endian |
/// | 8 | `nonce`: the borrower account's consent nonce | `u64` little-endian |
///
/// (137 bytes for a new registration, 145 for a renewal, with loanchain's 32-byte accounts and
/// hashes and `u32` block numbers.)
pub fn consent_payload<AccountId: Encode, Hash: Encode, BlockNumber: Encode>(
	genesis_hash: &Hash,
	company: IdentityId,
	borrower: &AccountId,
	commitment: &Commitment,
	duration: BlockNumber,
	renews: Option<LoanId>,
	nonce: u64,
) -> Vec<u8> {
	(CONSENT_TAG, genesis_hash, company, borrower, commitment, duration, renews, nonce).encode()
}

/// The domain tag that starts every consent payload of format v2, a consent to a lender alias
/// (20 ASCII bytes, no length prefix).
pub const ALIAS_CONSENT_TAG: [u8; 20] = *b"loanchain:consent:v2";

/// The exact bytes a borrower signs to consent to a loan that a company registers in their name
/// under lender alias `alias` (`docs/privacy.md`, section 4): the consent names the alias, not
/// the company, and binds the sealed terms, so nobody who sees the registration in the pool can
/// swap them. The SCALE encoding of the tuple
///
/// | bytes | field | encoding |
/// |---|---|---|
/// | 20 | [`ALIAS_CONSENT_TAG`] `b"loanchain:consent:v2"` | raw bytes |
/// | 32 | `genesis_hash`: the chain's genesis block hash | raw bytes |
/// | 32 | `alias`: the lender's alias for this loan | raw bytes |
/// | 32 | `borrower`: the signing borrower account | raw bytes (`AccountId32`) |
/// | 32 | `commitment`: the commitment to the terms | raw bytes |
/// | 32 | `blake2b-256(sealed_terms)`: the sealed terms the registration carries | raw bytes |
/// | 4 | `duration`: the loan period in blocks | `u32` little-endian |
/// | 1 or 9 | `renews`: the loan being renewed | `0x00`, or `0x01` + `u64` little-endian |
/// | 8 | `nonce`: the borrower account's consent nonce | `u64` little-endian |
///
/// (193 bytes for a new registration, 201 for a renewal.)
#[allow(clippy::too_many_arguments)]
pub fn alias_consent_payload<AccountId: Encode, Hash: Encode, BlockNumber: Encode>(
	genesis_hash: &Hash,
	alias: &crate::Alias,
	borrower: &AccountId,
	commitment: &Commitment,
	sealed_terms: &[u8],
	duration: BlockNumber,
	renews: Option<LoanId>,
	nonce: u64,
) -> Vec<u8> {
	let terms_hash =
		<sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(sealed_terms);
	(
		ALIAS_CONSENT_TAG,
		genesis_hash,
		alias,
		borrower,
		commitment,
		terms_hash,
		duration,
		renews,
		nonce,
	)
		.encode()
}
