//! The runtime API's answers: public terms, grants, a lender's open requests, a request, and the
//! borrower's inquiry log.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;

impl<T: Config> Pallet<T> {
	/// The plaintext terms and salt of `loan_id`, if its lender made them public.
	pub fn public_terms(loan_id: LoanId) -> Option<RevealedTermsInfoOf<T>> {
		PublicTerms::<T>::get(loan_id).map(|public| RevealedTerms {
			terms: public.terms.into_inner(),
			salt: public.salt,
			revealed_by: public.revealed_by,
			revealed_at: public.revealed_at,
		})
	}

	/// The readers granted access to `loan_id`, with their grants (at most
	/// [`Config::MaxGrantsPerLoan`]).
	pub fn grants(loan_id: LoanId) -> Vec<(T::AccountId, GrantOf<T>)> {
		Grants::<T>::iter_prefix(loan_id).collect()
	}

	/// The open paid queries the identity `lender` acts for must deliver, oldest first.
	pub fn requests_for_lender(lender: T::AccountId) -> Vec<RequestId> {
		let Some(identity) = Self::identity_for(&lender) else {
			return Vec::new();
		};
		let mut ids: Vec<RequestId> = RequestsTo::<T>::iter_key_prefix(identity).collect();
		ids.sort_unstable();
		ids
	}

	/// Paid query `request_id`, with its texts as plain vectors.
	pub fn request_info(request_id: RequestId) -> Option<RequestInfoOf<T>> {
		Requests::<T>::get(request_id).map(|request| QueryRequest {
			loan_id: request.loan_id,
			borrower: request.borrower,
			lender: request.lender,
			requester: request.requester,
			requester_key: request.requester_key,
			fee: request.fee,
			deposit: request.deposit,
			purpose: request.purpose.into_inner(),
			requested_at: request.requested_at,
			deadline: request.deadline,
			status: request.status,
			complaint: request.complaint.map(|complaint| Complaint {
				at: complaint.at,
				reason: complaint.reason.into_inner(),
			}),
		})
	}

	/// The inquiry log of the identity `account` speaks for (its own, or its company's for
	/// an operator): its most recent [`MAX_INQUIRY_PAGE`] entries, oldest first (the whole
	/// log stays in [`Inquiries`]; [`Self::inquiry_page`] reads any part). Empty for an
	/// account without identity.
	pub fn inquiries(account: T::AccountId) -> Vec<InquiryInfoOf<T>> {
		Self::inquiry_page(account, None, MAX_INQUIRY_PAGE).entries
	}

	/// A page of the inquiry log of the identity `account` speaks for: the `limit` entries
	/// (at most [`MAX_INQUIRY_PAGE`]) just before entry `before` (entries are numbered from
	/// 0; `None` for the most recent ones), oldest first, and the log's length. Walking back
	/// with `before = first` reads the whole log. An empty page of length 0 for an account
	/// without identity.
	pub fn inquiry_page(
		account: T::AccountId,
		before: Option<u64>,
		limit: u32,
	) -> InquiryPageOf<T> {
		let Some(identity) = Self::identity_for(&account) else {
			return InquiryPage { total: 0, first: 0, entries: Vec::new() };
		};
		// Entry numbers are u32 in storage: the log stops growing at u32::MAX entries.
		let total = InquiryCount::<T>::get(identity).min(u64::from(u32::MAX));
		let end = before.map_or(total, |before| before.min(total));
		let first = end.saturating_sub(u64::from(limit.min(MAX_INQUIRY_PAGE)));
		let entries = (first..end)
			.filter_map(|n| u32::try_from(n).ok())
			.filter_map(|n| Inquiries::<T>::get(identity, n))
			.map(|entry| Inquiry {
				loan_id: entry.loan_id,
				reader: entry.reader,
				reader_identity: entry.reader_identity,
				at: entry.at,
				purpose: entry.purpose.into_inner(),
				outcome: entry.outcome,
			})
			.collect();
		InquiryPage { total, first, entries }
	}
}
