//! Aura block production and GRANDPA finality, both run by the consortium's validators, and the
//! sessions that hand them the validator set the consortium voted (`Consortium` is the session
//! manager).

use crate::{
	AccountId, Balances, BlockNumber, Consortium, Runtime, RuntimeEvent, SessionKeys,
	SESSION_PERIOD,
};
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

/// The most validators the chain supports.
pub type MaxAuthorities = ConstU32<32>;

/// Half the block time chosen at genesis (`Consortium`'s `SlotDuration`): the least time
/// between two blocks' timestamps, `pallet_timestamp::Config::MinimumPeriod`. Aura's slot is
/// twice this, so the slot is the genesis block time.
pub struct HalfSlotDuration;

impl frame_support::traits::Get<u64> for HalfSlotDuration {
	fn get() -> u64 {
		pallet_consortium::SlotDuration::<Runtime>::get() / 2
	}
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = MaxAuthorities;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

#[allow(deprecated)]
impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = MaxAuthorities;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

parameter_types! {
	/// Blocks per session: a validator set voted by the consortium is handed to Aura and GRANDPA
	/// at a session boundary.
	pub const SessionPeriod: BlockNumber = SESSION_PERIOD;
	/// Sessions start at block 0.
	pub const SessionOffset: BlockNumber = 0;
}

#[allow(deprecated)]
impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A validator is identified by its account.
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	/// The consortium's validator set (voted with `consortium.addValidator` / `removeValidator`).
	type SessionManager = Consortium;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// No slashing or disabling: validators answer to the consortium, which removes them by vote.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Only validators set keys, and they are known to the consortium: no deposit.
	type KeyDeposit = ConstU128<0>;
}
