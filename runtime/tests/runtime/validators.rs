//! The validators' session keys through the real runtime's `Executive`: `CheckPermission`
//! refuses a validator's purge of its session keys in the pool (code 44), directly and inside
//! batches, while an account outside the set may purge its own; and the consortium adds no
//! validator that has no session keys.

use crate::common::{extension, preset_ext};
use codec::Encode;
use loanchain_primitives::{IdentityProvider, SubjectKind};
use loanchain_runtime::{
	AccountId, Attestations, Consortium, Executive, Runtime, RuntimeCall, RuntimeOrigin,
	SignedPayload, System, UncheckedExtrinsic,
};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob};
use sp_runtime::{
	transaction_validity::{InvalidTransaction, TransactionSource, TransactionValidity},
	MultiAddress,
};

/// `call` signed by `who` with its current nonce.
fn signed(who: Sr25519Keyring, call: RuntimeCall) -> UncheckedExtrinsic {
	let account = who.to_account_id();
	let nonce = System::account_nonce(&account);
	let payload = SignedPayload::new(call, extension(nonce)).expect("the payload builds");
	let signature = payload.using_encoded(|bytes| who.sign(bytes));
	let (call, extension, _) = payload.deconstruct();
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(account),
		sp_runtime::MultiSignature::Sr25519(signature),
		extension,
	)
}

/// The pool's verdict on `xt`.
fn validate(xt: UncheckedExtrinsic) -> TransactionValidity {
	Executive::validate_transaction(TransactionSource::External, xt, System::parent_hash())
}

fn purge() -> RuntimeCall {
	RuntimeCall::Session(pallet_session::Call::purge_keys {})
}

fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![1] })
}

/// The refusal of a validator's purge of its keys.
const KEYS_NEEDED: InvalidTransaction = InvalidTransaction::Custom(44);

#[test]
fn a_validator_cannot_purge_its_session_keys_directly_or_in_a_batch() {
	preset_ext("development").execute_with(|| {
		// Alice is the development chain's only validator (and consortium member).
		assert!(pallet_consortium::Validators::<Runtime>::get().contains(&Alice.to_account_id()));
		assert_eq!(validate(signed(Alice, purge())), Err(KEYS_NEEDED.into()));
		let batches = [
			pallet_utility::Call::batch { calls: vec![remark(), purge()] },
			pallet_utility::Call::batch_all { calls: vec![purge()] },
			pallet_utility::Call::force_batch {
				calls: vec![RuntimeCall::Utility(pallet_utility::Call::batch {
					calls: vec![remark(), purge()],
				})],
			},
			pallet_utility::Call::if_else { main: Box::new(remark()), fallback: Box::new(purge()) },
		];
		for batch in batches {
			let name = format!("{batch:?}");
			assert_eq!(
				validate(signed(Alice, RuntimeCall::Utility(batch))),
				Err(KEYS_NEEDED.into()),
				"{name}"
			);
		}
		// Nested deeper than the guard looks, a purge is still refused to a validator.
		let deep = (0..10).fold(purge(), |call, _| {
			RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![call] })
		});
		assert_eq!(validate(signed(Alice, deep)), Err(KEYS_NEEDED.into()));
		// A block that includes the purge anyway is refused it too.
		assert_eq!(Executive::apply_extrinsic(signed(Alice, purge())), Err(KEYS_NEEDED.into()));
		// Rotating the keys, or anything else, is not refused.
		assert!(validate(signed(Alice, remark())).is_ok());
		assert!(validate(signed(
			Alice,
			RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![remark()] })
		))
		.is_ok());
		// The keys are still there.
		assert!(pallet_session::NextKeys::<Runtime>::contains_key(Alice.to_account_id()));
	});
}

#[test]
fn an_account_outside_the_set_may_purge_its_keys_and_the_consortium_adds_none_without_keys() {
	preset_ext("development").execute_with(|| {
		let bob: AccountId = Bob.to_account_id();
		<Attestations as IdentityProvider<AccountId>>::attest_for_benchmark(
			&bob,
			SubjectKind::Person,
		)
		.expect("Bob is attested");
		// The pool does not refuse Bob, who is no validator, a purge, alone or nested deep.
		assert!(validate(signed(Bob, purge())).is_ok(), "Bob is no validator");
		let deep = (0..10).fold(purge(), |call, _| {
			RuntimeCall::Utility(pallet_utility::Call::batch { calls: vec![call] })
		});
		assert!(validate(signed(Bob, deep)).is_ok());

		// The consortium (a motion of all its one member) cannot add Bob: he has no keys.
		let consortium = RuntimeOrigin::from(pallet_collective::RawOrigin::<
			AccountId,
			pallet_collective::Instance1,
		>::Members(1, 1));
		let add = Consortium::add_validator(consortium, bob.clone());
		assert_eq!(add, Err(pallet_consortium::Error::<Runtime>::NoSessionKeys.into()));
		assert!(!pallet_consortium::Validators::<Runtime>::get().contains(&bob));
	});
}
