//! Paid queries: `request` and `cancel`.

use super::*;
use crate::{Deadlines, NextRequestId, OpenRequestCount, OpenRequests, RequestsTo};
use frame_support::{assert_noop, assert_ok, traits::fungible::Mutate};
use loanchain_primitives::{AttestationStatus, QueryRequest};

#[test]
fn requester_pays_the_fee_into_escrow_and_a_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		assert_eq!(request_id, 0);
		let deadline = 1 + QUERY_DEADLINE;
		assert_eq!(
			record(request_id),
			QueryRequest {
				loan_id: PAID_LOAN,
				borrower: ALICE_ID,
				lender: Some(BOB_ID),
				requester: dave(),
				requester_key: key_of(&dave()),
				fee: FEE,
				deposit: REQUEST_DEPOSIT,
				purpose: purpose().try_into().unwrap(),
				requested_at: 1,
				deadline,
				status: RequestStatus::Open,
				complaint: None,
			}
		);
		// Held on Dave's own account, not moved anywhere.
		assert_eq!(held(HoldReason::QueryFee, &dave()), FEE);
		assert_eq!(held(HoldReason::RequestDeposit, &dave()), REQUEST_DEPOSIT);
		// The inquiry fee is burnt, not held.
		assert_eq!(free(&dave()), ENDOWMENT - FEE - REQUEST_DEPOSIT - INQUIRY_FEE);
		assert_eq!(OpenRequests::<Test>::get(PAID_LOAN, dave()), Some(request_id));
		assert_eq!(OpenRequestCount::<Test>::get(PAID_LOAN), 1);
		assert!(RequestsTo::<Test>::contains_key(BOB_ID, request_id));
		assert!(Deadlines::<Test>::contains_key(deadline, request_id));
		assert_eq!(NextRequestId::<Test>::get(), 1);
		assert_eq!(Disclosure::requests_for_lender(bob()), vec![request_id]);
		let info = Disclosure::request_info(request_id).unwrap();
		assert_eq!(
			(info.requester, info.purpose, info.status),
			(dave(), purpose(), RequestStatus::Open)
		);
		System::assert_last_event(
			Event::QueryRequested {
				request_id,
				loan_id: PAID_LOAN,
				lender: Some(BOB_ID),
				requester: dave(),
				fee: FEE,
				deadline,
			}
			.into(),
		);
		// Nothing is logged until the request closes.
		assert!(Disclosure::inquiries(alice()).is_empty());
	});
}

#[test]
fn a_higher_accepted_fee_holds_only_the_price() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Disclosure::request(
			RuntimeOrigin::signed(dave()),
			PAID_LOAN,
			FEE * 3,
			purpose()
		));
		assert_eq!(held(HoldReason::QueryFee, &dave()), FEE);
		assert_eq!(record(0).fee, FEE);
	});
}

#[test]
fn company_operator_requests_for_its_company() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = request_by(&op_zeta(), PAID_LOAN);
		assert_eq!(record(request_id).requester, op_zeta());
		assert_eq!(held(HoldReason::QueryFee, &op_zeta()), FEE);
	});
}

#[test]
fn fee_below_the_lenders_price_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(dave()), PAID_LOAN, FEE - 1, purpose()),
			Error::<Test>::FeeBelowPrice
		);
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(dave()), PAID_LOAN, 0, purpose()),
			Error::<Test>::FeeBelowPrice
		);
	});
}

#[test]
fn request_needs_the_paid_query_level() {
	ExtBuilder::default().build_and_execute(|| {
		for loan_id in [PUBLIC_LOAN, ENCRYPTED_LOAN, ACTIVE_LOAN] {
			assert_noop!(
				Disclosure::request(RuntimeOrigin::signed(dave()), loan_id, FEE, purpose()),
				Error::<Test>::WrongLevel
			);
		}
	});
}

#[test]
fn request_of_an_unknown_loan_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(dave()), NO_LOAN, FEE, purpose()),
			Error::<Test>::NotFound
		);
	});
}

