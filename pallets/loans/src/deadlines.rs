//! The deadline queue, processed in `on_initialize`: ends of loans, grace periods, unanswered
//! extensions and proposals that timed out.

use crate::{pallet::*, types::*, weights::WeightInfo, LOG_TARGET};
use alloc::vec::Vec;
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use loanchain_primitives::deadlines::{walk_deadline_queue, Visit};

impl<T: Config> Pallet<T> {
	/// Processes the deadline queue from [`NextDeadlineBlock`] up to `now`: at most
	/// [`Config::MaxExpiriesPerBlock`] entries and as many queue blocks. Returns the weight
	/// used: for each queue block passed, the walk through its `k` entries (each as if
	/// stale: `process_deadlines(k)`, or `on_initialize_per_block` for an empty one), plus
	/// for each entry that did something, the weight of what it did.
	pub(crate) fn process_deadlines(now: BlockNumberFor<T>) -> Weight {
		let Some(cursor) = NextDeadlineBlock::<T>::get() else {
			return T::DbWeight::get().reads(1);
		};
		let mut weight = Weight::zero();
		let cursor = walk_deadline_queue(
			cursor,
			now,
			T::MaxExpiriesPerBlock::get(),
			|at, limit| Deadlines::<T>::iter_key_prefix(at).take(limit).collect::<Vec<LoanId>>(),
			|visit| {
				weight.saturating_accrue(match visit {
					Visit::Entry { at, id } => match Self::process_deadline(at, id, now) {
						DeadlineOutcome::FeedbackDue => T::WeightInfo::on_initialize_per_expiry(),
						DeadlineOutcome::ProposalExpired => {
							T::WeightInfo::on_initialize_per_proposal()
						},
						DeadlineOutcome::Unreported => T::WeightInfo::on_initialize_per_grace(),
						// Already in `process_deadlines(taken)`.
						DeadlineOutcome::Stale => Weight::zero(),
					},
					Visit::Block { taken: 0, .. } | Visit::Idle => {
						T::WeightInfo::on_initialize_per_block()
					},
					Visit::Block { taken, .. } => T::WeightInfo::process_deadlines(taken),
				})
			},
		);
		NextDeadlineBlock::<T>::put(cursor);
		weight
	}

	/// Removes the deadline of `loan_id` at block `at` and does what is due now.
	pub(crate) fn process_deadline(
		at: BlockNumberFor<T>,
		loan_id: LoanId,
		now: BlockNumberFor<T>,
	) -> DeadlineOutcome {
		Deadlines::<T>::remove(at, loan_id);
		let Some(mut loan) = Loans::<T>::get(loan_id) else {
			return DeadlineOutcome::Stale;
		};
		let deadline_passed = loan.report_by.is_some_and(|by| by <= now);
		match (loan.status, loan.period) {
			(LoanStatus::Active, Some(period)) if period.end <= now => {
				Self::mark_feedback_due(loan_id, &mut loan, now);
				Loans::<T>::insert(loan_id, loan);
				DeadlineOutcome::FeedbackDue
			},
			(LoanStatus::Proposed, _) if deadline_passed => {
				Self::expire_proposal(loan_id, &mut loan);
				Loans::<T>::insert(loan_id, loan);
				DeadlineOutcome::ProposalExpired
			},
			(LoanStatus::ExtensionProposed { .. }, _) if deadline_passed => {
				Self::lapse_extension(loan_id, &mut loan, now);
				Loans::<T>::insert(loan_id, loan);
				DeadlineOutcome::FeedbackDue
			},
			(LoanStatus::FeedbackDue, _) if !loan.unreported && deadline_passed => {
				loan.unreported = true;
				Self::record_by_chain(&mut loan, LoanChange::Unreported);
				let lender = loan.lender.identity();
				Loans::<T>::insert(loan_id, loan);
				Self::deposit_event(Event::LoanUnreported { loan_id, lender });
				DeadlineOutcome::Unreported
			},
			_ => DeadlineOutcome::Stale,
		}
	}

	/// An extension the borrower did not answer in time lapses as declined: recorded by the
	/// chain, and the lender is prompted again with a new grace period.
	pub(crate) fn lapse_extension(loan_id: LoanId, loan: &mut LoanOf<T>, now: BlockNumberFor<T>) {
		Self::record_by_chain(loan, LoanChange::ExtensionDeclined);
		let end = loan.period.map(|period| period.end).unwrap_or(now);
		let report_by = Self::reopen_feedback(loan_id, loan, now);
		Self::prompt_lender(loan_id, loan, end, report_by);
	}

	/// A proposal the lender did not confirm in time: the chain withdraws it as
	/// [`Pallet::withdraw`] does, returning the deposit.
	pub(crate) fn expire_proposal(loan_id: LoanId, loan: &mut LoanOf<T>) {
		Self::record_by_chain(loan, LoanChange::Expired);
		if Self::release_deposit(loan).is_err() {
			log::warn!(target: LOG_TARGET, "expired loan {loan_id}: deposit not released");
		}
		loan.status = LoanStatus::Withdrawn;
		loan.report_by = None;
		LoansOf::<T>::mutate(loan.borrower, |loans| loans.retain(|id| *id != loan_id));
		Self::unlist_proposal(loan_id, loan);
		Self::deposit_event(Event::ProposalExpired { loan_id });
	}
}
