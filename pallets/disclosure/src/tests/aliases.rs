//! Disclosures of alias loans: `lender_disclose`, authorized by the loan's lender key in the
//! pool and in the block; reveals record, and deliveries pay, the loan's payout account; a
//! delivery is valid in the pool only until the request's cutoff.

use super::*;
use crate::{LenderDisclosure, LenderDisclosureOf, PublicTerms, RequestsTo};
use codec::Encode;
use frame_support::{assert_noop, assert_ok, traits::Authorize};
use loanchain_primitives::{lender_disclosure_payload, LenderSignature, LoanId};
use sp_core::{sr25519, Pair};
use sp_runtime::transaction_validity::{
	TransactionSource, TransactionValidityError, ValidTransaction,
};

fn reveal() -> LenderDisclosureOf<Test> {
	LenderDisclosure::Reveal { terms: TERMS.to_vec().try_into().expect("fits"), salt: SALT }
}

fn deliver(request_id: RequestId, to: &AccountId) -> LenderDisclosureOf<Test> {
	LenderDisclosure::Deliver {
		request_id,
		capsule: capsule_for(to).try_into().expect("a capsule is 112 bytes"),
	}
}

fn sign(
	pair: &sr25519::Pair,
	loan_id: LoanId,
	disclosure: &LenderDisclosureOf<Test>,
) -> LenderSignature {
	let payload = lender_disclosure_payload(&crate::Pallet::<Test>::genesis(), loan_id, disclosure);
	pair.sign(&payload).0
}

/// The pool's verdict on the disclosure signed by `pair`.
fn authorize(
	pair: &sr25519::Pair,
	loan_id: LoanId,
	disclosure: LenderDisclosureOf<Test>,
) -> Result<ValidTransaction, TransactionValidityError> {
	let signature = sign(pair, loan_id, &disclosure);
	crate::Call::<Test>::lender_disclose { loan_id, disclosure, signature }
		.authorize(TransactionSource::External)
		.expect("the call has an authorization")
		.map(|(validity, _)| validity)
}

/// The disclosure signed by `pair`, dispatched as the authorized call.
fn disclose(
	pair: &sr25519::Pair,
	loan_id: LoanId,
	disclosure: LenderDisclosureOf<Test>,
) -> sp_runtime::DispatchResult {
	let signature = sign(pair, loan_id, &disclosure);
	Disclosure::lender_disclose(
		frame_system::RawOrigin::Authorized.into(),
		loan_id,
		disclosure,
		signature,
	)
}

fn refusal(error: Error<Test>) -> TransactionValidityError {
	loanchain_primitives::pool_refusal(error.into())
}

#[test]
fn the_lender_key_reveals_and_the_payout_account_is_recorded() {
	ExtBuilder::default().build_and_execute(|| {
		let key = lender_key();
		assert!(authorize(&key, ALIAS_PUBLIC_LOAN, reveal()).is_ok());
		assert_ok!(disclose(&key, ALIAS_PUBLIC_LOAN, reveal()));
		let public = PublicTerms::<Test>::get(ALIAS_PUBLIC_LOAN).expect("public");
		assert_eq!(public.terms.into_inner(), TERMS.to_vec());
		assert_eq!(public.revealed_by, payout());
		assert_eq!(
			disclosure_events().last(),
			Some(&Event::TermsRevealed { loan_id: ALIAS_PUBLIC_LOAN, by: payout() })
		);
		// Once: the same reveal is now refused in the pool.
		assert_eq!(
			authorize(&key, ALIAS_PUBLIC_LOAN, reveal()),
			Err(refusal(Error::AlreadyPublic))
		);
	});
}