#[test]
fn parties_do_not_buy_their_own_terms() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [alice(), alice_2(), bob()] {
			assert_noop!(
				Disclosure::request(RuntimeOrigin::signed(who), PAID_LOAN, FEE, purpose()),
				Error::<Test>::IsParty
			);
		}
		for who in [op(), acme(), alice()] {
			assert_noop!(
				Disclosure::request(RuntimeOrigin::signed(who), CORPORATE_LOAN, FEE, purpose()),
				Error::<Test>::IsParty
			);
		}
	});
}

#[test]
fn requester_must_be_attested() {
	ExtBuilder::default().build_and_execute(|| {
		set_key(&nobody(), key_of(&nobody()));
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(nobody()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::NotAttested
		);
		set_status(&dave(), AttestationStatus::Expired);
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(dave()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::NotAttested
		);
		// An operator of a company that is no longer valid.
		set_status(&AccountId::new([4; 32]), AttestationStatus::Revoked);
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(op_zeta()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::NotAttested
		);
	});
}

#[test]
fn a_purpose_must_be_a_sealed_note_within_the_limit() {
	ExtBuilder::default().build_and_execute(|| {
		let request = |purpose: Vec<u8>| {
			Disclosure::request(RuntimeOrigin::signed(dave()), PAID_LOAN, FEE, purpose)
		};
		assert_noop!(request(vec![b'p'; MAX_PURPOSE as usize + 1]), Error::<Test>::PurposeTooLong);
		assert_noop!(request(b"credit check".to_vec()), Error::<Test>::MalformedSealedNote);
		assert_noop!(request(note_for(1, 0x01)), Error::<Test>::SealedNoteRecipients);
		assert_ok!(request(purpose()));
	});
}

#[test]
fn requester_needs_an_encryption_key() {
	ExtBuilder::default().build_and_execute(|| {
		clear_key(&dave());
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(dave()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::NoEncryptionKey
		);
	});
}

#[test]
fn one_open_request_per_loan_and_requester() {
	ExtBuilder::default().build_and_execute(|| {
		dave_requests();
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(dave()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::AlreadyRequested
		);
		// Another loan is fine.
		request_by(&dave(), CORPORATE_LOAN);
	});
}

#[test]
fn open_requests_per_loan_are_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		dave_requests();
		request_by(&eve(), PAID_LOAN);
		assert_eq!(OpenRequestCount::<Test>::get(PAID_LOAN), MAX_OPEN);
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(op_zeta()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::TooManyRequests
		);
		// A cancelling request keeps its place until its notice ends; a closed one frees it.
		assert_ok!(Disclosure::cancel(RuntimeOrigin::signed(eve()), 1));
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(op_zeta()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::TooManyRequests
		);
		run_to_block(1 + CANCEL_NOTICE);
		request_by(&op_zeta(), PAID_LOAN);
	});
}

#[test]
fn requester_must_pay_the_fee() {
	ExtBuilder::default().build_and_execute(|| {
		Balances::set_balance(&dave(), FEE);
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(dave()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::CannotPayFee
		);
	});
}

#[test]
fn requester_must_pay_the_deposit_besides_the_fee() {
	ExtBuilder::default().build_and_execute(|| {
		Balances::set_balance(&dave(), FEE + REQUEST_DEPOSIT);
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(dave()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::CannotPayDeposit
		);
		assert_eq!(held(HoldReason::QueryFee, &dave()), 0);
	});
}

#[test]
fn requester_must_pay_the_inquiry_fee_besides_fee_and_deposit() {
	ExtBuilder::default().build_and_execute(|| {
		Balances::set_balance(&dave(), FEE + REQUEST_DEPOSIT + 1);
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(dave()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::CannotPayInquiryFee
		);
		assert_eq!(held(HoldReason::QueryFee, &dave()), 0);
	});
}

#[test]
fn request_numbers_do_not_overflow() {
	ExtBuilder::default().build_and_execute(|| {
		NextRequestId::<Test>::put(u64::MAX);
		assert_noop!(
			Disclosure::request(RuntimeOrigin::signed(dave()), PAID_LOAN, FEE, purpose()),
			Error::<Test>::RequestIdOverflow
		);
	});
}

