//! The consortium: the only privileged origin of the chain.
//!
//! `ConsortiumMembership` holds the member list (lenders running validators) and keeps
//! `ConsortiumCollective`'s members in step. Members propose motions and vote on them; a motion
//! that passes dispatches its call with the collective's origin, which [`ConsortiumMajority`]
//! accepts when more than half of all members voted aye. Calls that only `Root` may make
//! (runtime upgrades) go through `Consortium::dispatch_as_root`, which itself requires
//! [`ConsortiumMajority`]. There is no sudo key.

use crate::{
	AccountId, BlockNumber, ConsortiumCollective, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, DAYS,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOfDiverse},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

/// The collective instance that forms the consortium.
pub type ConsortiumInstance = pallet_collective::Instance1;

/// More than half of all consortium members, voting through a motion.
pub type ConsortiumMajority =
	pallet_collective::EnsureProportionMoreThan<AccountId, ConsortiumInstance, 1, 2>;

/// The consortium majority, or `Root` (which itself is reachable only through the consortium).
pub type ConsortiumOrigin = EitherOfDiverse<EnsureRoot<AccountId>, ConsortiumMajority>;

/// Most members the consortium can have.
pub const MAX_CONSORTIUM_MEMBERS: u32 = 100;

parameter_types! {
	/// The most auditor keys the consortium registers: an envelope has at most 8 recipients
	/// (sealing format v2), and a sealed lender record's borrower is one of them.
	pub const MaxAuditors: u32 = 7;
	/// How long a motion stays open for votes.
	pub const MotionDuration: BlockNumber = 3 * DAYS;
	/// Most motions open at once.
	pub const MaxProposals: u32 = 100;
	/// A motion's call may use at most half a block.
	pub MaxProposalWeight: Weight =
		Perbill::from_percent(50) * super::RuntimeBlockWeights::get().max_block;
}

#[allow(deprecated)]
impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = ConsortiumOrigin;
	type RemoveOrigin = ConsortiumOrigin;
	type SwapOrigin = ConsortiumOrigin;
	type ResetOrigin = ConsortiumOrigin;
	type PrimeOrigin = ConsortiumOrigin;
	type MembershipInitialized = ConsortiumCollective;
	type MembershipChanged = ConsortiumCollective;
	type MaxMembers = ConstU32<MAX_CONSORTIUM_MEMBERS>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

#[allow(deprecated)]
impl pallet_collective::Config<ConsortiumInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = MotionDuration;
	type MaxProposals = MaxProposals;
	type MaxMembers = ConstU32<MAX_CONSORTIUM_MEMBERS>;
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Members change only through `ConsortiumMembership`.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = EnsureRoot<AccountId>;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = ();
}

impl pallet_consortium::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type ConsortiumOrigin = ConsortiumMajority;
	/// As many validators as Aura and GRANDPA support.
	type MaxValidators = crate::configs::MaxAuthorities;
	/// The chain always keeps at least one block producer.
	type MinValidators = ConstU32<1>;
	/// Room for every member's validator and a few more nodes each.
	type MaxAllowedNodes = ConstU32<128>;
	/// A member's archive, RPC and standby nodes behind one allowed node.
	type MaxNodeConnections = ConstU32<16>;
	type MaxAuditors = MaxAuditors;
	/// The production block time, 6 s; the test presets choose shorter blocks.
	type DefaultSlotDuration = frame_support::traits::ConstU64<{ crate::SLOT_DURATION }>;
	type WeightInfo = pallet_consortium::weights::SubstrateWeight<Runtime>;
}