#[test]
fn only_the_loan_key_over_this_disclosure_is_accepted() {
	ExtBuilder::default().build_and_execute(|| {
		let stranger = sr25519::Pair::from_seed(&[0x2E; 32]);
		assert_eq!(
			authorize(&stranger, ALIAS_PUBLIC_LOAN, reveal()),
			Err(refusal(Error::BadLenderSignature))
		);
		assert_noop!(
			disclose(&stranger, ALIAS_PUBLIC_LOAN, reveal()),
			Error::<Test>::BadLenderSignature
		);
		// A signature for another loan does not hold for this one.
		let signature = sign(&lender_key(), ALIAS_PAID_LOAN, &reveal());
		assert_noop!(
			Disclosure::lender_disclose(
				frame_system::RawOrigin::Authorized.into(),
				ALIAS_PUBLIC_LOAN,
				reveal(),
				signature
			),
			Error::<Test>::BadLenderSignature
		);
		// Named loans have no lender key; unknown loans none at all.
		assert_eq!(authorize(&lender_key(), PUBLIC_LOAN, reveal()), Err(refusal(Error::NotLender)));
		assert_eq!(authorize(&lender_key(), NO_LOAN, reveal()), Err(refusal(Error::NotFound)));
		// The level still decides: a paid loan is not revealed.
		assert_eq!(
			authorize(&lender_key(), ALIAS_PAID_LOAN, reveal()),
			Err(refusal(Error::WrongLevel))
		);
		// And no account acts for an alias loan's lender.
		assert_noop!(
			Disclosure::reveal(
				RuntimeOrigin::signed(bob()),
				ALIAS_PUBLIC_LOAN,
				TERMS.to_vec(),
				SALT
			),
			Error::<Test>::NotLender
		);
		// Nor is the call dispatchable by a signed origin.
		let signature = sign(&lender_key(), ALIAS_PUBLIC_LOAN, &reveal());
		assert_noop!(
			Disclosure::lender_disclose(
				RuntimeOrigin::signed(bob()),
				ALIAS_PUBLIC_LOAN,
				reveal(),
				signature
			),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn a_paid_query_of_an_alias_loan_is_delivered_with_the_lender_key_and_pays_the_payout_account() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = request_by(&dave(), ALIAS_PAID_LOAN);
		assert_eq!(record(request_id).lender, None);
		assert_eq!(RequestsTo::<Test>::iter().count(), 0, "no list names an alias loan's lender");
		assert_eq!(held(HoldReason::QueryFee, &dave()), FEE);

		// The capsule must be sealed to the requester's key, for this loan's request.
		assert_eq!(
			authorize(&lender_key(), ALIAS_PAID_LOAN, deliver(request_id, &eve())),
			Err(refusal(Error::CapsuleKeyMismatch))
		);
		assert_eq!(
			authorize(&lender_key(), ALIAS_PUBLIC_LOAN, deliver(request_id, &dave())),
			Err(refusal(Error::WrongLoan))
		);

		// Valid until the deadline, and no longer: the pool drops it at the cutoff.
		let validity =
			authorize(&lender_key(), ALIAS_PAID_LOAN, deliver(request_id, &dave())).expect("valid");
		assert_eq!(validity.longevity, QUERY_DEADLINE);
		assert_eq!(validity.priority, loanchain_primitives::LENDER_TX_PRIORITY);

		assert_ok!(disclose(&lender_key(), ALIAS_PAID_LOAN, deliver(request_id, &dave())));
		assert_eq!(free(&payout()), FEE);
		assert_eq!(held(HoldReason::QueryFee, &dave()), 0);
		assert!(matches!(
			record(request_id).status,
			RequestStatus::Delivered { ref by, .. } if *by == payout()
		));
		assert_eq!(
			authorize(&lender_key(), ALIAS_PAID_LOAN, deliver(request_id, &dave())),
			Err(refusal(Error::NotOpen))
		);
	});
}

#[test]
fn a_delivery_at_the_cutoff_is_refused_in_the_pool_and_a_cancelled_request_still_pays() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = request_by(&dave(), ALIAS_PAID_LOAN);
		run_to_block(System::block_number() + QUERY_DEADLINE - 1);
		let validity = authorize(&lender_key(), ALIAS_PAID_LOAN, deliver(request_id, &dave()))
			.expect("one block left");
		assert_eq!(validity.longevity, 1);
		let deadline = record(request_id).deadline;
		System::set_block_number(deadline);
		assert_eq!(
			authorize(&lender_key(), ALIAS_PAID_LOAN, deliver(request_id, &dave())),
			Err(refusal(Error::DeadlinePassed))
		);

		// A requester that cancels after seeing the delivery still pays within the notice.
		let request_id = request_by(&eve(), ALIAS_PAID_LOAN);
		assert_ok!(Disclosure::cancel(RuntimeOrigin::signed(eve()), request_id));
		let validity = authorize(&lender_key(), ALIAS_PAID_LOAN, deliver(request_id, &eve()))
			.expect("within the notice");
		assert_eq!(validity.longevity, CANCEL_NOTICE);
		assert_ok!(disclose(&lender_key(), ALIAS_PAID_LOAN, deliver(request_id, &eve())));
		assert_eq!(free(&payout()), FEE);
		assert!(matches!(record(request_id).status, RequestStatus::Delivered { .. }));
	});
}

