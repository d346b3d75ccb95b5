//! Alias loans: a proposal to an alias, its confirmation with a ring proof (through the call's
//! authorization, as the pool and the block run it), and the lender's actions signed by the
//! per-loan lender key.

use super::*;
use crate::{
	AliasLoans, Call, Error, Event, FeedbackDueOf, LenderAction, LenderActionOf, Loans as LoansMap,
	ProposalsTo, RingProofOf, SealedLenderOf, SealedLenders, LENDER_TX_PRIORITY,
};
use frame_support::{
	assert_noop, assert_ok,
	pallet_prelude::{InvalidTransaction, TransactionSource, TransactionValidityError},
	traits::{Authorize, UnfilteredDispatchable},
};
use frame_system::RawOrigin;
use loanchain_primitives::{
	confirm_message, lender_action_payload, lender_context, sealed_lender_len, Alias,
	DisclosureLevel, LenderHandle, LoanChange, LoanStatus,
};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{DispatchError, MultiSignature};

/// The alias of the lender in these tests (what the lender's invitation gives the borrower).
pub(super) const ALIAS: Alias = [0xA1; 32];
/// The lender's handle for the loan.
pub(super) const HANDLE: LenderHandle = [0x4B; 32];

/// The per-loan lender key.
pub(super) fn lender_pair() -> sr25519::Pair {
	sr25519::Pair::from_seed(&[0x5E; 32])
}

/// The payout account the confirmation designates.
pub(super) fn payout() -> AccountId {
	AccountId::new([0x70; 32])
}

/// The genesis hash the pallet binds proofs and signatures to.
pub(super) fn genesis() -> [u8; 32] {
	crate::Pallet::<Test>::genesis()
}

/// Alice proposes a loan of [`DURATION`] blocks to `alias`; returns its number.
fn propose_to(alias: Alias) -> LoanId {
	let loan_id = NextLoanId::<Test>::get();
	assert_ok!(Loans::propose_to_alias(
		RuntimeOrigin::signed(alice()),
		alias,
		DURATION,
		commitment(1),
		terms()
	));
	loan_id
}

/// An envelope shaped as a sealed lender record (sealing v2, `recipients` sealed keys, the
/// first bucket), filled with `fill`: the chain checks the shape only.
pub(super) fn sealed_for(recipients: u8, fill: u8) -> SealedLenderOf {
	let mut bytes = vec![fill; sealed_lender_len(recipients.into()) as usize];
	bytes[0] = 2;
	bytes[25] = recipients;
	SealedLenderOf::truncate_from(bytes)
}

/// A sealed lender record for the mock's auditors and the borrower.
pub(super) fn sealed() -> SealedLenderOf {
	sealed_for(Auditors::get() as u8 + 1, 0xEE)
}

/// The confirmation call of `loan_id` by the holder of `alias` with `handle`, with the
/// sealed lender record `sealed_lender`, which the proof binds.
fn confirm_call_with(
	loan_id: LoanId,
	alias: Alias,
	handle: LenderHandle,
	sealed_lender: SealedLenderOf,
) -> Call<Test> {
	let key = lender_pair().public().0;
	let context = lender_context(&genesis(), &handle);
	let message = confirm_message(&genesis(), loan_id, &key, &payout(), &sealed_lender);
	let proof = RingProofOf::truncate_from(mock_proof(&alias, &context, &message));
	Call::confirm_as_alias {
		loan_id,
		handle,
		ring: MOCK_RING,
		revision: MOCK_REVISION,
		lender_key: key,
		payout: payout(),
		proof,
		sealed_lender,
	}
}

/// The confirmation call of `loan_id` by the holder of `alias` with `handle`.
fn confirm_call(loan_id: LoanId, alias: Alias, handle: LenderHandle) -> Call<Test> {
	confirm_call_with(loan_id, alias, handle, sealed())
}

/// What the pool (and the block) says of `call`: its authorization.
pub(super) fn authorize(call: &Call<Test>) -> Result<(), TransactionValidityError> {
	call.authorize(TransactionSource::External)
		.expect("the call has an authorization")
		.map(|_| ())
}

/// Authorizes `call` as the pool does, then dispatches it with the authorized origin, as the
/// block does.
pub(super) fn submit(call: Call<Test>) -> Result<(), TransactionValidityError> {
	authorize(&call)?;
	let result = call.dispatch_bypass_filter(RawOrigin::Authorized.into());
	assert_ok!(result);
	Ok(())
}

