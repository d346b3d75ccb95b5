//! Feedback (b): `propose_extension` by the lender, then `confirm_extension` or
//! `decline_extension` by the borrower.

use super::*;
use crate::{
	mock::*, Deadlines, DisclosureLevel, Error, Event, FeedbackDueOf, LoanChange, LoanStatus,
};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use loanchain_primitives::AttestationStatus;
use sp_runtime::DispatchError;

/// A feedback-due C2C loan with an extension to `now + DURATION` proposed; returns the loan
/// and the new end.
fn extended() -> (LoanId, u64) {
	let loan_id = due_c2c();
	let new_end = System::block_number() + DURATION;
	assert_ok!(Loans::propose_extension(RuntimeOrigin::signed(bob()), loan_id, new_end));
	(loan_id, new_end)
}

#[test]
fn lender_proposes_an_extension() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = due_c2c();
		let now = System::block_number();
		let new_end = now + DURATION;
		assert_ok!(Loans::propose_extension(RuntimeOrigin::signed(bob()), loan_id, new_end));
		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::ExtensionProposed { new_end });
		// Not effective yet: the end is unchanged until the borrower confirms.
		assert_eq!(loan.period.map(|period| period.end), Some(1 + DURATION));
		assert_eq!(
			loan.history.last().map(|entry| (entry.at, entry.by.clone(), entry.change)),
			Some((now, Actor::Account(bob()), LoanChange::ExtensionProposed { new_end }))
		);
		assert!(!FeedbackDueOf::<Test>::contains_key(BOB_ID, loan_id));
		// The borrower has a grace period to answer, queued.
		assert_eq!(loan.report_by, Some(now + GRACE));
		assert!(Deadlines::<Test>::contains_key(now + GRACE, loan_id));
		System::assert_last_event(
			Event::ExtensionProposed { loan_id, borrower: ALICE_ID, new_end, by: Some(bob()) }
				.into(),
		);
	});
}

#[test]
fn borrower_confirms_the_extension_and_the_loan_runs_until_the_new_end() {
	ExtBuilder::default().build_and_execute(|| {
		let (loan_id, new_end) = extended();
		let now = System::block_number();
		// Any account of the borrower's identity may answer.
		assert_ok!(Loans::confirm_extension(RuntimeOrigin::signed(alice_2()), loan_id));
		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::Active);
		assert_eq!(loan.period.map(|period| period.end), Some(new_end));
		// The start is unchanged; the previous end stays in the history.
		assert_eq!(loan.period.map(|period| period.start), Some(1));
		assert_eq!(
			loan.history.last().map(|entry| (entry.at, entry.by.clone(), entry.change)),
			Some((
				now,
				Actor::Account(alice_2()),
				LoanChange::ExtensionConfirmed { previous_end: 1 + DURATION, new_end }
			))
		);
		assert!(Deadlines::<Test>::contains_key(new_end, loan_id));
		System::assert_last_event(
			Event::ExtensionConfirmed { loan_id, new_end, by: alice_2() }.into(),
		);
		// Feedback is due again at the new end.
		run_to_block(new_end - 1);
		assert_eq!(record(loan_id).status, LoanStatus::Active);
		assert_noop!(
			Loans::report_performed(RuntimeOrigin::signed(bob()), loan_id),
			Error::<Test>::NotExpired
		);
		run_to_block(new_end);
		assert_eq!(record(loan_id).status, LoanStatus::FeedbackDue);
		assert_ok!(Loans::report_performed(RuntimeOrigin::signed(bob()), loan_id));
	});
}

#[test]
fn extension_declined_puts_the_feedback_back_to_the_lender() {
	ExtBuilder::default().build_and_execute(|| {
		let (loan_id, _) = extended();
		run_to_block(System::block_number() + 2);
		let now = System::block_number();
		assert_ok!(Loans::decline_extension(RuntimeOrigin::signed(alice()), loan_id));
		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::FeedbackDue);
		assert_eq!(loan.period.map(|period| period.end), Some(1 + DURATION));
		assert_eq!(loan.report_by, Some(now + GRACE));
		assert_eq!(
			loan.history.last().map(|entry| (entry.at, entry.by.clone(), entry.change)),
			Some((now, Actor::Account(alice()), LoanChange::ExtensionDeclined))
		);
		assert_eq!(Loans::feedback_due(bob()), vec![loan_id]);
		System::assert_last_event(
			Event::ExtensionDeclined { loan_id, lender: Some(BOB_ID), by: alice() }.into(),
		);
		// A new grace period runs from the refusal.
		run_to_block(now + GRACE - 1);
		assert!(!record(loan_id).unreported);
		run_to_block(now + GRACE);
		assert!(record(loan_id).unreported);
		// The lender answers differently.
		assert_ok!(Loans::report_breach(
			RuntimeOrigin::signed(bob()),
			loan_id,
			DisclosureLevel::Encrypted
		));
		assert_eq!(record(loan_id).status, LoanStatus::Breached);
	});
}

