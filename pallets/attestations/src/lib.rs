//! # Attestations pallet
//!
//! Who may use loanchain, and who they are. Accredited KYC providers (attestors, admitted by the
//! consortium) attest that an account belongs to a verified person or company. No personal data
//! goes on chain: an identity is only a commitment (a keyed hash of the national ID or company
//! registration number, computed off chain by the attestor with the consortium's shared key; see
//! `docs/attestors.md`), a subject kind, an assurance level and an expiry.
//!
//! One subject has one identity: the first attestation of a commitment creates an
//! [`IdentityId`]; a later attestation of the same commitment, by any attestor, links the new
//! account to that same identity. An account belongs to at most one identity, for good: revoked
//! and expired accounts keep their link, so a borrower cannot escape their history with a new
//! account. Attestations are deposit-free (attestors are accountable to the consortium, and the
//! records are permanent history, so a deposit could never be returned).
//!
//! A company identity can authorise operator accounts (its API systems) to act for it; each
//! authorisation holds [`Config::OperatorDeposit`] from the company account until it is withdrawn.
//!
//! Validly attested accounts and operators of valid companies register an X25519 public key, to
//! which clients seal loan terms for borrowers, lenders and readers (see the disclosure crypto
//! format in `docs/`). Only public keys go on chain. Keys are deposit-free: each is 32 bytes, one
//! per account, and only accounts an attestor or a deposit-paying company vouched for can set one.
//!
//! The transaction extension [`CheckPermission`] makes the chain permissioned: the pool refuses
//! signed transactions from accounts that are neither validly attested, nor attestors, nor
//! consortium members, nor operators of a company whose identity is valid.
//!
//! ## Calls
//!
//! ### Consortium
//! - [`Pallet::add_attestor`]: admit a KYC provider. Emits [`Event::AttestorAdded`].
//! - [`Pallet::remove_attestor`]: remove an attestor; its attestations stay valid until they
//!   expire or are revoked. Emits [`Event::AttestorRemoved`].
//! - [`Pallet::revoke`] and [`Pallet::withdraw_operator`] also accept the consortium origin. A
//!   revocation by the consortium is final for the account: no attestor can renew it.
//!
//! ### Attestor
//! - [`Pallet::attest`]: attest (or renew the attestation of) an account. Emits
//!   [`Event::IdentityCreated`] for a new commitment, [`Event::AccountLinked`] for a new account,
//!   and always [`Event::Attested`].
//! - [`Pallet::revoke`]: revoke an attestation the caller made. Emits
//!   [`Event::AttestationRevoked`].
//!
//! ### Company
//! - [`Pallet::authorize_operator`]: authorise an operator account, holding a deposit. Emits
//!   [`Event::OperatorAuthorized`].
//! - [`Pallet::withdraw_operator`]: withdraw an authorisation, releasing the deposit. Emits
//!   [`Event::OperatorWithdrawn`].
//!
//! ### Borrower, lender or company operator
//! - [`Pallet::set_encryption_key`]: register or rotate the caller's X25519 public key. Emits
//!   [`Event::EncryptionKeySet`].
//!
//! ### Any signed account
//! - [`Pallet::clear_encryption_key`]: remove the caller's key (also once its attestation is
//!   revoked or expired). Emits [`Event::EncryptionKeyCleared`].
//!
//! ## Other pallets
//! The pallet implements [`loanchain_primitives::IdentityProvider`]; the runtime API
//! `pallet-attestations-runtime-api` serves the same queries, and the encryption keys, to clients.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod extension;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use extension::{CallGuard, CheckPermission, PermissionDenied};
pub use loanchain_primitives::{
	AssuranceLevel, AttestationStatus, Commitment, IdentityId, IdentityProvider, SubjectKind,
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		pallet_prelude::*,
		traits::{
			fungible::{self, MutateHold},
			tokens::Precision,
			Contains,
		},
	};
	use frame_system::pallet_prelude::*;

	/// The balance type of [`Config::Currency`].
	pub type BalanceOf<T> = <<T as Config>::Currency as fungible::Inspect<
		<T as frame_system::Config>::AccountId,
	>>::Balance;

	/// The attestation record as stored for `T`.
	pub type AttestationOf<T> =
		Attestation<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// The operator record as stored for `T`.
	pub type OperatorInfoOf<T> = OperatorInfo<<T as frame_system::Config>::AccountId, BalanceOf<T>>;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The fee token, from which operator deposits are held.
		type Currency: fungible::Mutate<Self::AccountId>
			+ fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// The origin that speaks for the consortium: it admits and removes attestors and may
		/// revoke any attestation or operator authorisation.
		type ConsortiumOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The current consortium members, whose transactions [`CheckPermission`] always lets
		/// through (they need not be attested).
		type IsConsortiumMember: Contains<Self::AccountId>;

		/// Calls [`CheckPermission`] refuses to a permitted signer for a role outside this
		/// pallet (in the runtime: a validator may not purge its session keys); `()` refuses
		/// none.
		type CallGuard: CallGuard<Self::AccountId, <Self as frame_system::Config>::RuntimeCall>;

		/// Most attestors admitted at once.
		#[pallet::constant]
		type MaxAttestors: Get<u32>;

		/// Most accounts one identity can ever have (links are permanent, so choose generously).
		#[pallet::constant]
		type MaxAccountsPerIdentity: Get<u32>;

		/// Most operator accounts one company can authorise at once.
		#[pallet::constant]
		type MaxOperatorsPerCompany: Get<u32>;

		/// The deposit held from a company account for each operator it authorises.
		#[pallet::constant]
		type OperatorDeposit: Get<BalanceOf<Self>>;

		/// Weights of this pallet's calls and of [`CheckPermission`], generated by the node's
		/// `benchmark pallet` command.
		type WeightInfo: WeightInfo;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A company's deposit for one operator authorisation.
		OperatorDeposit,
	}

	/// The admitted attestors (KYC providers).
	#[pallet::storage]
	pub type Attestors<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, AttestorInfo<BlockNumberFor<T>>>;

	/// How many attestors are admitted (at most [`Config::MaxAttestors`]).
	#[pallet::storage]
	pub type AttestorCount<T> = StorageValue<_, u32, ValueQuery>;

	/// The identity number the next new commitment gets.
	#[pallet::storage]
	pub type NextIdentityId<T> = StorageValue<_, IdentityId, ValueQuery>;

	/// Every identity: its commitment, kind and creation block.
	#[pallet::storage]
	pub type Identities<T: Config> =
		StorageMap<_, Twox64Concat, IdentityId, IdentityInfo<BlockNumberFor<T>>>;

	/// The commitment index: which identity a commitment belongs to (one identity per subject).
	#[pallet::storage]
	pub type IdentityByCommitment<T> = StorageMap<_, Blake2_128Concat, Commitment, IdentityId>;

	/// The accounts linked to each identity, in the order they were linked. Links are permanent.
	#[pallet::storage]
	pub type AccountsOf<T: Config> = StorageMap<
		_,
		Twox64Concat,
		IdentityId,
		BoundedVec<T::AccountId, T::MaxAccountsPerIdentity>,
		ValueQuery,
	>;

	/// The attestation of each attested account, including the identity it belongs to. Never
	/// removed: revocation and expiry only change its status.
	#[pallet::storage]
	pub type Attestations<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, AttestationOf<T>>;

	/// The company each operator account acts for, and the deposit held for it.
	#[pallet::storage]
	pub type OperatorOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, OperatorInfoOf<T>>;

	/// The operator accounts each company identity has authorised.
	#[pallet::storage]
	pub type OperatorsOf<T: Config> = StorageMap<
		_,
		Twox64Concat,
		IdentityId,
		BoundedVec<T::AccountId, T::MaxOperatorsPerCompany>,
		ValueQuery,
	>;

	/// Each account's X25519 public key, to which clients seal loan terms for it (as borrower,
	/// lender or reader). Public keys only; never a low-order point.
	#[pallet::storage]
	pub type EncryptionKeys<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, [u8; 32]>;

	/// The attestors of a new chain.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Accounts admitted as attestors from the first block.
		pub attestors: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for attestor in &self.attestors {
				let added = Pallet::<T>::do_add_attestor(attestor.clone());
				assert!(
					added.is_ok(),
					"genesis attestors must be distinct and at most MaxAttestors"
				);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The consortium admitted an attestor.
		AttestorAdded {
			/// The new attestor.
			attestor: T::AccountId,
		},
		/// The consortium removed an attestor; its attestations stay until they expire.
		AttestorRemoved {
			/// The removed attestor.
			attestor: T::AccountId,
		},
		/// A commitment was attested for the first time, creating a new identity.
		IdentityCreated {
			/// The new identity.
			identity: IdentityId,
			/// Person or company.
			kind: SubjectKind,
		},
		/// An account was linked (for good) to an identity.
		AccountLinked {
			/// The account.
			account: T::AccountId,
			/// The identity it now belongs to.
			identity: IdentityId,
		},
		/// An attestor attested (or renewed the attestation of) an account.
		Attested {
			/// The attested account.
			account: T::AccountId,
			/// The identity it belongs to.
			identity: IdentityId,
			/// The attestor.
			attestor: T::AccountId,
			/// The assurance level of the check.
			level: AssuranceLevel,
			/// The first block at which the attestation is no longer valid.
			expires_at: BlockNumberFor<T>,
		},
		/// An account's attestation was revoked; the account keeps its identity and history.
		AttestationRevoked {
			/// The account.
			account: T::AccountId,
			/// The identity it belongs to.
			identity: IdentityId,
			/// The attestor that revoked it, or `None` for the consortium.
			revoker: Option<T::AccountId>,
		},
		/// A company authorised an operator account to act for it.
		OperatorAuthorized {
			/// The company identity.
			company: IdentityId,
			/// The operator account.
			operator: T::AccountId,
			/// The company account whose deposit is held.
			depositor: T::AccountId,
			/// The deposit held.
			deposit: BalanceOf<T>,
		},
		/// An operator authorisation was withdrawn and its deposit released.
		OperatorWithdrawn {
			/// The company identity.
			company: IdentityId,
			/// The former operator account.
			operator: T::AccountId,
		},
		/// An account registered (or replaced) its X25519 public key.
		EncryptionKeySet {
			/// The account.
			who: T::AccountId,
			/// Its new X25519 public key.
			key: [u8; 32],
		},
		/// An account removed its X25519 public key.
		EncryptionKeyCleared {
			/// The account.
			who: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller (or the account named) is not an admitted attestor.
		NotAttestor,
		/// The account is already an attestor.
		AlreadyAttestor,
		/// [`Config::MaxAttestors`] attestors are already admitted.
		TooManyAttestors,
		/// The expiry must be a block after the current one.
		ExpiryNotInFuture,
		/// The account already belongs to a different identity (an account has one identity).
		LinkedToOtherIdentity,
		/// The commitment's identity is of the other subject kind.
		WrongKind,
		/// The identity already has [`Config::MaxAccountsPerIdentity`] accounts.
		TooManyAccounts,
		/// No more identity numbers are available.
		IdentityIdOverflow,
		/// The identity record is missing (inconsistent state).
		UnknownIdentity,
		/// The account has no attestation.
		NotAttested,
		/// The account's attestation has expired.
		Expired,
		/// The account's attestation has been revoked.
		Revoked,
		/// The attestation is already revoked.
		AlreadyRevoked,
		/// The caller may not act on this attestation or authorisation.
		NotAuthorized,
		/// The caller's identity is a person, not a company.
		NotCompany,
		/// The account is a company operator, so it cannot be attested or authorised again.
		AlreadyOperator,
		/// The account belongs to an identity, so it cannot be another company's operator.
		HasIdentity,
		/// The company already has [`Config::MaxOperatorsPerCompany`] operators.
		TooManyOperators,
		/// The account is not an operator.
		NotOperator,
		/// The caller cannot pay the operator deposit.
		CannotPayDeposit,
		/// The consortium revoked this account's attestation, which is final: an attestor
		/// cannot renew it (the subject may be attested on a new account instead).
		RevokedByConsortium,
		/// The caller is an operator of a company that has no validly attested account any more.
		CompanyNotValid,
		/// The key is a low-order X25519 point (such as all zeros), to which nothing can be
		/// sealed securely.
		InvalidEncryptionKey,
		/// The caller has no encryption key to clear.
		NoEncryptionKey,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Admit `attestor` as a KYC provider.
		///
		/// Who may call: only `ConsortiumOrigin`. Emits [`Event::AttestorAdded`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_attestor())]
		pub fn add_attestor(origin: OriginFor<T>, attestor: T::AccountId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_add_attestor(attestor)
		}

		/// Remove `attestor`. Its past attestations stay valid until they expire unless revoked.
		///
		/// Who may call: only `ConsortiumOrigin`. Emits [`Event::AttestorRemoved`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_attestor())]
		pub fn remove_attestor(origin: OriginFor<T>, attestor: T::AccountId) -> DispatchResult {
			T::ConsortiumOrigin::ensure_origin(origin)?;
			Self::do_remove_attestor(attestor)
		}

		/// Attest that `account` belongs to the verified subject with `commitment`, of `kind`,
		/// checked at `level`, valid until block `expires_at` (exclusive). The first attestation
		/// of a commitment creates an identity; later ones link the account to it; attesting an
		/// account again renews its attestation (also after expiry or an attestor's revocation,
		/// but never after a revocation by the consortium: `RevokedByConsortium`).
		///
		/// Who may call: an admitted attestor. Emits [`Event::IdentityCreated`] (new commitment),
		/// [`Event::AccountLinked`] (new account) and [`Event::Attested`].
		#[pallet::call_index(2)]
		#[pallet::weight(
			T::WeightInfo::attest_new_identity().max(T::WeightInfo::attest_existing_identity())
		)]
		pub fn attest(
			origin: OriginFor<T>,
			account: T::AccountId,
			commitment: Commitment,
			kind: SubjectKind,
			level: AssuranceLevel,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResultWithPostInfo {
			let attestor = ensure_signed(origin)?;
			Self::do_attest(attestor, account, commitment, kind, level, expires_at)
		}

		/// Revoke `account`'s attestation: it can no longer transact or start loans, but keeps
		/// its identity and history. A revocation by the consortium is final for the account
		/// (attestors cannot renew it); the consortium may also revoke an attestation an
		/// attestor already revoked, to make that revocation final.
		///
		/// Who may call: the attestor that made the attestation (while still admitted), or
		/// `ConsortiumOrigin`. Emits [`Event::AttestationRevoked`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, account: T::AccountId) -> DispatchResult {
			let revoker = Self::ensure_consortium_or_signed(origin)?;
			Self::do_revoke(revoker, account)
		}

		/// Authorise `operator` (an account of the caller's API systems) to act for the
		/// caller's company, holding [`Config::OperatorDeposit`] from the caller.
		///
		/// Who may call: a validly attested account of a company identity. Emits
		/// [`Event::OperatorAuthorized`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::authorize_operator())]
		pub fn authorize_operator(origin: OriginFor<T>, operator: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_authorize_operator(who, operator)
		}

		/// Withdraw `operator`'s authorisation and release its deposit to the account that paid
		/// it.
		///
		/// Who may call: a validly attested account of the operator's company, or
		/// `ConsortiumOrigin`. Emits [`Event::OperatorWithdrawn`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::withdraw_operator())]
		pub fn withdraw_operator(origin: OriginFor<T>, operator: T::AccountId) -> DispatchResult {
			let who = Self::ensure_consortium_or_signed(origin)?;
			Self::do_withdraw_operator(who, operator)
		}

		/// Register `key` as the caller's X25519 public key, replacing any earlier one (key
		/// rotation), so that clients can seal loan terms to the caller.
		///
		/// Who may call: a validly attested account (borrower, lender, company account) or an
		/// operator of a company whose identity is valid. Emits [`Event::EncryptionKeySet`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::set_encryption_key())]
		pub fn set_encryption_key(origin: OriginFor<T>, key: [u8; 32]) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_encryption_key(who, key)
		}

		/// Remove the caller's X25519 public key, so that no new loan terms are sealed to it.
		///
		/// Who may call: any signed account, attested or not (so that a revoked or expired
		/// account can still withdraw its key). Emits [`Event::EncryptionKeyCleared`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::clear_encryption_key())]
		pub fn clear_encryption_key(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_clear_encryption_key(who)
		}
	}

	impl<T: Config> Pallet<T> {
		/// `None` for the consortium origin, `Some(account)` for any other signed origin.
		fn ensure_consortium_or_signed(
			origin: OriginFor<T>,
		) -> Result<Option<T::AccountId>, DispatchError> {
			match T::ConsortiumOrigin::try_origin(origin) {
				Ok(_) => Ok(None),
				Err(origin) => Ok(Some(ensure_signed(origin)?)),
			}
		}

		/// Fails with the matching error unless `attestation` is valid now.
		fn ensure_valid(attestation: &AttestationOf<T>) -> DispatchResult {
			match attestation.status_at(&frame_system::Pallet::<T>::block_number()) {
				AttestationStatus::Valid => Ok(()),
				AttestationStatus::Expired => Err(Error::<T>::Expired.into()),
				AttestationStatus::Revoked => Err(Error::<T>::Revoked.into()),
				AttestationStatus::None => Err(Error::<T>::NotAttested.into()),
			}
		}

		/// Fails with the matching error unless `who` may act in loans now: its own attestation
		/// is valid, or it is an operator of a company whose identity is valid.
		fn ensure_may_act(who: &T::AccountId) -> DispatchResult {
			// An operator has no attestation of its own (they exclude each other).
			if let Some(operator) = OperatorOf::<T>::get(who) {
				ensure!(
					<Self as IdentityProvider<T::AccountId>>::is_identity_valid(operator.company),
					Error::<T>::CompanyNotValid
				);
				return Ok(());
			}
			let attestation = Attestations::<T>::get(who).ok_or(Error::<T>::NotAttested)?;
			Self::ensure_valid(&attestation)
		}

		/// Admits `attestor` (bounded by [`Config::MaxAttestors`]).
		pub(crate) fn do_add_attestor(attestor: T::AccountId) -> DispatchResult {
			ensure!(!Attestors::<T>::contains_key(&attestor), Error::<T>::AlreadyAttestor);
			let count = AttestorCount::<T>::get();
			ensure!(count < T::MaxAttestors::get(), Error::<T>::TooManyAttestors);
			let admitted_at = frame_system::Pallet::<T>::block_number();
			Attestors::<T>::insert(&attestor, AttestorInfo { admitted_at });
			AttestorCount::<T>::put(count.saturating_add(1));
			Self::deposit_event(Event::AttestorAdded { attestor });
			Ok(())
		}

		/// Removes `attestor`; its attestations are left untouched.
		pub(crate) fn do_remove_attestor(attestor: T::AccountId) -> DispatchResult {
			ensure!(Attestors::<T>::take(&attestor).is_some(), Error::<T>::NotAttestor);
			AttestorCount::<T>::mutate(|count| *count = count.saturating_sub(1));
			Self::deposit_event(Event::AttestorRemoved { attestor });
			Ok(())
		}

		/// Checks the attestor and the expiry, then records the attestation. Returns the weight
		/// of the path taken (a new identity or an existing one).
		pub(crate) fn do_attest(
			attestor: T::AccountId,
			account: T::AccountId,
			commitment: Commitment,
			kind: SubjectKind,
			level: AssuranceLevel,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResultWithPostInfo {
			ensure!(Attestors::<T>::contains_key(&attestor), Error::<T>::NotAttestor);
			ensure!(
				expires_at > frame_system::Pallet::<T>::block_number(),
				Error::<T>::ExpiryNotInFuture
			);
			let created =
				Self::record_attestation(attestor, account, commitment, kind, level, expires_at)?;
			let weight = if created {
				T::WeightInfo::attest_new_identity()
			} else {
				T::WeightInfo::attest_existing_identity()
			};
			Ok(Some(weight).into())
		}

		/// Links `account` to the identity of `commitment` (creating it if new) and stores its
		/// attestation. Returns whether a new identity was created. All checks come before the
		/// first write.
		pub(crate) fn record_attestation(
			attestor: T::AccountId,
			account: T::AccountId,
			commitment: Commitment,
			kind: SubjectKind,
			level: AssuranceLevel,
			expires_at: BlockNumberFor<T>,
		) -> Result<bool, DispatchError> {
			ensure!(!OperatorOf::<T>::contains_key(&account), Error::<T>::AlreadyOperator);
			let now = frame_system::Pallet::<T>::block_number();
			let existing = IdentityByCommitment::<T>::get(commitment);
			if let Some(identity) = existing {
				let info = Identities::<T>::get(identity).ok_or(Error::<T>::UnknownIdentity)?;
				ensure!(info.kind == kind, Error::<T>::WrongKind);
			}
			let previous = Attestations::<T>::get(&account);
			if let Some(previous) = &previous {
				ensure!(Some(previous.identity) == existing, Error::<T>::LinkedToOtherIdentity);
				ensure!(!previous.revoked_by_consortium, Error::<T>::RevokedByConsortium);
			}

			let (identity, created) = match (existing, previous.is_some()) {
				// Renewal: the account is already linked to this identity.
				(Some(identity), true) => (identity, false),
				// A further account of a known subject.
				(Some(identity), false) => {
					let mut accounts = AccountsOf::<T>::get(identity);
					accounts.try_push(account.clone()).map_err(|_| Error::<T>::TooManyAccounts)?;
					AccountsOf::<T>::insert(identity, accounts);
					Self::deposit_event(Event::AccountLinked {
						account: account.clone(),
						identity,
					});
					(identity, false)
				},
				// A new subject (`previous` is `None` here: checked above).
				(None, _) => {
					let identity = NextIdentityId::<T>::get();
					let next = identity.checked_add(1).ok_or(Error::<T>::IdentityIdOverflow)?;
					let mut accounts = BoundedVec::<T::AccountId, T::MaxAccountsPerIdentity>::new();
					accounts.try_push(account.clone()).map_err(|_| Error::<T>::TooManyAccounts)?;
					NextIdentityId::<T>::put(next);
					Identities::<T>::insert(
						identity,
						IdentityInfo { commitment, kind, created_at: now },
					);
					IdentityByCommitment::<T>::insert(commitment, identity);
					AccountsOf::<T>::insert(identity, accounts);
					Self::deposit_event(Event::IdentityCreated { identity, kind });
					Self::deposit_event(Event::AccountLinked {
						account: account.clone(),
						identity,
					});
					(identity, true)
				},
			};

			Attestations::<T>::insert(
				&account,
				Attestation {
					identity,
					attestor: attestor.clone(),
					level,
					attested_at: now,
					expires_at,
					revoked_at: None,
					revoked_by_consortium: false,
				},
			);
			Self::deposit_event(Event::Attested { account, identity, attestor, level, expires_at });
			Ok(created)
		}

		/// Revokes `account`'s attestation; `revoker` is `None` for the consortium, else the
		/// attestor, who must have made the attestation. The consortium may also revoke an
		/// attestation an attestor revoked (keeping its `revoked_at`), making it final.
		pub(crate) fn do_revoke(
			revoker: Option<T::AccountId>,
			account: T::AccountId,
		) -> DispatchResult {
			let now = frame_system::Pallet::<T>::block_number();
			let identity = Attestations::<T>::try_mutate(&account, |maybe| {
				let attestation = maybe.as_mut().ok_or(Error::<T>::NotAttested)?;
				if let Some(who) = &revoker {
					ensure!(Attestors::<T>::contains_key(who), Error::<T>::NotAttestor);
					ensure!(attestation.attestor == *who, Error::<T>::NotAuthorized);
				}
				let by_consortium = revoker.is_none();
				ensure!(
					attestation.revoked_at.is_none()
						|| (by_consortium && !attestation.revoked_by_consortium),
					Error::<T>::AlreadyRevoked
				);
				attestation.revoked_at = Some(attestation.revoked_at.unwrap_or(now));
				attestation.revoked_by_consortium = by_consortium;
				Ok::<_, DispatchError>(attestation.identity)
			})?;
			Self::deposit_event(Event::AttestationRevoked { account, identity, revoker });
			Ok(())
		}

		/// Authorises `operator` for the company of `who`, holding the deposit from `who`.
		pub(crate) fn do_authorize_operator(
			who: T::AccountId,
			operator: T::AccountId,
		) -> DispatchResult {
			let attestation = Attestations::<T>::get(&who).ok_or(Error::<T>::NotAttested)?;
			Self::ensure_valid(&attestation)?;
			let company = attestation.identity;
			let info = Identities::<T>::get(company).ok_or(Error::<T>::UnknownIdentity)?;
			ensure!(info.kind == SubjectKind::Company, Error::<T>::NotCompany);
			ensure!(!OperatorOf::<T>::contains_key(&operator), Error::<T>::AlreadyOperator);
			ensure!(!Attestations::<T>::contains_key(&operator), Error::<T>::HasIdentity);
			let mut operators = OperatorsOf::<T>::get(company);
			operators.try_push(operator.clone()).map_err(|_| Error::<T>::TooManyOperators)?;

			let deposit = T::OperatorDeposit::get();
			T::Currency::hold(&HoldReason::OperatorDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::CannotPayDeposit)?;
			OperatorsOf::<T>::insert(company, operators);
			OperatorOf::<T>::insert(
				&operator,
				OperatorInfo { company, depositor: who.clone(), deposit },
			);
			Self::deposit_event(Event::OperatorAuthorized {
				company,
				operator,
				depositor: who,
				deposit,
			});
			Ok(())
		}

		/// Withdraws `operator`'s authorisation; `who` is `None` for the consortium, else an
		/// account of the operator's company.
		pub(crate) fn do_withdraw_operator(
			who: Option<T::AccountId>,
			operator: T::AccountId,
		) -> DispatchResult {
			let record = OperatorOf::<T>::get(&operator).ok_or(Error::<T>::NotOperator)?;
			if let Some(who) = &who {
				let attestation = Attestations::<T>::get(who).ok_or(Error::<T>::NotAttested)?;
				ensure!(attestation.identity == record.company, Error::<T>::NotAuthorized);
				Self::ensure_valid(&attestation)?;
			}
			OperatorsOf::<T>::mutate(record.company, |operators| {
				operators.retain(|account| *account != operator)
			});
			OperatorOf::<T>::remove(&operator);
			T::Currency::release(
				&HoldReason::OperatorDeposit.into(),
				&record.depositor,
				record.deposit,
				Precision::BestEffort,
			)?;
			Self::deposit_event(Event::OperatorWithdrawn { company: record.company, operator });
			Ok(())
		}

		/// Checks the key and that `who` may act in loans, then stores `key` as its encryption
		/// key, replacing any earlier one.
		pub(crate) fn do_set_encryption_key(who: T::AccountId, key: [u8; 32]) -> DispatchResult {
			ensure!(is_valid_encryption_key(&key), Error::<T>::InvalidEncryptionKey);
			Self::ensure_may_act(&who)?;
			EncryptionKeys::<T>::insert(&who, key);
			Self::deposit_event(Event::EncryptionKeySet { who, key });
			Ok(())
		}

		/// Removes the encryption key of `who`.
		pub(crate) fn do_clear_encryption_key(who: T::AccountId) -> DispatchResult {
			ensure!(EncryptionKeys::<T>::take(&who).is_some(), Error::<T>::NoEncryptionKey);
			Self::deposit_event(Event::EncryptionKeyCleared { who });
			Ok(())
		}

		/// The X25519 public key `account` registered, whatever the state of its attestation
		/// (check [`Self::status_of`] or [`Self::company_of_operator`] before sealing to it).
		pub fn encryption_key(account: &T::AccountId) -> Option<[u8; 32]> {
			EncryptionKeys::<T>::get(account)
		}

		/// The identity `account` belongs to, whatever the state of its attestation.
		pub fn identity_of(account: &T::AccountId) -> Option<IdentityId> {
			Attestations::<T>::get(account).map(|attestation| attestation.identity)
		}

		/// The state of `account`'s attestation at the current block.
		pub fn status_of(account: &T::AccountId) -> AttestationStatus {
			Attestations::<T>::get(account).map_or(AttestationStatus::None, |attestation| {
				attestation.status_at(&frame_system::Pallet::<T>::block_number())
			})
		}

		/// The accounts linked to `identity` (empty if it does not exist).
		pub fn accounts_of(identity: IdentityId) -> Vec<T::AccountId> {
			AccountsOf::<T>::get(identity).into_inner()
		}

		/// The company identity `account` is an operator of, if any.
		pub fn company_of_operator(account: &T::AccountId) -> Option<IdentityId> {
			OperatorOf::<T>::get(account).map(|record| record.company)
		}

		/// Whether `account` may submit signed transactions (the check of [`CheckPermission`]):
		/// a valid attestation, an attestor, a consortium member, or an operator of a company
		/// whose identity is valid.
		pub fn check_permission(account: &T::AccountId) -> Result<(), PermissionDenied> {
			let status = Self::status_of(account);
			if status == AttestationStatus::Valid
				|| T::IsConsortiumMember::contains(account)
				|| Attestors::<T>::contains_key(account)
			{
				return Ok(());
			}
			// An operator has no attestation of its own (they exclude each other).
			if let Some(operator) = OperatorOf::<T>::get(account) {
				return if <Self as IdentityProvider<T::AccountId>>::is_identity_valid(
					operator.company,
				) {
					Ok(())
				} else {
					Err(PermissionDenied::CompanyNotValid)
				};
			}
			Err(match status {
				AttestationStatus::Expired => PermissionDenied::AttestationExpired,
				AttestationStatus::Revoked => PermissionDenied::AttestationRevoked,
				AttestationStatus::None | AttestationStatus::Valid => {
					PermissionDenied::UnknownAccount
				},
			})
		}

		/// Checks the pallet's invariants: the attestor count, the commitment index against the
		/// identity records, every linked account pointing at an existing identity, the operator
		/// records against the company lists, and that no encryption key is of low order.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let attestors = Attestors::<T>::iter_keys().count();
			ensure!(
				attestors == AttestorCount::<T>::get() as usize,
				"AttestorCount differs from the number of attestors"
			);
			ensure!(attestors <= T::MaxAttestors::get() as usize, "too many attestors");

			let next = NextIdentityId::<T>::get();
			for (identity, info) in Identities::<T>::iter() {
				ensure!(identity < next, "identity id not below NextIdentityId");
				ensure!(
					IdentityByCommitment::<T>::get(info.commitment) == Some(identity),
					"identity's commitment does not index back to it"
				);
				let accounts = AccountsOf::<T>::get(identity);
				ensure!(!accounts.is_empty(), "identity without accounts");
				for account in accounts {
					ensure!(
						Self::identity_of(&account) == Some(identity),
						"account of an identity is not attested to it"
					);
				}
			}
			for (commitment, identity) in IdentityByCommitment::<T>::iter() {
				let info =
					Identities::<T>::get(identity).ok_or("commitment of a missing identity")?;
				ensure!(info.commitment == commitment, "commitment index disagrees with identity");
			}
			for (account, attestation) in Attestations::<T>::iter() {
				ensure!(
					Identities::<T>::contains_key(attestation.identity),
					"attested account points at a missing identity"
				);
				ensure!(
					AccountsOf::<T>::get(attestation.identity).contains(&account),
					"attested account missing from its identity's accounts"
				);
				ensure!(!OperatorOf::<T>::contains_key(&account), "an operator is attested");
				ensure!(
					!attestation.revoked_by_consortium || attestation.revoked_at.is_some(),
					"revoked by the consortium without a revocation block"
				);
			}
			for (operator, record) in OperatorOf::<T>::iter() {
				let info =
					Identities::<T>::get(record.company).ok_or("operator of a missing company")?;
				ensure!(info.kind == SubjectKind::Company, "operator of a person");
				ensure!(
					OperatorsOf::<T>::get(record.company).contains(&operator),
					"operator missing from its company's list"
				);
			}
			for (company, operators) in OperatorsOf::<T>::iter() {
				for operator in operators {
					ensure!(
						Self::company_of_operator(&operator) == Some(company),
						"listed operator does not point back at its company"
					);
				}
			}
			for key in EncryptionKeys::<T>::iter_values() {
				ensure!(is_valid_encryption_key(&key), "a low-order encryption key is stored");
			}
			Ok(())
		}
	}

	impl<T: Config> IdentityProvider<T::AccountId> for Pallet<T> {
		fn identity_of(account: &T::AccountId) -> Option<IdentityId> {
			Self::identity_of(account)
		}

		fn status_of(account: &T::AccountId) -> AttestationStatus {
			Self::status_of(account)
		}

		fn kind_of(identity: IdentityId) -> Option<SubjectKind> {
			Identities::<T>::get(identity).map(|info| info.kind)
		}

		fn is_identity_valid(identity: IdentityId) -> bool {
			// Bounded by `MaxAccountsPerIdentity`.
			AccountsOf::<T>::get(identity)
				.iter()
				.any(|account| Self::status_of(account) == AttestationStatus::Valid)
		}

		fn company_of_operator(account: &T::AccountId) -> Option<IdentityId> {
			Self::company_of_operator(account)
		}

		#[cfg(feature = "runtime-benchmarks")]
		fn attest_for_benchmark(account: &T::AccountId, kind: SubjectKind) -> Option<IdentityId> {
			use codec::Encode;
			use sp_runtime::traits::{BlakeTwo256, Bounded, Hash};
			let commitment = BlakeTwo256::hash(&(b"benchmark", account).encode());
			Self::record_attestation(
				account.clone(),
				account.clone(),
				commitment,
				kind,
				AssuranceLevel::High,
				BlockNumberFor::<T>::max_value(),
			)
			.ok()?;
			Self::identity_of(account)
		}
	}
}