/// The pool refusal naming the pallet's `error`.
pub(super) fn refused(error: Error<Test>) -> Result<(), TransactionValidityError> {
	let DispatchError::Module(module) = DispatchError::from(error) else { unreachable!() };
	Err(InvalidTransaction::Custom(module.error[0]).into())
}

/// A confirmed alias loan of [`DURATION`] blocks; returns its number.
pub(super) fn active_alias() -> LoanId {
	let loan_id = propose_to(ALIAS);
	assert_ok!(submit(confirm_call(loan_id, ALIAS, HANDLE)));
	loan_id
}

/// The lender action call on `loan_id` with `nonce`, signed by `pair`.
pub(super) fn act_call(
	loan_id: LoanId,
	nonce: u32,
	action: LenderActionOf<Test>,
	pair: &sr25519::Pair,
) -> Call<Test> {
	let payload = lender_action_payload(&genesis(), loan_id, nonce, &action);
	Call::lender_act { loan_id, nonce, action, signature: pair.sign(&payload).0 }
}

#[test]
fn a_proposal_to_an_alias_names_no_lender_and_claims_the_alias() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_to(ALIAS);
		let loan = record(loan_id);
		assert_eq!(
			loan.lender,
			LoanLender::Alias(crate::AliasLender {
				alias: ALIAS,
				key: None,
				payout: None,
				nonce: 0
			})
		);
		assert_eq!(loan.status, LoanStatus::Proposed);
		assert_eq!(AliasLoans::<Test>::get(ALIAS), Some(loan_id));
		assert_eq!(ProposalsTo::<Test>::iter().count(), 0);
		assert_eq!(held(&alice()), DEPOSIT);
		System::assert_last_event(
			Event::LoanProposedToAlias {
				loan_id,
				borrower: ALICE_ID,
				alias: ALIAS,
				proposer: alice(),
				duration: DURATION,
			}
			.into(),
		);
		// One loan per alias.
		assert_noop!(
			Loans::propose_to_alias(
				RuntimeOrigin::signed(alice_2()),
				ALIAS,
				DURATION,
				commitment(2),
				terms()
			),
			Error::<Test>::AliasInUse
		);
	});
}

#[test]
fn a_withdrawn_or_expired_proposal_gives_the_alias_back() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_to(ALIAS);
		assert_ok!(Loans::withdraw(RuntimeOrigin::signed(alice()), loan_id));
		assert_eq!(AliasLoans::<Test>::get(ALIAS), None);
		assert_eq!(held(&alice()), 0);

		let again = propose_to(ALIAS);
		run_to_block(System::block_number() + PROPOSAL_TIMEOUT);
		assert_eq!(record(again).status, LoanStatus::Withdrawn);
		assert_eq!(AliasLoans::<Test>::get(ALIAS), None);
		assert_eq!(held(&alice()), 0);
	});
}

#[test]
fn the_holder_of_the_alias_confirms_without_an_account() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_to(ALIAS);
		let call = confirm_call(loan_id, ALIAS, HANDLE);
		let (validity, _) = call.authorize(TransactionSource::External).unwrap().unwrap();
		assert_eq!(validity.priority, LENDER_TX_PRIORITY);
		assert_eq!(validity.longevity, PROPOSAL_TIMEOUT);
		assert_ok!(submit(call));

		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::Active);
		assert_eq!(
			loan.lender,
			LoanLender::Alias(crate::AliasLender {
				alias: ALIAS,
				key: Some(lender_pair().public().0),
				payout: Some(payout()),
				nonce: 0,
			})
		);
		let start = System::block_number();
		assert_eq!(
			loan.history.last().map(|entry| (entry.by.clone(), entry.change)),
			Some((Actor::Lender, LoanChange::Confirmed { start, end: start + DURATION }))
		);
		assert_eq!(held(&alice()), 0);
		System::assert_last_event(
			Event::LoanConfirmedByAlias { loan_id, alias: ALIAS, start, end: start + DURATION }
				.into(),
		);
		// The sealed lender record is kept apart from the loan.
		assert_eq!(SealedLenders::<Test>::get(loan_id), Some(sealed()));
		// Confirmed once; the alias stays taken for good.
		assert_eq!(authorize(&confirm_call(loan_id, ALIAS, HANDLE)), refused(Error::WrongState));
		assert_eq!(AliasLoans::<Test>::get(ALIAS), Some(loan_id));
	});
}

