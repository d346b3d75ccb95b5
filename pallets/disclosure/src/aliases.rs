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
	hash_bytes, lender_disclosure_payload, pool_refusal, DisclosureLevel, LenderSignature,
	LoanRegistry, LENDER_TX_LONGEVITY, LENDER_TX_PRIORITY,
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
	/// For a delivery: the request and the block its delivery must come before.
	pub request: Option<(RequestOf<T>, BlockNumberFor<T>)>,
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
		let request = match disclosure {
			LenderDisclosure::Reveal { terms, salt } => {
				ensure!(
					T::Loans::disclosure_level(loan_id) == Some(DisclosureLevel::Public),
					Error::<T>::WrongLevel
				);
				Self::check_reveal(loan_id, terms, salt)?;
				None
			},
			LenderDisclosure::Deliver { request_id, capsule } => {
				let request = Self::request_of(*request_id)?;
				ensure!(request.loan_id == loan_id, Error::<T>::WrongLoan);
				let cutoff = Self::delivery_cutoff(&request)?;
				ensure!(
					capsule_recipient(capsule) == request.requester_key,
					Error::<T>::CapsuleKeyMismatch
				);
				Some((request, cutoff))
			},
		};
		Ok(CheckedDisclosure { payout, request })
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
		let (tag, longevity) = match (disclosure, checked.request) {
			(LenderDisclosure::Deliver { request_id, .. }, Some((_, cutoff))) => {
				let left: u64 = cutoff.saturating_sub(now).unique_saturated_into();
				((b"deliver", request_id).encode(), left.max(1))
			},
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
	/// as [`Pallet::reveal`] or [`Pallet::deliver`] do, with the payout account recorded and
	/// paid.
	pub(crate) fn do_lender_disclose(
		loan_id: LoanId,
		disclosure: LenderDisclosureOf<T>,
		signature: &LenderSignature,
	) -> DispatchResult {
		let checked = Self::check_lender_disclosure(loan_id, &disclosure, signature)?;
		match (disclosure, checked.request) {
			(LenderDisclosure::Reveal { terms, salt }, _) => {
				Self::publish(loan_id, terms, salt, checked.payout)
			},
			(LenderDisclosure::Deliver { request_id, capsule }, Some((request, _))) => {
				Self::pay_delivery(request_id, request, capsule, checked.payout)
			},
			(LenderDisclosure::Deliver { .. }, None) => Err(Error::<T>::NotOpen.into()),
		}
	}
}
