//! The corporate flow: `register_for_borrower` (then `confirm` by the company) and `renew`.

use super::*;
use crate::{
	mock::*, ConsentNonce, Error, Event, FeedbackDueOf, LoanChange, LoanDeposit, LoanStatus,
	LoansOf, ProposalsTo,
};
use frame_support::{assert_noop, assert_ok};
use loanchain_primitives::{AttestationStatus, SubjectKind};
use sp_keyring::Sr25519Keyring;
use sp_runtime::MultiSignature;

/// Registers in Alice's name with `signature`, by `who`.
fn register_with(
	who: AccountId,
	signature: MultiSignature,
) -> frame_support::dispatch::DispatchResult {
	Loans::register_for_borrower(
		RuntimeOrigin::signed(who),
		alice(),
		DURATION,
		commitment(2),
		terms(),
		signature,
	)
}

/// Alice's valid consent to ACME's loan.
fn alice_consent() -> MultiSignature {
	consent(Sr25519Keyring::Alice, ACME_ID, commitment(2), DURATION, None)
}

#[test]
fn company_registers_in_the_borrowers_name_then_confirms() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = register_corporate();
		let loan = record(loan_id);
		assert_eq!(loan.borrower, ALICE_ID);
		assert_eq!(
			loan.lender,
			LoanLender::Named { identity: ACME_ID, account: None, company: Some(ACME_ID) }
		);
		assert_eq!(loan.borrower_account, alice());
		assert_eq!(loan.status, LoanStatus::Proposed);
		assert_eq!(loan.deposit, Some(LoanDeposit { depositor: op(), amount: DEPOSIT }));
		assert_eq!(loan.history[0].by, Actor::Account(op()));
		assert_eq!(
			loan.history[0].change,
			LoanChange::Registered { company: ACME_ID, duration: DURATION, nonce: 0 }
		);
		assert_eq!(held(&op()), DEPOSIT);
		assert_eq!(ConsentNonce::<Test>::get(alice()), 1);
		assert!(ProposalsTo::<Test>::contains_key(ACME_ID, loan_id));
		assert_eq!(LoansOf::<Test>::get(ALICE_ID).to_vec(), vec![loan_id]);
		System::assert_last_event(
			Event::LoanRegistered {
				loan_id,
				company: ACME_ID,
				borrower: ALICE_ID,
				borrower_account: alice(),
				operator: op(),
				duration: DURATION,
				nonce: 0,
			}
			.into(),
		);

		// The application is approved: the company confirms as lender.
		assert_ok!(Loans::confirm(RuntimeOrigin::signed(op()), loan_id));
		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::Active);
		assert_eq!(
			loan.lender,
			LoanLender::Named { identity: ACME_ID, account: Some(op()), company: Some(ACME_ID) }
		);
		assert_eq!(held(&op()), 0);
		assert_eq!(Balances::free_balance(op()), ENDOWMENT);
	});
}

#[test]
fn the_companys_own_account_may_register_and_confirm() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(register_with(acme(), alice_consent()));
		assert_eq!(record(0).lender.identity(), Some(ACME_ID));
		assert_ok!(Loans::confirm(RuntimeOrigin::signed(acme()), 0));
	});
}

#[test]
fn another_account_of_the_borrower_may_consent() {
	ExtBuilder::default().build_and_execute(|| {
		let signature = consent(Sr25519Keyring::Charlie, ACME_ID, commitment(2), DURATION, None);
		assert_ok!(Loans::register_for_borrower(
			RuntimeOrigin::signed(op()),
			alice_2(),
			DURATION,
			commitment(2),
			terms(),
			signature,
		));
		assert_eq!(record(0).borrower, ALICE_ID);
		assert_eq!(ConsentNonce::<Test>::get(alice_2()), 1);
		assert_eq!(ConsentNonce::<Test>::get(alice()), 0);
	});
}

