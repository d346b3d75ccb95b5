//! Alias loans through the real runtime's `Executive`: the lender's confirmation, actions and
//! disclosures are general transactions (no signer, no fee) that `AuthorizeCall` lets in when
//! the pallets' authorization holds (a real ring proof, a signature by the loan's lender key, a
//! grant nonce good once), in the pool's validation and again when the block applies them;
//! anything else is refused.

use crate::common::{extension, preset_ext};
use frame_support::traits::{Get, Hooks};
use loanchain_primitives::{
	confirm_message, lender_action_payload, lender_context, IdentityProvider, LenderAction, LoanId,
	SubjectKind,
};
use loanchain_runtime::{
	configs::{ConsortiumAuditorCount, LoansBenchmarkHelper},
	AccountId, Attestations, Executive, Header, Loans, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, System, UncheckedExtrinsic,
};
use pallet_lender_ring::{
	benchmark_fixture,
	types::{Verifier, DOMAIN},
};
use pallet_loans::{benchmarking as bench, types::BenchmarkHelper, Error, LoanStatus};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::Bob;
use sp_runtime::{
	traits::Header as _,
	transaction_validity::{
		InvalidTransaction, TransactionSource, TransactionValidity, TransactionValidityError,
	},
	DispatchError,
};
use verifiable::GenerateVerifiable;

fn general(call: pallet_loans::Call<Runtime>) -> UncheckedExtrinsic {
	UncheckedExtrinsic::new_transaction(RuntimeCall::Loans(call), extension(0))
}

/// The pool's verdict on `xt`.
fn validate(xt: UncheckedExtrinsic) -> TransactionValidity {
	Executive::validate_transaction(TransactionSource::External, xt, System::parent_hash())
}

/// Starts the next block, as block production does (every pallet's `on_initialize`).
fn next_block() {
	let number = System::block_number() + 1;
	let header = Header::new(
		number,
		Default::default(),
		Default::default(),
		System::parent_hash(),
		Default::default(),
	);
	Executive::initialize_block(&header);
}

/// The pool refusal that names loans error `error`.
fn refusal(error: Error<Runtime>) -> TransactionValidityError {
	match DispatchError::from(error) {
		DispatchError::Module(module) => InvalidTransaction::Custom(module.error[0]).into(),
		other => panic!("not a module error: {other:?}"),
	}
}

/// The genesis hash the loans pallet binds proofs and signatures to.
fn genesis() -> [u8; 32] {
	System::block_hash(0).0
}

const HANDLE: [u8; 32] = [7; 32];

/// The secret of the fixture ring's first member (whose proofs hold against it).
fn prover() -> <Verifier as GenerateVerifiable>::Secret {
	Verifier::new_secret(benchmark_fixture::seed(0))
}

/// The plaintext terms and salt of the alias proposal (its commitment is theirs).
const TERMS: &[u8] = br#"{"amount":"900.00","currency":"EUR"}"#;
const SALT: [u8; 32] = [0x5A; 32];

/// Registers the fixture ring and attests Bob (the borrower); returns the ring, its revision
/// and Bob's account.
fn fixture_ring_and_bob() -> (u32, u32, AccountId) {
	let (ring, revision) =
		benchmark_fixture::register_fixture_ring::<Runtime>().expect("the fixture ring registers");
	let borrower: AccountId = Bob.to_account_id();
	<Attestations as IdentityProvider<AccountId>>::attest_for_benchmark(
		&borrower,
		SubjectKind::Person,
	)
	.expect("Bob is attested");
	(ring, revision, borrower)
}

/// Sets up the fixture ring and an alias proposal by Bob to the first member's alias for
/// [`HANDLE`]; returns the loan, the ring and its revision.
fn alias_proposal() -> (LoanId, u32, u32) {
	let (ring, revision, borrower) = fixture_ring_and_bob();
	let context = lender_context(&genesis(), &HANDLE);
	let alias = Verifier::alias_in_context(&prover(), &context).expect("an alias");
	let loan_id = pallet_loans::NextLoanId::<Runtime>::get();
	Loans::propose_to_alias(
		RuntimeOrigin::signed(borrower),
		alias,
		10,
		loanchain_primitives::terms_commitment(TERMS, &SALT),
		vec![0xAB; 64],
	)
	.expect("the proposal is made");
	(loan_id, ring, revision)
}