#[test]
fn requester_cancels_with_notice_then_gets_the_fee_and_deposit_back() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		run_to_block(3);
		assert_ok!(Disclosure::cancel(RuntimeOrigin::signed(dave()), request_id));
		let until = 3 + CANCEL_NOTICE;
		assert_eq!(record(request_id).status, RequestStatus::Cancelling { at: 3, until });
		System::assert_last_event(
			Event::CancellationRequested {
				request_id,
				loan_id: PAID_LOAN,
				requester: dave(),
				until,
			}
			.into(),
		);
		// During the notice everything stays held and the request stays listed.
		assert_eq!(held(HoldReason::QueryFee, &dave()), FEE);
		assert_eq!(OpenRequests::<Test>::get(PAID_LOAN, dave()), Some(request_id));
		assert_eq!(Disclosure::requests_for_lender(bob()), vec![request_id]);
		assert!(Deadlines::<Test>::contains_key(until, request_id));
		assert!(!Deadlines::<Test>::contains_key(1 + QUERY_DEADLINE, request_id));
		assert!(Disclosure::inquiries(alice()).is_empty());
		run_to_block(until - 1);
		assert!(matches!(record(request_id).status, RequestStatus::Cancelling { .. }));
		assert_noop!(
			Disclosure::refund(RuntimeOrigin::signed(eve()), request_id),
			Error::<Test>::DeadlineNotReached
		);

		run_to_block(until);
		assert_eq!(record(request_id).status, RequestStatus::Cancelled { at: until });
		assert_eq!(free(&dave()), ENDOWMENT - INQUIRY_FEE);
		assert_eq!(held(HoldReason::QueryFee, &dave()), 0);
		assert_eq!(held(HoldReason::RequestDeposit, &dave()), 0);
		assert_eq!(OpenRequests::<Test>::get(PAID_LOAN, dave()), None);
		assert_eq!(OpenRequestCount::<Test>::get(PAID_LOAN), 0);
		assert!(Disclosure::requests_for_lender(bob()).is_empty());
		assert!(!Deadlines::<Test>::contains_key(until, request_id));
		System::assert_last_event(
			Event::QueryCancelled { request_id, loan_id: PAID_LOAN, requester: dave() }.into(),
		);
		let log = Disclosure::inquiries(alice());
		assert_eq!(log.len(), 1);
		assert_eq!((log[0].reader.clone(), log[0].at), (dave(), until));
		assert_eq!(log[0].outcome, InquiryOutcome::Cancelled { request_id });
		// Dave may ask again.
		dave_requests();
	});
}

#[test]
fn only_the_requester_cancels() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		for who in [eve(), bob(), alice()] {
			assert_noop!(
				Disclosure::cancel(RuntimeOrigin::signed(who), request_id),
				Error::<Test>::NotRequester
			);
		}
	});
}

#[test]
fn cancel_of_an_unknown_request_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Disclosure::cancel(RuntimeOrigin::signed(dave()), 9),
			Error::<Test>::RequestNotFound
		);
	});
}

#[test]
fn a_cancellation_notice_never_outlasts_the_deadline() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = dave_requests();
		let deadline = 1 + QUERY_DEADLINE;
		run_to_block(deadline - 1);
		assert_ok!(Disclosure::cancel(RuntimeOrigin::signed(dave()), request_id));
		assert_eq!(
			record(request_id).status,
			RequestStatus::Cancelling { at: deadline - 1, until: deadline }
		);
		run_to_block(deadline);
		assert_eq!(record(request_id).status, RequestStatus::Cancelled { at: deadline });
	});
}

#[test]
fn cancelling_or_closed_requests_cannot_be_cancelled() {
	ExtBuilder::default().build_and_execute(|| {
		let cancelled = dave_requests();
		assert_ok!(Disclosure::cancel(RuntimeOrigin::signed(dave()), cancelled));
		assert_noop!(
			Disclosure::cancel(RuntimeOrigin::signed(dave()), cancelled),
			Error::<Test>::NotOpen
		);
		run_to_block(1 + CANCEL_NOTICE);
		assert_noop!(
			Disclosure::cancel(RuntimeOrigin::signed(dave()), cancelled),
			Error::<Test>::NotOpen
		);
		let delivered = dave_requests();
		assert_ok!(Disclosure::deliver(
			RuntimeOrigin::signed(bob()),
			delivered,
			capsule_for(&dave())
		));
		assert_noop!(
			Disclosure::cancel(RuntimeOrigin::signed(dave()), delivered),
			Error::<Test>::NotOpen
		);
	});
}