#[test]
fn consent_signed_by_the_wrong_account_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		// Bob signs Alice's payload.
		let payload = Loans::consent_payload(ACME_ID, alice(), commitment(2), DURATION, None);
		let signature = MultiSignature::Sr25519(Sr25519Keyring::Bob.sign(&payload));
		assert_noop!(register_with(op(), signature), Error::<Test>::BadConsent);
		// Bob's own consent does not make a loan in Alice's name either.
		let signature = consent(Sr25519Keyring::Bob, ACME_ID, commitment(2), DURATION, None);
		assert_noop!(register_with(op(), signature), Error::<Test>::BadConsent);
	});
}

#[test]
fn replayed_consent_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let signature = alice_consent();
		assert_ok!(register_with(op(), signature.clone()));
		assert_noop!(register_with(op(), signature.clone()), Error::<Test>::BadConsent);
		// Not even after the first loan was withdrawn.
		assert_ok!(Loans::withdraw(RuntimeOrigin::signed(alice()), 0));
		assert_noop!(register_with(op(), signature), Error::<Test>::BadConsent);
		// A fresh consent (next nonce) works.
		assert_ok!(register_with(op(), alice_consent()));
	});
}

#[test]
fn consent_binds_company_commitment_period_and_chain() {
	ExtBuilder::default().build_and_execute(|| {
		// Consent to another company.
		let signature = consent(Sr25519Keyring::Alice, ZETA_ID, commitment(2), DURATION, None);
		assert_noop!(register_with(op(), signature), Error::<Test>::BadConsent);
		// Consent to other terms.
		let signature = consent(Sr25519Keyring::Alice, ACME_ID, commitment(3), DURATION, None);
		assert_noop!(register_with(op(), signature), Error::<Test>::BadConsent);
		// Consent to another period.
		let signature = consent(Sr25519Keyring::Alice, ACME_ID, commitment(2), DURATION + 1, None);
		assert_noop!(register_with(op(), signature), Error::<Test>::BadConsent);
		// Consent to a renewal.
		let signature = consent(Sr25519Keyring::Alice, ACME_ID, commitment(2), DURATION, Some(0));
		assert_noop!(register_with(op(), signature), Error::<Test>::BadConsent);
		// Consent on another chain.
		let payload = crate::consent_payload(
			&sp_core::H256::repeat_byte(0x42),
			ACME_ID,
			&alice(),
			&commitment(2),
			DURATION,
			None,
			0,
		);
		let signature = MultiSignature::Sr25519(Sr25519Keyring::Alice.sign(&payload));
		assert_noop!(register_with(op(), signature), Error::<Test>::BadConsent);
	});
}

#[test]
fn consent_wrapped_in_bytes_tags_is_accepted() {
	ExtBuilder::default().build_and_execute(|| {
		let payload = Loans::consent_payload(ACME_ID, alice(), commitment(2), DURATION, None);
		let wrapped = [&b"<Bytes>"[..], &payload, &b"</Bytes>"[..]].concat();
		let signature = MultiSignature::Sr25519(Sr25519Keyring::Alice.sign(&wrapped));
		assert_ok!(register_with(op(), signature));
	});
}