/// A confirmation of `loan_id` designating `key` and a payout account, with a real proof made
/// for `handle` (the loan's context is made from the handle the call carries) and a sealed
/// lender record shaped for the consortium's auditors.
fn confirmation(
	loan_id: LoanId,
	ring: u32,
	revision: u32,
	handle: [u8; 32],
	key: [u8; 32],
) -> pallet_loans::Call<Runtime> {
	let sealed_lender = bench::benchmark_sealed_lender(ConsortiumAuditorCount::get());
	confirmation_with(loan_id, ring, revision, handle, key, sealed_lender)
}

/// [`confirmation`] with the sealed lender record `sealed_lender`, which the proof binds.
fn confirmation_with(
	loan_id: LoanId,
	ring: u32,
	revision: u32,
	handle: [u8; 32],
	key: [u8; 32],
	sealed_lender: pallet_loans::SealedLenderOf,
) -> pallet_loans::Call<Runtime> {
	let payout = AccountId::from([0x9A; 32]);
	let context = lender_context(&genesis(), &handle);
	let message = confirm_message(&genesis(), loan_id, &key, &payout, &sealed_lender);
	let members = benchmark_fixture::fixture().members;
	let state = Verifier::open(DOMAIN, &members[0], members.iter().copied()).expect("in ring");
	let (proof, _) = Verifier::create(state, &prover(), &context, &message).expect("a proof");
	pallet_loans::Call::confirm_as_alias {
		loan_id,
		handle,
		ring,
		revision,
		lender_key: key,
		payout,
		proof: proof.into_inner().try_into().expect("a proof fits"),
		sealed_lender,
	}
}

fn fees_paid() -> usize {
	System::events()
		.iter()
		.filter(|record| {
			matches!(
				record.event,
				RuntimeEvent::TransactionPayment(
					pallet_transaction_payment::Event::TransactionFeePaid { .. }
				)
			)
		})
		.count()
}

#[test]
fn an_alias_confirmation_is_a_general_transaction_authorized_by_its_ring_proof() {
	preset_ext("development").execute_with(|| {
		let (loan_id, ring, revision) = alias_proposal();
		let key = sr25519::Pair::from_seed(&[9; 32]).public().0;

		// A proof made for another context (handle) does not hold for this call's.
		let mut wrong = confirmation(loan_id, ring, revision, [8; 32], key);
		if let pallet_loans::Call::confirm_as_alias { handle, .. } = &mut wrong {
			*handle = HANDLE;
		}
		assert_eq!(validate(general(wrong)), Err(refusal(Error::BadRingProof)));
		// Another alias's proof (its own handle) is not the proposal's alias.
		let other = confirmation(loan_id, ring, revision, [8; 32], key);
		assert_eq!(validate(general(other)), Err(refusal(Error::AliasMismatch)));

		let xt = general(confirmation(loan_id, ring, revision, HANDLE, key));
		let valid = validate(xt.clone()).expect("the pool takes the confirmation");
		assert_eq!(valid.priority, pallet_loans::types::LENDER_TX_PRIORITY);
		assert_eq!(valid.provides.len(), 1);

		next_block();
		let fees_before = fees_paid();
		assert_eq!(Executive::apply_extrinsic(xt.clone()), Ok(Ok(())));
		let loan = pallet_loans::Loans::<Runtime>::get(loan_id).expect("the loan");
		assert_eq!(loan.status, LoanStatus::Active);
		assert_eq!(loan.lender.alias().and_then(|lender| lender.key), Some(key));
		assert_eq!(fees_paid(), fees_before, "a general transaction pays no fee");

		assert_eq!(
			pallet_loans::SealedLenders::<Runtime>::get(loan_id),
			Some(bench::benchmark_sealed_lender(0)),
			"the development chain names no auditor: the record is sealed to the borrower"
		);

		// Confirmed once: the same transaction is now refused.
		assert_eq!(validate(xt), Err(refusal(Error::WrongState)));
	});
}

#[test]
fn the_sealed_lender_record_goes_to_every_auditor_key_the_consortium_registered() {
	preset_ext("development").execute_with(|| {
		let (loan_id, ring, revision) = alias_proposal();
		let key = sr25519::Pair::from_seed(&[9; 32]).public().0;
		pallet_consortium::AuditorKeys::<Runtime>::put(frame_support::BoundedVec::truncate_from(
			vec![[1; 32], [2; 32]],
		));
		assert_eq!(ConsortiumAuditorCount::get(), 2);
		// Sealed to the borrower alone, or to one auditor too few: refused in the pool.
		for auditors in [0, 1, 3] {
			let record = bench::benchmark_sealed_lender(auditors);
			let call = confirmation_with(loan_id, ring, revision, HANDLE, key, record);
			assert_eq!(validate(general(call)), Err(refusal(Error::SealedLenderRecipients)));
		}
		let record = bench::benchmark_sealed_lender(2);
		let xt = general(confirmation_with(loan_id, ring, revision, HANDLE, key, record.clone()));
		assert!(validate(xt.clone()).is_ok());
		next_block();
		assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
		assert_eq!(pallet_loans::SealedLenders::<Runtime>::get(loan_id), Some(record));
	});
}

