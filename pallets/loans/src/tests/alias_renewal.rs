//! The renewal of an alias loan: authorized by the borrower's consent of format v2 and the
//! previous loan's lender key (through the call's authorization, as the pool and the block run
//! it), the follow-on in force at once under its own alias, lender key and payout account.

use super::aliases::{
	act_call, active_alias, authorize, genesis, lender_pair, refused, sealed, sealed_for, submit,
	ALIAS,
};
use super::*;
use crate::{
	AliasLoans, Call, Error, Event, LenderAction, RingProofOf, SealedLenderOf, SealedLenders,
	LENDER_TX_PRIORITY,
};
use frame_support::{assert_ok, pallet_prelude::TransactionSource, traits::Authorize};
use loanchain_primitives::{
	confirm_message, lender_context, renewal_message, renewal_proof_message, Alias, LenderHandle,
	LoanChange, LoanStatus,
};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::MultiSignature;

/// The follow-on loan's alias.
const NEW_ALIAS: Alias = [0xA3; 32];

/// The handle of the follow-on's invitation.
const NEW_HANDLE: LenderHandle = [0x4C; 32];

/// What the ring proof of a renewal in these tests signs.
#[derive(Clone, Copy)]
enum Proved {
	/// The renewal's own message.
	Renewal,
	/// A confirmation's message for the follow-on's number (not a renewal's).
	Confirmation,
}

/// The follow-on loan's lender key.
fn new_lender_pair() -> sr25519::Pair {
	sr25519::Pair::from_seed(&[0x6E; 32])
}

/// The follow-on loan's payout account.
fn new_payout() -> AccountId {
	AccountId::new([0x71; 32])
}

/// What a renewal in these tests is made of; each test changes one part.
struct Renewal {
	previous: LoanId,
	loan_id: LoanId,
	borrower: AccountId,
	alias: Alias,
	sealed_terms: Vec<u8>,
	consent_by: Sr25519Keyring,
	consent_renews: Option<LoanId>,
	signed_by: sr25519::Pair,
	sealed_lender: SealedLenderOf,
	/// The alias the ring proof shows.
	proof_alias: Alias,
	/// What the ring proof signs.
	proved: Proved,
	/// The ring the proof names.
	ring: u32,
}

impl Renewal {
	/// Alice's renewal of `previous` under [`NEW_ALIAS`], signed by the previous loan's key.
	fn of(previous: LoanId) -> Self {
		Self {
			previous,
			loan_id: NextLoanId::<Test>::get(),
			borrower: alice(),
			alias: NEW_ALIAS,
			sealed_terms: terms(),
			consent_by: Sr25519Keyring::Alice,
			consent_renews: Some(previous),
			signed_by: lender_pair(),
			sealed_lender: sealed(),
			proof_alias: NEW_ALIAS,
			proved: Proved::Renewal,
			ring: MOCK_RING,
		}
	}

	/// The call: the consent over the payload the chain expects now, the lender key's
	/// signature over the renewal message, and the stand-in ring's proof.
	fn call(&self) -> Call<Test> {
		let payload = Loans::alias_consent_payload(
			self.alias,
			self.borrower.clone(),
			commitment(3),
			&self.sealed_terms,
			DURATION,
			self.consent_renews,
		);
		let consent = MultiSignature::Sr25519(self.consent_by.sign(&payload));
		let message = renewal_message(
			&genesis(),
			self.previous,
			self.loan_id,
			&self.alias,
			&self.borrower,
			&commitment(3),
			&self.sealed_terms,
			DURATION,
			&new_lender_pair().public().0,
			&new_payout(),
			&self.sealed_lender,
		);
		let (key, payout) = (new_lender_pair().public().0, new_payout());
		let proof_message = match self.proved {
			Proved::Renewal => renewal_proof_message(
				&genesis(),
				self.previous,
				self.loan_id,
				&key,
				&payout,
				&self.sealed_lender,
			),
			Proved::Confirmation => {
				confirm_message(&genesis(), self.loan_id, &key, &payout, &self.sealed_lender)
			},
		};
		let context = lender_context(&genesis(), &NEW_HANDLE);
		let proof = mock_proof(&self.proof_alias, &context, &proof_message);
		Call::renew_as_alias {
			previous: self.previous,
			loan_id: self.loan_id,
			borrower: self.borrower.clone(),
			alias: self.alias,
			duration: DURATION,
			commitment: commitment(3),
			sealed_terms: self.sealed_terms.clone(),
			consent,
			lender_key: new_lender_pair().public().0,
			payout: new_payout(),
			sealed_lender: self.sealed_lender.clone(),
			signature: self.signed_by.sign(&message).0,
			handle: NEW_HANDLE,
			ring: self.ring,
			revision: MOCK_REVISION,
			proof: RingProofOf::truncate_from(proof),
		}
	}
}