#[test]
fn an_alias_loan_is_never_delivered_by_an_account() {
	ExtBuilder::default().build_and_execute(|| {
		let request_id = request_by(&dave(), ALIAS_PAID_LOAN);
		assert_noop!(
			Disclosure::deliver(RuntimeOrigin::signed(bob()), request_id, capsule_for(&dave())),
			Error::<Test>::NotLender
		);
		// A general transaction that nothing signs is refused in the pool.
		let mut signature = sign(&lender_key(), ALIAS_PAID_LOAN, &deliver(request_id, &dave()));
		signature[0] ^= 1;
		let verdict = crate::Call::<Test>::lender_disclose {
			loan_id: ALIAS_PAID_LOAN,
			disclosure: deliver(request_id, &dave()),
			signature,
		}
		.authorize(TransactionSource::External);
		assert_eq!(verdict.map(|v| v.map(|_| ())), Some(Err(refusal(Error::BadLenderSignature))));
	});
}

/// The lender's grant of `loan_id` to `reader`, with the loan's grant nonce `nonce`.
fn grant(reader: &AccountId, nonce: u32) -> LenderDisclosureOf<Test> {
	LenderDisclosure::Grant {
		reader: reader.clone(),
		capsule: capsule_for(reader).try_into().expect("a capsule is 112 bytes"),
		purpose: purpose().try_into().expect("a short purpose"),
		nonce,
	}
}

/// The lender's revocation of `reader`'s grant, with the loan's grant nonce `nonce`.
fn revoke(reader: &AccountId, nonce: u32) -> LenderDisclosureOf<Test> {
	LenderDisclosure::RevokeGrant { reader: reader.clone(), nonce }
}

#[test]
fn the_lender_key_grants_and_revokes_without_an_account_deposit_or_fee() {
	ExtBuilder::default().build_and_execute(|| {
		let key = lender_key();
		let before = Balances::total_issuance();
		let validity = authorize(&key, ALIAS_PAID_LOAN, grant(&dave(), 0)).expect("valid");
		// One grant or revocation per loan and nonce is ever pending.
		let tag = (b"grant", ALIAS_PAID_LOAN, 0u32).encode();
		assert_eq!(validity.provides, vec![("DisclosureLenderDisclose", tag).encode()]);
		assert_ok!(disclose(&key, ALIAS_PAID_LOAN, grant(&dave(), 0)));
		let stored = crate::Grants::<Test>::get(ALIAS_PAID_LOAN, dave()).expect("granted");
		assert_eq!((stored.granted_by.clone(), stored.deposit), (payout(), 0));
		assert_eq!(stored.capsule.to_vec(), capsule_for(&dave()));
		// Nothing is held or burnt: no account paid, the payout account holds nothing.
		assert_eq!(Balances::total_issuance(), before);
		assert_eq!(held(HoldReason::GrantDeposit, &payout()), 0);
		assert_eq!(crate::LenderGrantNonce::<Test>::get(ALIAS_PAID_LOAN), 1);
		assert_eq!(
			disclosure_events().last(),
			Some(&Event::AccessGranted {
				loan_id: ALIAS_PAID_LOAN,
				reader: dave(),
				by: payout(),
				deposit: 0
			})
		);
		let count = crate::InquiryCount::<Test>::get(ALICE_ID);
		let entry = crate::Inquiries::<Test>::get(ALICE_ID, (count - 1) as u32).expect("logged");
		assert_eq!(entry.outcome, InquiryOutcome::Granted { by: payout() });
		assert_eq!((entry.reader, entry.purpose.to_vec()), (dave(), purpose()));

		// A purpose in clear is refused in the pool: it must be sealed to the borrower.
		let clear = LenderDisclosure::Grant {
			reader: eve(),
			capsule: capsule_for(&eve()).try_into().expect("a capsule is 112 bytes"),
			purpose: b"syndication".to_vec().try_into().expect("a short text"),
			nonce: 1,
		};
		assert_eq!(
			authorize(&key, ALIAS_PAID_LOAN, clear),
			Err(refusal(Error::MalformedSealedNote))
		);

		// The same signature again is stale; a later nonce is refused too.
		assert_eq!(
			authorize(&key, ALIAS_PAID_LOAN, grant(&dave(), 0)),
			Err(refusal(Error::BadGrantNonce))
		);
		assert_noop!(
			disclose(&key, ALIAS_PAID_LOAN, grant(&eve(), 2)),
			Error::<Test>::BadGrantNonce
		);

		assert_ok!(disclose(&key, ALIAS_PAID_LOAN, revoke(&dave(), 1)));
		assert!(!crate::Grants::<Test>::contains_key(ALIAS_PAID_LOAN, dave()));
		assert_eq!(
			disclosure_events().last(),
			Some(&Event::GrantRevoked { loan_id: ALIAS_PAID_LOAN, reader: dave(), by: payout() })
		);
		// A replayed grant cannot bring the reader back.
		assert_noop!(
			disclose(&key, ALIAS_PAID_LOAN, grant(&dave(), 0)),
			Error::<Test>::BadGrantNonce
		);
		assert_noop!(
			disclose(&key, ALIAS_PAID_LOAN, revoke(&dave(), 2)),
			Error::<Test>::GrantNotFound
		);
	});
}

