//! The C2C registration: `propose`, `confirm` and `withdraw`.

use super::*;
use crate::{
	mock::*, Deadlines, Error, Event, HistoryEntry, LoanChange, LoanDeposit, LoanPeriod,
	LoanStatus, LoansOf, ProposalsTo,
};
use frame_support::{assert_noop, assert_ok};
use loanchain_primitives::{AttestationStatus, SubjectKind};
use sp_runtime::DispatchError;

#[test]
fn borrower_proposes_with_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		assert_eq!(loan_id, 0);
		let loan = record(loan_id);
		assert_eq!(loan.borrower, ALICE_ID);
		assert_eq!(
			loan.lender,
			LoanLender::Named { identity: BOB_ID, account: None, company: None }
		);
		assert_eq!(loan.borrower_account, alice());
		assert_eq!(loan.duration, DURATION);
		assert_eq!(loan.period, None);
		assert_eq!(loan.commitment, commitment(1));
		assert_eq!(loan.sealed_terms.to_vec(), terms());
		assert_eq!(loan.status, LoanStatus::Proposed);
		assert_eq!(loan.deposit, Some(LoanDeposit { depositor: alice(), amount: DEPOSIT }));
		assert_eq!(
			loan.history.to_vec(),
			vec![HistoryEntry {
				at: 1,
				by: Actor::Account(alice()),
				change: LoanChange::Proposed { duration: DURATION }
			}]
		);
		assert_eq!(held(&alice()), DEPOSIT);
		assert_eq!(LoansOf::<Test>::get(ALICE_ID).to_vec(), vec![loan_id]);
		assert!(ProposalsTo::<Test>::contains_key(BOB_ID, loan_id));
		assert_eq!(NextLoanId::<Test>::get(), 1);
		System::assert_last_event(
			Event::LoanProposed {
				loan_id,
				borrower: ALICE_ID,
				lender: BOB_ID,
				proposer: alice(),
				duration: DURATION,
			}
			.into(),
		);
	});
}

#[test]
fn proposal_to_a_company_names_it_by_any_of_its_accounts() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Loans::propose(
			RuntimeOrigin::signed(alice()),
			op(),
			DURATION,
			commitment(1),
			terms()
		));
		assert_eq!(record(0).lender.identity(), Some(ACME_ID));
		// A company operator proposes as borrower for its company.
		assert_ok!(Loans::propose(
			RuntimeOrigin::signed(op_zeta()),
			bob(),
			DURATION,
			commitment(1),
			terms()
		));
		assert_eq!(record(1).borrower, ZETA_ID);
	});
}

#[test]
fn propose_requires_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Loans::propose(RuntimeOrigin::none(), bob(), DURATION, commitment(1), terms()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn propose_rejects_caller_without_valid_attestation() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Loans::propose(
				RuntimeOrigin::signed(nobody()),
				bob(),
				DURATION,
				commitment(1),
				terms()
			),
			Error::<Test>::NotAttested
		);
		set_status(&alice(), AttestationStatus::Revoked);
		assert_noop!(
			Loans::propose(RuntimeOrigin::signed(alice()), bob(), DURATION, commitment(1), terms()),
			Error::<Test>::NotAttested
		);
		set_status(&alice(), AttestationStatus::Expired);
		assert_noop!(
			Loans::propose(RuntimeOrigin::signed(alice()), bob(), DURATION, commitment(1), terms()),
			Error::<Test>::NotAttested
		);
	});
}

#[test]
fn propose_rejects_unknown_lender() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Loans::propose(
				RuntimeOrigin::signed(alice()),
				nobody(),
				DURATION,
				commitment(1),
				terms()
			),
			Error::<Test>::UnknownLender
		);
	});
}

#[test]
fn lender_may_not_be_the_borrowers_own_identity() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Loans::propose(
				RuntimeOrigin::signed(alice()),
				alice(),
				DURATION,
				commitment(1),
				terms()
			),
			Error::<Test>::LenderIsBorrower
		);
		assert_noop!(
			Loans::propose(
				RuntimeOrigin::signed(alice()),
				alice_2(),
				DURATION,
				commitment(1),
				terms()
			),
			Error::<Test>::LenderIsBorrower
		);
	});
}