#[test]
fn extension_confirmed_after_its_new_end_is_due_in_the_next_block() {
	ExtBuilder::default().build_and_execute(|| {
		// An extension shorter than the time the borrower has to answer.
		let loan_id = due_c2c();
		let new_end = System::block_number() + 2;
		assert_ok!(Loans::propose_extension(RuntimeOrigin::signed(bob()), loan_id, new_end));
		run_to_block(new_end + 1);
		assert_eq!(record(loan_id).status, LoanStatus::ExtensionProposed { new_end });
		assert_ok!(Loans::confirm_extension(RuntimeOrigin::signed(alice()), loan_id));
		assert_eq!(record(loan_id).status, LoanStatus::Active);
		run_to_block(new_end + 2);
		assert_eq!(record(loan_id).status, LoanStatus::FeedbackDue);
	});
}

#[test]
fn an_unanswered_extension_lapses_as_declined() {
	ExtBuilder::default().build_and_execute(|| {
		let (loan_id, new_end) = extended();
		let answer_by = System::block_number() + GRACE;
		run_to_block(answer_by - 1);
		assert_eq!(record(loan_id).status, LoanStatus::ExtensionProposed { new_end });
		assert!(Loans::feedback_due(bob()).is_empty());

		run_to_block(answer_by);
		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::FeedbackDue);
		assert_eq!(loan.period.map(|period| period.end), Some(1 + DURATION));
		assert_eq!(loan.report_by, Some(answer_by + GRACE));
		assert!(!loan.unreported);
		assert_eq!(
			loan.history.last().map(|entry| (entry.at, entry.by.clone(), entry.change)),
			Some((answer_by, Actor::Chain, LoanChange::ExtensionDeclined))
		);
		assert!(FeedbackDueOf::<Test>::contains_key(BOB_ID, loan_id));
		assert!(Deadlines::<Test>::contains_key(answer_by + GRACE, loan_id));
		System::assert_last_event(
			Event::FeedbackDue {
				loan_id,
				lender: Some(BOB_ID),
				lender_account: Some(bob()),
				end: 1 + DURATION,
				report_by: answer_by + GRACE,
			}
			.into(),
		);
		// Too late for the borrower.
		assert_noop!(
			Loans::confirm_extension(RuntimeOrigin::signed(alice()), loan_id),
			Error::<Test>::WrongState
		);
		// A new grace period runs for the lender, who can now report the breach.
		run_to_block(answer_by + GRACE);
		assert!(record(loan_id).unreported);
		assert_ok!(Loans::report_breach(
			RuntimeOrigin::signed(bob()),
			loan_id,
			DisclosureLevel::Public
		));
		assert_eq!(record(loan_id).status, LoanStatus::Breached);
	});
}

#[test]
fn an_extension_cannot_be_answered_once_its_deadline_passed() {
	ExtBuilder::default().build_and_execute(|| {
		let (loan_id, new_end) = extended();
		let answer_by = System::block_number() + GRACE;
		// The queue has not reached the deadline yet (e.g. it lags behind).
		System::set_block_number(answer_by);
		assert_eq!(record(loan_id).status, LoanStatus::ExtensionProposed { new_end });
		assert_noop!(
			Loans::confirm_extension(RuntimeOrigin::signed(alice()), loan_id),
			Error::<Test>::WrongState
		);
		assert_noop!(
			Loans::decline_extension(RuntimeOrigin::signed(alice()), loan_id),
			Error::<Test>::WrongState
		);
		// The queue catches up (at most MAX_EXPIRIES queue blocks per block).
		Loans::on_initialize(answer_by);
		Loans::on_initialize(answer_by);
		assert_eq!(record(loan_id).status, LoanStatus::FeedbackDue);
	});
}

#[test]
fn an_extension_of_an_unreported_loan_lapses_without_a_new_flag() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = due_c2c();
		run_to_block(System::block_number() + GRACE);
		assert!(record(loan_id).unreported);
		let now = System::block_number();
		assert_ok!(Loans::propose_extension(RuntimeOrigin::signed(bob()), loan_id, now + 1));
		// The answer deadline is queued even though the loan is flagged.
		assert!(Deadlines::<Test>::contains_key(now + GRACE, loan_id));
		run_to_block(now + GRACE);
		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::FeedbackDue);
		assert_eq!(loan.report_by, Some(now + 2 * GRACE));
		// Flagged once: no second grace deadline, no second flag.
		assert!(!Deadlines::<Test>::contains_key(now + 2 * GRACE, loan_id));
		run_to_block(now + 2 * GRACE);
		let flags = record(loan_id)
			.history
			.iter()
			.filter(|e| e.change == LoanChange::Unreported)
			.count();
		assert_eq!(flags, 1);
		assert_ok!(Loans::report_performed(RuntimeOrigin::signed(bob()), loan_id));
	});
}