#[test]
fn register_requires_a_company() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(register_with(bob(), alice_consent()), Error::<Test>::NotCompany);
		assert_noop!(register_with(nobody(), alice_consent()), Error::<Test>::NotCompany);
		assert_noop!(
			Loans::register_for_borrower(
				RuntimeOrigin::none(),
				alice(),
				DURATION,
				commitment(2),
				terms(),
				alice_consent(),
			),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn register_requires_a_valid_company() {
	ExtBuilder::default().build_and_execute(|| {
		set_status(&acme(), AttestationStatus::Revoked);
		assert_noop!(register_with(op(), alice_consent()), Error::<Test>::LenderNotAttested);
		assert_noop!(register_with(acme(), alice_consent()), Error::<Test>::NotAttested);
	});
}

#[test]
fn register_requires_a_valid_borrower_account() {
	ExtBuilder::default().build_and_execute(|| {
		set_status(&alice(), AttestationStatus::Expired);
		assert_noop!(register_with(op(), alice_consent()), Error::<Test>::BorrowerNotAttested);
		let signature = consent(Sr25519Keyring::Ferdie, ACME_ID, commitment(2), DURATION, None);
		assert_noop!(
			Loans::register_for_borrower(
				RuntimeOrigin::signed(op()),
				Sr25519Keyring::Ferdie.to_account_id(),
				DURATION,
				commitment(2),
				terms(),
				signature,
			),
			Error::<Test>::BorrowerNotAttested
		);
	});
}

#[test]
fn company_cannot_lend_to_itself() {
	ExtBuilder::default().build_and_execute(|| {
		let signer = Sr25519Keyring::Eve;
		set_identity(&signer.to_account_id(), ACME_ID, SubjectKind::Company);
		let signature = consent(signer, ACME_ID, commitment(2), DURATION, None);
		assert_noop!(
			Loans::register_for_borrower(
				RuntimeOrigin::signed(op()),
				signer.to_account_id(),
				DURATION,
				commitment(2),
				terms(),
				signature,
			),
			Error::<Test>::LenderIsBorrower
		);
	});
}

#[test]
fn register_checks_period_terms_and_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		let signature = consent(Sr25519Keyring::Alice, ACME_ID, commitment(2), 0, None);
		assert_noop!(
			Loans::register_for_borrower(
				RuntimeOrigin::signed(op()),
				alice(),
				0,
				commitment(2),
				terms(),
				signature,
			),
			Error::<Test>::InvalidPeriod
		);
		assert_noop!(
			Loans::register_for_borrower(
				RuntimeOrigin::signed(op()),
				alice(),
				DURATION,
				commitment(2),
				vec![0; MAX_TERMS as usize + 1],
				alice_consent(),
			),
			Error::<Test>::TermsTooLarge
		);
		for _ in 0..MAX_LOANS {
			register_corporate();
		}
		assert_noop!(register_with(op(), alice_consent()), Error::<Test>::TooManyLoans);
	});
}

#[test]
fn register_requires_funds_for_the_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let poor_operator = sp_runtime::AccountId32::new([78; 32]);
		set_operator(&poor_operator, ACME_ID);
		assert_noop!(
			register_with(poor_operator, alice_consent()),
			Error::<Test>::CannotPayDeposit
		);
	});
}

#[test]
fn register_refuses_an_exhausted_nonce() {
	ExtBuilder::default().build_and_execute(|| {
		ConsentNonce::<Test>::insert(alice(), u64::MAX);
		assert_noop!(register_with(op(), alice_consent()), Error::<Test>::NonceOverflow);
	});
}

/// Alice's consent to ACME's renewal of `loan_id`.
fn renewal_consent(loan_id: LoanId) -> MultiSignature {
	consent(Sr25519Keyring::Alice, ACME_ID, commitment(3), 2 * DURATION, Some(loan_id))
}

/// ACME's operator renews `loan_id` with Alice's consent.
fn renew_by(
	who: AccountId,
	loan_id: LoanId,
	signature: MultiSignature,
) -> frame_support::dispatch::DispatchResult {
	Loans::renew(
		RuntimeOrigin::signed(who),
		loan_id,
		alice(),
		2 * DURATION,
		commitment(3),
		terms(),
		signature,
	)
}