#[test]
fn lender_actions_are_general_transactions_signed_by_the_loan_key() {
	preset_ext("development").execute_with(|| {
		let lender = sr25519::Pair::from_seed(&[9; 32]);
		let loan_id = confirmed_and_due(&lender);

		let act = |pair: &sr25519::Pair, nonce: u32| {
			let action = LenderAction::ReportPerformed;
			let payload = lender_action_payload(&genesis(), loan_id, nonce, &action);
			general(pallet_loans::Call::lender_act {
				loan_id,
				nonce,
				action,
				signature: pair.sign(&payload).0,
			})
		};
		let stranger = sr25519::Pair::from_seed(&[10; 32]);
		assert_eq!(validate(act(&stranger, 0)), Err(refusal(Error::BadLenderSignature)));
		assert_eq!(validate(act(&lender, 1)), Err(InvalidTransaction::Future.into()));
		assert!(validate(act(&lender, 0)).is_ok());

		next_block();
		assert_eq!(Executive::apply_extrinsic(act(&lender, 0)), Ok(Ok(())));
		let loan = pallet_loans::Loans::<Runtime>::get(loan_id).expect("the loan");
		assert_eq!(loan.status, LoanStatus::Performed);
		assert_eq!(validate(act(&lender, 0)), Err(InvalidTransaction::Stale.into()));
	});
}

/// Confirms the alias proposal with lender key `lender` and runs to its end (feedback due).
fn confirmed_and_due(lender: &sr25519::Pair) -> LoanId {
	confirmed_and_due_in_ring(lender).0
}

/// [`confirmed_and_due`], with the ring and the revision its proof was made against.
fn confirmed_and_due_in_ring(lender: &sr25519::Pair) -> (LoanId, u32, u32) {
	let (loan_id, ring, revision) = alias_proposal();
	let xt = general(confirmation(loan_id, ring, revision, HANDLE, lender.public().0));
	next_block();
	assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
	let end = pallet_loans::Loans::<Runtime>::get(loan_id)
		.and_then(|loan| loan.period)
		.expect("in force")
		.end;
	System::set_block_number(end);
	Loans::on_initialize(end);
	(loan_id, ring, revision)
}

#[test]
fn the_lender_key_reveals_an_alias_loan_in_a_general_transaction() {
	preset_ext("development").execute_with(|| {
		let lender = sr25519::Pair::from_seed(&[9; 32]);
		let loan_id = confirmed_and_due(&lender);
		let action = LenderAction::ReportBreach { level: pallet_loans::DisclosureLevel::Public };
		let payload = lender_action_payload(&genesis(), loan_id, 0, &action);
		let breach = general(pallet_loans::Call::lender_act {
			loan_id,
			nonce: 0,
			action,
			signature: lender.sign(&payload).0,
		});
		next_block();
		assert_eq!(Executive::apply_extrinsic(breach), Ok(Ok(())));

		let disclosure = pallet_disclosure::LenderDisclosure::Reveal {
			terms: TERMS.to_vec().try_into().expect("fits"),
			salt: SALT,
		};
		let payload =
			loanchain_primitives::lender_disclosure_payload(&genesis(), loan_id, &disclosure);
		let reveal = |signature: [u8; 64]| {
			UncheckedExtrinsic::new_transaction(
				RuntimeCall::Disclosure(pallet_disclosure::Call::lender_disclose {
					loan_id,
					disclosure: disclosure.clone(),
					signature,
				}),
				extension(0),
			)
		};
		let stranger = sr25519::Pair::from_seed(&[10; 32]);
		let refused = pallet_disclosure::Error::<Runtime>::BadLenderSignature;
		let DispatchError::Module(module) = DispatchError::from(refused) else {
			panic!("a module error")
		};
		assert_eq!(
			validate(reveal(stranger.sign(&payload).0)),
			Err(InvalidTransaction::Custom(module.error[0]).into())
		);
		let xt = reveal(lender.sign(&payload).0);
		assert!(validate(xt.clone()).is_ok());
		next_block();
		assert_eq!(Executive::apply_extrinsic(xt), Ok(Ok(())));
		let public = pallet_disclosure::PublicTerms::<Runtime>::get(loan_id).expect("public");
		assert_eq!(public.revealed_by, AccountId::from([0x9A; 32]), "the payout account");
	});
}