#[test]
fn a_confirmation_carries_a_lender_record_sealed_to_the_auditors_and_the_borrower() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_to(ALIAS);
		// Two auditors: three recipients. Fewer or more is refused, as is another format or
		// length; the proof held for each of these records, so only the shape refuses them.
		for recipients in [1u8, 2, 4, 8] {
			assert_eq!(
				authorize(&confirm_call_with(loan_id, ALIAS, HANDLE, sealed_for(recipients, 1))),
				refused(Error::SealedLenderRecipients)
			);
		}
		let mut version_one = sealed().into_inner();
		version_one[0] = 1;
		let mut too_long = sealed().into_inner();
		too_long.push(0);
		let mut short = sealed().into_inner();
		short.pop();
		for bytes in [version_one, too_long, short, vec![2; 25], vec![]] {
			let record = SealedLenderOf::truncate_from(bytes);
			assert_eq!(
				authorize(&confirm_call_with(loan_id, ALIAS, HANDLE, record)),
				refused(Error::MalformedSealedLender)
			);
		}
		// The proof binds the record: another record of the right shape breaks it.
		let mut swapped = confirm_call(loan_id, ALIAS, HANDLE);
		if let Call::confirm_as_alias { sealed_lender, .. } = &mut swapped {
			*sealed_lender = sealed_for(3, 0x11);
		}
		assert_eq!(authorize(&swapped), refused(Error::BadRingProof));
		// The block checks the shape again: a record made for the auditors before a rotation
		// fails once the count changed, and nothing is written.
		let call = confirm_call(loan_id, ALIAS, HANDLE);
		Auditors::set(&3);
		assert_noop!(
			call.dispatch_bypass_filter(RawOrigin::Authorized.into()),
			Error::<Test>::SealedLenderRecipients
		);
		assert_eq!(SealedLenders::<Test>::get(loan_id), None);
		// Sealed for the new count, it confirms.
		assert_ok!(submit(confirm_call(loan_id, ALIAS, HANDLE)));
		assert_eq!(SealedLenders::<Test>::get(loan_id), Some(sealed_for(4, 0xEE)));
	});
}

#[test]
fn a_confirmation_needs_the_proof_of_the_loans_alias_in_its_context() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = propose_to(ALIAS);
		// Another lender's alias.
		assert_eq!(
			authorize(&confirm_call(loan_id, [0xB2; 32], HANDLE)),
			refused(Error::AliasMismatch)
		);
		// A proof for another handle's context, or against an unknown revision.
		let mut other_context = confirm_call(loan_id, ALIAS, [0x01; 32]);
		if let Call::confirm_as_alias { handle, .. } = &mut other_context {
			*handle = HANDLE;
		}
		assert_eq!(authorize(&other_context), refused(Error::BadRingProof));
		let mut old_revision = confirm_call(loan_id, ALIAS, HANDLE);
		if let Call::confirm_as_alias { revision, .. } = &mut old_revision {
			*revision = MOCK_REVISION - 1;
		}
		assert_eq!(authorize(&old_revision), refused(Error::BadRingProof));
		// The proof binds the lender key and the payout: swapping either breaks it.
		let mut other_payout = confirm_call(loan_id, ALIAS, HANDLE);
		if let Call::confirm_as_alias { payout, .. } = &mut other_payout {
			*payout = bob();
		}
		assert_eq!(authorize(&other_payout), refused(Error::BadRingProof));
		// And the loan: the proof for one loan does not confirm another.
		let other_loan = propose_to([0xC3; 32]);
		let mut replayed = confirm_call(loan_id, ALIAS, HANDLE);
		if let Call::confirm_as_alias { loan_id, .. } = &mut replayed {
			*loan_id = other_loan;
		}
		assert_eq!(authorize(&replayed), refused(Error::BadRingProof));
		// A signed account cannot call it; nothing changed.
		assert_noop!(
			Call::<Test>::confirm_as_alias {
				loan_id,
				handle: HANDLE,
				ring: MOCK_RING,
				revision: MOCK_REVISION,
				lender_key: [0; 32],
				payout: payout(),
				proof: Default::default(),
				sealed_lender: sealed(),
			}
			.dispatch_bypass_filter(RuntimeOrigin::signed(bob())),
			DispatchError::BadOrigin
		);
		assert_eq!(record(loan_id).status, LoanStatus::Proposed);
	});
}