#[test]
fn propose_rejects_lender_without_valid_attestation() {
	ExtBuilder::default().build_and_execute(|| {
		set_status(&bob(), AttestationStatus::Revoked);
		assert_noop!(
			Loans::propose(RuntimeOrigin::signed(alice()), bob(), DURATION, commitment(1), terms()),
			Error::<Test>::LenderNotAttested
		);
	});
}

#[test]
fn propose_rejects_invalid_period() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Loans::propose(RuntimeOrigin::signed(alice()), bob(), 0, commitment(1), terms()),
			Error::<Test>::InvalidPeriod
		);
		assert_noop!(
			Loans::propose(
				RuntimeOrigin::signed(alice()),
				bob(),
				MAX_PERIOD + 1,
				commitment(1),
				terms()
			),
			Error::<Test>::InvalidPeriod
		);
		assert_ok!(Loans::propose(
			RuntimeOrigin::signed(alice()),
			bob(),
			MAX_PERIOD,
			commitment(1),
			terms()
		));
	});
}

#[test]
fn propose_rejects_oversized_terms() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Loans::propose(
				RuntimeOrigin::signed(alice()),
				bob(),
				DURATION,
				commitment(1),
				vec![0; MAX_TERMS as usize + 1]
			),
			Error::<Test>::TermsTooLarge
		);
		assert_ok!(Loans::propose(
			RuntimeOrigin::signed(alice()),
			bob(),
			DURATION,
			commitment(1),
			vec![0; MAX_TERMS as usize]
		));
	});
}

#[test]
fn loans_per_identity_are_bounded_across_accounts_and_withdrawal_frees_a_slot() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..MAX_LOANS / 2 {
			propose_c2c();
			assert_ok!(Loans::propose(
				RuntimeOrigin::signed(alice_2()),
				bob(),
				DURATION,
				commitment(1),
				terms()
			));
		}
		assert_noop!(
			Loans::propose(RuntimeOrigin::signed(alice()), bob(), DURATION, commitment(1), terms()),
			Error::<Test>::TooManyLoans
		);
		assert_ok!(Loans::withdraw(RuntimeOrigin::signed(alice()), 0));
		propose_c2c();
	});
}

#[test]
fn propose_rejects_caller_without_funds_for_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let poor = sp_runtime::AccountId32::new([77; 32]);
		set_identity(&poor, 77, SubjectKind::Person);
		assert_noop!(
			Loans::propose(RuntimeOrigin::signed(poor), bob(), DURATION, commitment(1), terms()),
			Error::<Test>::CannotPayDeposit
		);
	});
}

#[test]
fn propose_rejects_loan_id_overflow() {
	ExtBuilder::default().build_and_execute(|| {
		NextLoanId::<Test>::put(LoanId::MAX);
		assert_noop!(
			Loans::propose(RuntimeOrigin::signed(alice()), bob(), DURATION, commitment(1), terms()),
			Error::<Test>::LoanIdOverflow
		);
	});
}

#[test]
fn lender_confirms_and_the_loan_is_in_force() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		run_to_block(3);
		assert_ok!(Loans::confirm(RuntimeOrigin::signed(bob()), loan_id));
		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::Active);
		assert_eq!(
			loan.period,
			Some(LoanPeriod { start: 3, end: 3 + DURATION, started_at_ms: 3 * BLOCK_MS })
		);
		assert_eq!(
			loan.lender,
			LoanLender::Named { identity: BOB_ID, account: Some(bob()), company: None }
		);
		assert_eq!(loan.deposit, None);
		assert_eq!(held(&alice()), 0);
		assert_eq!(Balances::free_balance(alice()), ENDOWMENT);
		assert!(!ProposalsTo::<Test>::contains_key(BOB_ID, loan_id));
		assert!(Deadlines::<Test>::contains_key(3 + DURATION, loan_id));
		assert_eq!(
			loan.history.last().map(|entry| (entry.at, entry.by.clone(), entry.change)),
			Some((3, Actor::Account(bob()), LoanChange::Confirmed { start: 3, end: 3 + DURATION }))
		);
		System::assert_last_event(
			Event::LoanConfirmed {
				loan_id,
				lender: BOB_ID,
				by: bob(),
				start: 3,
				end: 3 + DURATION,
			}
			.into(),
		);
	});
}

#[test]
fn confirm_by_a_non_lender_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		for who in [alice(), alice_2(), dave(), op(), nobody()] {
			assert_noop!(
				Loans::confirm(RuntimeOrigin::signed(who), loan_id),
				Error::<Test>::NotLender
			);
		}
	});
}