#[test]
fn company_reports_performed_in_advance_and_registers_the_follow_on_loan() {
	ExtBuilder::default().build_and_execute(|| {
		let old = active_corporate();
		run_to_block(5);
		assert_ok!(renew_by(op(), old, renewal_consent(old)));
		let new = old + 1;

		let previous = record(old);
		assert_eq!(previous.status, LoanStatus::Performed);
		assert_eq!(previous.renewed_by, Some(new));
		assert_eq!(
			previous.history.last().map(|entry| (entry.at, entry.by.clone(), entry.change)),
			Some((
				5,
				Actor::Account(op()),
				LoanChange::Performed { early: true, renewed_by: Some(new) }
			))
		);
		// The earlier facts are kept.
		assert_eq!(previous.history.len(), 3);
		assert_eq!(
			previous.history[1].change,
			LoanChange::Confirmed { start: 1, end: 1 + DURATION }
		);
		// Renewed early, the old loan ends where the new one starts.
		assert_eq!(previous.period.map(|period| (period.start, period.end)), Some((1, 5)));

		let loan = record(new);
		assert_eq!(loan.status, LoanStatus::Active);
		assert_eq!(loan.renews, Some(old));
		assert_eq!(loan.lender.identity(), Some(ACME_ID));
		assert_eq!(loan.commitment, commitment(3));
		assert_eq!(loan.deposit, None);
		assert_eq!(
			loan.period.map(|period| (period.start, period.end)),
			Some((5, 5 + 2 * DURATION))
		);
		assert_eq!(ConsentNonce::<Test>::get(alice()), 2);
		assert_eq!(LoansOf::<Test>::get(ALICE_ID).to_vec(), vec![old, new]);
		// The summary shows the two loans one after the other, not overlapping.
		let summary = Loans::borrower_summary(alice(), 0, 0);
		assert_eq!(
			summary.entries.iter().map(|entry| (entry.start, entry.end)).collect::<Vec<_>>(),
			vec![(1, 5), (5, 5 + 2 * DURATION)]
		);

		let events = loan_events();
		let n = events.len();
		assert_eq!(
			events[n - 2],
			Event::LoanPerformed { loan_id: old, by: Some(op()), early: true }
		);
		assert_eq!(
			events[n - 1],
			Event::LoanRenewed {
				previous: old,
				loan_id: new,
				borrower: ALICE_ID,
				borrower_account: alice(),
				company: ACME_ID,
				operator: op(),
				start: 5,
				end: 5 + 2 * DURATION,
				nonce: 1,
			}
		);

		// The old loan's end passes without a prompt; the new one is prompted at its end.
		run_to_block(5 + 2 * DURATION);
		assert_eq!(record(old).status, LoanStatus::Performed);
		assert_eq!(record(new).status, LoanStatus::FeedbackDue);
		assert_eq!(Loans::feedback_due(op()), vec![new]);
	});
}

#[test]
fn renewal_after_the_end_clears_the_feedback_prompt() {
	ExtBuilder::default().build_and_execute(|| {
		let old = active_corporate();
		run_to_block(1 + DURATION);
		assert!(FeedbackDueOf::<Test>::contains_key(ACME_ID, old));
		assert_ok!(renew_by(op(), old, renewal_consent(old)));
		assert!(!FeedbackDueOf::<Test>::contains_key(ACME_ID, old));
		assert_eq!(
			record(old).history.last().map(|entry| entry.change),
			Some(LoanChange::Performed { early: false, renewed_by: Some(old + 1) })
		);
		// Renewed after its end, the old loan keeps its end.
		assert_eq!(record(old).period.map(|period| period.end), Some(1 + DURATION));
		System::assert_has_event(
			Event::LoanPerformed { loan_id: old, by: Some(op()), early: false }.into(),
		);
	});
}