#[test]
fn a_confirmation_is_refused_for_named_loans_timed_out_proposals_and_invalid_borrowers() {
	ExtBuilder::default().build_and_execute(|| {
		let named = propose_c2c();
		assert_eq!(authorize(&confirm_call(named, ALIAS, HANDLE)), refused(Error::NamedLender));
		assert_eq!(authorize(&confirm_call(99, ALIAS, HANDLE)), refused(Error::NotFound));

		let loan_id = propose_to(ALIAS);
		set_status(&alice(), loanchain_primitives::AttestationStatus::Revoked);
		set_status(&alice_2(), loanchain_primitives::AttestationStatus::Revoked);
		assert_eq!(
			authorize(&confirm_call(loan_id, ALIAS, HANDLE)),
			refused(Error::BorrowerNotAttested)
		);
		set_status(&alice(), loanchain_primitives::AttestationStatus::Valid);
		set_status(&alice_2(), loanchain_primitives::AttestationStatus::Valid);
		System::set_block_number(System::block_number() + PROPOSAL_TIMEOUT);
		assert_eq!(authorize(&confirm_call(loan_id, ALIAS, HANDLE)), refused(Error::WrongState));
	});
}

#[test]
fn named_lender_calls_do_not_act_on_alias_loans() {
	ExtBuilder::default().build_and_execute(|| {
		let proposed = propose_to(ALIAS);
		assert_noop!(
			Loans::confirm(RuntimeOrigin::signed(bob()), proposed),
			Error::<Test>::AliasLender
		);
		// Only the borrower (or the depositor) withdraws an alias proposal.
		assert_noop!(
			Loans::withdraw(RuntimeOrigin::signed(bob()), proposed),
			Error::<Test>::NotParty
		);
		assert_ok!(submit(confirm_call(proposed, ALIAS, HANDLE)));
		run_to_block(System::block_number() + DURATION);
		assert_noop!(
			Loans::report_performed(RuntimeOrigin::signed(bob()), proposed),
			Error::<Test>::AliasLender
		);
	});
}

#[test]
fn the_prompt_of_an_alias_loan_names_no_lender() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = active_alias();
		let end = System::block_number() + DURATION;
		run_to_block(end);
		assert_eq!(record(loan_id).status, LoanStatus::FeedbackDue);
		assert_eq!(FeedbackDueOf::<Test>::iter().count(), 0);
		System::assert_last_event(
			Event::FeedbackDue {
				loan_id,
				lender: None,
				lender_account: None,
				end,
				report_by: end + GRACE,
			}
			.into(),
		);
		run_to_block(end + GRACE);
		System::assert_last_event(Event::LoanUnreported { loan_id, lender: None }.into());
	});
}

#[test]
fn the_lender_key_reports_each_outcome() {
	ExtBuilder::default().build_and_execute(|| {
		let pair = lender_pair();
		// Performed.
		let performed = active_alias();
		run_to_block(System::block_number() + DURATION);
		assert_ok!(submit(act_call(performed, 0, LenderAction::ReportPerformed, &pair)));
		assert_eq!(record(performed).status, LoanStatus::Performed);
		assert_eq!(
			record(performed).history.last().map(|entry| entry.by.clone()),
			Some(Actor::Lender)
		);
		System::assert_last_event(
			Event::LoanPerformed { loan_id: performed, by: None, early: false }.into(),
		);

		// Extended, then (after the borrower declines) breached, paid query.
		let breached = propose_to([0xD4; 32]);
		assert_ok!(submit(confirm_call(breached, [0xD4; 32], HANDLE)));
		run_to_block(System::block_number() + DURATION);
		let now = System::block_number();
		let extend = LenderAction::ProposeExtension { new_end: now + 5 };
		assert_ok!(submit(act_call(breached, 0, extend, &pair)));
		assert_eq!(record(breached).status, LoanStatus::ExtensionProposed { new_end: now + 5 });
		System::assert_last_event(
			Event::ExtensionProposed {
				loan_id: breached,
				borrower: ALICE_ID,
				new_end: now + 5,
				by: None,
			}
			.into(),
		);
		assert_ok!(Loans::decline_extension(RuntimeOrigin::signed(alice()), breached));
		System::assert_last_event(
			Event::ExtensionDeclined { loan_id: breached, lender: None, by: alice() }.into(),
		);
		let level = DisclosureLevel::PaidQuery { fee: 7 };
		assert_ok!(submit(act_call(breached, 1, LenderAction::ReportBreach { level }, &pair)));
		let loan = record(breached);
		assert_eq!(loan.status, LoanStatus::Breached);
		assert_eq!(loan.disclosure, Some(level));
		assert_eq!(loan.lender.alias().map(|lender| lender.nonce), Some(2));
		System::assert_last_event(
			Event::LoanBreached { loan_id: breached, level, by: None }.into(),
		);
	});
}

