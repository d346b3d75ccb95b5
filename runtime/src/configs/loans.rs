//! Loan contracts: co-signed registration (person to person, or by a company in the borrower's
//! name with the borrower's signed consent), expiry prompts, the lender's feedback and the
//! borrower summary.

use crate::{
	Attestations, Balance, Balances, BlockNumber, LenderRing, Runtime, RuntimeHoldReason,
	Signature, Timestamp, DAYS, MILLI_UNIT,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Get},
};

parameter_types! {
	/// Held from whoever registers a loan proposal, returned when the lender confirms it or the
	/// proposal is withdrawn: it keeps strangers from filling state with proposals.
	pub const ProposalDeposit: Balance = 100 * MILLI_UNIT;
	/// How long a lender has to report on a loan after its end before the loan is flagged as
	/// unreported.
	pub const FeedbackGracePeriod: BlockNumber = 30 * DAYS;
	/// The longest loan period: ten years.
	pub const MaxLoanPeriod: BlockNumber = 3650 * DAYS;
	/// How long a proposal waits for the lender's confirmation: a week. After it the chain
	/// withdraws the proposal and returns the deposit, so a proposer who can no longer transact
	/// gets it back and an old consent cannot be confirmed into a debt.
	pub const ProposalTimeout: BlockNumber = 7 * DAYS;
}

impl pallet_loans::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Identities = Attestations;
	type Time = Timestamp;
	type Signature = Signature;
	type Signer = <Signature as sp_runtime::traits::Verify>::Signer;
	type ProposalDeposit = ProposalDeposit;
	/// Sealed terms up to 4 KiB (the encrypted terms document plus the key capsules' nonce).
	type MaxSealedTermsLen = ConstU32<4096>;
	type MaxLoansPerIdentity = ConstU32<1000>;
	type MaxHistory = ConstU32<32>;
	type MaxExpiriesPerBlock = ConstU32<64>;
	type FeedbackGracePeriod = FeedbackGracePeriod;
	type MaxLoanPeriod = MaxLoanPeriod;
	type ProposalTimeout = ProposalTimeout;
	/// Alias loans' confirmations prove ring membership against the lender ring.
	type LenderRing = LenderRing;
	/// Sealed lender records go to the consortium's auditors and the borrower.
	type AuditorCount = ConsortiumAuditorCount;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = LoansBenchmarkHelper;
	type WeightInfo = pallet_loans::weights::SubstrateWeight<Runtime>;
}

/// How many auditor keys the consortium registered (`Consortium.AuditorKeys`).
pub struct ConsortiumAuditorCount;

impl Get<u32> for ConsortiumAuditorCount {
	fn get() -> u32 {
		let count = pallet_consortium::AuditorKeys::<Runtime>::decode_len().unwrap_or(0);
		u32::try_from(count).unwrap_or(u32::MAX)
	}
}

// A sealed lender record has a recipient for each auditor and one for the borrower, and a v2
// envelope has at most eight.
const _: () = assert!(
	crate::configs::governance::MaxAuditors::get()
		< loanchain_primitives::MAX_SEALED_LENDER_RECIPIENTS
);

/// A ring proof by the first member of the lender ring's benchmark fixture for the alias
/// confirmation the loans benchmarks make (`pallet_loans::benchmarking::alias_confirmation`),
/// made natively: `cargo test --release --features runtime-benchmarks -p loanchain-runtime
/// --test runtime -- --ignored write_benchmark_proofs` writes it.
#[cfg(feature = "runtime-benchmarks")]
pub const CONFIRM_AS_ALIAS_PROOF: &[u8] =
	include_bytes!("../benchmark_data/confirm-as-alias-proof.bin");

/// The same member's ring proof for the alias renewal the loans benchmarks make
/// (`pallet_loans::benchmarking::alias_renewal_proof`), written by the same test.
#[cfg(feature = "runtime-benchmarks")]
pub const RENEW_AS_ALIAS_PROOF: &[u8] =
	include_bytes!("../benchmark_data/renew-as-alias-proof.bin");

/// The loans benchmarks' ring: the lender ring's benchmark fixture registered for new attested
/// identities, and the first of [`CONFIRM_AS_ALIAS_PROOF`] and [`RENEW_AS_ALIAS_PROOF`] that
/// holds for the benchmark's context and message.
#[cfg(feature = "runtime-benchmarks")]
pub struct LoansBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_loans::types::BenchmarkHelper for LoansBenchmarkHelper {
	fn ring_proof(
		context: &[u8],
		message: &[u8],
	) -> Result<
		(
			loanchain_primitives::RingIndex,
			loanchain_primitives::RingRevision,
			loanchain_primitives::Alias,
			alloc::vec::Vec<u8>,
		),
		&'static str,
	> {
		use loanchain_primitives::LenderRing as _;
		let (ring, revision) =
			pallet_lender_ring::benchmark_fixture::register_fixture_ring::<Runtime>()
				.map_err(|_| "cannot register the lender ring's benchmark fixture")?;
		[CONFIRM_AS_ALIAS_PROOF, RENEW_AS_ALIAS_PROOF]
			.into_iter()
			.find_map(|proof| {
				LenderRing::validate(ring, revision, context, message, proof)
					.ok()
					.map(|alias| (ring, revision, alias, proof.to_vec()))
			})
			.ok_or(
				"no benchmark proof holds for this context and message: regenerate them with the \
				 runtime test write_benchmark_proofs",
			)
	}

	fn set_most_auditors() -> u32 {
		let most = <crate::configs::governance::MaxAuditors as Get<u32>>::get();
		let keys = (0..most).map(|index| [index as u8 + 1; 32]).collect::<alloc::vec::Vec<_>>();
		pallet_consortium::AuditorKeys::<Runtime>::put(frame_support::BoundedVec::truncate_from(
			keys,
		));
		most
	}
}
