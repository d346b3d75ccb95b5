//! # Consortium pallet
//!
//! loanchain has no sudo key: the consortium of lenders (a `pallet-collective` instance whose
//! members are managed by `pallet-membership`) is the only privileged origin. Most privileged
//! calls of the runtime accept the consortium origin directly; a few calls of FRAME itself
//! (for example `System::set_code`, the runtime upgrade) accept nothing but `Root`. This pallet
//! is the one bridge from the consortium to `Root`: a motion of the consortium that reaches the
//! configured supermajority schedules a call with `Root` authority, which anyone enacts once the
//! enactment delay has passed, unless a blocking minority cancelled it (see "Root calls"). It
//! also keeps the chain's
//! validator set and the list of nodes allowed to take part in the network, which only the
//! consortium changes.
//!
//! ## Root calls
//!
//! [`Pallet::schedule_as_root`] stores a call (its encoding, at most [`Config::MaxRootCallLen`]
//! bytes, no heavier than [`Config::MaxRootCallWeight`]) in [`ScheduledRootCalls`], due
//! [`RootDelay`] blocks later. Until then the members see it and [`Config::CancelOrigin`] (in the
//! runtime: more than a quarter of the members) may cancel it ([`Pallet::cancel_root_call`]).
//! From its due block any signed account enacts it ([`Pallet::enact_root_call`]), which
//! dispatches it as `Root`. At most [`Config::MaxScheduledRootCalls`] wait at once. The delay is
//! chosen at genesis (at least [`MIN_ROOT_DELAY`] blocks; [`Config::DefaultRootDelay`] when the
//! genesis names none) and changed only by a `Root` call, which itself waits the delay in force.
//!
//! ## Validators
//!
//! [`Validators`] is the set of accounts that author blocks (Aura) and vote on finality
//! (GRANDPA): between [`Config::MinValidators`] and [`Config::MaxValidators`] distinct accounts
//! (an empty genesis set is the one exception, below).
//! The pallet is `pallet-session`'s [`SessionManager`](pallet_session::SessionManager): when a
//! session starts, pallet-session asks it for the set of the session after that one, and the
//! pallet hands over [`Validators`] if it changed since the last time (else pallet-session keeps
//! its set). pallet-session plans one session ahead, so a change made during session `N` is
//! queued when session `N + 1` starts and takes effect when session `N + 2` starts: at the start
//! of the session after next.
//!
//! A genesis may leave [`Validators`] empty (the default, for templates): pallet-session then
//! takes its first validators from its own genesis `keys`, and the consortium fills the set one
//! call at a time. No set smaller than [`Config::MinValidators`] is ever handed over, and the
//! first set handed over replaces pallet-session's genesis set entirely.
//!
//! A validator rotates its own session keys with `session.setKeys` (pallet-session), which needs
//! no consortium vote. A new validator sets its keys before the consortium adds it: the
//! consortium adds no account without keys ([`Error::NoSessionKeys`], read through
//! [`Config::SessionKeys`]), since pallet-session leaves a validator without keys out of the set
//! it queues. A changed set of which fewer than [`Config::MinValidators`] validators have keys is
//! not handed over ([`Event::ValidatorSetWithheld`]); the change waits until enough have keys.
//! In the runtime, `CheckPermission` also refuses a validator's `session.purgeKeys` (code 44),
//! so no validator drops out of the set by purging its keys in a transaction of its own (a
//! consortium motion dispatching as `Root` still can, as it can change anything).
//!
//! In the runtime, `pallet_session::Config` uses this pallet as `SessionManager`, with
//! `ValidatorId = AccountId` and `ValidatorIdOf = ConvertInto`; the pallet is listed before
//! `Session` in `construct_runtime!`, so its genesis set exists when pallet-session's genesis
//! asks for it.
//!
//! ## Allowed nodes
//!
//! [`AllowedNodes`] lists the libp2p peer ids of the nodes that may take part in block sync,
//! each with the account that runs it (its owner). The pallet's offchain worker, which every
//! node runs on each imported block (validators by default; other nodes with
//! `--offchain-worker always`), tells the node's network layer which peers it may sync with and
//! switches it to accept only those (`set_authorized_nodes` with `authorized_only`):
//! - an allowed node syncs with every other allowed node and with the extra peers its owner
//!   listed in [`NodeConnections`] (for example the owner's archive or RPC nodes);
//! - a node that is not allowed syncs only with the allowed nodes whose owners listed it.
//!
//! Allowed nodes refuse the sync protocol to every other peer, so a node the consortium has not
//! allowed gets no blocks from them. The list gates sync, not the transport: operators must
//! still firewall the p2p port. An empty list switches the gate off (development chains); once
//! a node is allowed the list can no longer be emptied ([`Error::LastAllowedNode`]).
//!
//! ## Auditor keys
//!
//! [`AuditorKeys`] are the X25519 public keys of the auditors the consortium names: a lender's
//! confirmation of an alias loan seals the record of who lent to them (and to the borrower), so
//! supervision sees every loan's lender while member nodes see only the alias
//! (`docs/privacy.md`, section 5). The consortium sets the whole list at once
//! ([`Pallet::set_auditor_keys`]); a new list applies to loans confirmed from then on.
//!
//! ## Block time
//!
//! [`SlotDuration`] is the chain's block time (Aura's slot length), chosen at genesis and
//! changed by no call: Aura cannot change its slot length on a running chain. The runtime
//! derives `pallet_timestamp::Config::MinimumPeriod` (half a slot) from it, and Aura's slot
//! length from that, so the node reads it through the Aura runtime API. The production template
//! leaves it to [`Config::DefaultSlotDuration`] (6 s in the runtime); the development and local
//! test chains choose shorter blocks so that development and tests answer quickly. Periods the
//! runtime counts in blocks (sessions, deadlines) pass faster on such chains in the same ratio.
//!
//! ## Calls
//!
//! ### Consortium
//! - [`Pallet::schedule_as_root`]: schedule a call to run as `Root` after the enactment delay.
//!   Only `RootOrigin` (in the runtime: at least three quarters of the consortium's members,
//!   through a motion) may call it. Emits [`Event::RootCallScheduled`].
//! - [`Pallet::cancel_root_call`]: cancel a scheduled call during its delay. Only `CancelOrigin`
//!   (in the runtime: more than a quarter of the members). Emits [`Event::RootCallCancelled`].
//! - [`Pallet::add_validator`]: add a validator, effective from the session after next. Only
//!   `ConsortiumOrigin` may call it. Emits [`Event::ValidatorAdded`].
//! - [`Pallet::remove_validator`]: remove a validator, effective from the session after next.
//!   Only `ConsortiumOrigin` may call it. Emits [`Event::ValidatorRemoved`].
//! - [`Pallet::allow_node`]: allow a node's peer id, with its owner. Only `ConsortiumOrigin`.
//!   Emits [`Event::NodeAllowed`].
//! - [`Pallet::disallow_node`]: take a node off the list. Only `ConsortiumOrigin`. Emits
//!   [`Event::NodeDisallowed`].
//! - [`Pallet::set_auditor_keys`]: replace the auditors' keys. Only `ConsortiumOrigin`. Emits
//!   [`Event::AuditorKeysSet`].
//!
//! ### Anyone
//! - [`Pallet::enact_root_call`]: dispatch a scheduled call as `Root` once it is due. Emits
//!   [`Event::DispatchedAsRoot`] with the inner call's result.
//!
//! ### Node owners
//! - [`Pallet::set_node_connections`]: the owner of an allowed node sets the extra peers it
//!   connects to. Emits [`Event::NodeConnectionsSet`].
//!
//! ### pallet-session
//! - [`SessionManager::new_session`](pallet_session::SessionManager::new_session): hands a
//!   changed set to pallet-session. Emits [`Event::NewValidatorSetPlanned`], or
//!   [`Event::ValidatorSetWithheld`] when too few of its validators have session keys.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod auditors;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
mod offchain;
mod root_calls;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::{parse_peer_id, AuditorKey, PeerId, ScheduledRootCall, MAX_PEER_ID_LEN};
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::{parse_peer_id, AuditorKey, PeerId, ScheduledRootCall, ValidatorKeys, WeightInfo};
	use alloc::{boxed::Box, vec::Vec};
	use frame_support::traits::SortedMembers;
	use frame_support::{
		dispatch::{GetDispatchInfo, PostDispatchInfo},
		pallet_prelude::*,
		traits::UnfilteredDispatchable,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::{traits::Dispatchable, Perbill};

	/// A session number, as pallet-session counts them (`sp_staking::SessionIndex`).
	pub type SessionIndex = u32;

	/// The id of a scheduled `Root` call: a counter, never reused.
	pub type RootCallId = u32;

	/// A scheduled `Root` call of this runtime.
	pub type ScheduledRootCallOf<T> =
		ScheduledRootCall<BlockNumberFor<T>, <T as Config>::MaxRootCallLen>;

	/// The shortest enactment delay a genesis may choose, in blocks: a scheduled `Root` call is
	/// never enacted in the block that scheduled it.
	pub const MIN_ROOT_DELAY: u32 = 1;

	/// The shortest block time a genesis may choose, in milliseconds: a block must still be
	/// built, sent and imported within one slot.
	pub const MIN_SLOT_DURATION: u64 = 1_000;

	/// Whether `slot_duration` (milliseconds) can be the chain's block time: even, since the
	/// timestamp pallet's minimum period is half of it, and at least [`MIN_SLOT_DURATION`].
	pub fn is_valid_slot_duration(slot_duration: u64) -> bool {
		slot_duration >= MIN_SLOT_DURATION && slot_duration.is_multiple_of(2)
	}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The runtime's call type, so a motion can carry any call of the runtime.
		type RuntimeCall: Parameter
			+ Dispatchable<RuntimeOrigin = Self::RuntimeOrigin, PostInfo = PostDispatchInfo>
			+ UnfilteredDispatchable<RuntimeOrigin = Self::RuntimeOrigin>
			+ GetDispatchInfo
			+ From<frame_system::Call<Self>>;

		/// The origin that speaks for the consortium in day-to-day operations: in the runtime,
		/// more than half of the consortium's members voting through a motion. It adds and
		/// removes validators, allows nodes and sets the auditors' keys.
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The origin that may schedule a call as `Root`: in the runtime, at least three
		/// quarters of the consortium's members voting through a motion.
		type RootOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The origin that may cancel a scheduled `Root` call before it is enacted: in the
		/// runtime, more than a quarter of the members, enough that the supermajority no longer
		/// holds.
		type CancelOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The origin of the changes that could shut a member out or expose lenders: removing a
		/// validator, disallowing a node, replacing the auditors' keys. In the runtime `Root`, so
		/// they wait the enactment delay and a blocking minority may cancel them; a majority
		/// that could remove the minority's validators and nodes at once could then censor its
		/// objections.
		type ProtectedOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The consortium's members, who may object to a scheduled `Root` call one by one
		/// ([`Pallet::object_to_root_call`]) without a motion.
		type Members: SortedMembers<Self::AccountId>;

		/// The share of all members whose objections cancel a scheduled `Root` call once it is
		/// exceeded: in the runtime a quarter, so that the supermajority no longer holds.
		#[pallet::constant]
		type BlockingShare: Get<Perbill>;

		/// Most objections one scheduled call can hold: at least the most members the
		/// consortium can have.
		#[pallet::constant]
		type MaxObjections: Get<u32>;

		/// Blocks after its due block in which a scheduled call may be enacted; after them it
		/// expires (anyone's enactment removes it unrun), so an abandoned call cannot be run
		/// months later.
		#[pallet::constant]
		type EnactmentPeriod: Get<BlockNumberFor<Self>>;

		/// The longest enactment delay `Root` may set ([`Pallet::set_root_delay`]).
		#[pallet::constant]
		type MaxRootDelay: Get<BlockNumberFor<Self>>;

		/// Longest encoding of a scheduled `Root` call, in bytes (runtime code never travels in
		/// one: an upgrade schedules `System::authorize_upgrade` with the code's hash).
		#[pallet::constant]
		type MaxRootCallLen: Get<u32>;

		/// Heaviest call that may be scheduled as `Root`: a heavier one could never be enacted
		/// in a block.
		#[pallet::constant]
		type MaxRootCallWeight: Get<Weight>;

		/// Most `Root` calls waiting at once.
		#[pallet::constant]
		type MaxScheduledRootCalls: Get<u32>;

		/// The enactment delay, in blocks, of a chain whose genesis names none (see
		/// [`RootDelay`]).
		#[pallet::constant]
		type DefaultRootDelay: Get<BlockNumberFor<Self>>;

		/// Most validators the set can have.
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Fewest validators the set can have: a removal that would leave fewer is refused. At
		/// most [`Config::MaxValidators`].
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// Whether an account has set session keys (in the runtime: pallet-session's
		/// `NextKeys`). A validator without keys authors nothing and votes on nothing, and
		/// pallet-session leaves it out of the set it queues.
		type SessionKeys: ValidatorKeys<Self::AccountId>;

		/// Most nodes [`AllowedNodes`] can list.
		#[pallet::constant]
		type MaxAllowedNodes: Get<u32>;

		/// Most extra peers the owner of an allowed node can list in [`NodeConnections`].
		#[pallet::constant]
		type MaxNodeConnections: Get<u32>;

		/// Most auditor keys [`AuditorKeys`] can hold: one less than the recipients of an
		/// envelope, since the borrower is one of a sealed lender record's recipients.
		#[pallet::constant]
		type MaxAuditors: Get<u32>;

		/// The block time, in milliseconds, of a chain whose genesis names none (see
		/// [`SlotDuration`]).
		#[pallet::constant]
		type DefaultSlotDuration: Get<u64>;

		/// Weights of this pallet's calls, generated by the node's `benchmark pallet` command.
		type WeightInfo: WeightInfo;
	}

	/// The chain's block time (Aura's slot), in milliseconds: fixed at genesis, where test chains
	/// choose short blocks, and changed by no call, since Aura cannot change its slot length on
	/// a running chain. Absent (the production template), it is
	/// [`Config::DefaultSlotDuration`].
	#[pallet::storage]
	pub type SlotDuration<T: Config> = StorageValue<_, u64, ValueQuery, T::DefaultSlotDuration>;

	/// How many blocks a scheduled `Root` call waits before anyone may enact it: chosen at
	/// genesis (test chains choose a few blocks), else [`Config::DefaultRootDelay`]; changed only
	/// by a `Root` call, which itself waits the delay in force.
	#[pallet::storage]
	pub type RootDelay<T: Config> =
		StorageValue<_, BlockNumberFor<T>, ValueQuery, T::DefaultRootDelay>;

	/// The id the next scheduled `Root` call gets.
	#[pallet::storage]
	pub type NextRootCallId<T> = StorageValue<_, RootCallId, ValueQuery>;

	/// The `Root` calls the consortium scheduled and nobody has enacted or cancelled yet, by id:
	/// each call's encoding and the block from which it may be enacted. At most
	/// [`Config::MaxScheduledRootCalls`].
	#[pallet::storage]
	pub type ScheduledRootCalls<T: Config> =
		CountedStorageMap<_, Twox64Concat, RootCallId, ScheduledRootCallOf<T>>;

	/// The members that objected to each scheduled `Root` call, in order; more than
	/// [`Config::BlockingShare`] of the members cancel it.
	#[pallet::storage]
	pub type RootCallObjections<T: Config> = StorageMap<
		_,
		Twox64Concat,
		RootCallId,
		BoundedVec<T::AccountId, T::MaxObjections>,
		ValueQuery,
	>;

	/// The validator set that the next session planned by pallet-session will use, in the
	/// order it was built.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether [`Validators`] changed since pallet-session last planned a session; the next
	/// planning hands the set over and clears the flag.
	#[pallet::storage]
	pub type ValidatorsChanged<T> = StorageValue<_, bool, ValueQuery>;

	/// The nodes allowed to take part in block sync, by peer id, with the account that runs each
	/// (its owner, who may set its extra connections). At most [`Config::MaxAllowedNodes`].
	#[pallet::storage]
	pub type AllowedNodes<T: Config> = CountedStorageMap<_, Blake2_128Concat, PeerId, T::AccountId>;

	/// Extra peers an allowed node syncs with besides the other allowed nodes, set by its owner:
	/// typically the owner's own non-validating nodes, which then sync from it.
	#[pallet::storage]
	pub type NodeConnections<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		PeerId,
		BoundedVec<PeerId, T::MaxNodeConnections>,
		ValueQuery,
	>;

	/// The X25519 public keys of the auditors the consortium names, distinct, in the order it
	/// set them: every sealed lender record of an alias loan is sealed to each (and to the
	/// borrower), so the auditors see every loan's lender.
	#[pallet::storage]
	pub type AuditorKeys<T: Config> =
		StorageValue<_, BoundedVec<AuditorKey, T::MaxAuditors>, ValueQuery>;

	/// The validators of a new chain.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The validators of the first sessions: distinct, at least [`Config::MinValidators`]
		/// and at most [`Config::MaxValidators`]. It may be empty (the default, for templates);
		/// pallet-session then takes its first validators from its own genesis `keys`.
		pub validators: Vec<T::AccountId>,
		/// The nodes allowed from the start, as (peer id bytes, owner). Empty (the default)
		/// leaves the node gate off until the consortium allows a first node.
		pub nodes: Vec<(Vec<u8>, T::AccountId)>,
		/// The block time in milliseconds: an even number of at least [`MIN_SLOT_DURATION`].
		/// `None` (the default) leaves [`SlotDuration`] at [`Config::DefaultSlotDuration`].
		pub slot_duration: Option<u64>,
		/// The auditors' X25519 public keys from the start: distinct, at most
		/// [`Config::MaxAuditors`]. Empty (the default) names no auditor.
		pub auditor_keys: Vec<AuditorKey>,
		/// The enactment delay of `Root` calls, in blocks: at least [`MIN_ROOT_DELAY`]. `None`
		/// (the default) leaves [`RootDelay`] at [`Config::DefaultRootDelay`].
		pub root_delay: Option<BlockNumberFor<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut seen = alloc::collections::BTreeSet::new();
			assert!(
				self.validators.iter().all(|validator| seen.insert(validator)),
				"genesis validators must be distinct"
			);
			assert!(
				self.validators.is_empty()
					|| self.validators.len() >= T::MinValidators::get() as usize,
				"genesis validators must be at least MinValidators (or none at all)"
			);
			let validators =
				BoundedVec::<T::AccountId, T::MaxValidators>::try_from(self.validators.clone());
			assert!(validators.is_ok(), "genesis validators must be at most MaxValidators");
			Validators::<T>::put(validators.unwrap_or_default());

			assert!(
				self.nodes.len() <= T::MaxAllowedNodes::get() as usize,
				"genesis nodes must be at most MaxAllowedNodes"
			);
			for (node, owner) in &self.nodes {
				let node = parse_peer_id(node);
				assert!(node.is_some(), "genesis nodes must be peer ids (multihash bytes)");
				let node = node.unwrap_or_default();
				assert!(!AllowedNodes::<T>::contains_key(&node), "genesis nodes must be distinct");
				AllowedNodes::<T>::insert(node, owner);
			}

			if let Some(slot_duration) = self.slot_duration {
				assert!(
					is_valid_slot_duration(slot_duration),
					"genesis slot_duration must be an even number of milliseconds, at least \
					 MIN_SLOT_DURATION"
				);
				SlotDuration::<T>::put(slot_duration);
			}

			let keys = Pallet::<T>::checked_auditor_keys(self.auditor_keys.clone());
			assert!(keys.is_ok(), "genesis auditor_keys must be distinct and at most MaxAuditors");
			let keys = keys.unwrap_or_default();
			if !keys.is_empty() {
				AuditorKeys::<T>::put(keys);
			}

			if let Some(delay) = self.root_delay {
				assert!(
					delay >= MIN_ROOT_DELAY.into(),
					"genesis root_delay must be at least MIN_ROOT_DELAY blocks"
				);
				RootDelay::<T>::put(delay);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The consortium scheduled a call to run as `Root`; anyone may enact it from block
		/// `due`, unless a blocking minority cancels it first.
		RootCallScheduled {
			/// The scheduled call's id, which enactment and cancellation name.
			id: RootCallId,
			/// The hash (blake2-256 in the runtime) of the scheduled call's own encoding (not the
			/// motion's, which covers `schedule_as_root` around it).
			call_hash: T::Hash,
			/// The first block in which it may be enacted.
			due: BlockNumberFor<T>,
		},
		/// A scheduled call was cancelled before it was enacted (by a blocking minority's
		/// motion or by enough members' objections); it will never run.
		RootCallCancelled {
			/// The cancelled call's id.
			id: RootCallId,
		},
		/// A member objected to a scheduled call; once more than [`Config::BlockingShare`] of
		/// the members have, it is cancelled.
		RootCallObjected {
			/// The call's id.
			id: RootCallId,
			/// The objecting member.
			member: T::AccountId,
			/// How many members have objected so far.
			objections: u32,
		},
		/// A scheduled call was not enacted within [`Config::EnactmentPeriod`] blocks of its
		/// due block; it was removed unrun.
		RootCallExpired {
			/// The expired call's id.
			id: RootCallId,
		},
		/// `Root` set the enactment delay of calls scheduled from now on.
		RootDelaySet {
			/// The new delay, in blocks.
			blocks: BlockNumberFor<T>,
		},
		/// A scheduled call was enacted: dispatched as `Root`. `result` is the call's own
		/// outcome, which may be an error even though the enactment itself succeeded.
		DispatchedAsRoot {
			/// The enacted call's id.
			id: RootCallId,
			/// The outcome of the inner call.
			result: DispatchResult,
		},
		/// The consortium added a validator; it validates from the start of the session after
		/// next.
		ValidatorAdded {
			/// The new validator.
			validator: T::AccountId,
		},
		/// The consortium removed a validator; it stops validating at the start of the session
		/// after next.
		ValidatorRemoved {
			/// The removed validator.
			validator: T::AccountId,
		},
		/// The changed validator set was not handed to pallet-session for session
		/// `session_index`: fewer than [`Config::MinValidators`] of its validators have session
		/// keys, and pallet-session would have queued only those. pallet-session queues its
		/// current set again (less any validator without keys), and the change is planned at a
		/// later session once enough validators have keys; emitted each session until then.
		ValidatorSetWithheld {
			/// The session the set was not planned for.
			session_index: SessionIndex,
			/// How many of the set's validators have session keys.
			keyed: u32,
		},
		/// The changed validator set was handed to pallet-session, which queued it for session
		/// `session_index`.
		NewValidatorSetPlanned {
			/// The session from whose start the set validates.
			session_index: SessionIndex,
			/// How many validators the set has.
			count: u32,
		},
		/// The consortium allowed a node to take part in block sync; the allowed nodes accept it
		/// from their next imported block.
		NodeAllowed {
			/// The node's peer id.
			node: PeerId,
			/// The account that runs it.
			owner: T::AccountId,
		},
		/// The consortium took a node off the allowed list; the allowed nodes drop it from their
		/// next imported block.
		NodeDisallowed {
			/// The node's peer id.
			node: PeerId,
		},
		/// The consortium replaced the auditors' keys; loans confirmed from now on seal their
		/// lender record to these.
		AuditorKeysSet {
			/// The new keys (X25519 public keys), replacing the previous list.
			keys: BoundedVec<AuditorKey, T::MaxAuditors>,
		},
		/// The owner of an allowed node set the extra peers it syncs with.
		NodeConnectionsSet {
			/// The allowed node.
			node: PeerId,
			/// Its extra peers, replacing the previous list.
			connections: BoundedVec<PeerId, T::MaxNodeConnections>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a validator.
		AlreadyValidator,
		/// The set already has [`Config::MaxValidators`] validators.
		TooManyValidators,
		/// The account is not a validator.
		NotValidator,
		/// The removal would leave fewer than [`Config::MinValidators`] validators.
		TooFewValidators,
		/// The account has set no session keys: a validator without keys would author no block
		/// and cast no finality vote. It sets them first (`session.setKeys`), then the
		/// consortium adds it.
		NoSessionKeys,
		/// A peer id is not a libp2p multihash: pass the decoded bytes of the base58 peer id that
		/// `loanchain-node key inspect-node-key` prints, not its text.
		InvalidPeerId,
		/// The node is already on the allowed list.
		NodeAlreadyAllowed,
		/// The allowed list already has [`Config::MaxAllowedNodes`] nodes.
		TooManyNodes,
		/// The node is not on the allowed list.
		NodeNotAllowed,
		/// The node is the last allowed one: removing it would switch the node gate off and open
		/// the network. Allow its replacement first.
		LastAllowedNode,
		/// Only the node's owner may set its connections.
		NotNodeOwner,
		/// More extra connections than [`Config::MaxNodeConnections`].
		TooManyConnections,
		/// A peer is listed twice, or the node lists itself.
		DuplicateConnection,
		/// More auditor keys than [`Config::MaxAuditors`].
		TooManyAuditorKeys,
		/// An auditor key is listed twice.
		DuplicateAuditorKey,
		/// The call's encoding is longer than [`Config::MaxRootCallLen`]. Runtime code never
		/// travels in a call: schedule `System::authorize_upgrade` with its hash.
		RootCallTooLong,
		/// The call is heavier than [`Config::MaxRootCallWeight`] and could never be enacted.
		RootCallTooHeavy,
		/// [`Config::MaxScheduledRootCalls`] calls already wait: enact or cancel one first.
		TooManyScheduledRootCalls,
		/// No scheduled `Root` call has this id: it was enacted, cancelled or never scheduled
		/// (`consortium.scheduledRootCalls` lists the waiting ones).
		UnknownRootCall,
		/// The call's enactment delay has not passed: it may be enacted from its `due` block.
		RootCallNotDue,
		/// The call needs more weight than `weight_bound`: pass at least its weight (the
		/// scheduled call's `get_dispatch_info().call_weight`).
		WeightBoundTooLow,
		/// The stored call no longer decodes (a runtime upgrade changed it): cancel it and
		/// schedule it again.
		UndecodableRootCall,
		/// Every `Root` call id has been used.
		RootCallIdsExhausted,
		/// Only a consortium member may object to a scheduled call.
		NotMember,
		/// This member already objected to the call.
		AlreadyObjected,
		/// The enactment delay must be at least [`MIN_ROOT_DELAY`] and at most
		/// [`Config::MaxRootDelay`] blocks.
		RootDelayOutOfRange,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MinValidators::get() <= T::MaxValidators::get(),
				"MinValidators must not exceed MaxValidators"
			);
			assert!(
				is_valid_slot_duration(T::DefaultSlotDuration::get()),
				"DefaultSlotDuration must be an even number of milliseconds, at least \
				 MIN_SLOT_DURATION"
			);
			assert!(
				T::DefaultRootDelay::get() >= MIN_ROOT_DELAY.into(),
				"DefaultRootDelay must be at least MIN_ROOT_DELAY blocks"
			);
			assert!(T::MaxScheduledRootCalls::get() > 0, "MaxScheduledRootCalls must not be zero");
			assert!(
				T::DefaultRootDelay::get() <= T::MaxRootDelay::get(),
				"DefaultRootDelay must not exceed MaxRootDelay"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		/// Tells the node's network layer which peers it may sync with (see "Allowed nodes" in
		/// the crate documentation). Runs off chain after each imported block; costs no weight.
		fn offchain_worker(_now: BlockNumberFor<T>) {
			Self::authorize_local_node();
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Schedule `call` to run with `Root` authority once [`RootDelay`] blocks have passed.
		/// It waits in [`ScheduledRootCalls`], where every member sees it and a blocking
		/// minority may cancel it; from its due block anyone enacts it
		/// ([`Pallet::enact_root_call`]).
		///
		/// Who may call: only `RootOrigin` (a consortium motion of at least three quarters of
		/// the members); anyone else gets `BadOrigin`. Errors: [`Error::RootCallTooLong`],
		/// [`Error::RootCallTooHeavy`], [`Error::TooManyScheduledRootCalls`]. Emits
		/// [`Event::RootCallScheduled`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::schedule_as_root(T::MaxRootCallLen::get()))]
		pub fn schedule_as_root(
			origin: OriginFor<T>,
			call: Box<<T as Config>::RuntimeCall>,
		) -> DispatchResultWithPostInfo {
			T::RootOrigin::ensure_origin(origin)?;
			Self::do_schedule_as_root(*call)
		}

		/// Add `who` to the validator set. The change takes effect at the start of the session
		/// after next (for a call included in session `N`: session `N + 2`), because
		/// pallet-session queues each set one session ahead.
		///
		/// Who may call: only `ConsortiumOrigin`; anyone else gets `BadOrigin`. Emits
		/// [`Event::ValidatorAdded`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_add_validator(who)
		}

		/// Remove `who` from the validator set. The change takes effect at the start of the session
		/// after next (for a call included in session `N`: session `N + 2`), because
		/// pallet-session queues each set one session ahead.
		///
		/// Who may call: only `ProtectedOrigin` (in the runtime `Root`, so a scheduled call
		/// that waited the enactment delay); anyone else gets `BadOrigin`. Emits
		/// [`Event::ValidatorRemoved`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::ProtectedOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(who)
		}

		/// Allow the node with peer id `node` (multihash bytes) to take part in block sync, run by
		/// `owner`. The allowed nodes accept it from their next imported block.
		///
		/// Who may call: only `ConsortiumOrigin`; anyone else gets `BadOrigin`. Emits
		/// [`Event::NodeAllowed`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::allow_node())]
		pub fn allow_node(
			origin: OriginFor<T>,
			node: Vec<u8>,
			owner: T::AccountId,
		) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			let node = parse_peer_id(&node).ok_or(Error::<T>::InvalidPeerId)?;
			ensure!(!AllowedNodes::<T>::contains_key(&node), Error::<T>::NodeAlreadyAllowed);
			ensure!(
				AllowedNodes::<T>::count() < T::MaxAllowedNodes::get(),
				Error::<T>::TooManyNodes
			);
			AllowedNodes::<T>::insert(&node, &owner);
			Self::deposit_event(Event::NodeAllowed { node, owner });
			Ok(())
		}

		/// Take the node with peer id `node` off the allowed list, with its extra connections.
		/// The allowed nodes drop it from their next imported block. The last allowed node cannot
		/// be removed, since an empty list switches the gate off.
		///
		/// Who may call: only `ProtectedOrigin` (in the runtime `Root`, so a scheduled call
		/// that waited the enactment delay); anyone else gets `BadOrigin`. Emits
		/// [`Event::NodeDisallowed`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::disallow_node())]
		pub fn disallow_node(origin: OriginFor<T>, node: Vec<u8>) -> DispatchResult {
			T::ProtectedOrigin::ensure_origin(origin)?;
			let node = parse_peer_id(&node).ok_or(Error::<T>::InvalidPeerId)?;
			ensure!(AllowedNodes::<T>::contains_key(&node), Error::<T>::NodeNotAllowed);
			ensure!(AllowedNodes::<T>::count() > 1, Error::<T>::LastAllowedNode);
			AllowedNodes::<T>::remove(&node);
			NodeConnections::<T>::remove(&node);
			Self::deposit_event(Event::NodeDisallowed { node });
			Ok(())
		}

		/// Set the extra peers (peer id bytes) the allowed node `node` syncs with, replacing the
		/// previous list; an empty list removes them. Those peers, even if not allowed
		/// themselves, may then sync from this node.
		///
		/// Who may call: the node's owner (signed); anyone else gets [`Error::NotNodeOwner`].
		/// Emits [`Event::NodeConnectionsSet`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_node_connections(connections.len() as u32))]
		pub fn set_node_connections(
			origin: OriginFor<T>,
			node: Vec<u8>,
			connections: Vec<Vec<u8>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let node = parse_peer_id(&node).ok_or(Error::<T>::InvalidPeerId)?;
			let owner = AllowedNodes::<T>::get(&node).ok_or(Error::<T>::NodeNotAllowed)?;
			ensure!(owner == who, Error::<T>::NotNodeOwner);
			ensure!(
				connections.len() <= T::MaxNodeConnections::get() as usize,
				Error::<T>::TooManyConnections
			);
			let mut peers = BoundedVec::<PeerId, T::MaxNodeConnections>::new();
			for peer in &connections {
				let peer = parse_peer_id(peer).ok_or(Error::<T>::InvalidPeerId)?;
				ensure!(peer != node && !peers.contains(&peer), Error::<T>::DuplicateConnection);
				peers.try_push(peer).map_err(|_| Error::<T>::TooManyConnections)?;
			}
			if peers.is_empty() {
				NodeConnections::<T>::remove(&node);
			} else {
				NodeConnections::<T>::insert(&node, &peers);
			}
			Self::deposit_event(Event::NodeConnectionsSet { node, connections: peers });
			Ok(())
		}

		/// Replace the auditors' X25519 public keys with `keys` (distinct, at most
		/// [`Config::MaxAuditors`]; an empty list names no auditor). Lender records sealed
		/// before keep the keys of their time.
		///
		/// Who may call: only `ProtectedOrigin` (in the runtime `Root`, so a scheduled call
		/// that waited the enactment delay); anyone else gets `BadOrigin`. Emits
		/// [`Event::AuditorKeysSet`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_auditor_keys(keys.len() as u32))]
		pub fn set_auditor_keys(origin: OriginFor<T>, keys: Vec<AuditorKey>) -> DispatchResult {
			T::ProtectedOrigin::ensure_origin(origin)?;
			Self::do_set_auditor_keys(keys)
		}

		/// Dispatch the scheduled call `id` as `Root`, now that its delay has passed, and take
		/// it off [`ScheduledRootCalls`]. `weight_bound` is the most weight the inner call may
		/// use (at least its declared weight); the unused part is refunded, and a refused
		/// enactment pays only the overhead. A call not enacted within
		/// [`Config::EnactmentPeriod`] blocks of its due block has expired: it is removed unrun
		/// ([`Event::RootCallExpired`]). Scheduled calls run independently, in the order they
		/// are enacted: steps that must run together are scheduled as one batch.
		///
		/// Who may call: any signed account, like closing a motion, so no scheduled call waits
		/// on one party. Errors: [`Error::UnknownRootCall`], [`Error::RootCallNotDue`],
		/// [`Error::WeightBoundTooLow`], [`Error::UndecodableRootCall`]. Emits
		/// [`Event::DispatchedAsRoot`] with the inner call's own result, or
		/// [`Event::RootCallExpired`].
		#[pallet::call_index(7)]
		#[pallet::weight(
			T::WeightInfo::enact_root_call(T::MaxRootCallLen::get())
				.saturating_add(*weight_bound)
		)]
		pub fn enact_root_call(
			origin: OriginFor<T>,
			id: RootCallId,
			weight_bound: Weight,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_enact_root_call(id, weight_bound)
		}

		/// Cancel the scheduled call `id` before it is enacted; it never runs. (Members may also
		/// cancel it without a motion, by objecting: [`Pallet::object_to_root_call`].)
		///
		/// Who may call: only `CancelOrigin` (a consortium motion of more than a quarter of the
		/// members); anyone else gets `BadOrigin`. Errors: [`Error::UnknownRootCall`]. Emits
		/// [`Event::RootCallCancelled`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::cancel_root_call())]
		pub fn cancel_root_call(origin: OriginFor<T>, id: RootCallId) -> DispatchResult {
			T::CancelOrigin::ensure_origin(origin)?;
			Self::do_cancel_root_call(id)
		}

		/// Object, as a consortium member, to the scheduled call `id`. Once more than
		/// [`Config::BlockingShare`] of the members have objected, the call is cancelled: a
		/// blocking minority stops a call without a motion, so a full motion list or a vote it
		/// cannot win does not keep it from objecting.
		///
		/// Who may call: a member ([`Config::Members`]), signed. Errors: [`Error::NotMember`],
		/// [`Error::UnknownRootCall`], [`Error::AlreadyObjected`]. Emits
		/// [`Event::RootCallObjected`], then [`Event::RootCallCancelled`] when the share is
		/// exceeded.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::object_to_root_call())]
		pub fn object_to_root_call(origin: OriginFor<T>, id: RootCallId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_object_to_root_call(who, id)
		}

		/// Set the enactment delay of `Root` calls scheduled from now on, between
		/// [`MIN_ROOT_DELAY`] and [`Config::MaxRootDelay`] blocks.
		///
		/// Who may call: only `Root` (so a scheduled call, which waits the delay in force).
		/// Errors: [`Error::RootDelayOutOfRange`]. Emits [`Event::RootDelaySet`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_root_delay())]
		pub fn set_root_delay(origin: OriginFor<T>, blocks: BlockNumberFor<T>) -> DispatchResult {
			ensure_root(origin)?;
			ensure!(
				blocks >= MIN_ROOT_DELAY.into() && blocks <= T::MaxRootDelay::get(),
				Error::<T>::RootDelayOutOfRange
			);
			RootDelay::<T>::put(blocks);
			Self::deposit_event(Event::RootDelaySet { blocks });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Appends `who` to [`Validators`] (bounded by [`Config::MaxValidators`]) and marks the
		/// set changed.
		pub(crate) fn do_add_validator(who: T::AccountId) -> DispatchResult {
			let mut validators = Validators::<T>::get();
			ensure!(!validators.contains(&who), Error::<T>::AlreadyValidator);
			ensure!(T::SessionKeys::has_keys(&who), Error::<T>::NoSessionKeys);
			validators.try_push(who.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			Validators::<T>::put(validators);
			ValidatorsChanged::<T>::put(true);
			Self::deposit_event(Event::ValidatorAdded { validator: who });
			Ok(())
		}

		/// Removes `who` from [`Validators`] unless that leaves fewer than
		/// [`Config::MinValidators`], and marks the set changed.
		pub(crate) fn do_remove_validator(who: T::AccountId) -> DispatchResult {
			let mut validators = Validators::<T>::get();
			ensure!(validators.contains(&who), Error::<T>::NotValidator);
			ensure!(
				validators.len() > T::MinValidators::get() as usize,
				Error::<T>::TooFewValidators
			);
			validators.retain(|validator| *validator != who);
			Validators::<T>::put(validators);
			ValidatorsChanged::<T>::put(true);
			Self::deposit_event(Event::ValidatorRemoved { validator: who });
			Ok(())
		}

		/// The set to hand to pallet-session for session `session_index`, if [`Validators`]
		/// changed since the last hand-over and at least [`Config::MinValidators`] (and at
		/// least one) of its validators have session keys; else the change stays pending
		/// (emitting [`Event::ValidatorSetWithheld`] when keys are what is missing). Clears
		/// [`ValidatorsChanged`] when it hands the set over.
		pub(crate) fn plan_new_session(session_index: SessionIndex) -> Option<Vec<T::AccountId>> {
			if !ValidatorsChanged::<T>::get() {
				return None;
			}
			let validators = Validators::<T>::get();
			let count = validators.len() as u32;
			let min = T::MinValidators::get().max(1);
			if count < min {
				// Only while an empty genesis set is being filled: keep the change pending.
				return None;
			}
			let keyed = validators
				.iter()
				.filter(|validator| T::SessionKeys::has_keys(validator))
				.count() as u32;
			if keyed < min {
				Self::deposit_event(Event::ValidatorSetWithheld { session_index, keyed });
				return None;
			}
			ValidatorsChanged::<T>::kill();
			Self::deposit_event(Event::NewValidatorSetPlanned { session_index, count });
			Some(validators.into_inner())
		}

		/// Checks the pallet's invariants: the validators are distinct and at most
		/// [`Config::MaxValidators`], and at least [`Config::MinValidators`] unless the set is
		/// empty or still being filled from an empty genesis (a change pending).
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let validators = Validators::<T>::get();
			let mut seen = alloc::collections::BTreeSet::new();
			ensure!(
				validators.iter().all(|validator| seen.insert(validator)),
				"a validator is listed twice"
			);
			let count = validators.len() as u32;
			ensure!(count <= T::MaxValidators::get(), "more validators than MaxValidators");
			ensure!(
				count >= T::MinValidators::get()
					|| validators.is_empty()
					|| ValidatorsChanged::<T>::get(),
				"fewer validators than MinValidators"
			);
			ensure!(
				AllowedNodes::<T>::count() <= T::MaxAllowedNodes::get(),
				"more allowed nodes than MaxAllowedNodes"
			);
			ensure!(
				AllowedNodes::<T>::iter_keys().count() as u32 == AllowedNodes::<T>::count(),
				"the allowed-node counter is off"
			);
			ensure!(
				NodeConnections::<T>::iter_keys().all(AllowedNodes::<T>::contains_key),
				"connections kept for a node that is not allowed"
			);
			ensure!(
				is_valid_slot_duration(SlotDuration::<T>::get()),
				"the slot duration is odd or shorter than MIN_SLOT_DURATION"
			);
			let keys = AuditorKeys::<T>::get();
			let mut seen = alloc::collections::BTreeSet::new();
			ensure!(keys.iter().all(|key| seen.insert(key)), "an auditor key is listed twice");
			Self::root_calls_try_state()
		}
	}
}

