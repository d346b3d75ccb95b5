//! The borrower's consent to a corporate registration or renewal: the payload it signs, its
//! check, and the nonce that makes it good once.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use sp_runtime::traits::Verify;

impl<T: Config> Pallet<T> {
	/// Checks `consent` by `borrower` over the consent payload (raw, or wrapped in
	/// `<Bytes>`…`</Bytes>`), with the account's current nonce; returns that nonce.
	pub(crate) fn verify_consent(
		company: IdentityId,
		borrower: &T::AccountId,
		commitment: &Commitment,
		duration: BlockNumberFor<T>,
		renews: Option<LoanId>,
		consent: &T::Signature,
	) -> Result<u64, DispatchError> {
		let payload =
			Self::consent_payload(company, borrower.clone(), *commitment, duration, renews);
		Self::verify_consent_signature(&payload, borrower, consent)
	}

	/// Checks `consent` by `borrower` over the consent payload of format v2 naming lender alias
	/// `alias` and binding `sealed_terms` (renewing `renews`, if any; raw, or wrapped in
	/// `<Bytes>`…`</Bytes>`), with the account's current nonce; returns that nonce.
	pub(crate) fn verify_alias_consent(
		alias: &Alias,
		borrower: &T::AccountId,
		commitment: &Commitment,
		sealed_terms: &[u8],
		duration: BlockNumberFor<T>,
		renews: Option<LoanId>,
		consent: &T::Signature,
	) -> Result<u64, DispatchError> {
		let payload = Self::alias_consent_payload(
			*alias,
			borrower.clone(),
			*commitment,
			sealed_terms,
			duration,
			renews,
		);
		Self::verify_consent_signature(&payload, borrower, consent)
	}

	/// Checks that `consent` is `borrower`'s signature over `payload`, raw or wrapped in
	/// `<Bytes>`…`</Bytes>` (what browser wallets' `signRaw` signs); returns the account's
	/// current consent nonce (which `payload` holds).
	fn verify_consent_signature(
		payload: &[u8],
		borrower: &T::AccountId,
		consent: &T::Signature,
	) -> Result<u64, DispatchError> {
		if !consent.verify(payload, borrower) {
			let mut wrapped = Vec::with_capacity(payload.len().saturating_add(15));
			wrapped.extend_from_slice(b"<Bytes>");
			wrapped.extend_from_slice(payload);
			wrapped.extend_from_slice(b"</Bytes>");
			ensure!(consent.verify(&wrapped[..], borrower), Error::<T>::BadConsent);
		}
		Ok(ConsentNonce::<T>::get(borrower))
	}

	/// Uses up `nonce` of `borrower`.
	pub(crate) fn bump_nonce(borrower: &T::AccountId, nonce: u64) -> DispatchResult {
		let next = nonce.checked_add(1).ok_or(Error::<T>::NonceOverflow)?;
		ConsentNonce::<T>::insert(borrower, next);
		Ok(())
	}

	/// The exact consent payload `borrower` must sign now for a loan of `company` with
	/// `commitment` and `duration` (renewing `renews`, if any): [`consent_payload`] with
	/// this chain's genesis hash and the account's current [`ConsentNonce`].
	pub fn consent_payload(
		company: IdentityId,
		borrower: T::AccountId,
		commitment: Commitment,
		duration: BlockNumberFor<T>,
		renews: Option<LoanId>,
	) -> Vec<u8> {
		let genesis = Self::genesis();
		let nonce = ConsentNonce::<T>::get(&borrower);
		consent_payload(&genesis, company, &borrower, &commitment, duration, renews, nonce)
	}

	/// The exact consent payload of format v2 `borrower` must sign now for a registration to
	/// lender alias `alias` with `commitment`, `sealed_terms` and `duration` (renewing alias
	/// loan `renews`, if any, under that new alias): [`alias_consent_payload`] with this chain's
	/// genesis hash and the account's current [`ConsentNonce`].
	pub fn alias_consent_payload(
		alias: Alias,
		borrower: T::AccountId,
		commitment: Commitment,
		sealed_terms: &[u8],
		duration: BlockNumberFor<T>,
		renews: Option<LoanId>,
	) -> Vec<u8> {
		let genesis = Self::genesis();
		let nonce = ConsentNonce::<T>::get(&borrower);
		alias_consent_payload(
			&genesis,
			&alias,
			&borrower,
			&commitment,
			sealed_terms,
			duration,
			renews,
			nonce,
		)
	}
}
