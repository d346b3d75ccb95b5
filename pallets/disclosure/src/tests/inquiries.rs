//! The borrower's inquiry log and the other queries.

use super::*;
use crate::{Inquiries, InquiryCount, MAX_INQUIRY_PAGE};
use frame_support::{assert_noop, assert_ok};

#[test]
fn every_disclosure_is_logged_against_the_borrower() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Disclosure::grant(
			RuntimeOrigin::signed(bob()),
			ENCRYPTED_LOAN,
			eve(),
			capsule_for(&eve()),
			note(0x02)
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
		assert_eq!(log[0].purpose, note(0x02));
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
				parties: loanchain_primitives::LoanParties {
					borrower: ACME_ID,
					lender: Some(BOB_ID),
				},
				commitment: Default::default(),
				level: Some(loanchain_primitives::DisclosureLevel::PaidQuery { fee: FEE }),
			},
		);
		let request_id = request_by(&dave(), loan_id);
		cancel_and_wait(&dave(), request_id);
		assert_eq!(Disclosure::inquiries(op()).len(), 1);
		assert_eq!(Disclosure::inquiries(acme()), Disclosure::inquiries(op()));
	});
}

#[test]
fn the_log_is_append_only_and_a_flood_of_requests_pushes_nothing_out() {
	ExtBuilder::default().build_and_execute(|| {
		// A delivered query first.
		let delivered = request_by(&eve(), PAID_LOAN);
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(bob()),
			delivered,
			capsule_for(&eve())
		));
		// Then a flood of requests, each cancelled: more than a page of the log.
		let flood = u64::from(MAX_INQUIRY_PAGE) + 20;
		for _ in 0..flood {
			let request_id = dave_requests();
			cancel_and_wait(&dave(), request_id);
		}
		assert_eq!(InquiryCount::<Test>::get(ALICE_ID), flood + 1);
		assert_eq!(Inquiries::<Test>::iter_prefix(ALICE_ID).count() as u64, flood + 1);
		// The delivered entry is still there, first; nothing was overwritten.
		assert_eq!(
			Inquiries::<Test>::get(ALICE_ID, 0).map(|entry| (entry.reader, entry.outcome)),
			Some((eve(), InquiryOutcome::Delivered { request_id: delivered }))
		);
		// Each entry was paid for, and not refunded.
		assert_eq!(free(&dave()), ENDOWMENT - flood * INQUIRY_FEE);
		// The query serves the most recent page, oldest first.
		let page = Disclosure::inquiries(alice());
		assert_eq!(page.len(), MAX_INQUIRY_PAGE as usize);
		let expected: Vec<_> = (flood + 1 - u64::from(MAX_INQUIRY_PAGE)..=flood)
			.map(|request_id| InquiryOutcome::Cancelled { request_id })
			.collect();
		assert_eq!(page.iter().map(|entry| entry.outcome.clone()).collect::<Vec<_>>(), expected);
		// Paging back from the most recent page reaches the delivered entry.
		let latest = Disclosure::inquiry_page(alice(), None, MAX_INQUIRY_PAGE);
		assert_eq!((latest.total, latest.first), (flood + 1, flood + 1 - 100));
		assert_eq!(latest.entries, page);
		let older = Disclosure::inquiry_page(alice(), Some(latest.first), MAX_INQUIRY_PAGE);
		assert_eq!((older.total, older.first, older.entries.len()), (flood + 1, 0, 21));
		assert_eq!(
			older.entries.first().map(|entry| entry.outcome.clone()),
			Some(InquiryOutcome::Delivered { request_id: delivered })
		);
	});
}

#[test]
fn the_log_pages_within_bounds() {
	ExtBuilder::default().build_and_execute(|| {
		for _ in 0..5 {
			let request_id = dave_requests();
			cancel_and_wait(&dave(), request_id);
		}
		let page = |before, limit| {
			let page = Disclosure::inquiry_page(alice(), before, limit);
			let ids: Vec<_> = page
				.entries
				.iter()
				.map(|entry| match entry.outcome {
					InquiryOutcome::Cancelled { request_id } => request_id,
					ref other => panic!("unexpected entry {other:?}"),
				})
				.collect();
			(page.total, page.first, ids)
		};
		assert_eq!(page(None, 2), (5, 3, vec![3, 4]));
		assert_eq!(page(Some(3), 2), (5, 1, vec![1, 2]));
		assert_eq!(page(Some(1), 2), (5, 0, vec![0]));
		assert_eq!(page(Some(0), 2), (5, 0, vec![]));
		// `before` beyond the end reads the most recent entries; a limit above a page is capped.
		assert_eq!(page(Some(99), 2), (5, 3, vec![3, 4]));
		assert_eq!(page(None, u32::MAX), (5, 0, vec![0, 1, 2, 3, 4]));
		assert_eq!(page(None, 0), (5, 5, vec![]));
		// An account without identity has an empty log.
		let none = Disclosure::inquiry_page(nobody(), None, 10);
		assert_eq!((none.total, none.first, none.entries.len()), (0, 0, 0));
	});
}

#[test]
fn a_full_log_takes_no_more_entries() {
	ExtBuilder::default().build_and_execute(|| {
		InquiryCount::<Test>::insert(ALICE_ID, u64::from(u32::MAX));
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(dave()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::InquiryLogFull
		);
		assert_noop!(
			Disclosure::grant(
				RuntimeOrigin::signed(bob()),
				ENCRYPTED_LOAN,
				eve(),
				capsule_for(&eve()),
				purpose()
			),
			Error::<Test>::InquiryLogFull
		);
		// Not a state the chain reaches (each entry is paid for): put the count back, so the
		// invariants check a consistent log.
		InquiryCount::<Test>::remove(ALICE_ID);
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