/// Whether accounts have set session keys: what [`Config::SessionKeys`] answers.
pub trait ValidatorKeys<AccountId> {
	/// Whether `who` has set session keys.
	fn has_keys(who: &AccountId) -> bool;

	/// Gives `who` session keys, for the benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_keys_for_benchmark(who: &AccountId);
}

/// [`ValidatorKeys`] read from pallet-session's `NextKeys`, for a runtime whose validator ids are
/// its account ids (`ValidatorIdOf = ConvertInto`).
pub struct SessionNextKeys<T>(core::marker::PhantomData<T>);

impl<T> ValidatorKeys<T::AccountId> for SessionNextKeys<T>
where
	T: pallet_session::Config<ValidatorId = <T as frame_system::Config>::AccountId>,
{
	fn has_keys(who: &T::AccountId) -> bool {
		pallet_session::NextKeys::<T>::contains_key(who)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_keys_for_benchmark(who: &T::AccountId) {
		use codec::Decode;
		use sp_runtime::traits::TrailingZeroInput;
		if let Ok(keys) = T::Keys::decode(&mut TrailingZeroInput::zeroes()) {
			pallet_session::NextKeys::<T>::insert(who, keys);
		}
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	/// Hands [`Validators`] to pallet-session for session `new_index` if it changed since the
	/// last hand-over (emitting [`Event::NewValidatorSetPlanned`]), else `None`, which keeps the
	/// current set.
	fn new_session(new_index: SessionIndex) -> Option<alloc::vec::Vec<T::AccountId>> {
		Self::plan_new_session(new_index)
	}

	/// The genesis set for sessions 0 and 1, or `None` if the genesis left it empty (then
	/// pallet-session uses its own genesis `keys`).
	fn new_session_genesis(_new_index: SessionIndex) -> Option<alloc::vec::Vec<T::AccountId>> {
		let validators = Validators::<T>::get();
		(!validators.is_empty()).then(|| validators.into_inner())
	}

	/// Nothing to do when a session ends.
	fn end_session(_end_index: SessionIndex) {}

	/// Nothing to do when a session starts.
	fn start_session(_start_index: SessionIndex) {}
}
