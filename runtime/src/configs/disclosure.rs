//! Tiered disclosure of loan details: terms made public by the lender (checked against the
//! commitment), grants of access to named readers, paid queries with the fee held in escrow,
//! and each borrower's inquiry log.

use crate::{
	AccountId, Attestations, Balance, Balances, BlockNumber, Loans, Runtime, RuntimeHoldReason,
	DAYS, MILLI_UNIT,
};
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {
	/// How long a lender has to deliver a paid query before the requester is refunded, until
	/// the consortium sets another value (`disclosure.setQueryDeadline`): three days.
	pub const DefaultQueryDeadline: BlockNumber = 3 * DAYS;
	/// The longest paid-query deadline the consortium may set: thirty days.
	pub const MaxQueryDeadline: BlockNumber = 30 * DAYS;
}

/// The shortest paid-query deadline the consortium may set, in blocks: the client's delivery
/// margin (2 blocks) and the block that includes the delivery, with one to spare. The test
/// chains use it to see deadlines pass; a production consortium keeps days.
pub const MIN_QUERY_DEADLINE: BlockNumber = 4;

parameter_types! {
	/// Held from whoever grants a reader access, returned when the grant is revoked: it keeps
	/// the grant lists from being filled for free.
	pub const GrantDeposit: Balance = 100 * MILLI_UNIT;
	/// Held from a paid-query requester while its request is open, on top of the fee.
	pub const RequestDeposit: Balance = 100 * MILLI_UNIT;
	/// Burnt from whoever adds an entry to a borrower's inquiry log (a request, a grant): the
	/// log is append-only, so each entry is paid for once.
	pub const InquiryFee: Balance = 10 * MILLI_UNIT;
}

/// How long a cancelled paid query stays deliverable (and the lender is paid if it delivers):
/// 10 blocks, a minute at the production block time, far longer than a delivery already in
/// the transaction pool takes to be included.
pub const CANCEL_NOTICE: BlockNumber = 10;

/// The registered X25519 keys of pallet-attestations, as the disclosure pallet reads them (a
/// capsule must be sealed to the reader's registered key).
pub struct AttestationKeys;
impl loanchain_primitives::EncryptionKeyProvider<AccountId> for AttestationKeys {
	fn encryption_key(account: &AccountId) -> Option<[u8; 32]> {
		Attestations::encryption_key(account)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_encryption_key_for_benchmark(account: &AccountId, key: [u8; 32]) {
		pallet_attestations::EncryptionKeys::<Runtime>::insert(account, key);
	}
}

impl pallet_disclosure::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Loans = Loans;
	type Identities = Attestations;
	type EncryptionKeys = AttestationKeys;
	/// Reveal and deliver: who acts for the lender; grant: who acts for a party; request: an
	/// attested non-party, for a loan whose lender chose paid query.
	type Policy = pallet_disclosure::LevelPolicy<Runtime>;
	/// The plaintext terms document, as large as the sealed terms the loans pallet accepts.
	type MaxTermsLen = ConstU32<4096>;
	/// A purpose or a complaint's reason is a note sealed to the auditors and the borrower: at
	/// most seven auditors and the borrower.
	type MaxPurposeLen = ConstU32<{ loanchain_primitives::MAX_SEALED_NOTE_LEN }>;
	type AuditorCount = super::loans::ConsortiumAuditorCount;
	type MaxGrantsPerLoan = ConstU32<32>;
	/// Twice the grants a loan holds at once: a lender may replace every reader once.
	type MaxLenderGrantActions = ConstU32<64>;
	type MaxOpenRequestsPerLoan = ConstU32<32>;
	type InquiryFee = InquiryFee;
	type CancelNotice = ConstU32<CANCEL_NOTICE>;
	/// The consortium's majority tunes the deadline.
	type AdminOrigin = super::governance::ConsortiumOrigin;
	type DefaultQueryDeadline = DefaultQueryDeadline;
	type MinQueryDeadline = ConstU32<MIN_QUERY_DEADLINE>;
	type MaxQueryDeadline = MaxQueryDeadline;
	type GrantDeposit = GrantDeposit;
	type RequestDeposit = RequestDeposit;
	type MaxRefundsPerBlock = ConstU32<64>;
	type WeightInfo = pallet_disclosure::weights::SubstrateWeight<Runtime>;
}
