//! The lender ring: the member keys of identities that may lend, in rings of up to 767, and the
//! check of the ring proofs by which a loan's lender shows it is one of them without saying
//! which (`docs/privacy.md`, section 1).

use crate::{Attestations, Balance, Balances, Runtime, RuntimeHoldReason, MILLI_UNIT};
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {
	/// Held from whoever registers a member key (about 1 KB of state across the key's record,
	/// its owner entry and its place in the ring), returned when the key is removed.
	pub const KeyDeposit: Balance = 100 * MILLI_UNIT;
}

impl pallet_lender_ring::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type Identities = Attestations;
	type KeyDeposit = KeyDeposit;
	/// 64 rings of 767: some 49,000 lenders.
	type MaxRings = ConstU32<64>;
	/// A revision is usable from 8 members on, so no lender hides in a crowd of three; the
	/// benchmark fixture's ring has 16.
	type MinRingSize = ConstU32<8>;
	/// A proof made against one of the last 16 revisions is accepted, so a burst of keys
	/// joining does not void the proofs of lenders who are confirming.
	type KeptRevisions = ConstU32<16>;
	/// A rebuild pushes at most 64 keys a block (about 0.15 s of a block's 2 s in wasm), so a
	/// full ring is rebuilt in 12 blocks.
	type RebuildStep = ConstU32<64>;
	type WeightInfo = pallet_lender_ring::weights::SubstrateWeight<Runtime>;
}