#[test]
fn an_alias_loan_is_renewed_by_its_lender_key_and_the_follow_on_names_no_lender() {
	ExtBuilder::default().build_and_execute(|| {
		let previous = active_alias();
		run_to_block(5);
		let loan_id = NextLoanId::<Test>::get();
		let call = Renewal::of(previous).call();
		let validity = call
			.authorize(TransactionSource::External)
			.expect("the call has an authorization")
			.expect("valid")
			.0;
		assert_eq!(validity.priority, LENDER_TX_PRIORITY);
		assert_eq!(
			validity.provides.len(),
			3,
			"one per consent nonce, one per renewed loan, one per follow-on number"
		);
		assert_ok!(submit(call.clone()));
		// Renewed: the same renewal is refused now.
		assert_eq!(authorize(&call), refused(Error::AlreadyReported));

		let old = record(previous);
		assert_eq!(old.status, LoanStatus::Performed);
		assert_eq!(old.renewed_by, Some(loan_id));
		assert_eq!(old.period.map(|period| period.end), Some(5), "it ends where the next starts");
		let last = old.history.last().expect("an entry");
		assert_eq!(last.by, Actor::Lender);
		assert_eq!(last.change, LoanChange::Performed { early: true, renewed_by: Some(loan_id) });

		let new = record(loan_id);
		assert_eq!(new.status, LoanStatus::Active);
		assert_eq!(new.renews, Some(previous));
		assert_eq!(new.borrower, ALICE_ID);
		assert_eq!(new.lender.identity(), None, "no lender is named");
		let lender = new.lender.alias().expect("an alias loan");
		assert_eq!(lender.alias, NEW_ALIAS);
		assert_eq!(lender.key, Some(new_lender_pair().public().0));
		assert_eq!(lender.payout, Some(new_payout()));
		assert_eq!(new.period.map(|period| (period.start, period.end)), Some((5, 5 + DURATION)));
		assert_eq!(new.deposit, None);
		assert_eq!(AliasLoans::<Test>::get(NEW_ALIAS), Some(loan_id));
		assert_eq!(AliasLoans::<Test>::get(ALIAS), Some(previous));
		assert_eq!(SealedLenders::<Test>::get(loan_id), Some(sealed()));
		assert_eq!(crate::ConsentNonce::<Test>::get(alice()), 1);
		let events = loan_events();
		assert_eq!(
			events[events.len() - 2..],
			[
				Event::LoanPerformed { loan_id: previous, by: None, early: true },
				Event::LoanRenewedByAlias {
					previous,
					loan_id,
					borrower: ALICE_ID,
					borrower_account: alice(),
					alias: NEW_ALIAS,
					start: 5,
					end: 5 + DURATION,
					nonce: 0,
				},
			]
		);

		// The follow-on's own lender key reports it; the previous loan's key does not.
		run_to_block(5 + DURATION);
		let report = LenderAction::ReportPerformed;
		assert_eq!(
			authorize(&act_call(loan_id, 0, report, &lender_pair())),
			refused(Error::BadLenderSignature)
		);
		assert_ok!(submit(act_call(loan_id, 0, report, &new_lender_pair())));
		assert_eq!(record(loan_id).status, LoanStatus::Performed);
	});
}

#[test]
fn a_feedback_due_alias_loan_is_renewed_after_its_end() {
	ExtBuilder::default().build_and_execute(|| {
		let previous = active_alias();
		let end = record(previous).period.expect("in force").end;
		run_to_block(end + 1);
		assert_eq!(record(previous).status, LoanStatus::FeedbackDue);
		assert_ok!(submit(Renewal::of(previous).call()));
		assert_eq!(record(previous).status, LoanStatus::Performed);
		assert_eq!(record(previous).period.map(|period| period.end), Some(end));
		assert!(loan_events().contains(&Event::LoanPerformed {
			loan_id: previous,
			by: None,
			early: false
		}));
	});
}

