//! # Lender ring pallet
//!
//! The rings of lenders' member keys, and the check of ring proofs against them
//! (`docs/privacy.md`, section 1). An identity that may lend (an attested person, or a company
//! through its operators) registers one Bandersnatch member key; keys fill rings of at most
//! [`MAX_RING_SIZE`] members in order, and the chain keeps each ring's commitment up to date as
//! keys join and leave. A ring proof made by the holder of any key of a ring then says "an
//! attested lender of this ring, with this alias in this context" and nothing more: the loans
//! pallet checks one at each loan's confirmation through [`loanchain_primitives::LenderRing`],
//! so the chain knows a loan's lender is an attested lender, the same one for the whole loan,
//! and nobody learns which.
//!
//! Being in a ring is public (it says "may lend", not to whom); the cryptography is the
//! published `verifiable` crate (GPL-3.0-or-later WITH Classpath-exception-2.0), the ring VRF
//! `pallet-people` uses; nothing here is home-made.
//!
//! ## Calls
//!
//! ### Lender (a person's account, or a company's account or operator, for the company)
//! - [`Pallet::register_key`]: register the identity's member key, holding
//!   [`Config::KeyDeposit`]; the key joins the current ring and, unless the ring is being
//!   rebuilt, its next revision at once. Emits [`Event::MemberKeyRegistered`] and
//!   [`Event::RingRevised`].
//! - [`Pallet::remove_key`]: take the identity's key out of its ring (to rotate it, or to stop
//!   lending), returning the deposit. Emits [`Event::MemberKeyRemoved`].
//!
//! ### Anyone
//! - [`Pallet::prune_key`]: take out the key of an identity none of whose accounts is validly
//!   attested any more (revoked or expired), returning the deposit to its payer, so a lender
//!   that lost its attestation cannot prove membership for long. Emits
//!   [`Event::MemberKeyRemoved`].
//!
//! ### The chain
//! A ring a key left is rebuilt from its remaining keys in `on_initialize`, at most
//! [`Config::RebuildStep`] keys per block; when done it gets a new revision
//! ([`Event::RingRevised`]) and its older revisions, which still held the key that left, are
//! dropped. Until then proofs against the latest revision are still accepted, so a removal takes
//! effect within `ceil(767 / RebuildStep)` blocks while confirmations never wait.
//!
//! ## Revisions
//! Every change to a ring's commitment is a new revision. A proof names the revision it was
//! made against; the chain accepts the last [`Config::KeptRevisions`] revisions of a ring (all
//! made by keys joining, so each is a subset of the latest), and only revisions of at least
//! [`Config::MinRingSize`] members, so no lender hides in a crowd of three.
//!
//! ## Queries (runtime API `pallet-lender-ring-runtime-api`)
//! [`Pallet::current_ring`], [`Pallet::ring_view`], [`Pallet::member_view`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(any(feature = "runtime-benchmarks", test))]
pub mod benchmark_fixture;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod building;
mod members;
#[cfg(test)]
mod mock;
mod proofs;
mod queries;
#[cfg(test)]
mod tests;
#[cfg(any(feature = "try-runtime", test))]
mod try_state;
pub mod types;
pub mod weights;

