//! The deadline queue in `on_initialize`: the feedback prompt at a loan's end, the unreported
//! flag after the grace period, and the bound on the work per block.

use super::*;
use crate::{
	mock::*, weights::WeightInfo, Deadlines, Event, FeedbackDueOf, LoanChange, LoanStatus,
	NextDeadlineBlock,
};
use frame_support::{assert_ok, traits::Hooks};

#[test]
fn the_lender_is_prompted_when_the_end_passes() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = active_c2c();
		let end = 1 + DURATION;
		run_to_block(end - 1);
		assert_eq!(record(loan_id).status, LoanStatus::Active);
		assert!(Loans::feedback_due(bob()).is_empty());

		run_to_block(end);
		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::FeedbackDue);
		assert_eq!(loan.report_by, Some(end + GRACE));
		assert!(!loan.unreported);
		assert_eq!(
			loan.history.last().map(|entry| (entry.at, entry.by.clone(), entry.change)),
			Some((end, Actor::Chain, LoanChange::FeedbackDue { end }))
		);
		assert!(FeedbackDueOf::<Test>::contains_key(BOB_ID, loan_id));
		assert_eq!(Loans::feedback_due(bob()), vec![loan_id]);
		System::assert_last_event(
			Event::FeedbackDue {
				loan_id,
				lender: Some(BOB_ID),
				lender_account: Some(bob()),
				end,
				report_by: end + GRACE,
			}
			.into(),
		);
	});
}

#[test]
fn an_unanswered_prompt_is_flagged_unreported_after_the_grace_period() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = due_c2c();
		let report_by = record(loan_id).report_by.unwrap();
		run_to_block(report_by - 1);
		assert!(!record(loan_id).unreported);
		run_to_block(report_by);
		let loan = record(loan_id);
		assert!(loan.unreported);
		assert_eq!(loan.status, LoanStatus::FeedbackDue);
		assert_eq!(loan.history.last().map(|entry| entry.change), Some(LoanChange::Unreported));
		System::assert_last_event(Event::LoanUnreported { loan_id, lender: Some(BOB_ID) }.into());
		// Still due: the lender can answer late, and the flag stays in the record.
		assert_eq!(Loans::feedback_due(bob()), vec![loan_id]);
		assert_ok!(Loans::report_performed(RuntimeOrigin::signed(bob()), loan_id));
		assert!(record(loan_id).unreported);
	});
}

#[test]
fn a_timely_answer_is_not_flagged() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = due_c2c();
		assert_ok!(Loans::report_performed(RuntimeOrigin::signed(bob()), loan_id));
		run_to_block(System::block_number() + 2 * GRACE);
		assert!(!record(loan_id).unreported);
		assert!(!loan_events().iter().any(|event| matches!(event, Event::LoanUnreported { .. })));
	});
}

#[test]
fn work_per_block_is_bounded_however_many_loans_end_at_once() {
	ExtBuilder::default().build_and_execute(|| {
		// Five loans end at the same block (two borrowers, MAX_LOANS each).
		let mut loans = Vec::new();
		for _ in 0..3 {
			loans.push(active_c2c());
		}
		for _ in 0..2 {
			let loan_id = NextLoanId::<Test>::get();
			assert_ok!(Loans::propose(
				RuntimeOrigin::signed(dave()),
				bob(),
				DURATION,
				commitment(1),
				terms()
			));
			assert_ok!(Loans::confirm(RuntimeOrigin::signed(bob()), loan_id));
			loans.push(loan_id);
		}
		let end = 1 + DURATION;
		run_to_block(end);
		let due = loans.iter().filter(|id| record(**id).status == LoanStatus::FeedbackDue).count();
		assert_eq!(due as u32, MAX_EXPIRIES);
		// The rest follow in the next block.
		run_to_block(end + 1);
		assert!(loans.iter().all(|id| record(*id).status == LoanStatus::FeedbackDue));
		assert_eq!(Loans::feedback_due(bob()), loans);
	});
}

#[test]
fn on_initialize_returns_the_weight_used() {
	ExtBuilder::default().build_and_execute(|| {
		let first = active_c2c();
		let second = active_c2c();
		let end = 1 + DURATION;
		run_to_block(end - 1);
		System::set_block_number(end);
		let weight = Loans::on_initialize(end);
		let per_block = <() as WeightInfo>::on_initialize_per_block();
		let per_expiry = <() as WeightInfo>::on_initialize_per_expiry();
		// The walk through the queue block's two entries, and what each did.
		assert_eq!(weight, <() as WeightInfo>::process_deadlines(2) + per_expiry * 2);
		assert_eq!(record(first).status, LoanStatus::FeedbackDue);
		assert_eq!(record(second).status, LoanStatus::FeedbackDue);
		// An empty block costs one step.
		System::set_block_number(end + 1);
		assert_eq!(Loans::on_initialize(end + 1), per_block);
	});
}

#[test]
fn nothing_is_done_before_the_first_deadline() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(NextDeadlineBlock::<Test>::get(), None);
		run_to_block(5);
		assert_eq!(NextDeadlineBlock::<Test>::get(), None);
		active_c2c();
		assert_eq!(NextDeadlineBlock::<Test>::get(), Some(5));
		run_to_block(6);
		assert_eq!(NextDeadlineBlock::<Test>::get(), Some(7));
	});
}

#[test]
fn a_lagging_cursor_passes_a_bounded_number_of_blocks() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = active_c2c();
		let end = 1 + DURATION;
		// The chain jumps far ahead (e.g. the pallet was idle): each block moves the cursor by
		// at most MAX_EXPIRIES blocks.
		System::set_block_number(end + 20);
		Loans::on_initialize(end + 20);
		assert_eq!(NextDeadlineBlock::<Test>::get(), Some(1 + MAX_EXPIRIES as u64));
		for _ in 0..3 {
			Loans::on_initialize(end + 20);
		}
		assert_eq!(record(loan_id).status, LoanStatus::FeedbackDue);
		assert!(!Deadlines::<Test>::contains_key(end, loan_id));
	});
}

#[test]
fn a_loan_that_moved_on_is_not_prompted() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = active_corporate();
		let signature = consent(
			sp_keyring::Sr25519Keyring::Alice,
			ACME_ID,
			commitment(3),
			DURATION,
			Some(loan_id),
		);
		assert_ok!(Loans::renew(
			RuntimeOrigin::signed(op()),
			loan_id,
			alice(),
			DURATION,
			commitment(3),
			terms(),
			signature,
		));
		run_to_block(1 + DURATION);
		assert_eq!(record(loan_id).status, LoanStatus::Performed);
		assert!(!FeedbackDueOf::<Test>::contains_key(ACME_ID, loan_id));
		// Only the follow-on loan (same end block) is prompted.
		assert_eq!(Loans::feedback_due(op()), vec![loan_id + 1]);
	});
}