#[test]
fn a_lender_grant_is_checked_like_a_signed_one_and_bounded_per_loan() {
	ExtBuilder::default().build_and_execute(|| {
		let key = lender_key();
		// Only the loan's lender key, over this loan.
		let stranger = sr25519::Pair::from_seed(&[9; 32]);
		assert_noop!(
			disclose(&stranger, ALIAS_PAID_LOAN, grant(&dave(), 0)),
			Error::<Test>::BadLenderSignature
		);
		// The capsule is sealed to the reader's registered key, and the reader has one.
		let mut wrong = grant(&dave(), 0);
		if let LenderDisclosure::Grant { capsule, .. } = &mut wrong {
			*capsule = capsule_for(&eve()).try_into().expect("112 bytes");
		}
		assert_eq!(
			authorize(&key, ALIAS_PAID_LOAN, wrong),
			Err(refusal(Error::CapsuleKeyMismatch))
		);
		clear_key(&eve());
		assert_eq!(
			authorize(&key, ALIAS_PAID_LOAN, grant(&eve(), 0)),
			Err(refusal(Error::NoEncryptionKey))
		);
		// A named loan's grants are not the lender key's to make.
		assert_eq!(authorize(&key, PAID_LOAN, grant(&dave(), 0)), Err(refusal(Error::NotLender)));

		// At most MAX_GRANTS at once, and MAX_LENDER_GRANT_ACTIONS in all.
		assert_ok!(disclose(&key, ALIAS_PAID_LOAN, grant(&dave(), 0)));
		assert_ok!(disclose(&key, ALIAS_PAID_LOAN, grant(&bob(), 1)));
		assert_noop!(
			disclose(&key, ALIAS_PAID_LOAN, grant(&alice_2(), 2)),
			Error::<Test>::TooManyGrants
		);
		assert_ok!(disclose(&key, ALIAS_PAID_LOAN, revoke(&bob(), 2)));
		assert_ok!(disclose(&key, ALIAS_PAID_LOAN, revoke(&dave(), 3)));
		assert_eq!(MAX_LENDER_GRANT_ACTIONS, 4);
		assert_eq!(
			authorize(&key, ALIAS_PAID_LOAN, grant(&dave(), 4)),
			Err(refusal(Error::TooManyLenderGrantActions))
		);
		// The borrower still grants with its account, and pays for it.
		assert_ok!(Disclosure::grant(
			RuntimeOrigin::signed(alice()),
			ALIAS_PAID_LOAN,
			dave(),
			capsule_for(&dave()),
			purpose()
		));
		assert_eq!(held(HoldReason::GrantDeposit, &alice()), GRANT_DEPOSIT);
	});
}
