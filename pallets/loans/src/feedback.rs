//! The lender's feedback at expiry: performed, extension proposed, breached; and the prompt that
//! asks for it. A named lender reports with its account; an alias loan's lender through
//! [`Pallet::lender_act`] (`aliases.rs`); both end in the same `apply_*` functions.

use crate::{pallet::*, types::*};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Whether the lender may give feedback on `loan` at `now`: `Ok` while it is due (or
	/// the end has passed but the queue has not reached it yet).
	pub(crate) fn ensure_feedback_due(loan: &LoanOf<T>, now: BlockNumberFor<T>) -> DispatchResult {
		match loan.status {
			LoanStatus::FeedbackDue => Ok(()),
			LoanStatus::Active => {
				let end = loan.period.map(|period| period.end).ok_or(Error::<T>::WrongState)?;
				ensure!(end <= now, Error::<T>::NotExpired);
				Ok(())
			},
			LoanStatus::ExtensionProposed { .. } | LoanStatus::Performed | LoanStatus::Breached => {
				Err(Error::<T>::AlreadyReported.into())
			},
			LoanStatus::Proposed | LoanStatus::Withdrawn => Err(Error::<T>::WrongState.into()),
		}
	}

	/// The named lender's identity of `loan`, or [`Error::AliasLender`].
	pub(crate) fn named_lender(loan: &LoanOf<T>) -> Result<IdentityId, DispatchError> {
		loan.lender.identity().ok_or_else(|| Error::<T>::AliasLender.into())
	}

	/// Loads `loan_id` for the named lender's feedback by `who`.
	pub(crate) fn feedback_target(
		who: &T::AccountId,
		loan_id: LoanId,
	) -> Result<LoanOf<T>, DispatchError> {
		let loan = Loans::<T>::get(loan_id).ok_or(Error::<T>::NotFound)?;
		Self::ensure_acts_for(who, Self::named_lender(&loan)?, Error::<T>::NotLender)?;
		Self::ensure_feedback_due(&loan, frame_system::Pallet::<T>::block_number())?;
		Ok(loan)
	}

	/// Whether `action` may be applied to `loan` (already checked feedback-due) now: an
	/// extension's new end and the room in the history, a paid query's fee.
	pub(crate) fn ensure_action_allowed(
		loan: &LoanOf<T>,
		action: &LenderActionOf<T>,
	) -> DispatchResult {
		match action {
			LenderAction::ReportPerformed => Ok(()),
			LenderAction::ProposeExtension { new_end } => {
				let now = frame_system::Pallet::<T>::block_number();
				ensure!(
					*new_end > now && *new_end <= now.saturating_add(T::MaxLoanPeriod::get()),
					Error::<T>::InvalidPeriod
				);
				let needed = (loan.history.len() as u32)
					.saturating_add(1)
					.saturating_add(HISTORY_RESERVED_EXTENSION);
				ensure!(needed <= T::MaxHistory::get(), Error::<T>::HistoryFull);
				Ok(())
			},
			LenderAction::ReportBreach { level } => {
				if let DisclosureLevel::PaidQuery { fee } = level {
					ensure!(!fee.is_zero(), Error::<T>::ZeroFee);
				}
				Ok(())
			},
		}
	}

	/// Feedback (a) by a named lender's account `who`.
	pub(crate) fn do_report_performed(who: T::AccountId, loan_id: LoanId) -> DispatchResult {
		let loan = Self::feedback_target(&who, loan_id)?;
		Self::apply_action(loan_id, loan, Actor::Account(who), LenderAction::ReportPerformed)
	}

	/// Feedback (b) by a named lender's account `who`.
	pub(crate) fn do_propose_extension(
		who: T::AccountId,
		loan_id: LoanId,
		new_end: BlockNumberFor<T>,
	) -> DispatchResult {
		let loan = Self::feedback_target(&who, loan_id)?;
		let action = LenderAction::ProposeExtension { new_end };
		Self::apply_action(loan_id, loan, Actor::Account(who), action)
	}

	/// Feedback (c) by a named lender's account `who`.
	pub(crate) fn do_report_breach(
		who: T::AccountId,
		loan_id: LoanId,
		level: DisclosureLevelOf<T>,
	) -> DispatchResult {
		let loan = Self::feedback_target(&who, loan_id)?;
		Self::apply_action(loan_id, loan, Actor::Account(who), LenderAction::ReportBreach { level })
	}

	/// Checks that `action` is allowed on `loan` (feedback-due, checked by the caller) and does
	/// it, recorded as by `by`: the record, the lists, the event.
	pub(crate) fn apply_action(
		loan_id: LoanId,
		mut loan: LoanOf<T>,
		by: ActorOf<T>,
		action: LenderActionOf<T>,
	) -> DispatchResult {
		Self::ensure_action_allowed(&loan, &action)?;
		let account = by.account().cloned();
		let change = match action {
			LenderAction::ReportPerformed => {
				LoanChange::Performed { early: false, renewed_by: None }
			},
			LenderAction::ProposeExtension { new_end } => LoanChange::ExtensionProposed { new_end },
			LenderAction::ReportBreach { level } => LoanChange::Breached { level },
		};
		Self::record(&mut loan, by, change)?;
		if let Some(identity) = loan.lender.identity() {
			FeedbackDueOf::<T>::remove(identity, loan_id);
		}
		let event = match action {
			LenderAction::ReportPerformed => {
				loan.status = LoanStatus::Performed;
				loan.report_by = None;
				Event::LoanPerformed { loan_id, by: account, early: false }
			},
			LenderAction::ProposeExtension { new_end } => {
				loan.status = LoanStatus::ExtensionProposed { new_end };
				// The borrower's deadline to answer; unanswered, the extension lapses as
				// declined.
				let now = frame_system::Pallet::<T>::block_number();
				let answer_by = now.saturating_add(T::FeedbackGracePeriod::get());
				loan.report_by = Some(answer_by);
				Self::schedule(answer_by, loan_id);
				Event::ExtensionProposed { loan_id, borrower: loan.borrower, new_end, by: account }
			},
			LenderAction::ReportBreach { level } => {
				loan.status = LoanStatus::Breached;
				loan.disclosure = Some(level);
				loan.report_by = None;
				Event::LoanBreached { loan_id, level, by: account }
			},
		};
		Loans::<T>::insert(loan_id, loan);
		Self::deposit_event(event);
		Ok(())
	}

	/// Puts `loan` in state `FeedbackDue` from `now`: listed for its named lender, with a new
	/// grace period whose end is queued (unless the loan is already flagged unreported).
	/// Returns the end of the grace period.
	pub(crate) fn reopen_feedback(
		loan_id: LoanId,
		loan: &mut LoanOf<T>,
		now: BlockNumberFor<T>,
	) -> BlockNumberFor<T> {
		let report_by = now.saturating_add(T::FeedbackGracePeriod::get());
		loan.status = LoanStatus::FeedbackDue;
		loan.report_by = Some(report_by);
		if let Some(identity) = loan.lender.identity() {
			FeedbackDueOf::<T>::insert(identity, loan_id, ());
		}
		if !loan.unreported {
			Self::schedule(report_by, loan_id);
		}
		report_by
	}

	/// The prompt's event: the lender is asked for feedback on `loan`.
	pub(crate) fn prompt_lender(
		loan_id: LoanId,
		loan: &LoanOf<T>,
		end: BlockNumberFor<T>,
		report_by: BlockNumberFor<T>,
	) {
		let (lender, lender_account) = match &loan.lender {
			LoanLender::Named { identity, account, .. } => (Some(*identity), account.clone()),
			LoanLender::Alias(_) => (None, None),
		};
		Self::deposit_event(Event::FeedbackDue { loan_id, lender, lender_account, end, report_by });
	}

	/// Marks `loan` feedback-due now (the lender is prompted) and queues the grace deadline.
	pub(crate) fn mark_feedback_due(loan_id: LoanId, loan: &mut LoanOf<T>, now: BlockNumberFor<T>) {
		let end = loan.period.map(|period| period.end).unwrap_or(now);
		let report_by = Self::reopen_feedback(loan_id, loan, now);
		Self::record_by_chain(loan, LoanChange::FeedbackDue { end });
		Self::prompt_lender(loan_id, loan, end, report_by);
	}
}