#[test]
fn the_lender_key_grants_and_revokes_in_general_transactions_good_once() {
	preset_ext("development").execute_with(|| {
		let lender = sr25519::Pair::from_seed(&[9; 32]);
		let loan_id = confirmed_and_due(&lender);
		let reader = AccountId::from([0x33; 32]);
		let reader_key = [0x44; 32];
		pallet_attestations::EncryptionKeys::<Runtime>::insert(&reader, reader_key);
		let mut capsule = [0xCC; 112];
		capsule[..32].copy_from_slice(&reader_key);
		let disclose = |disclosure: pallet_disclosure::LenderDisclosureOf<Runtime>| {
			let payload =
				loanchain_primitives::lender_disclosure_payload(&genesis(), loan_id, &disclosure);
			let signature = lender.sign(&payload).0;
			UncheckedExtrinsic::new_transaction(
				RuntimeCall::Disclosure(pallet_disclosure::Call::lender_disclose {
					loan_id,
					disclosure,
					signature,
				}),
				extension(0),
			)
		};
		let grant = |nonce: u32| {
			disclose(pallet_disclosure::LenderDisclosure::Grant {
				reader: reader.clone(),
				capsule,
				purpose: bench::benchmark_sealed_lender(ConsortiumAuditorCount::get())
					.into_inner()
					.try_into()
					.expect("a sealed note fits"),
				nonce,
			})
		};
		let bad_nonce =
			match DispatchError::from(pallet_disclosure::Error::<Runtime>::BadGrantNonce) {
				DispatchError::Module(module) => InvalidTransaction::Custom(module.error[0]),
				other => panic!("not a module error: {other:?}"),
			};
		assert_eq!(validate(grant(1)), Err(bad_nonce.into()), "a future nonce");
		assert!(validate(grant(0)).is_ok());
		next_block();
		assert_eq!(Executive::apply_extrinsic(grant(0)), Ok(Ok(())));
		let stored = pallet_disclosure::Grants::<Runtime>::get(loan_id, &reader).expect("granted");
		assert_eq!(stored.granted_by, AccountId::from([0x9A; 32]), "the payout account");
		assert_eq!(stored.deposit, 0);
		assert_eq!(fees_paid(), 0, "no fee is charged");
		// Good once: the same grant again is refused in the pool and in the block.
		assert_eq!(validate(grant(0)), Err(bad_nonce.into()));

		let revoke = disclose(pallet_disclosure::LenderDisclosure::RevokeGrant {
			reader: reader.clone(),
			nonce: 1,
		});
		assert!(validate(revoke.clone()).is_ok());
		assert_eq!(Executive::apply_extrinsic(revoke), Ok(Ok(())));
		assert!(!pallet_disclosure::Grants::<Runtime>::contains_key(loan_id, &reader));
		assert!(Executive::apply_extrinsic(grant(0)).is_err(), "a replayed grant is refused");
	});
}

#[test]
fn a_registration_to_an_alias_is_a_general_transaction_authorized_by_the_consent() {
	preset_ext("development").execute_with(|| {
		let (ring, revision, borrower) = fixture_ring_and_bob();
		let context = lender_context(&genesis(), &HANDLE);
		let alias = Verifier::alias_in_context(&prover(), &context).expect("an alias");
		let commitment = loanchain_primitives::terms_commitment(TERMS, &SALT);
		let sealed_terms = vec![0xAB; 64];
		let registration = |signer: sp_keyring::Sr25519Keyring| {
			let payload = Loans::alias_consent_payload(
				alias,
				borrower.clone(),
				commitment,
				&sealed_terms,
				10,
				None,
			);
			general(pallet_loans::Call::register_for_alias {
				borrower: borrower.clone(),
				alias,
				duration: 10,
				commitment,
				sealed_terms: sealed_terms.clone(),
				consent: sp_runtime::MultiSignature::Sr25519(signer.sign(&payload)),
			})
		};
		assert_eq!(
			validate(registration(sp_keyring::Sr25519Keyring::Charlie)),
			Err(refusal(Error::BadConsent))
		);
		let xt = registration(Bob);
		assert!(validate(xt.clone()).is_ok());
		next_block();
		let loan_id = pallet_loans::NextLoanId::<Runtime>::get();
		assert_eq!(Executive::apply_extrinsic(xt.clone()), Ok(Ok(())));
		assert_eq!(fees_paid(), 0, "a general transaction pays no fee");
		let loan = pallet_loans::Loans::<Runtime>::get(loan_id).expect("the loan");
		assert_eq!(loan.status, LoanStatus::Proposed);
		assert_eq!(loan.deposit, None);
		assert_eq!(loan.lender.identity(), None, "no company is named");
		// The consent is used up: the same transaction is refused now.
		assert!(validate(xt).is_err());

		// The company confirms it with its ring proof, as any alias proposal.
		let key = sr25519::Pair::from_seed(&[9; 32]).public().0;
		let confirm = general(confirmation(loan_id, ring, revision, HANDLE, key));
		assert_eq!(Executive::apply_extrinsic(confirm), Ok(Ok(())));
		let loan = pallet_loans::Loans::<Runtime>::get(loan_id).expect("the loan");
		assert_eq!(loan.status, LoanStatus::Active);
	});
}