pub use loanchain_primitives::{
	Alias, IdentityId, IdentityProvider, LenderRing, MemberKey, RingIndex, RingProofError,
	RingRevision,
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::lender-ring";

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::fungible};
	use frame_system::pallet_prelude::*;

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// The member record of this runtime.
	pub type MemberRecordOf<T> = MemberRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The fee token, from which key deposits are held.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// Who accounts are: their identity, attestation state and company (the attestations
		/// pallet).
		type Identities: IdentityProvider<Self::AccountId>;

		/// The deposit held from the account that registers a member key, for its storage;
		/// returned when the key is removed.
		#[pallet::constant]
		type KeyDeposit: Get<BalanceOf<Self>>;

		/// The most rings (so at most `MaxRings × 767` member keys).
		#[pallet::constant]
		type MaxRings: Get<u32>;

		/// The fewest members a revision must commit to before proofs against it are accepted.
		#[pallet::constant]
		type MinRingSize: Get<u32>;

		/// How many of a ring's latest revisions the chain accepts proofs against (at least 1),
		/// so a proof made against a ring a key joined since is still good.
		#[pallet::constant]
		type KeptRevisions: Get<u32>;

		/// The most keys a rebuild pushes in one block (at least 1).
		#[pallet::constant]
		type RebuildStep: Get<u32>;

		/// Weights of this pallet's calls, of the rebuild and of a proof check, generated by the
		/// node's `benchmark pallet` command.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit for a registered member key.
		KeyDeposit,
	}

	/// The member key each identity registered, the ring it is in, and its deposit.
	#[pallet::storage]
	pub type MemberOf<T: Config> = StorageMap<_, Twox64Concat, IdentityId, MemberRecordOf<T>>;

	/// The identity holding each registered member key, so one key is in one ring only.
	#[pallet::storage]
	pub type KeyOwner<T: Config> = StorageMap<_, Blake2_128Concat, MemberKey, IdentityId>;

	/// The member keys of each ring in ring order: the order proofs are made against. Keys that
	/// left stay until their ring's rebuild is done.
	#[pallet::storage]
	pub type RingMembers<T: Config> = StorageMap<_, Twox64Concat, RingIndex, RingKeys, ValueQuery>;

	/// Each ring's commitment under construction and pending rebuild.
	#[pallet::storage]
	pub type Rings<T: Config> = StorageMap<_, Twox64Concat, RingIndex, RingState>;

	/// The commitments of each ring's kept revisions, what proofs are checked against.
	#[pallet::storage]
	pub type Roots<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		RingIndex,
		Twox64Concat,
		RingRevision,
		RingRoot<BlockNumberFor<T>>,
	>;

	/// The ring new member keys join; the next one opens when it is full.
	#[pallet::storage]
	pub type CurrentRing<T: Config> = StorageValue<_, RingIndex, ValueQuery>;

	/// The rings waiting for or in a rebuild, oldest first (one at a time is rebuilt).
	#[pallet::storage]
	pub type RebuildQueue<T: Config> =
		StorageValue<_, BoundedVec<RingIndex, T::MaxRings>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An identity registered its member key, which joined a ring.
		MemberKeyRegistered {
			/// The identity (being in a ring is public: it says the identity may lend).
			identity: IdentityId,
			/// The ring the key joined.
			ring: RingIndex,
		},
		/// An identity's member key left its ring; the ring is being rebuilt without it.
		MemberKeyRemoved {
			/// The identity.
			identity: IdentityId,
			/// The ring the key left.
			ring: RingIndex,
			/// Whether it was pruned because the identity is no longer validly attested (rather
			/// than removed by the identity itself).
			pruned: bool,
		},
		/// A ring has a new revision of its commitment.
		RingRevised {
			/// The ring.
			ring: RingIndex,
			/// The new revision, which proofs can now name.
			revision: RingRevision,
			/// How many member keys it commits to.
			members: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller does not act for that identity: its own attestation is not valid, or it
		/// is not an operator of that (validly attested) company.
		NotAuthorized,
		/// The identity already has a member key; remove it first to register another.
		AlreadyRegistered,
		/// Another identity registered that member key.
		KeyInUse,
		/// The bytes are not a Bandersnatch public key (compressed, not the identity point).
		InvalidKey,
		/// The identity has no member key.
		NoKey,
		/// The identity still has a validly attested account, so only it may remove its key.
		StillValid,
		/// Every ring is full ([`Config::MaxRings`] rings of 767 keys).
		RingsFull,
		/// The ring's commitment could not be updated (the stored state is not what this pallet
		/// wrote; nothing was changed).
		RingCorrupt,
		/// Too many rings wait for a rebuild (at most [`Config::MaxRings`]).
		TooManyRebuilds,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			Self::rebuild_step()
		}

		fn integrity_test() {
			assert!(T::KeptRevisions::get() >= 1, "KeptRevisions must be at least 1");
			assert!(T::RebuildStep::get() >= 1, "RebuildStep must be at least 1");
			assert!(T::MaxRings::get() >= 1, "MaxRings must be at least 1");
			assert!(
				T::MinRingSize::get() <= MAX_RING_SIZE,
				"MinRingSize must fit in a ring of 767 keys"
			);
			assert_eq!(CHUNKS.len(), MAX_RING_SIZE as usize * CHUNK_LEN, "one chunk per member");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register `key` as `identity`'s member key: it joins the current ring (the next one
		/// when that is full) and, unless the ring is being rebuilt, the ring's next revision
		/// at once. Holds [`Config::KeyDeposit`] from the caller until the key is removed.
		///
		/// Who may call: an account acting for `identity` (its own valid attestation, or an
		/// operator of that valid company). Emits [`Event::MemberKeyRegistered`] and, unless
		/// the ring is being rebuilt, [`Event::RingRevised`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_key())]
		pub fn register_key(
			origin: OriginFor<T>,
			identity: IdentityId,
			key: MemberKey,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_key(who, identity, key)
		}

		/// Take `identity`'s member key out of its ring and return the deposit to its payer.
		/// The ring is rebuilt without it over the next blocks.
		///
		/// Who may call: an account acting for `identity`. Emits [`Event::MemberKeyRemoved`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_key())]
		pub fn remove_key(origin: OriginFor<T>, identity: IdentityId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(T::Identities::acts_for(&who, identity), Error::<T>::NotAuthorized);
			Self::do_remove_key(identity, false)
		}

		/// Take out the member key of `identity`, none of whose accounts is validly attested any
		/// more, and return the deposit to its payer.
		///
		/// Who may call: any signed account. Emits [`Event::MemberKeyRemoved`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::prune_key())]
		pub fn prune_key(origin: OriginFor<T>, identity: IdentityId) -> DispatchResult {
			ensure_signed(origin)?;
			ensure!(MemberOf::<T>::contains_key(identity), Error::<T>::NoKey);
			ensure!(!T::Identities::is_identity_valid(identity), Error::<T>::StillValid);
			Self::do_remove_key(identity, true)
		}
	}
}

impl<T: Config> LenderRing for Pallet<T> {
	fn validate(
		ring: RingIndex,
		revision: RingRevision,
		context: &[u8],
		message: &[u8],
		proof: &[u8],
	) -> Result<Alias, RingProofError> {
		Self::do_validate(ring, revision, context, message, proof)
	}
}
