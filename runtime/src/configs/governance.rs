//! The consortium: the only privileged origin of the chain.
//!
//! `ConsortiumMembership` holds the member list (lenders running validators) and keeps
//! `ConsortiumCollective`'s members in step. Members propose motions and vote on them; a motion
//! that passes dispatches its call with the collective's origin, which carries its ayes and the
//! number of members. Day-to-day operations accept [`ConsortiumMajority`] (more than half of
//! all members). Calls that only `Root` may make (runtime upgrades, raw storage, the member list)
//! go through `Consortium::schedule_as_root`, which needs [`ConsortiumSupermajority`] (three
//! quarters) and waits the enactment delay, during which [`ConsortiumBlockingMinority`] (more
//! than a quarter) can cancel them. Members that do not vote count as nays, and a motion that
//! needs a vote holds a deposit. There is no sudo key (`docs/governance.md`).

use crate::{
	AccountId, Balance, Balances, BlockNumber, ConsortiumCollective, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, DAYS, UNIT,
};
use frame_support::{
	parameter_types,
	traits::{fungible::HoldConsideration, ConstU32, EitherOfDiverse},
	weights::Weight,
};
use frame_system::{EnsureNever, EnsureRoot};
use sp_runtime::Perbill;

/// The collective instance that forms the consortium.
pub type ConsortiumInstance = pallet_collective::Instance1;

/// More than half of all consortium members, voting through a motion.
pub type ConsortiumMajority =
	pallet_collective::EnsureProportionMoreThan<AccountId, ConsortiumInstance, 1, 2>;

/// At least three quarters of all consortium members, voting through a motion: the share that
/// may schedule a call as `Root`.
pub type ConsortiumSupermajority =
	pallet_collective::EnsureProportionAtLeast<AccountId, ConsortiumInstance, 3, 4>;

/// More than a quarter of all consortium members, voting through a motion: enough that the
/// supermajority behind a scheduled `Root` call no longer holds, so they may cancel it.
pub type ConsortiumBlockingMinority =
	pallet_collective::EnsureProportionMoreThan<AccountId, ConsortiumInstance, 1, 4>;

/// The consortium majority, or `Root` (which itself is reachable only through the consortium).
pub type ConsortiumOrigin = EitherOfDiverse<EnsureRoot<AccountId>, ConsortiumMajority>;

/// When a motion is closed after its voting period, members that did not vote count as nays:
/// no prime member decides for the absent, and a low-turnout motion passes only on ayes.
pub struct AbstentionsCountAsNay;
impl pallet_collective::DefaultVote for AbstentionsCountAsNay {
	fn default_vote(
		_prime_vote: Option<bool>,
		_yes_votes: pallet_collective::MemberCount,
		_no_votes: pallet_collective::MemberCount,
		_len: pallet_collective::MemberCount,
	) -> bool {
		false
	}
}

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
	/// The hold behind a motion's deposit.
	pub const ProposalHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::ConsortiumCollective(pallet_collective::HoldReason::ProposalSubmission);
	/// The deposit for a motion that needs a vote, with no other motion open.
	pub const MotionDepositBase: Balance = 10 * UNIT;
	/// The enactment delay of a `Root` call on a chain whose genesis names none (production).
	pub const RootDelay: BlockNumber = 2 * DAYS;
	/// Most `Root` calls waiting at once.
	pub const MaxScheduledRootCalls: u32 = 16;
	/// The longest enactment delay a `Root` call may set: 30 days.
	pub const MaxRootDelay: BlockNumber = 30 * DAYS;
	/// More than this share of the members cancel a scheduled `Root` call by objecting.
	pub const BlockingShare: Perbill = Perbill::from_percent(25);
}

/// A motion that needs a vote holds [`MotionDepositBase`] from its proposer, and that much again
/// for every motion already open, until it is closed and the deposit released
/// (`releaseProposalCost`); killing a motion burns it.
pub type MotionDeposit =
	HoldConsideration<AccountId, Balances, ProposalHoldReason, MotionDepositFor, u32>;

