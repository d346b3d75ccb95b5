//! The proposal timeout: a proposal the lender does not confirm within
//! [`PROPOSAL_TIMEOUT`] blocks is withdrawn by the chain and its deposit returned.

use super::*;
use crate::{
	mock::*, weights::WeightInfo, ConsentNonce, Deadlines, Error, Event, LoanChange, LoanStatus,
	LoansOf, ProposalsTo,
};
use frame_support::{assert_noop, assert_ok, traits::Hooks};
use loanchain_primitives::AttestationStatus;

#[test]
fn a_proposal_has_a_queued_timeout() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		assert_eq!(record(loan_id).report_by, Some(1 + PROPOSAL_TIMEOUT));
		assert!(Deadlines::<Test>::contains_key(1 + PROPOSAL_TIMEOUT, loan_id));
		let registered = register_corporate();
		assert_eq!(record(registered).report_by, Some(1 + PROPOSAL_TIMEOUT));
		assert!(Deadlines::<Test>::contains_key(1 + PROPOSAL_TIMEOUT, registered));
	});
}

#[test]
fn an_unconfirmed_proposal_expires_and_the_deposit_returns() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		let expires_at = 1 + PROPOSAL_TIMEOUT;
		run_to_block(expires_at - 1);
		assert_eq!(record(loan_id).status, LoanStatus::Proposed);
		assert_eq!(held(&alice()), DEPOSIT);

		run_to_block(expires_at);
		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::Withdrawn);
		assert_eq!(loan.deposit, None);
		assert_eq!(loan.report_by, None);
		assert_eq!(loan.period, None);
		assert_eq!(
			loan.history.last().map(|entry| (entry.at, entry.by.clone(), entry.change)),
			Some((expires_at, Actor::Chain, LoanChange::Expired))
		);
		assert_eq!(held(&alice()), 0);
		assert_eq!(Balances::free_balance(alice()), ENDOWMENT);
		assert!(LoansOf::<Test>::get(ALICE_ID).is_empty());
		assert!(!ProposalsTo::<Test>::contains_key(BOB_ID, loan_id));
		assert!(Loans::proposals_to(bob()).is_empty());
		assert!(!Deadlines::<Test>::contains_key(expires_at, loan_id));
		System::assert_last_event(Event::ProposalExpired { loan_id }.into());

		// Nothing can be done with it any more.
		assert_noop!(
			Loans::confirm(RuntimeOrigin::signed(bob()), loan_id),
			Error::<Test>::WrongState
		);
		assert_noop!(
			Loans::withdraw(RuntimeOrigin::signed(alice()), loan_id),
			Error::<Test>::WrongState
		);
	});
}

#[test]
fn an_unconfirmed_registration_expires_and_the_company_gets_its_deposit_back() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = register_corporate();
		assert_eq!(held(&op()), DEPOSIT);
		run_to_block(1 + PROPOSAL_TIMEOUT);
		assert_eq!(record(loan_id).status, LoanStatus::Withdrawn);
		assert_eq!(held(&op()), 0);
		assert_eq!(Balances::free_balance(op()), ENDOWMENT);
		assert!(LoansOf::<Test>::get(ALICE_ID).is_empty());
		assert!(Loans::proposals_to(op()).is_empty());
		// The consent stays used up.
		assert_eq!(ConsentNonce::<Test>::get(alice()), 1);
		System::assert_last_event(Event::ProposalExpired { loan_id }.into());
	});
}

#[test]
fn a_proposer_who_can_no_longer_transact_gets_the_deposit_back() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		set_status(&alice(), AttestationStatus::Expired);
		set_status(&alice_2(), AttestationStatus::Expired);
		// The lender cannot confirm a loan of a borrower who is no longer attested.
		assert_noop!(
			Loans::confirm(RuntimeOrigin::signed(bob()), loan_id),
			Error::<Test>::BorrowerNotAttested
		);
		run_to_block(1 + PROPOSAL_TIMEOUT);
		assert_eq!(record(loan_id).status, LoanStatus::Withdrawn);
		assert_eq!(Balances::free_balance(alice()), ENDOWMENT);
	});
}

#[test]
fn confirmed_and_withdrawn_proposals_leave_no_timeout() {
	ExtBuilder::default().build_and_execute(|| {
		let confirmed = propose_c2c();
		let withdrawn = propose_c2c();
		run_to_block(3);
		assert_ok!(Loans::confirm(RuntimeOrigin::signed(bob()), confirmed));
		assert_ok!(Loans::withdraw(RuntimeOrigin::signed(alice()), withdrawn));
		for loan_id in [confirmed, withdrawn] {
			assert_eq!(record(loan_id).report_by, None);
			assert!(!Deadlines::<Test>::contains_key(1 + PROPOSAL_TIMEOUT, loan_id));
		}
		assert!(Deadlines::<Test>::contains_key(3 + DURATION, confirmed));
		run_to_block(1 + PROPOSAL_TIMEOUT);
		assert_eq!(record(confirmed).status, LoanStatus::FeedbackDue);
		assert_eq!(record(withdrawn).history.last().map(|e| e.change), Some(LoanChange::Withdrawn));
		assert!(!loan_events().iter().any(|event| matches!(event, Event::ProposalExpired { .. })));
	});
}

#[test]
fn a_timed_out_proposal_cannot_be_confirmed_before_the_queue_reaches_it() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		// From the timeout block on, even if the queue lags behind.
		System::set_block_number(1 + PROPOSAL_TIMEOUT);
		assert_eq!(record(loan_id).status, LoanStatus::Proposed);
		assert_noop!(
			Loans::confirm(RuntimeOrigin::signed(bob()), loan_id),
			Error::<Test>::WrongState
		);
		// A party may still withdraw it.
		assert_ok!(Loans::withdraw(RuntimeOrigin::signed(alice()), loan_id));
		assert_eq!(held(&alice()), 0);
	});
}

#[test]
fn an_expiry_is_charged_in_the_block_weight() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		let expires_at = 1 + PROPOSAL_TIMEOUT;
		// Put the cursor on the timeout block.
		NextDeadlineBlockOf::put(expires_at);
		System::set_block_number(expires_at);
		let weight = Loans::on_initialize(expires_at);
		assert_eq!(
			weight,
			<() as WeightInfo>::process_deadlines(1)
				+ <() as WeightInfo>::on_initialize_per_proposal()
		);
		assert_eq!(record(loan_id).status, LoanStatus::Withdrawn);
	});
}

/// The cursor of the deadline queue.
type NextDeadlineBlockOf = crate::NextDeadlineBlock<Test>;