#[test]
fn confirm_requires_valid_lender_and_borrower() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		set_status(&bob(), AttestationStatus::Expired);
		assert_noop!(
			Loans::confirm(RuntimeOrigin::signed(bob()), loan_id),
			Error::<Test>::NotAttested
		);
		set_status(&bob(), AttestationStatus::Valid);
		set_status(&alice(), AttestationStatus::Revoked);
		set_status(&alice_2(), AttestationStatus::Revoked);
		assert_noop!(
			Loans::confirm(RuntimeOrigin::signed(bob()), loan_id),
			Error::<Test>::BorrowerNotAttested
		);
		// One valid account is enough for the borrower's identity.
		set_status(&alice_2(), AttestationStatus::Valid);
		assert_ok!(Loans::confirm(RuntimeOrigin::signed(bob()), loan_id));
	});
}

#[test]
fn confirm_rejects_unknown_loan_and_wrong_state() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Loans::confirm(RuntimeOrigin::signed(bob()), 7), Error::<Test>::NotFound);
		let loan_id = active_c2c();
		assert_noop!(
			Loans::confirm(RuntimeOrigin::signed(bob()), loan_id),
			Error::<Test>::WrongState
		);
		let withdrawn = propose_c2c();
		assert_ok!(Loans::withdraw(RuntimeOrigin::signed(alice()), withdrawn));
		assert_noop!(
			Loans::confirm(RuntimeOrigin::signed(bob()), withdrawn),
			Error::<Test>::WrongState
		);
	});
}

#[test]
fn confirm_requires_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		assert_noop!(Loans::confirm(RuntimeOrigin::root(), loan_id), DispatchError::BadOrigin);
	});
}

#[test]
fn borrower_withdraws_and_the_record_stays() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		// Any account of the borrower's identity may withdraw.
		assert_ok!(Loans::withdraw(RuntimeOrigin::signed(alice_2()), loan_id));
		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::Withdrawn);
		assert_eq!(loan.deposit, None);
		assert_eq!(loan.history.len(), 2);
		assert_eq!(loan.history[1].change, LoanChange::Withdrawn);
		assert_eq!(loan.history[1].by, Actor::Account(alice_2()));
		assert_eq!(held(&alice()), 0);
		assert_eq!(Balances::free_balance(alice()), ENDOWMENT);
		assert!(LoansOf::<Test>::get(ALICE_ID).is_empty());
		assert!(!ProposalsTo::<Test>::contains_key(BOB_ID, loan_id));
		System::assert_last_event(Event::LoanWithdrawn { loan_id, by: alice_2() }.into());
	});
}

#[test]
fn lender_withdraws_and_the_deposit_returns_to_the_borrower() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		assert_ok!(Loans::withdraw(RuntimeOrigin::signed(bob()), loan_id));
		assert_eq!(record(loan_id).status, LoanStatus::Withdrawn);
		assert_eq!(Balances::free_balance(alice()), ENDOWMENT);
		System::assert_last_event(Event::LoanWithdrawn { loan_id, by: bob() }.into());
	});
}

#[test]
fn depositor_withdraws_even_when_no_longer_valid() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		set_status(&alice(), AttestationStatus::Revoked);
		assert_ok!(Loans::withdraw(RuntimeOrigin::signed(alice()), loan_id));
		assert_eq!(held(&alice()), 0);
	});
}

#[test]
fn withdraw_by_a_stranger_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_c2c();
		for who in [dave(), op(), nobody()] {
			assert_noop!(
				Loans::withdraw(RuntimeOrigin::signed(who), loan_id),
				Error::<Test>::NotParty
			);
		}
	});
}

#[test]
fn withdraw_rejects_unknown_loan_and_wrong_state() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Loans::withdraw(RuntimeOrigin::signed(alice()), 3), Error::<Test>::NotFound);
		let loan_id = active_c2c();
		assert_noop!(
			Loans::withdraw(RuntimeOrigin::signed(alice()), loan_id),
			Error::<Test>::WrongState
		);
		let withdrawn = propose_c2c();
		assert_ok!(Loans::withdraw(RuntimeOrigin::signed(alice()), withdrawn));
		assert_noop!(
			Loans::withdraw(RuntimeOrigin::signed(alice()), withdrawn),
			Error::<Test>::WrongState
		);
	});
}
