//! Checks and small helpers the calls share: the identity an account speaks for, the policy's
//! refusals as errors, bounded texts, capsule checks, the inquiry fee and log, request numbers,
//! queueing a deadline, releasing holds, and closing a paid query (and its cutoff).

use crate::{pallet::*, types::*, LOG_TARGET};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use loanchain_primitives::{
	check_sealed_note, EncryptionKeyProvider, IdentityId, IdentityProvider, SealedLenderError,
};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// The identity `account` speaks for, whatever its state: its own, or its company's if
	/// it is an operator.
	pub fn identity_for(account: &T::AccountId) -> Option<IdentityId> {
		T::Identities::identity_of(account).or_else(|| T::Identities::company_of_operator(account))
	}

	/// The pallet error for a refusal of [`Config::Policy`].
	pub(crate) fn denied(reason: DisclosureDenied) -> DispatchError {
		match reason {
			DisclosureDenied::UnknownLoan => Error::<T>::NotFound,
			DisclosureDenied::WrongLevel => Error::<T>::WrongLevel,
			DisclosureDenied::NotLender => Error::<T>::NotLender,
			DisclosureDenied::NotParty => Error::<T>::NotParty,
			DisclosureDenied::NotAttested => Error::<T>::NotAttested,
			DisclosureDenied::IsParty => Error::<T>::IsParty,
		}
		.into()
	}

	/// Bounds a purpose or a complaint's reason (`error` if too long) and checks that it is a
	/// note sealed to the consortium's auditor keys and the borrower
	/// ([`loanchain_primitives::check_sealed_note`]): text in clear is refused.
	pub(crate) fn sealed_note(text: Vec<u8>, error: Error<T>) -> Result<TextOf<T>, DispatchError> {
		let text = TextOf::<T>::try_from(text).map_err(|_| DispatchError::from(error))?;
		Self::check_note(&text)?;
		Ok(text)
	}

	/// Checks that `note` is shaped as a note sealed to the consortium's auditor keys and the
	/// borrower ([`Error::MalformedSealedNote`], [`Error::SealedNoteRecipients`]).
	pub(crate) fn check_note(note: &[u8]) -> DispatchResult {
		check_sealed_note(note, T::AuditorCount::get()).map_err(|error| match error {
			SealedLenderError::Malformed => Error::<T>::MalformedSealedNote,
			SealedLenderError::WrongRecipients => Error::<T>::SealedNoteRecipients,
		})?;
		Ok(())
	}

	/// Checks that `capsule` is 112 bytes long and sealed to `reader`'s registered
	/// encryption key.
	pub(crate) fn check_capsule(
		capsule: Vec<u8>,
		reader: &T::AccountId,
	) -> Result<Capsule, DispatchError> {
		let key = T::EncryptionKeys::encryption_key(reader).ok_or(Error::<T>::NoEncryptionKey)?;
		Self::check_capsule_for(capsule, &key)
	}

	/// Checks that `capsule` is 112 bytes long and sealed to `key`.
	pub(crate) fn check_capsule_for(
		capsule: Vec<u8>,
		key: &[u8; 32],
	) -> Result<Capsule, DispatchError> {
		let capsule = Capsule::try_from(capsule).map_err(|_| Error::<T>::MalformedCapsule)?;
		ensure!(&capsule_recipient(&capsule) == key, Error::<T>::CapsuleKeyMismatch);
		Ok(capsule)
	}

	/// Burns [`Config::InquiryFee`] from `who` for an entry of a borrower's inquiry log.
	pub(crate) fn charge_inquiry_fee(who: &T::AccountId) -> DispatchResult {
		let fee = T::InquiryFee::get();
		if fee.is_zero() {
			return Ok(());
		}
		T::Currency::burn_from(
			who,
			fee,
			Preservation::Preserve,
			Precision::Exact,
			Fortitude::Polite,
		)
		.map(|_| ())
		.map_err(|_| Error::<T>::CannotPayInquiryFee.into())
	}

	/// Checks that `borrower`'s inquiry log takes another entry.
	pub(crate) fn ensure_log_has_room(borrower: IdentityId) -> DispatchResult {
		ensure!(InquiryCount::<T>::get(borrower) < u64::from(u32::MAX), Error::<T>::InquiryLogFull);
		Ok(())
	}

	/// Appends `outcome` for `reader` about `loan_id` to `borrower`'s inquiry log (a log
	/// with `u32::MAX` entries takes no more; [`Self::ensure_log_has_room`] refuses what
	/// would add to it, and paid entries make that many unreachable).
	pub(crate) fn log_inquiry(
		borrower: IdentityId,
		loan_id: LoanId,
		reader: T::AccountId,
		purpose: TextOf<T>,
		outcome: InquiryOutcome<T::AccountId>,
	) {
		let count = InquiryCount::<T>::get(borrower);
		let Ok(index) = u32::try_from(count) else {
			log::warn!(target: LOG_TARGET, "inquiry log of identity {borrower} is full");
			return;
		};
		let entry = Inquiry {
			loan_id,
			reader_identity: Self::identity_for(&reader),
			reader,
			at: frame_system::Pallet::<T>::block_number(),
			purpose,
			outcome,
		};
		Inquiries::<T>::insert(borrower, index, entry);
		InquiryCount::<T>::insert(borrower, count.saturating_add(1));
	}

	/// The next request number, and the one after it.
	pub(crate) fn next_request_id() -> Result<(RequestId, RequestId), DispatchError> {
		let id = NextRequestId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::RequestIdOverflow)?;
		Ok((id, next))
	}

	/// Queues a look at `request_id` at block `at` (always after the current block).
	pub(crate) fn schedule(at: BlockNumberFor<T>, request_id: RequestId) {
		if NextDeadlineBlock::<T>::get().is_none() {
			NextDeadlineBlock::<T>::put(frame_system::Pallet::<T>::block_number());
		}
		Deadlines::<T>::insert(at, request_id, ());
	}

	/// Loads request `request_id`.
	pub(crate) fn request_of(request_id: RequestId) -> Result<RequestOf<T>, DispatchError> {
		Requests::<T>::get(request_id).ok_or_else(|| Error::<T>::RequestNotFound.into())
	}

	/// Releases `amount` held for `reason` from `who` (what is held, should it ever be less,
	/// so that a refund can never get stuck).
	pub(crate) fn release(
		reason: HoldReason,
		who: &T::AccountId,
		amount: BalanceOf<T>,
	) -> DispatchResult {
		T::Currency::release(&reason.into(), who, amount, Precision::BestEffort).map(|_| ())
	}

	/// Closes open `request` (`request_id`) with `status` and `outcome`: it leaves the open
	/// lists and the deadline queue, its deposit returns to the requester, the borrower's
	/// inquiry log records it, and the record is stored. The fee is the caller's business.
	pub(crate) fn close(
		request_id: RequestId,
		mut request: RequestOf<T>,
		status: RequestStatusOf<T>,
		outcome: InquiryOutcome<T::AccountId>,
	) -> DispatchResult {
		Self::release(HoldReason::RequestDeposit, &request.requester, request.deposit)?;
		OpenRequests::<T>::remove(request.loan_id, &request.requester);
		OpenRequestCount::<T>::mutate_exists(request.loan_id, |count| {
			*count = count.map(|count| count.saturating_sub(1)).filter(|count| *count > 0)
		});
		if let Some(lender) = request.lender {
			RequestsTo::<T>::remove(lender, request_id);
		}
		if let Some(at) = Self::cutoff(&request) {
			Deadlines::<T>::remove(at, request_id);
		}
		request.status = status;
		Self::log_inquiry(
			request.borrower,
			request.loan_id,
			request.requester.clone(),
			request.purpose.clone(),
			outcome,
		);
		Requests::<T>::insert(request_id, request);
		Ok(())
	}

	/// The cutoff of pending `request`, the one rule for when it ends: its deadline while
	/// open, its notice's end while cancelling; `None` once closed. Before the cutoff a
	/// delivery succeeds and a refund is refused; from the cutoff on, the reverse, and the
	/// request is queued at it, so the chain settles it there.
	pub(crate) fn cutoff(request: &RequestOf<T>) -> Option<BlockNumberFor<T>> {
		match request.status {
			RequestStatus::Open => Some(request.deadline),
			RequestStatus::Cancelling { until, .. } => Some(until),
			_ => None,
		}
	}
}