/// The deposit for a motion when `open` motions are already open: [`MotionDepositBase`] times
/// `open + 1`, so flooding the motion list gets dearer with each motion.
pub struct MotionDepositFor;
impl sp_runtime::traits::Convert<u32, Balance> for MotionDepositFor {
	fn convert(open: u32) -> Balance {
		MotionDepositBase::get().saturating_mul(Balance::from(open).saturating_add(1))
	}
}

#[allow(deprecated)]
impl pallet_membership::Config<pallet_membership::Instance1> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = EnsureRoot<AccountId>;
	type RemoveOrigin = EnsureRoot<AccountId>;
	type SwapOrigin = EnsureRoot<AccountId>;
	type ResetOrigin = EnsureRoot<AccountId>;
	type PrimeOrigin = EnsureRoot<AccountId>;
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
	type DefaultVote = AbstentionsCountAsNay;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Members change only through `ConsortiumMembership`, never by this pallet's own setter.
	type SetMembersOrigin = EnsureNever<()>;
	type MaxProposalWeight = MaxProposalWeight;
	/// A majority may drop a motion at once (the proposer keeps its deposit), so a member that
	/// floods the motion list is cleared without waiting.
	type DisapproveOrigin = ConsortiumMajority;
	type KillOrigin = EnsureRoot<AccountId>;
	type Consideration = MotionDeposit;
}

impl pallet_consortium::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type ConsortiumOrigin = ConsortiumMajority;
	type RootOrigin = ConsortiumSupermajority;
	type CancelOrigin = ConsortiumBlockingMinority;
	/// Removing a validator or a node, or replacing the auditors' keys, waits the delay.
	type ProtectedOrigin = EnsureRoot<AccountId>;
	type Members = crate::ConsortiumMembership;
	/// More than a quarter of the members object: the three quarters no longer hold.
	type BlockingShare = BlockingShare;
	type MaxObjections = ConstU32<MAX_CONSORTIUM_MEMBERS>;
	/// A scheduled call must be enacted within a motion's voting period of its due block.
	type EnactmentPeriod = MotionDuration;
	type MaxRootDelay = MaxRootDelay;
	/// Enough for any call but runtime code, which never travels in one.
	type MaxRootCallLen = ConstU32<{ 16 * 1024 }>;
	/// No heavier than a motion's call may be.
	type MaxRootCallWeight = MaxProposalWeight;
	type MaxScheduledRootCalls = MaxScheduledRootCalls;
	type DefaultRootDelay = RootDelay;
	/// As many validators as Aura and GRANDPA support.
	type MaxValidators = crate::configs::MaxAuthorities;
	/// The chain always keeps at least one block producer.
	type MinValidators = ConstU32<1>;
	/// Session keys are pallet-session's `NextKeys` (validator ids are account ids).
	type SessionKeys = pallet_consortium::SessionNextKeys<Runtime>;
	/// Room for every member's validator and a few more nodes each.
	type MaxAllowedNodes = ConstU32<128>;
	/// A member's archive, RPC and standby nodes behind one allowed node.
	type MaxNodeConnections = ConstU32<16>;
	type MaxAuditors = MaxAuditors;
	/// The production block time, 6 s; the test presets choose shorter blocks.
	type DefaultSlotDuration = frame_support::traits::ConstU64<{ crate::SLOT_DURATION }>;
	type WeightInfo = pallet_consortium::weights::SubstrateWeight<Runtime>;
}

/// How deep [`ValidatorKeysGuard`] looks into nested batches; a validator's purge-bearing call
/// nested deeper is refused as if it purged its keys.
const MAX_GUARDED_NESTING: u32 = 8;

/// `CheckPermission`'s guard of the validators' session keys: an account of the current
/// session's validators or of the consortium's set may not purge its session keys
/// (`session.purgeKeys`), directly, inside a batch (`utility.batch`, `batchAll`, `forceBatch`,
/// `ifElse`) or through a derivative account that is one (`utility.asDerivative`). Purged keys
/// would take it out of the set pallet-session queues, and at the floor leave GRANDPA with too
/// few voters. The consortium removes a validator first; a validator rotates keys with
/// `session.setKeys`.
pub struct ValidatorKeysGuard;

