//! The queries of the runtime API: the borrower summary, a lender's lists, a whole record.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_system::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// The borrowing summary of the identity of `account` (its own, or its company's for an
	/// operator), across all its accounts: for every loan that came into force, in
	/// registration order, only its start and end blocks, its start time and the word
	/// "borrowing". Entries `from..from + limit` (`limit` capped at [`MAX_SUMMARY_PAGE`],
	/// `0` meaning the cap); `total` counts all entries, `next` is the `from` of the next
	/// page. Empty for an account without identity.
	pub fn borrower_summary(
		account: T::AccountId,
		from: u32,
		limit: u32,
	) -> SummaryPage<BlockNumberFor<T>> {
		let Some(identity) = Self::identity_for(&account) else {
			return SummaryPage { entries: Vec::new(), total: 0, next: None };
		};
		// Bounded by `MaxLoansPerIdentity`.
		let all: Vec<SummaryEntry<BlockNumberFor<T>>> = LoansOf::<T>::get(identity)
			.iter()
			.filter_map(Loans::<T>::get)
			.filter_map(|loan| loan.period)
			.map(|period| SummaryEntry {
				start: period.start,
				end: period.end,
				started_at_ms: period.started_at_ms,
				label: SummaryLabel::Borrowing,
			})
			.collect();
		let total = u32::try_from(all.len()).unwrap_or(u32::MAX);
		let limit = if limit == 0 { MAX_SUMMARY_PAGE } else { limit.min(MAX_SUMMARY_PAGE) };
		let entries: Vec<_> = all.into_iter().skip(from as usize).take(limit as usize).collect();
		let after = from.saturating_add(limit);
		SummaryPage { entries, total, next: (after < total).then_some(after) }
	}

	/// The loans waiting for the feedback of the identity `lender` acts for (its own, or its
	/// company's for an operator), in loan order.
	pub fn feedback_due(lender: T::AccountId) -> Vec<LoanId> {
		Self::identity_for(&lender)
			.map(|identity| FeedbackDueOf::<T>::iter_key_prefix(identity).collect::<Vec<_>>())
			.map(Self::sorted)
			.unwrap_or_default()
	}

	/// The proposals waiting for the confirmation of the identity `lender` acts for, in loan
	/// order.
	pub fn proposals_to(lender: T::AccountId) -> Vec<LoanId> {
		Self::identity_for(&lender)
			.map(|identity| ProposalsTo::<T>::iter_key_prefix(identity).collect::<Vec<_>>())
			.map(Self::sorted)
			.unwrap_or_default()
	}

	pub(crate) fn sorted(mut ids: Vec<LoanId>) -> Vec<LoanId> {
		ids.sort_unstable();
		ids
	}

	/// What the chain holds about loan `loan_id`, with the sealed terms and the history as
	/// plain vectors.
	pub fn loan(loan_id: LoanId) -> Option<LoanInfoOf<T>> {
		Loans::<T>::get(loan_id).map(|loan| Loan {
			borrower: loan.borrower,
			lender: loan.lender,
			borrower_account: loan.borrower_account,
			duration: loan.duration,
			period: loan.period,
			commitment: loan.commitment,
			sealed_terms: loan.sealed_terms.into_inner(),
			status: loan.status,
			disclosure: loan.disclosure,
			renews: loan.renews,
			renewed_by: loan.renewed_by,
			report_by: loan.report_by,
			unreported: loan.unreported,
			deposit: loan.deposit,
			history: loan.history.into_inner(),
		})
	}
}