#[test]
fn a_renewal_under_an_alias_is_a_general_transaction_signed_by_the_previous_loan_key() {
	preset_ext("development").execute_with(|| {
		let lender = sr25519::Pair::from_seed(&[9; 32]);
		let (previous, ring, revision) = confirmed_and_due_in_ring(&lender);
		let borrower: AccountId = Bob.to_account_id();
		// The follow-on's invitation: a new handle, and the prover's alias for it.
		let new_handle = [8; 32];
		let context = lender_context(&genesis(), &new_handle);
		let alias = Verifier::alias_in_context(&prover(), &context).expect("an alias");
		let commitment = loanchain_primitives::terms_commitment(TERMS, &[0x5B; 32]);
		let sealed_terms = vec![0xAC; 64];
		let new_key = sr25519::Pair::from_seed(&[11; 32]).public().0;
		let payout = AccountId::from([0x9B; 32]);
		let sealed_lender = bench::benchmark_sealed_lender(ConsortiumAuditorCount::get());
		let loan_id = pallet_loans::NextLoanId::<Runtime>::get();
		let members = benchmark_fixture::fixture().members;
		let prove = |message: &[u8]| {
			let state =
				Verifier::open(DOMAIN, &members[0], members.iter().copied()).expect("in ring");
			let (proof, _) =
				Verifier::create(state, &prover(), &context, message).expect("a proof");
			pallet_loans::RingProofOf::try_from(proof.into_inner()).expect("a proof fits")
		};
		let renewal_proof = prove(&loanchain_primitives::renewal_proof_message(
			&genesis(),
			previous,
			loan_id,
			&new_key,
			&payout,
			&sealed_lender,
		));
		// A confirmation's proof of the follow-on's number does not pass as a renewal's.
		let confirm_proof =
			prove(&confirm_message(&genesis(), loan_id, &new_key, &payout, &sealed_lender));
		let renewal = |signer: &sr25519::Pair, proof: &pallet_loans::RingProofOf| {
			let payload = Loans::alias_consent_payload(
				alias,
				borrower.clone(),
				commitment,
				&sealed_terms,
				10,
				Some(previous),
			);
			let message = loanchain_primitives::renewal_message(
				&genesis(),
				previous,
				loan_id,
				&alias,
				&borrower,
				&commitment,
				&sealed_terms,
				10u32,
				&new_key,
				&payout,
				&sealed_lender,
			);
			general(pallet_loans::Call::renew_as_alias {
				previous,
				loan_id,
				borrower: borrower.clone(),
				alias,
				duration: 10,
				commitment,
				sealed_terms: sealed_terms.clone(),
				consent: sp_runtime::MultiSignature::Sr25519(Bob.sign(&payload)),
				lender_key: new_key,
				payout: payout.clone(),
				sealed_lender: sealed_lender.clone(),
				signature: signer.sign(&message).0,
				handle: new_handle,
				ring,
				revision,
				proof: proof.clone(),
			})
		};
		let stranger = sr25519::Pair::from_seed(&[10; 32]);
		assert_eq!(
			validate(renewal(&stranger, &renewal_proof)),
			Err(refusal(Error::BadLenderSignature))
		);
		assert_eq!(validate(renewal(&lender, &confirm_proof)), Err(refusal(Error::BadRingProof)));
		let xt = renewal(&lender, &renewal_proof);
		assert!(validate(xt.clone()).is_ok());
		next_block();
		// The block checks the proof again: a bad one included anyway is refused there too.
		assert_eq!(
			Executive::apply_extrinsic(renewal(&lender, &confirm_proof)),
			Err(refusal(Error::BadRingProof))
		);
		assert_eq!(Executive::apply_extrinsic(xt.clone()), Ok(Ok(())));
		assert_eq!(fees_paid(), 0, "a general transaction pays no fee");
		let old = pallet_loans::Loans::<Runtime>::get(previous).expect("the previous loan");
		assert_eq!((old.status, old.renewed_by), (LoanStatus::Performed, Some(loan_id)));
		let new = pallet_loans::Loans::<Runtime>::get(loan_id).expect("the follow-on");
		assert_eq!((new.status, new.renews), (LoanStatus::Active, Some(previous)));
		assert_eq!(new.lender.identity(), None, "no lender is named");
		assert_eq!(new.lender.alias().and_then(|lender| lender.key), Some(new_key));
		// The consent is used up and the loan renewed: the same transaction is refused now.
		assert!(validate(xt).is_err());
	});
}

