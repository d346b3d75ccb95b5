//! The pallet's invariants, checked by `try-runtime` and after every unit test.

use crate::{pallet::*, types::*};
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// Checks the pallet's invariants: the borrower lists, the proposal and feedback-due
	/// lists and the deadline queue agree with the loan records; every feedback-due loan is
	/// past its end; every loan waiting for its end or for an answer (a proposal, an
	/// extension, feedback not yet flagged unreported) has a deadline, and it is queued; a
	/// sealed lender record is kept for every confirmed alias loan and no other.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_set::BTreeSet;
		let now = frame_system::Pallet::<T>::block_number();
		let next = NextLoanId::<T>::get();
		let cursor = NextDeadlineBlock::<T>::get();
		let mut queued = BTreeSet::new();
		for (at, loan_id, ()) in Deadlines::<T>::iter() {
			let cursor = cursor.ok_or("deadlines queued without a cursor")?;
			ensure!(at >= cursor, "deadline queued behind the cursor");
			queued.insert(loan_id);
		}
		for (loan_id, loan) in Loans::<T>::iter() {
			ensure!(loan_id < next, "loan id not below NextLoanId");
			ensure!(!loan.history.is_empty(), "loan without history");
			let listed = LoansOf::<T>::get(loan.borrower).contains(&loan_id);
			let withdrawn = loan.status == LoanStatus::Withdrawn;
			ensure!(listed != withdrawn, "borrower list disagrees with the loan");
			ensure!(
				loan.lender
					.identity()
					.is_some_and(|lender| ProposalsTo::<T>::contains_key(lender, loan_id))
					== (loan.status == LoanStatus::Proposed && loan.lender.identity().is_some()),
				"proposal list disagrees with the loan"
			);
			ensure!(
				loan.deposit.is_some() == (loan.status == LoanStatus::Proposed),
				"deposit held outside of a proposal"
			);
			ensure!(
				loan.lender
					.identity()
					.is_some_and(|lender| FeedbackDueOf::<T>::contains_key(lender, loan_id))
					== (loan.status == LoanStatus::FeedbackDue && loan.lender.identity().is_some()),
				"feedback-due list disagrees with the loan"
			);
			let confirmed_alias = loan.lender.alias().is_some_and(|lender| lender.key.is_some());
			ensure!(
				SealedLenders::<T>::contains_key(loan_id) == confirmed_alias,
				"sealed lender record kept iff the loan is a confirmed alias loan"
			);
			let in_force = !matches!(loan.status, LoanStatus::Proposed | LoanStatus::Withdrawn);
			ensure!(loan.period.is_some() == in_force, "period set iff in force");
			if let Some(period) = loan.period {
				ensure!(period.start < period.end, "empty period");
			}
			let waits_for_answer = matches!(
				loan.status,
				LoanStatus::Proposed
					| LoanStatus::ExtensionProposed { .. }
					| LoanStatus::FeedbackDue
			);
			ensure!(
				loan.report_by.is_some() == waits_for_answer,
				"answer deadline set iff the loan waits for an answer"
			);
			match loan.status {
				LoanStatus::FeedbackDue => {
					let end = loan.period.map(|period| period.end).ok_or("no period")?;
					ensure!(end <= now, "feedback-due loan not past its end");
					ensure!(
						loan.unreported || queued.contains(&loan_id),
						"feedback-due loan without a queued grace deadline"
					);
				},
				LoanStatus::Active => {
					ensure!(queued.contains(&loan_id), "active loan without a queued deadline")
				},
				LoanStatus::Proposed => {
					ensure!(queued.contains(&loan_id), "proposal without a queued timeout")
				},
				LoanStatus::ExtensionProposed { .. } => ensure!(
					queued.contains(&loan_id),
					"proposed extension without a queued answer deadline"
				),
				LoanStatus::Breached => {
					ensure!(loan.disclosure.is_some(), "breach without disclosure level")
				},
				_ => {},
			}
			if loan.unreported {
				ensure!(
					loan.history.iter().any(|entry| entry.change == LoanChange::Unreported),
					"unreported flag without history entry"
				);
			}
			if let Some(previous) = loan.renews {
				let old = Loans::<T>::get(previous).ok_or("renews a missing loan")?;
				ensure!(old.renewed_by == Some(loan_id), "renewal link not mutual");
			}
		}
		for (identity, loans) in LoansOf::<T>::iter() {
			let distinct: BTreeSet<_> = loans.iter().collect();
			ensure!(distinct.len() == loans.len(), "duplicate in a borrower list");
			for loan_id in loans.iter() {
				let loan = Loans::<T>::get(loan_id).ok_or("listed loan missing")?;
				ensure!(loan.borrower == identity, "listed under the wrong borrower");
			}
		}
		for (lender, loan_id, ()) in FeedbackDueOf::<T>::iter() {
			let loan = Loans::<T>::get(loan_id).ok_or("feedback-due loan missing")?;
			ensure!(loan.lender.identity() == Some(lender), "feedback-due under the wrong lender");
		}
		for (lender, loan_id, ()) in ProposalsTo::<T>::iter() {
			let loan = Loans::<T>::get(loan_id).ok_or("proposed loan missing")?;
			ensure!(loan.lender.identity() == Some(lender), "proposal under the wrong lender");
		}
		Ok(())
	}
}
