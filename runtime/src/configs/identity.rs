//! Identity attestations: accredited attestors, one identity per verified subject, company
//! operators, and the permission check that keeps the chain closed to unknown accounts.

use super::ConsortiumOrigin;
use crate::{Balances, ConsortiumMembership, Runtime, RuntimeHoldReason, UNIT};
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {
	/// Held from a company for each operator account (API system) it authorises; returned when
	/// the authorisation is withdrawn.
	pub const OperatorDeposit: u128 = UNIT;
}

impl pallet_attestations::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ConsortiumOrigin = ConsortiumOrigin;
	type IsConsortiumMember = ConsortiumMembership;
	/// Validators may not purge their session keys.
	type CallGuard = super::governance::ValidatorKeysGuard;
	type MaxAttestors = ConstU32<32>;
	type MaxAccountsPerIdentity = ConstU32<16>;
	type MaxOperatorsPerCompany = ConstU32<32>;
	type OperatorDeposit = OperatorDeposit;
	type WeightInfo = pallet_attestations::weights::SubstrateWeight<Runtime>;
}