#[test]
fn a_lender_action_needs_the_lender_key_the_next_nonce_and_a_due_loan() {
	ExtBuilder::default().build_and_execute(|| {
		let pair = lender_pair();
		let loan_id = active_alias();
		let performed = LenderAction::ReportPerformed;
		// Not expired yet.
		assert_eq!(authorize(&act_call(loan_id, 0, performed, &pair)), refused(Error::NotExpired));
		run_to_block(System::block_number() + DURATION);
		// Another key.
		let other = sr25519::Pair::from_seed(&[0x01; 32]);
		assert_eq!(
			authorize(&act_call(loan_id, 0, performed, &other)),
			refused(Error::BadLenderSignature)
		);
		// The signature covers the action: another action with it does not verify.
		let mut swapped = act_call(loan_id, 0, performed, &pair);
		if let Call::lender_act { action, .. } = &mut swapped {
			*action = LenderAction::ReportBreach { level: DisclosureLevel::Public };
		}
		assert_eq!(authorize(&swapped), refused(Error::BadLenderSignature));
		// A future nonce waits; a zero fee is refused; a named loan has no lender key.
		assert_eq!(
			authorize(&act_call(loan_id, 1, performed, &pair)),
			Err(InvalidTransaction::Future.into())
		);
		let free = LenderAction::ReportBreach { level: DisclosureLevel::PaidQuery { fee: 0 } };
		assert_eq!(authorize(&act_call(loan_id, 0, free, &pair)), refused(Error::ZeroFee));
		let named = due_c2c();
		assert_eq!(authorize(&act_call(named, 0, performed, &pair)), refused(Error::NamedLender));

		// Once used, the same signed action is stale.
		let call = act_call(loan_id, 0, performed, &pair);
		assert_ok!(submit(call.clone()));
		assert_eq!(authorize(&call), Err(InvalidTransaction::Stale.into()));
		// And an unconfirmed alias loan has no lender key yet.
		let proposed = propose_to([0xE5; 32]);
		assert_eq!(authorize(&act_call(proposed, 0, performed, &pair)), refused(Error::WrongState));
		// The body checks again: dispatched without its authorization's checks, it refuses.
		assert_noop!(
			act_call(loan_id, 1, LenderAction::ReportPerformed, &other)
				.dispatch_bypass_filter(RawOrigin::Authorized.into()),
			Error::<Test>::BadLenderSignature
		);
		assert!(LoansMap::<Test>::contains_key(loan_id));
	});
}

/// `keyring`'s consent of format v2 to a registration of [`DURATION`] blocks to `alias` with
/// `commitment(2)` and `sealed_terms`, over the payload the chain expects now.
fn alias_consent(keyring: Sr25519Keyring, alias: Alias, sealed_terms: &[u8]) -> MultiSignature {
	let payload = Loans::alias_consent_payload(
		alias,
		keyring.to_account_id(),
		commitment(2),
		sealed_terms,
		DURATION,
		None,
	);
	MultiSignature::Sr25519(keyring.sign(&payload))
}

/// The registration in `borrower`'s name to `alias` with the sealed terms [`terms`] and
/// `consent`.
fn register_call(borrower: AccountId, alias: Alias, consent: MultiSignature) -> Call<Test> {
	Call::register_for_alias {
		borrower,
		alias,
		duration: DURATION,
		commitment: commitment(2),
		sealed_terms: terms(),
		consent,
	}
}

