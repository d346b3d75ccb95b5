//! The lender's feedback: `report_performed` and `report_breach` (and the checks shared with
//! `propose_extension`).

use super::*;
use crate::{mock::*, DisclosureLevel, Error, Event, FeedbackDueOf, LoanChange, LoanStatus};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use loanchain_primitives::AttestationStatus;
use sp_runtime::DispatchError;

/// Asserts that all three feedback calls by `who` on `loan_id` fail with `error` and change
/// nothing.
macro_rules! assert_feedback_noop {
	($who:expr, $loan_id:expr, $error:expr) => {{
		let now = System::block_number();
		assert_noop!(Loans::report_performed(RuntimeOrigin::signed($who), $loan_id), $error);
		assert_noop!(
			Loans::propose_extension(RuntimeOrigin::signed($who), $loan_id, now + 5),
			$error
		);
		assert_noop!(
			Loans::report_breach(RuntimeOrigin::signed($who), $loan_id, DisclosureLevel::Public),
			$error
		);
	}};
}

#[test]
fn lender_reports_performed_normally() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = due_c2c();
		let now = System::block_number();
		assert_ok!(Loans::report_performed(RuntimeOrigin::signed(bob()), loan_id));
		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::Performed);
		assert_eq!(loan.disclosure, None);
		assert_eq!(loan.report_by, None);
		assert_eq!(
			loan.history.last().map(|entry| (entry.at, entry.by.clone(), entry.change)),
			Some((
				now,
				Actor::Account(bob()),
				LoanChange::Performed { early: false, renewed_by: None }
			))
		);
		assert!(!FeedbackDueOf::<Test>::contains_key(BOB_ID, loan_id));
		assert!(Loans::feedback_due(bob()).is_empty());
		System::assert_last_event(
			Event::LoanPerformed { loan_id, by: Some(bob()), early: false }.into(),
		);
	});
}

#[test]
fn company_operator_reports_for_the_company() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = active_corporate();
		run_to_block(1 + DURATION);
		assert_eq!(Loans::feedback_due(op()), vec![loan_id]);
		assert_eq!(Loans::feedback_due(acme()), vec![loan_id]);
		assert_ok!(Loans::report_breach(
			RuntimeOrigin::signed(op()),
			loan_id,
			DisclosureLevel::PaidQuery { fee: 5 }
		));
		assert_eq!(record(loan_id).disclosure, Some(DisclosureLevel::PaidQuery { fee: 5 }));
	});
}

#[test]
fn lender_reports_a_breach_with_each_information_level() {
	ExtBuilder::default().build_and_execute(|| {
		for level in [
			DisclosureLevel::Public,
			DisclosureLevel::Encrypted,
			DisclosureLevel::PaidQuery { fee: 3 },
		] {
			let loan_id = due_c2c();
			let now = System::block_number();
			assert_ok!(Loans::report_breach(RuntimeOrigin::signed(bob()), loan_id, level));
			let loan = record(loan_id);
			assert_eq!(loan.status, LoanStatus::Breached);
			assert_eq!(loan.disclosure, Some(level));
			assert_eq!(
				loan.history.last().map(|entry| (entry.at, entry.by.clone(), entry.change)),
				Some((now, Actor::Account(bob()), LoanChange::Breached { level }))
			);
			assert!(!FeedbackDueOf::<Test>::contains_key(BOB_ID, loan_id));
			System::assert_last_event(
				Event::LoanBreached { loan_id, level, by: Some(bob()) }.into(),
			);
		}
	});
}

#[test]
fn paid_query_fee_must_not_be_zero() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = due_c2c();
		assert_noop!(
			Loans::report_breach(
				RuntimeOrigin::signed(bob()),
				loan_id,
				DisclosureLevel::PaidQuery { fee: 0 }
			),
			Error::<Test>::ZeroFee
		);
	});
}

#[test]
fn feedback_before_the_end_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = active_c2c();
		run_to_block(DURATION);
		assert_feedback_noop!(bob(), loan_id, Error::<Test>::NotExpired);
		assert_eq!(record(loan_id).status, LoanStatus::Active);
	});
}

#[test]
fn feedback_is_accepted_once_the_end_passed_even_before_the_queue_reached_it() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = active_c2c();
		// No on_initialize ran for the end block yet.
		System::set_block_number(1 + DURATION);
		assert_ok!(Loans::report_performed(RuntimeOrigin::signed(bob()), loan_id));
		assert_eq!(record(loan_id).status, LoanStatus::Performed);
		// When the queue reaches the end, nothing more happens.
		Loans::on_initialize(1 + DURATION);
		assert_eq!(record(loan_id).status, LoanStatus::Performed);
	});
}

#[test]
fn double_feedback_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let performed = due_c2c();
		assert_ok!(Loans::report_performed(RuntimeOrigin::signed(bob()), performed));
		assert_feedback_noop!(bob(), performed, Error::<Test>::AlreadyReported);
		let breached = due_c2c();
		assert_ok!(Loans::report_breach(
			RuntimeOrigin::signed(bob()),
			breached,
			DisclosureLevel::Encrypted
		));
		assert_feedback_noop!(bob(), breached, Error::<Test>::AlreadyReported);
		let extended = due_c2c();
		let now = System::block_number();
		assert_ok!(Loans::propose_extension(RuntimeOrigin::signed(bob()), extended, now + 5));
		assert_feedback_noop!(bob(), extended, Error::<Test>::AlreadyReported);
	});
}

#[test]
fn feedback_by_anyone_but_the_lender_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = due_c2c();
		for who in [alice(), alice_2(), dave(), op(), nobody()] {
			assert_feedback_noop!(who.clone(), loan_id, Error::<Test>::NotLender);
		}
		set_status(&bob(), AttestationStatus::Revoked);
		assert_feedback_noop!(bob(), loan_id, Error::<Test>::NotAttested);
	});
}

#[test]
fn feedback_on_a_proposal_or_unknown_loan_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_feedback_noop!(bob(), 5, Error::<Test>::NotFound);
		let proposal = propose_c2c();
		assert_feedback_noop!(bob(), proposal, Error::<Test>::WrongState);
		assert_ok!(Loans::withdraw(RuntimeOrigin::signed(alice()), proposal));
		assert_feedback_noop!(bob(), proposal, Error::<Test>::WrongState);
	});
}

#[test]
fn feedback_requires_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = due_c2c();
		assert_noop!(
			Loans::report_performed(RuntimeOrigin::none(), loan_id),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Loans::report_breach(RuntimeOrigin::none(), loan_id, DisclosureLevel::Public),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Loans::propose_extension(RuntimeOrigin::none(), loan_id, 100),
			DispatchError::BadOrigin
		);
	});
}
