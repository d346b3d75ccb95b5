//! Disclosures of alias loans (`docs/privacy.md`, sections 3 and 7): the lender of an alias
//! loan reveals and delivers with general transactions (no signer, no fee) signed by the loan's
//! lender key, and the fees it earns go to the payout account its confirmation designated. No
//! account of the lender appears.
//!
//! [`Pallet::lender_disclose`] is authorized by `#[pallet::authorize]` (FRAME's
//! `AuthorizeCall`): the checks run in the pool and again in the block. A delivery is valid in
//! the pool only until the request's cutoff (its longevity ends there), so a delivery at or
//! after the cutoff is never included. A refusal is `InvalidTransaction::Custom(n)`, `n` being
//! the index of this pallet's [`Error`] that says why.

use crate::{pallet::*, types::*};
use codec::Encode;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use loanchain_primitives::{
	hash_bytes, lender_disclosure_payload, pool_refusal, DisclosureLevel, EncryptionKeyProvider,
	IdentityId, LenderSignature, LoanRegistry, LENDER_TX_LONGEVITY, LENDER_TX_PRIORITY,
};
use sp_runtime::{
	traits::{Saturating, UniqueSaturatedInto, Zero},
	transaction_validity::TransactionValidityWithRefund,
	DispatchError,
};

/// What a checked lender disclosure needs to take effect.
pub(crate) struct CheckedDisclosure<T: Config> {
	/// The account the alias designated for the loan's earnings.
	pub payout: T::AccountId,
	/// What the act found on chain.
	pub act: CheckedAct<T>,
}

/// What the checks of each kind of lender disclosure found.
pub(crate) enum CheckedAct<T: Config> {
	/// A reveal: nothing more.
	Reveal,
	/// A delivery: the request and the block its delivery must come before.
	Deliver(RequestOf<T>, BlockNumberFor<T>),
	/// A grant: the borrower identity whose inquiry log records it.
	Grant(IdentityId),
	/// A revocation: the grant it removes.
	RevokeGrant(GrantOf<T>),
}

impl<T: Config> Pallet<T> {
	/// The chain's genesis hash, which binds the lender key's signatures to this chain.
	pub(crate) fn genesis() -> [u8; 32] {
		hash_bytes(&frame_system::BlockHash::<T>::get(BlockNumberFor::<T>::zero()))
	}

	/// Everything [`Pallet::lender_disclose`] requires: `loan_id` is a confirmed alias loan,
	/// `signature` is its lender key's over the disclosure's payload, and the disclosure is
	/// allowed now (a reveal: the level is public, the terms are not public yet and match the
	/// commitment; a delivery: the request is the loan's, pending before its cutoff, and the
	/// capsule is sealed to the key the request keeps).
	pub(crate) fn check_lender_disclosure(
		loan_id: LoanId,
		disclosure: &LenderDisclosureOf<T>,
		signature: &LenderSignature,
	) -> Result<CheckedDisclosure<T>, DispatchError> {
		let Some((key, payout)) = T::Loans::alias_lender(loan_id) else {
			// No lender key: a named or unconfirmed loan, or none at all.
			let error =
				T::Loans::parties(loan_id).map_or(Error::<T>::NotFound, |_| Error::NotLender);
			return Err(error.into());
		};
		let payload = lender_disclosure_payload(&Self::genesis(), loan_id, disclosure);
		ensure!(
			sp_io::crypto::sr25519_verify(
				&sp_core::sr25519::Signature::from_raw(*signature),
				&payload,
				&sp_core::sr25519::Public::from_raw(key),
			),
			Error::<T>::BadLenderSignature
		);
		let act = match disclosure {
			LenderDisclosure::Reveal { terms, salt } => {
				ensure!(
					T::Loans::disclosure_level(loan_id) == Some(DisclosureLevel::Public),
					Error::<T>::WrongLevel
				);
				Self::check_reveal(loan_id, terms, salt)?;
				CheckedAct::Reveal
			},
			LenderDisclosure::Deliver { request_id, capsule } => {
				let request = Self::request_of(*request_id)?;
				ensure!(request.loan_id == loan_id, Error::<T>::WrongLoan);
				let cutoff = Self::delivery_cutoff(&request)?;
				ensure!(
					capsule_recipient(capsule) == request.requester_key,
					Error::<T>::CapsuleKeyMismatch
				);
				CheckedAct::Deliver(request, cutoff)
			},
			LenderDisclosure::Grant { reader, capsule, purpose, nonce } => {
				Self::check_grant_nonce(loan_id, *nonce)?;
				let borrower = Self::check_new_grant(loan_id, reader)?;
				Self::check_note(purpose)?;
				let key =
					T::EncryptionKeys::encryption_key(reader).ok_or(Error::<T>::NoEncryptionKey)?;
				ensure!(capsule_recipient(capsule) == key, Error::<T>::CapsuleKeyMismatch);
				CheckedAct::Grant(borrower)
			},
			LenderDisclosure::RevokeGrant { reader, nonce } => {
				Self::check_grant_nonce(loan_id, *nonce)?;
				CheckedAct::RevokeGrant(
					Grants::<T>::get(loan_id, reader).ok_or(Error::<T>::GrantNotFound)?,
				)
			},
		};
		Ok(CheckedDisclosure { payout, act })
	}