#[test]
fn a_general_transaction_nothing_authorizes_is_refused() {
	preset_ext("development").execute_with(|| {
		let (loan_id, ..) = alias_proposal();
		// `withdraw` has no authorization: as a general transaction it has no origin.
		let xt = general(pallet_loans::Call::withdraw { loan_id });
		assert_eq!(validate(xt), Err(InvalidTransaction::UnknownOrigin.into()));
		// Nor does a bare (unsigned) confirmation pass: only the general form is authorized.
		let key = [3; 32];
		let bare = UncheckedExtrinsic::new_bare(RuntimeCall::Loans(
			pallet_loans::Call::confirm_as_alias {
				loan_id,
				handle: HANDLE,
				ring: 0,
				revision: 0,
				lender_key: key,
				payout: AccountId::from([0x9A; 32]),
				proof: Default::default(),
				sealed_lender: bench::benchmark_sealed_lender(0),
			},
		));
		assert!(validate(bare).is_err());
		assert_eq!(
			pallet_loans::Loans::<Runtime>::get(loan_id).map(|loan| loan.status),
			Some(LoanStatus::Proposed)
		);
	});
}

/// The context and message of one of the loans benchmarks' ring proofs, for a payout account and
/// a number of auditors.
type BenchmarkInputs = fn(&AccountId, u32) -> ([u8; 32], Vec<u8>);

/// The runtime's benchmark proofs still hold for the loans benchmarks' confirmation and
/// renewal.
#[test]
fn the_loans_benchmark_proofs_hold() {
	let payout = AccountId::from(bench::ALIAS_PAYOUT);
	let inputs: [BenchmarkInputs; 2] = [bench::alias_confirmation, bench::alias_renewal_proof];
	for inputs_of in inputs {
		// Each benchmark registers the fixture ring in a fresh state.
		preset_ext("development").execute_with(|| {
			let auditors = LoansBenchmarkHelper::set_most_auditors();
			let (context, message) = inputs_of(&payout, auditors);
			let result = LoansBenchmarkHelper::ring_proof(&context, &message);
			assert!(result.is_ok(), "{result:?}");
		});
	}
}

/// Writes `CONFIRM_AS_ALIAS_PROOF` and `RENEW_AS_ALIAS_PROOF` (`runtime/src/benchmark_data/`):
/// `cargo test --release --features runtime-benchmarks -p loanchain-runtime --test runtime --
/// --ignored write_benchmark_proofs`.
#[test]
#[ignore]
fn write_benchmark_proofs() {
	let payout = AccountId::from(bench::ALIAS_PAYOUT);
	let auditors = loanchain_runtime::configs::MaxAuditors::get();
	let members = benchmark_fixture::fixture().members;
	for ((context, message), file) in [
		(bench::alias_confirmation(&payout, auditors), "confirm-as-alias-proof.bin"),
		(bench::alias_renewal_proof(&payout, auditors), "renew-as-alias-proof.bin"),
	] {
		let state = Verifier::open(DOMAIN, &members[0], members.iter().copied()).expect("in ring");
		let (proof, _) = Verifier::create(state, &prover(), &context, &message).expect("a proof");
		let path = format!("{}/src/benchmark_data/{file}", env!("CARGO_MANIFEST_DIR"));
		std::fs::write(path, proof.into_inner()).expect("the proof is written");
	}
}