impl ValidatorKeysGuard {
	/// The calls nested directly in `call` (a batch's, an `ifElse`'s branches), each with the
	/// account it is made by (an `asDerivative`'s derivative of `who`); none for other calls.
	fn nested<'a>(
		who: &AccountId,
		call: &'a RuntimeCall,
	) -> alloc::vec::Vec<(AccountId, &'a RuntimeCall)> {
		use pallet_utility::Call as Utility;
		match call {
			RuntimeCall::Utility(
				Utility::batch { calls }
				| Utility::batch_all { calls }
				| Utility::force_batch { calls },
			) => calls.iter().map(|call| (who.clone(), call)).collect(),
			RuntimeCall::Utility(Utility::if_else { main, fallback }) => {
				alloc::vec![(who.clone(), &**main), (who.clone(), &**fallback)]
			},
			RuntimeCall::Utility(Utility::as_derivative { index, call }) => {
				alloc::vec![(pallet_utility::derivative_account_id(who.clone(), *index), &**call)]
			},
			_ => alloc::vec::Vec::new(),
		}
	}

	/// Whether `call`, made by `who`, purges the session keys of an account `is_validator`
	/// holds, looking `depth` levels into nested calls (deeper nesting counts as a purge).
	fn purges_validator_keys(
		who: &AccountId,
		call: &RuntimeCall,
		depth: u32,
		is_validator: &impl Fn(&AccountId) -> bool,
	) -> bool {
		if matches!(call, RuntimeCall::Session(pallet_session::Call::purge_keys {})) {
			return is_validator(who);
		}
		Self::nested(who, call).into_iter().any(|(who, call)| {
			if depth >= MAX_GUARDED_NESTING {
				is_validator(&who)
			} else {
				Self::purges_validator_keys(&who, call, depth + 1, is_validator)
			}
		})
	}

	/// Whether `call` may purge session keys anywhere inside it (only then does the guard read
	/// the validator sets).
	fn may_purge(call: &RuntimeCall, depth: u32) -> bool {
		use pallet_utility::Call as Utility;
		match call {
			RuntimeCall::Session(pallet_session::Call::purge_keys {}) => true,
			RuntimeCall::Utility(
				Utility::batch { calls }
				| Utility::batch_all { calls }
				| Utility::force_batch { calls },
			) => {
				depth >= MAX_GUARDED_NESTING
					|| calls.iter().any(|call| Self::may_purge(call, depth + 1))
			},
			RuntimeCall::Utility(Utility::if_else { main, fallback }) => {
				depth >= MAX_GUARDED_NESTING
					|| Self::may_purge(main, depth + 1)
					|| Self::may_purge(fallback, depth + 1)
			},
			RuntimeCall::Utility(Utility::as_derivative { call, .. }) => {
				depth >= MAX_GUARDED_NESTING || Self::may_purge(call, depth + 1)
			},
			_ => false,
		}
	}
}

impl pallet_attestations::CallGuard<AccountId, RuntimeCall> for ValidatorKeysGuard {
	fn refuse(
		who: &AccountId,
		call: &RuntimeCall,
	) -> Option<pallet_attestations::PermissionDenied> {
		if !Self::may_purge(call, 0) {
			return None;
		}
		// The two sets, read once for every purge the call holds.
		let planned = pallet_consortium::Validators::<Runtime>::get();
		let current = pallet_session::Validators::<Runtime>::get();
		let is_validator = |who: &AccountId| planned.contains(who) || current.contains(who);
		Self::purges_validator_keys(who, call, 0, &is_validator)
			.then_some(pallet_attestations::PermissionDenied::ValidatorKeysNeeded)
	}

	/// Two reads (the two sets, read once) when the call may purge keys, else nothing.
	fn weight(call: &RuntimeCall) -> Weight {
		if Self::may_purge(call, 0) {
			<Runtime as frame_system::Config>::DbWeight::get().reads(2)
		} else {
			Weight::zero()
		}
	}
}