#[test]
fn renewal_in_the_block_of_the_start_keeps_a_one_block_period() {
	ExtBuilder::default().build_and_execute(|| {
		let old = active_corporate();
		assert_ok!(renew_by(op(), old, renewal_consent(old)));
		assert_eq!(record(old).status, LoanStatus::Performed);
		assert_eq!(record(old).period.map(|period| (period.start, period.end)), Some((1, 2)));
		assert_eq!(
			record(old + 1).period.map(|period| (period.start, period.end)),
			Some((1, 1 + 2 * DURATION))
		);
		System::assert_has_event(
			Event::LoanPerformed { loan_id: old, by: Some(op()), early: true }.into(),
		);
		// The old loan's original end passes without a prompt.
		run_to_block(1 + DURATION);
		assert_eq!(record(old).status, LoanStatus::Performed);
		assert!(Loans::feedback_due(op()).is_empty());
	});
}

#[test]
fn renew_checks_the_caller_and_the_loan() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(renew_by(op(), 9, renewal_consent(9)), Error::<Test>::NotFound);
		let old = active_corporate();
		assert_noop!(renew_by(bob(), old, renewal_consent(old)), Error::<Test>::NotCompany);
		assert_noop!(renew_by(op_zeta(), old, renewal_consent(old)), Error::<Test>::NotLender);
		// A C2C loan whose lender is a person cannot be renewed by a company.
		let c2c = active_c2c();
		assert_noop!(renew_by(op(), c2c, renewal_consent(c2c)), Error::<Test>::NotLender);
		// A proposal is not in force yet.
		let proposal = register_corporate();
		assert_noop!(
			renew_by(op(), proposal, renewal_consent(proposal)),
			Error::<Test>::WrongState
		);
	});
}

#[test]
fn renew_after_feedback_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let old = active_corporate();
		run_to_block(1 + DURATION);
		assert_ok!(Loans::report_performed(RuntimeOrigin::signed(op()), old));
		assert_noop!(renew_by(op(), old, renewal_consent(old)), Error::<Test>::AlreadyReported);
	});
}

#[test]
fn renew_checks_the_borrower_and_the_consent() {
	ExtBuilder::default().build_and_execute(|| {
		let old = active_corporate();
		// Dave is not the borrower.
		let signature =
			consent(Sr25519Keyring::Dave, ACME_ID, commitment(3), 2 * DURATION, Some(old));
		assert_noop!(
			Loans::renew(
				RuntimeOrigin::signed(op()),
				old,
				dave(),
				2 * DURATION,
				commitment(3),
				terms(),
				signature,
			),
			Error::<Test>::NotBorrower
		);
		// A consent to a new registration is not a consent to a renewal.
		let signature = consent(Sr25519Keyring::Alice, ACME_ID, commitment(3), 2 * DURATION, None);
		assert_noop!(renew_by(op(), old, signature), Error::<Test>::BadConsent);
		// Nor is a consent to renew another loan.
		let signature =
			consent(Sr25519Keyring::Alice, ACME_ID, commitment(3), 2 * DURATION, Some(old + 1));
		assert_noop!(renew_by(op(), old, signature), Error::<Test>::BadConsent);
		// The consenting account must be valid.
		set_status(&alice(), AttestationStatus::Revoked);
		assert_noop!(renew_by(op(), old, renewal_consent(old)), Error::<Test>::BorrowerNotAttested);
	});
}

#[test]
fn renew_checks_period_terms_and_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		let old = active_corporate();
		let signature = consent(Sr25519Keyring::Alice, ACME_ID, commitment(3), 0, Some(old));
		assert_noop!(
			Loans::renew(
				RuntimeOrigin::signed(op()),
				old,
				alice(),
				0,
				commitment(3),
				terms(),
				signature
			),
			Error::<Test>::InvalidPeriod
		);
		assert_noop!(
			Loans::renew(
				RuntimeOrigin::signed(op()),
				old,
				alice(),
				2 * DURATION,
				commitment(3),
				vec![0; MAX_TERMS as usize + 1],
				renewal_consent(old),
			),
			Error::<Test>::TermsTooLarge
		);
		for _ in 1..MAX_LOANS {
			register_corporate();
		}
		assert_noop!(renew_by(op(), old, renewal_consent(old)), Error::<Test>::TooManyLoans);
	});
}