#[test]
fn extension_end_must_be_in_the_future_and_within_the_longest_period() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = due_c2c();
		let now = System::block_number();
		for new_end in [now - 1, now, now + MAX_PERIOD + 1] {
			assert_noop!(
				Loans::propose_extension(RuntimeOrigin::signed(bob()), loan_id, new_end),
				Error::<Test>::InvalidPeriod
			);
		}
		assert_ok!(Loans::propose_extension(
			RuntimeOrigin::signed(bob()),
			loan_id,
			now + MAX_PERIOD
		));
	});
}

#[test]
fn only_the_borrower_answers_an_extension() {
	ExtBuilder::default().build_and_execute(|| {
		let (loan_id, _) = extended();
		for who in [bob(), dave(), op(), nobody()] {
			assert_noop!(
				Loans::confirm_extension(RuntimeOrigin::signed(who.clone()), loan_id),
				Error::<Test>::NotBorrower
			);
			assert_noop!(
				Loans::decline_extension(RuntimeOrigin::signed(who), loan_id),
				Error::<Test>::NotBorrower
			);
		}
		set_status(&alice(), AttestationStatus::Revoked);
		assert_noop!(
			Loans::confirm_extension(RuntimeOrigin::signed(alice()), loan_id),
			Error::<Test>::NotAttested
		);
		assert_noop!(
			Loans::decline_extension(RuntimeOrigin::signed(alice()), loan_id),
			Error::<Test>::NotAttested
		);
		assert_noop!(
			Loans::confirm_extension(RuntimeOrigin::none(), loan_id),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Loans::decline_extension(RuntimeOrigin::none(), loan_id),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn answering_without_a_proposed_extension_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Loans::confirm_extension(RuntimeOrigin::signed(alice()), 4),
			Error::<Test>::NotFound
		);
		assert_noop!(
			Loans::decline_extension(RuntimeOrigin::signed(alice()), 4),
			Error::<Test>::NotFound
		);
		let proposal = propose_c2c();
		let active = active_c2c();
		let (declined, _) = extended();
		assert_ok!(Loans::decline_extension(RuntimeOrigin::signed(alice()), declined));
		for loan_id in [proposal, active, declined] {
			assert_noop!(
				Loans::confirm_extension(RuntimeOrigin::signed(alice()), loan_id),
				Error::<Test>::WrongState
			);
			assert_noop!(
				Loans::decline_extension(RuntimeOrigin::signed(alice()), loan_id),
				Error::<Test>::WrongState
			);
		}
	});
}

#[test]
fn extension_rounds_stop_before_the_history_is_full() {
	ExtBuilder::default().build_and_execute(|| {
		// History: proposed, confirmed, feedback due (3 of MAX_HISTORY = 10).
		let loan_id = due_c2c();
		let mut rounds = 0;
		loop {
			let new_end = System::block_number() + DURATION;
			match Loans::propose_extension(RuntimeOrigin::signed(bob()), loan_id, new_end) {
				Ok(()) => {
					rounds += 1;
					assert_ok!(Loans::decline_extension(RuntimeOrigin::signed(alice()), loan_id));
				},
				Err(error) => {
					assert_eq!(error, Error::<Test>::HistoryFull.into());
					break;
				},
			}
		}
		assert_eq!(rounds, 2);
		assert_noop!(
			Loans::propose_extension(
				RuntimeOrigin::signed(bob()),
				loan_id,
				System::block_number() + 1
			),
			Error::<Test>::HistoryFull
		);
		// The reserved room still takes the chain's flag and the lender's final answer.
		run_to_block(System::block_number() + GRACE);
		assert!(record(loan_id).unreported);
		assert_ok!(Loans::report_performed(RuntimeOrigin::signed(bob()), loan_id));
		let history = record(loan_id).history;
		assert_eq!(history.len() as u32, 9);
		assert_eq!(
			history.iter().map(|entry| entry.change).collect::<Vec<_>>(),
			vec![
				LoanChange::Proposed { duration: DURATION },
				LoanChange::Confirmed { start: 1, end: 1 + DURATION },
				LoanChange::FeedbackDue { end: 1 + DURATION },
				LoanChange::ExtensionProposed { new_end: 1 + 2 * DURATION },
				LoanChange::ExtensionDeclined,
				LoanChange::ExtensionProposed { new_end: 1 + 2 * DURATION },
				LoanChange::ExtensionDeclined,
				LoanChange::Unreported,
				LoanChange::Performed { early: false, renewed_by: None },
			]
		);
	});
}
