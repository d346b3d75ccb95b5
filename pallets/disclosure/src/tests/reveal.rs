//! Public terms: `reveal` checks the plaintext against the commitment both parties signed.

use super::*;
use crate::{terms_commitment, Commitment, PublicTerms, RevealedTerms};
use frame_support::{assert_noop, assert_ok};
use loanchain_primitives::{AttestationStatus, DisclosureLevel, LoanParties};

#[test]
fn commitment_is_blake2b_256_of_terms_and_salt_as_the_clients_compute_it() {
	// The `rust-v1` fixture of docs/sealing-format.md.
	let terms = br#"{"amount":"2500.00","currency":"EUR","rate_bps":450,"start":"2025-01-01","schedule":"monthly","installments":12}"#;
	let mut salt = [0u8; 32];
	for (i, byte) in salt.iter_mut().enumerate() {
		*byte = 0x80 + i as u8;
	}
	let expected: [u8; 32] = [
		0xaf, 0x45, 0x34, 0xc6, 0x8a, 0xbc, 0x9c, 0x7f, 0xb0, 0x0b, 0x69, 0xd4, 0x3b, 0x5b, 0xda,
		0x0e, 0x6f, 0x0d, 0xc5, 0xe4, 0x77, 0xfa, 0xec, 0xef, 0xa8, 0xfe, 0x12, 0xe5, 0x23, 0x68,
		0xd8, 0xfd,
	];
	assert_eq!(terms_commitment(terms, &salt), Commitment::from(expected));
}

#[test]
fn lender_reveals_terms_that_match_the_commitment() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Disclosure::public_terms(PUBLIC_LOAN), None);
		assert_ok!(Disclosure::reveal(
			RuntimeOrigin::signed(bob()),
			PUBLIC_LOAN,
			TERMS.to_vec(),
			SALT
		));
		let expected =
			RevealedTerms { terms: TERMS.to_vec(), salt: SALT, revealed_by: bob(), revealed_at: 1 };
		assert_eq!(Disclosure::public_terms(PUBLIC_LOAN), Some(expected));
		assert_eq!(
			PublicTerms::<Test>::get(PUBLIC_LOAN).map(|public| public.terms.into_inner()),
			Some(TERMS.to_vec())
		);
		System::assert_last_event(Event::TermsRevealed { loan_id: PUBLIC_LOAN, by: bob() }.into());
		// The publication is on the borrower's inquiry log.
		let log = Disclosure::inquiries(alice());
		assert_eq!(log.len(), 1);
		assert_eq!(
			(log[0].reader.clone(), log[0].outcome.clone()),
			(bob(), InquiryOutcome::Published)
		);
		assert!(log[0].purpose.is_empty());
	});
}

#[test]
fn company_operator_reveals_for_the_company() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = 7;
		set_loan(
			loan_id,
			MockLoan {
				parties: LoanParties { borrower: ALICE_ID, lender: Some(ACME_ID) },
				commitment: terms_commitment(TERMS, &SALT),
				level: Some(DisclosureLevel::Public),
			},
		);
		assert_ok!(Disclosure::reveal(RuntimeOrigin::signed(op()), loan_id, TERMS.to_vec(), SALT));
		System::assert_last_event(Event::TermsRevealed { loan_id, by: op() }.into());
	});
}

#[test]
fn reveal_with_a_wrong_salt_or_wrong_terms_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let mut wrong_salt = SALT;
		wrong_salt[31] ^= 1;
		assert_noop!(
			Disclosure::reveal(
				RuntimeOrigin::signed(bob()),
				PUBLIC_LOAN,
				TERMS.to_vec(),
				wrong_salt
			),
			Error::<Test>::CommitmentMismatch
		);
		let mut wrong_terms = TERMS.to_vec();
		wrong_terms[12] = b'9';
		assert_noop!(
			Disclosure::reveal(RuntimeOrigin::signed(bob()), PUBLIC_LOAN, wrong_terms, SALT),
			Error::<Test>::CommitmentMismatch
		);
		assert_eq!(Disclosure::public_terms(PUBLIC_LOAN), None);
	});
}

#[test]
fn only_the_lender_reveals() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [alice(), alice_2(), dave(), op(), nobody()] {
			assert_noop!(
				Disclosure::reveal(RuntimeOrigin::signed(who), PUBLIC_LOAN, TERMS.to_vec(), SALT),
				Error::<Test>::NotLender
			);
		}
		// A lender account that may not act any more.
		set_status(&bob(), AttestationStatus::Revoked);
		assert_noop!(
			Disclosure::reveal(RuntimeOrigin::signed(bob()), PUBLIC_LOAN, TERMS.to_vec(), SALT),
			Error::<Test>::NotLender
		);
	});
}

#[test]
fn reveal_needs_the_public_level() {
	ExtBuilder::default().build_and_execute(|| {
		for loan_id in [ENCRYPTED_LOAN, PAID_LOAN, ACTIVE_LOAN] {
			assert_noop!(
				Disclosure::reveal(RuntimeOrigin::signed(bob()), loan_id, TERMS.to_vec(), SALT),
				Error::<Test>::WrongLevel
			);
		}
	});
}

#[test]
fn reveal_of_an_unknown_loan_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Disclosure::reveal(RuntimeOrigin::signed(bob()), NO_LOAN, TERMS.to_vec(), SALT),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn terms_are_revealed_once() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Disclosure::reveal(
			RuntimeOrigin::signed(bob()),
			PUBLIC_LOAN,
			TERMS.to_vec(),
			SALT
		));
		assert_noop!(
			Disclosure::reveal(RuntimeOrigin::signed(bob()), PUBLIC_LOAN, TERMS.to_vec(), SALT),
			Error::<Test>::AlreadyPublic
		);
	});
}

#[test]
fn terms_longer_than_the_limit_are_refused() {
	ExtBuilder::default().build_and_execute(|| {
		let long = vec![b'x'; MAX_TERMS as usize + 1];
		let loan_id = 7;
		set_loan(
			loan_id,
			MockLoan {
				parties: LoanParties { borrower: ALICE_ID, lender: Some(BOB_ID) },
				commitment: terms_commitment(&long, &SALT),
				level: Some(DisclosureLevel::Public),
			},
		);
		assert_noop!(
			Disclosure::reveal(RuntimeOrigin::signed(bob()), loan_id, long, SALT),
			Error::<Test>::TermsTooLarge
		);
		// The longest accepted.
		let longest = vec![b'x'; MAX_TERMS as usize];
		set_loan(
			loan_id,
			MockLoan {
				parties: LoanParties { borrower: ALICE_ID, lender: Some(BOB_ID) },
				commitment: terms_commitment(&longest, &SALT),
				level: Some(DisclosureLevel::Public),
			},
		);
		assert_ok!(Disclosure::reveal(RuntimeOrigin::signed(bob()), loan_id, longest, SALT));
	});
}