#[test]
fn a_registration_to_an_alias_is_authorized_by_the_consent_alone_and_names_no_company() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = NextLoanId::<Test>::get();
		let consent = alias_consent(Sr25519Keyring::Alice, ALIAS, &terms());
		let call = register_call(alice(), ALIAS, consent.clone());
		let validity = call
			.authorize(TransactionSource::External)
			.expect("the call has an authorization")
			.expect("valid")
			.0;
		assert_eq!(validity.priority, LENDER_TX_PRIORITY);
		assert_ok!(submit(call));

		let loan = record(loan_id);
		assert_eq!(loan.status, LoanStatus::Proposed);
		assert_eq!(loan.borrower, ALICE_ID);
		assert_eq!(loan.lender.alias().map(|lender| lender.alias), Some(ALIAS));
		assert_eq!(loan.lender.identity(), None, "no company is named");
		assert_eq!(loan.deposit, None, "no account paid a deposit");
		assert_eq!(held(&alice()), 0);
		assert_eq!(AliasLoans::<Test>::get(ALIAS), Some(loan_id));
		assert_eq!(crate::ConsentNonce::<Test>::get(alice()), 1);
		assert_eq!(
			loan_events().last(),
			Some(&Event::LoanRegisteredToAlias {
				loan_id,
				borrower: ALICE_ID,
				borrower_account: alice(),
				alias: ALIAS,
				duration: DURATION,
				nonce: 0,
			})
		);
		// Used once: the same consent is refused now; the alias serves this loan only.
		assert_eq!(authorize(&register_call(alice(), ALIAS, consent)), refused(Error::AliasInUse));
		let other = [0xA2; 32];
		let mut stale =
			Loans::alias_consent_payload(other, alice(), commitment(2), &terms(), DURATION, None);
		let nonce_at = stale.len() - 8;
		stale[nonce_at..].copy_from_slice(&0u64.to_le_bytes());
		let replay = MultiSignature::Sr25519(Sr25519Keyring::Alice.sign(&stale));
		assert_eq!(authorize(&register_call(alice(), other, replay)), refused(Error::BadConsent));

		// The company's system confirms it as the alias's holder, as any alias proposal.
		assert_ok!(submit(confirm_call(loan_id, ALIAS, HANDLE)));
		assert_eq!(record(loan_id).status, LoanStatus::Active);
	});
}

#[test]
fn a_registration_needs_the_borrowers_consent_to_this_alias_and_these_sealed_terms() {
	ExtBuilder::default().build_and_execute(|| {
		// Signed by another account.
		let bob_signed = alias_consent(Sr25519Keyring::Bob, ALIAS, &terms());
		assert_eq!(
			authorize(&register_call(alice(), ALIAS, bob_signed)),
			refused(Error::BadConsent)
		);
		// For another alias.
		let elsewhere = alias_consent(Sr25519Keyring::Alice, [0xA2; 32], &terms());
		assert_eq!(
			authorize(&register_call(alice(), ALIAS, elsewhere)),
			refused(Error::BadConsent)
		);
		// Over other sealed terms: nobody can swap the envelope of a pending registration.
		let other_terms = alias_consent(Sr25519Keyring::Alice, ALIAS, &[0xCD; 16]);
		assert_eq!(
			authorize(&register_call(alice(), ALIAS, other_terms)),
			refused(Error::BadConsent)
		);
		// A borrower account without a valid attestation.
		let stranger =
			register_call(nobody(), ALIAS, alias_consent(Sr25519Keyring::Alice, ALIAS, &terms()));
		assert_eq!(authorize(&stranger), refused(Error::BorrowerNotAttested));
		// Nothing was written.
		assert_eq!(AliasLoans::<Test>::get(ALIAS), None);
		assert_eq!(crate::ConsentNonce::<Test>::get(alice()), 0);
		// The dispatch checks again: an authorized origin alone is not enough.
		let unsigned =
			register_call(alice(), ALIAS, alias_consent(Sr25519Keyring::Bob, ALIAS, &terms()));
		assert_noop!(
			unsigned
				.dispatch_bypass_filter(RawOrigin::Authorized.into())
				.map_err(|e| e.error),
			Error::<Test>::BadConsent
		);
	});
}

#[test]
fn an_unconfirmed_registration_expires_and_gives_the_alias_back() {
	ExtBuilder::default().build_and_execute(|| {
		let loan_id = NextLoanId::<Test>::get();
		let consent = alias_consent(Sr25519Keyring::Alice, ALIAS, &terms());
		assert_ok!(submit(register_call(alice(), ALIAS, consent)));
		run_to_block(System::block_number() + PROPOSAL_TIMEOUT);
		assert_eq!(record(loan_id).status, LoanStatus::Withdrawn);
		assert_eq!(AliasLoans::<Test>::get(ALIAS), None);
		assert_eq!(held(&alice()), 0);
	});
}
