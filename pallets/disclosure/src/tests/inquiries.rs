//! The borrower's inquiry log and the other queries.

use super::*;
use crate::{Inquiries, InquiryCount};
use frame_support::assert_ok;

#[test]
fn every_disclosure_is_logged_against_the_borrower() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Disclosure::grant(
			RuntimeOrigin::signed(bob()),
			ENCRYPTED_LOAN,
			eve(),
			capsule_for(&eve()),
			b"collection".to_vec()
		));
		run_to_block(2);
		let delivered = request_by(&op_zeta(), CORPORATE_LOAN);
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(op()),
			delivered,
			capsule_for(&op_zeta())
		));
		let refunded = dave_requests();
		run_to_block(2 + QUERY_DEADLINE);
		let log = Disclosure::inquiries(alice());
		let summary: Vec<_> = log
			.iter()
			.map(|entry| {
				(
					entry.loan_id,
					entry.reader.clone(),
					entry.reader_identity,
					entry.at,
					entry.outcome.clone(),
				)
			})
			.collect();
		assert_eq!(
			summary,
			vec![
				(ENCRYPTED_LOAN, eve(), Some(EVE_ID), 1, InquiryOutcome::Granted { by: bob() }),
				(
					CORPORATE_LOAN,
					op_zeta(),
					Some(ZETA_ID),
					2,
					InquiryOutcome::Delivered { request_id: delivered }
				),
				(
					PAID_LOAN,
					dave(),
					Some(DAVE_ID),
					2 + QUERY_DEADLINE,
					InquiryOutcome::Refunded { request_id: refunded }
				),
			]
		);
		assert_eq!(log[0].purpose, b"collection".to_vec());
		assert_eq!(log[1].purpose, purpose());
		// Every account of the borrower sees the same log; nobody else's log has these.
		assert_eq!(Disclosure::inquiries(alice_2()), log);
		assert!(Disclosure::inquiries(bob()).is_empty());
		assert!(Disclosure::inquiries(dave()).is_empty());
		assert!(Disclosure::inquiries(nobody()).is_empty());
	});
}

#[test]
fn company_borrowers_read_their_log_through_an_operator() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = 7;
		set_loan(
			loan_id,
			MockLoan {
				parties: loanchain_primitives::LoanParties { borrower: ACME_ID, lender: BOB_ID },
				commitment: Default::default(),
				level: Some(loanchain_primitives::DisclosureLevel::PaidQuery { fee: FEE }),
			},
		);
		let request_id = request_by(&dave(), loan_id);
		assert_ok!(Disclosure::cancel(RuntimeOrigin::signed(dave()), request_id));
		assert_eq!(Disclosure::inquiries(op()).len(), 1);
		assert_eq!(Disclosure::inquiries(acme()), Disclosure::inquiries(op()));
	});
}

#[test]
fn the_log_keeps_the_most_recent_entries() {
	ExtBuilder::default().build_and_execute(|| {
		let total = u64::from(MAX_INQUIRIES) + 2;
		for n in 0..total {
			let request_id = dave_requests();
			assert_eq!(request_id, n);
			assert_ok!(Disclosure::cancel(RuntimeOrigin::signed(dave()), request_id));
		}
		assert_eq!(InquiryCount::<Test>::get(ALICE_ID), total);
		assert_eq!(Inquiries::<Test>::iter_prefix(ALICE_ID).count(), MAX_INQUIRIES as usize);
		let kept: Vec<_> = Disclosure::inquiries(alice())
			.iter()
			.map(|entry| entry.outcome.clone())
			.collect();
		let expected: Vec<_> = (total - u64::from(MAX_INQUIRIES)..total)
			.map(|request_id| InquiryOutcome::Cancelled { request_id })
			.collect();
		assert_eq!(kept, expected);
	});
}

#[test]
fn lenders_list_their_open_requests_oldest_first() {
	ExtBuilder::default().build_and_execute(|| {
		let first = dave_requests();
		let corporate = request_by(&eve(), CORPORATE_LOAN);
		let second = request_by(&op_zeta(), PAID_LOAN);
		assert_eq!(Disclosure::requests_for_lender(bob()), vec![first, second]);
		assert_eq!(Disclosure::requests_for_lender(op()), vec![corporate]);
		assert!(Disclosure::requests_for_lender(dave()).is_empty());
		assert!(Disclosure::requests_for_lender(nobody()).is_empty());
		assert_eq!(Disclosure::request_info(99), None);
		assert!(Disclosure::grants(PAID_LOAN).is_empty());
		assert_eq!(Disclosure::public_terms(PAID_LOAN), None);
	});
}