#[test]
fn a_renewal_needs_the_previous_lender_key_and_the_borrowers_consent_to_these_terms() {
	ExtBuilder::default().build_and_execute(|| {
		let previous = active_alias();
		let stranger = sr25519::Pair::from_seed(&[0x11; 32]);
		let next = NextLoanId::<Test>::get();
		let cases: [(Renewal, Error<Test>); 8] = [
			(Renewal { loan_id: next + 1, ..Renewal::of(previous) }, Error::NotNextLoanId),
			(Renewal { signed_by: stranger, ..Renewal::of(previous) }, Error::BadLenderSignature),
			(
				Renewal { consent_by: Sr25519Keyring::Bob, ..Renewal::of(previous) },
				Error::BadConsent,
			),
			(Renewal { consent_renews: None, ..Renewal::of(previous) }, Error::BadConsent),
			(Renewal { alias: ALIAS, ..Renewal::of(previous) }, Error::AliasInUse),
			(Renewal { borrower: bob(), ..Renewal::of(previous) }, Error::NotBorrower),
			(
				Renewal { sealed_lender: sealed_for(1, 0xEE), ..Renewal::of(previous) },
				Error::SealedLenderRecipients,
			),
			(Renewal { previous: 99, ..Renewal::of(previous) }, Error::NotFound),
		];
		for (renewal, error) in cases {
			let name = format!("{error:?}");
			assert_eq!(authorize(&renewal.call()), refused(error), "{name}");
		}
		// The lender's signature binds the terms: the borrower cannot pair it with others.
		let mut call = Renewal::of(previous).call();
		let other_terms = vec![0xCD; 16];
		let payload = Loans::alias_consent_payload(
			NEW_ALIAS,
			alice(),
			commitment(3),
			&other_terms,
			DURATION,
			Some(previous),
		);
		if let Call::renew_as_alias { sealed_terms, consent, .. } = &mut call {
			*sealed_terms = other_terms;
			*consent = MultiSignature::Sr25519(Sr25519Keyring::Alice.sign(&payload));
		}
		assert_eq!(authorize(&call), refused(Error::BadLenderSignature));
		// It binds the follow-on's lender key and payout account: nobody can swap them.
		let mut call = Renewal::of(previous).call();
		if let Call::renew_as_alias { lender_key, .. } = &mut call {
			*lender_key = [0x33; 32];
		}
		assert_eq!(authorize(&call), refused(Error::BadLenderSignature));
		let mut call = Renewal::of(previous).call();
		if let Call::renew_as_alias { payout, .. } = &mut call {
			*payout = bob();
		}
		assert_eq!(authorize(&call), refused(Error::BadLenderSignature));
		assert_eq!(record(previous).status, LoanStatus::Active, "nothing was changed");
	});
}

#[test]
fn a_renewal_proves_afresh_that_the_new_alias_is_an_attested_lenders() {
	ExtBuilder::default().build_and_execute(|| {
		let previous = active_alias();
		let cases: [(Renewal, Error<Test>); 3] = [
			// The proof shows another alias than the follow-on's.
			(Renewal { proof_alias: [0xA4; 32], ..Renewal::of(previous) }, Error::AliasMismatch),
			// A confirmation's proof of the follow-on's number is not a renewal's.
			(
				Renewal { proved: Proved::Confirmation, ..Renewal::of(previous) },
				Error::BadRingProof,
			),
			// A ring the chain does not know.
			(Renewal { ring: MOCK_RING + 1, ..Renewal::of(previous) }, Error::BadRingProof),
		];
		for (renewal, error) in cases {
			let name = format!("{error:?}");
			assert_eq!(authorize(&renewal.call()), refused(error), "{name}");
		}
		// The proof binds the follow-on's sealed lender record: nobody can swap it.
		let mut call = Renewal::of(previous).call();
		let other = Renewal { sealed_lender: sealed_for(2, 0x77), ..Renewal::of(previous) }.call();
		if let (
			Call::renew_as_alias { proof, .. },
			Call::renew_as_alias { proof: other_proof, .. },
		) = (&mut call, other)
		{
			*proof = other_proof;
		}
		assert_eq!(authorize(&call), refused(Error::BadRingProof));
		assert_eq!(record(previous).status, LoanStatus::Active, "nothing was changed");
		assert_ok!(submit(Renewal::of(previous).call()));
	});
}

#[test]
fn only_a_confirmed_unreported_alias_loan_is_renewed() {
	ExtBuilder::default().build_and_execute(|| {
		// A named loan renews with its account (`renew`), never here.
		let named = active_c2c();
		assert_eq!(authorize(&Renewal::of(named).call()), refused(Error::NamedLender));
		// An alias proposal not yet confirmed has no lender key.
		let proposal = {
			let loan_id = NextLoanId::<Test>::get();
			assert_ok!(Loans::propose_to_alias(
				RuntimeOrigin::signed(alice()),
				[0xA9; 32],
				DURATION,
				commitment(1),
				terms()
			));
			loan_id
		};
		assert_eq!(authorize(&Renewal::of(proposal).call()), refused(Error::WrongState));
		// Once reported, or renewed, it is not renewed again.
		let previous = active_alias();
		run_to_block(1 + DURATION);
		assert_ok!(submit(act_call(previous, 0, LenderAction::ReportPerformed, &lender_pair())));
		assert_eq!(authorize(&Renewal::of(previous).call()), refused(Error::AlreadyReported));
	});
}
