//! Runtime API of `pallet-attestations`: who an account is, whether it may act, which accounts
//! belong to an identity, and the X25519 key to seal loan terms to. The runtime implements it
//! with the pallet's query helpers (`Attestations::identity_of`, `status_of`, `accounts_of`,
//! `company_of_operator`, `encryption_key`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use codec::Codec;
pub use loanchain_primitives::{AttestationStatus, IdentityId};

sp_api::decl_runtime_apis! {
	/// Identity and attestation queries for clients (apps, companies, auditors).
	pub trait AttestationsApi<AccountId>
	where
		AccountId: Codec,
	{
		/// The identity `account` belongs to, whatever the state of its attestation; `None` if
		/// it was never attested.
		fn identity_of(account: AccountId) -> Option<IdentityId>;

		/// The state of `account`'s attestation at the best block: valid, expired, revoked, or
		/// none.
		fn attestation_status(account: AccountId) -> AttestationStatus;

		/// Every account linked to `identity`, in the order they were linked (empty if the
		/// identity does not exist).
		fn accounts_of(identity: IdentityId) -> Vec<AccountId>;

		/// The company identity `account` is an authorised operator of, if any.
		fn company_of_operator(account: AccountId) -> Option<IdentityId>;

		/// The X25519 public key `account` registered for sealing loan terms to it, if any. It
		/// is returned whatever the state of the account's attestation: check
		/// `attestation_status` (or `company_of_operator`) before sealing to it.
		fn encryption_key(account: AccountId) -> Option<[u8; 32]>;
	}
}