	/// Checks that `nonce` is alias loan `loan_id`'s grant nonce and that its lender may make
	/// another grant or revocation.
	fn check_grant_nonce(loan_id: LoanId, nonce: u32) -> DispatchResult {
		let current = LenderGrantNonce::<T>::get(loan_id);
		ensure!(nonce == current, Error::<T>::BadGrantNonce);
		ensure!(current < T::MaxLenderGrantActions::get(), Error::<T>::TooManyLenderGrantActions);
		Ok(())
	}

	/// The authorization of [`Pallet::lender_disclose`]: [`Pallet::check_lender_disclosure`].
	/// One reveal per loan and one delivery per request is ever pending; a delivery's validity
	/// ends at the request's cutoff.
	pub(crate) fn authorize_lender_disclose(
		_source: TransactionSource,
		loan_id: &LoanId,
		disclosure: &LenderDisclosureOf<T>,
		signature: &LenderSignature,
	) -> TransactionValidityWithRefund {
		let checked =
			Self::check_lender_disclosure(*loan_id, disclosure, signature).map_err(pool_refusal)?;
		let now = frame_system::Pallet::<T>::block_number();
		let (tag, longevity) = match (disclosure, checked.act) {
			(LenderDisclosure::Deliver { request_id, .. }, CheckedAct::Deliver(_, cutoff)) => {
				let left: u64 = cutoff.saturating_sub(now).unique_saturated_into();
				((b"deliver", request_id).encode(), left.max(1))
			},
			(
				LenderDisclosure::Grant { nonce, .. } | LenderDisclosure::RevokeGrant { nonce, .. },
				_,
			) => ((b"grant", loan_id, nonce).encode(), LENDER_TX_LONGEVITY),
			_ => ((b"reveal", loan_id).encode(), LENDER_TX_LONGEVITY),
		};
		let validity = ValidTransaction::with_tag_prefix("DisclosureLenderDisclose")
			.priority(LENDER_TX_PRIORITY)
			.and_provides(tag)
			.longevity(longevity)
			.propagate(true)
			.build()?;
		Ok((validity, Weight::zero()))
	}

	/// Disclosure `disclosure` of alias loan `loan_id` (authorized): checked again, then done
	/// as [`Pallet::reveal`], [`Pallet::deliver`], [`Pallet::grant`] or
	/// [`Pallet::revoke_grant`] do, with the payout account recorded and paid; a grant holds
	/// no deposit and burns no fee, and a grant or revocation moves the grant nonce on.
	pub(crate) fn do_lender_disclose(
		loan_id: LoanId,
		disclosure: LenderDisclosureOf<T>,
		signature: &LenderSignature,
	) -> DispatchResult {
		let checked = Self::check_lender_disclosure(loan_id, &disclosure, signature)?;
		let payout = checked.payout;
		match (disclosure, checked.act) {
			(LenderDisclosure::Reveal { terms, salt }, _) => {
				Self::publish(loan_id, terms, salt, payout)
			},
			(
				LenderDisclosure::Deliver { request_id, capsule },
				CheckedAct::Deliver(request, _),
			) => Self::pay_delivery(request_id, request, capsule, payout),
			(
				LenderDisclosure::Grant { reader, capsule, purpose, .. },
				CheckedAct::Grant(borrower),
			) => {
				LenderGrantNonce::<T>::mutate(loan_id, |nonce| *nonce = nonce.saturating_add(1));
				Self::store_grant(
					loan_id,
					borrower,
					reader,
					capsule,
					purpose,
					payout,
					Zero::zero(),
				);
				Ok(())
			},
			(LenderDisclosure::RevokeGrant { reader, .. }, CheckedAct::RevokeGrant(grant)) => {
				LenderGrantNonce::<T>::mutate(loan_id, |nonce| *nonce = nonce.saturating_add(1));
				Self::remove_grant(loan_id, reader, grant, payout)
			},
			// The checks return the act of the disclosure's own kind.
			_ => Err(Error::<T>::NotOpen.into()),
		}
	}
}
