//! `set_encryption_key` and `clear_encryption_key`.

use crate::{is_valid_encryption_key, mock::*, EncryptionKeys, Error, Event};
use frame_support::{assert_noop, assert_ok};
use loanchain_primitives::SubjectKind;
use sp_runtime::DispatchError;

/// A well-formed X25519 public key (the Curve25519 base point, u = 9).
const KEY: [u8; 32] = {
	let mut key = [0u8; 32];
	key[0] = 9;
	key
};
/// Another well-formed key, for rotation.
const KEY_2: [u8; 32] = [0x42; 32];

/// The u-coordinates of low order (libsodium's list), as canonical encodings.
fn low_order_keys() -> Vec<[u8; 32]> {
	let mut one = [0u8; 32];
	one[0] = 1;
	let p_minus = |low: u8| {
		let mut key = [0xff; 32];
		key[0] = low;
		key[31] = 0x7f;
		key
	};
	vec![
		[0; 32],
		one,
		hex(b"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
		hex(b"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
		p_minus(0xec),
		p_minus(0xed),
		p_minus(0xee),
	]
}

fn hex(text: &[u8; 64]) -> [u8; 32] {
	let mut key = [0u8; 32];
	for (byte, pair) in key.iter_mut().zip(text.chunks(2)) {
		let digits = core::str::from_utf8(pair).unwrap();
		*byte = u8::from_str_radix(digits, 16).unwrap();
	}
	key
}

/// ACME (identity 0) is a company with operator OP_1; ALICE (identity 1) a person.
fn setup() {
	attest(ACME, 5, SubjectKind::Company);
	attest(ALICE, 1, SubjectKind::Person);
	assert_ok!(Attestations::authorize_operator(RuntimeOrigin::signed(ACME), OP_1));
}

#[test]
fn attested_account_sets_key() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), KEY));
		assert_eq!(EncryptionKeys::<Test>::get(ALICE), Some(KEY));
		assert_eq!(Attestations::encryption_key(&ALICE), Some(KEY));
		assert_eq!(Attestations::encryption_key(&BOB), None);
		System::assert_last_event(Event::EncryptionKeySet { who: ALICE, key: KEY }.into());
	});
}

#[test]
fn setting_again_rotates_the_key() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), KEY));
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), KEY_2));
		assert_eq!(Attestations::encryption_key(&ALICE), Some(KEY_2));
		assert_eq!(EncryptionKeys::<Test>::iter().count(), 1);
		let events = attestation_events();
		assert!(events.contains(&Event::EncryptionKeySet { who: ALICE, key: KEY }));
		System::assert_last_event(Event::EncryptionKeySet { who: ALICE, key: KEY_2 }.into());
	});
}

#[test]
fn keys_belong_to_accounts_not_identities() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		attest(ALICE_2, 1, SubjectKind::Person);
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), KEY));
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE_2), KEY_2));
		assert_ok!(Attestations::clear_encryption_key(RuntimeOrigin::signed(ALICE)));
		assert_eq!(Attestations::encryption_key(&ALICE), None);
		assert_eq!(Attestations::encryption_key(&ALICE_2), Some(KEY_2));
	});
}

#[test]
fn company_account_and_its_operator_set_keys() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(ACME), KEY));
		System::assert_last_event(Event::EncryptionKeySet { who: ACME, key: KEY }.into());
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(OP_1), KEY_2));
		System::assert_last_event(Event::EncryptionKeySet { who: OP_1, key: KEY_2 }.into());
		assert_eq!(Attestations::encryption_key(&ACME), Some(KEY));
		assert_eq!(Attestations::encryption_key(&OP_1), Some(KEY_2));
	});
}

#[test]
fn operator_acts_while_any_company_account_is_valid() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		attest(ACME_2, 5, SubjectKind::Company);
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ACME));
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(OP_1), KEY));
		assert_eq!(Attestations::encryption_key(&OP_1), Some(KEY));
	});
}

#[test]
fn set_encryption_key_requires_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_noop!(
			Attestations::set_encryption_key(RuntimeOrigin::none(), KEY),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Attestations::set_encryption_key(RuntimeOrigin::root(), KEY),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn set_encryption_key_rejects_low_order_keys() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		for key in low_order_keys() {
			assert!(!is_valid_encryption_key(&key));
			assert_noop!(
				Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), key),
				Error::<Test>::InvalidEncryptionKey
			);
			// X25519 ignores the top bit, so the same points with it set are refused too.
			let mut high = key;
			high[31] |= 0x80;
			assert_noop!(
				Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), high),
				Error::<Test>::InvalidEncryptionKey
			);
		}
	});
}

#[test]
fn rejected_key_leaves_the_current_one() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), KEY));
		assert_noop!(
			Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), [0; 32]),
			Error::<Test>::InvalidEncryptionKey
		);
		assert_eq!(Attestations::encryption_key(&ALICE), Some(KEY));
	});
}

#[test]
fn well_formed_keys_are_accepted() {
	assert!(is_valid_encryption_key(&KEY));
	assert!(is_valid_encryption_key(&KEY_2));
	// Near misses of the low-order encodings are ordinary keys.
	let mut two = [0u8; 32];
	two[0] = 2;
	assert!(is_valid_encryption_key(&two));
	let mut p_minus_two = [0xff; 32];
	p_minus_two[0] = 0xeb;
	p_minus_two[31] = 0x7f;
	assert!(is_valid_encryption_key(&p_minus_two));
}

#[test]
fn set_encryption_key_rejects_unattested_accounts() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		// An unknown account is refused, and so are attestors and consortium members: they may
		// transact, but are no loan party.
		for who in [NOBODY, ATTESTOR, CONSORTIUM] {
			assert_noop!(
				Attestations::set_encryption_key(RuntimeOrigin::signed(who), KEY),
				Error::<Test>::NotAttested
			);
		}
	});
}

#[test]
fn set_encryption_key_rejects_expired_account() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		System::set_block_number(EXPIRY);
		assert_noop!(
			Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), KEY),
			Error::<Test>::Expired
		);
	});
}

#[test]
fn set_encryption_key_rejects_revoked_account() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		attest(BOB, 2, SubjectKind::Person);
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(ATTESTOR), ALICE));
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), BOB));
		for who in [ALICE, BOB] {
			assert_noop!(
				Attestations::set_encryption_key(RuntimeOrigin::signed(who), KEY),
				Error::<Test>::Revoked
			);
		}
	});
}

#[test]
fn set_encryption_key_rejects_operator_of_invalid_company() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), ACME));
		assert_noop!(
			Attestations::set_encryption_key(RuntimeOrigin::signed(OP_1), KEY),
			Error::<Test>::CompanyNotValid
		);
	});
}

#[test]
fn set_encryption_key_rejects_operator_of_expired_company() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		System::set_block_number(EXPIRY);
		assert_noop!(
			Attestations::set_encryption_key(RuntimeOrigin::signed(OP_1), KEY),
			Error::<Test>::CompanyNotValid
		);
	});
}

#[test]
fn set_encryption_key_rejects_withdrawn_operator() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::withdraw_operator(RuntimeOrigin::signed(ACME), OP_1));
		assert_noop!(
			Attestations::set_encryption_key(RuntimeOrigin::signed(OP_1), KEY),
			Error::<Test>::NotAttested
		);
	});
}

#[test]
fn clear_encryption_key_removes_the_key() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), KEY));
		assert_ok!(Attestations::clear_encryption_key(RuntimeOrigin::signed(ALICE)));
		assert!(!EncryptionKeys::<Test>::contains_key(ALICE));
		assert_eq!(Attestations::encryption_key(&ALICE), None);
		System::assert_last_event(Event::EncryptionKeyCleared { who: ALICE }.into());
		// A new key can be registered afterwards.
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), KEY_2));
		assert_eq!(Attestations::encryption_key(&ALICE), Some(KEY_2));
	});
}

#[test]
fn clear_encryption_key_rejects_missing_key() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_noop!(
			Attestations::clear_encryption_key(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NoEncryptionKey
		);
		assert_noop!(
			Attestations::clear_encryption_key(RuntimeOrigin::signed(NOBODY)),
			Error::<Test>::NoEncryptionKey
		);
		// Clearing twice fails the second time.
		assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(ALICE), KEY));
		assert_ok!(Attestations::clear_encryption_key(RuntimeOrigin::signed(ALICE)));
		assert_noop!(
			Attestations::clear_encryption_key(RuntimeOrigin::signed(ALICE)),
			Error::<Test>::NoEncryptionKey
		);
	});
}

#[test]
fn clear_encryption_key_requires_signed_origin() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		assert_noop!(
			Attestations::clear_encryption_key(RuntimeOrigin::none()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn revoked_expired_and_withdrawn_accounts_clear_their_keys() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		attest(BOB, 2, SubjectKind::Person);
		for who in [ALICE, BOB, OP_1] {
			assert_ok!(Attestations::set_encryption_key(RuntimeOrigin::signed(who), KEY));
		}
		assert_ok!(Attestations::revoke(RuntimeOrigin::signed(CONSORTIUM), ALICE));
		assert_ok!(Attestations::withdraw_operator(RuntimeOrigin::signed(ACME), OP_1));
		System::set_block_number(EXPIRY);
		// Keys outlive the attestation until their owner clears them.
		assert_eq!(Attestations::encryption_key(&ALICE), Some(KEY));
		for who in [ALICE, BOB, OP_1] {
			assert_ok!(Attestations::clear_encryption_key(RuntimeOrigin::signed(who)));
			System::assert_last_event(Event::EncryptionKeyCleared { who }.into());
			assert_eq!(Attestations::encryption_key(&who), None);
		}
	});
}

#[test]
fn try_state_catches_a_low_order_key() {
	ExtBuilder::default().build().execute_with(|| {
		// Corrupt state on purpose: the call never stores such a key.
		EncryptionKeys::<Test>::insert(ALICE, [0u8; 32]);
		assert!(Attestations::do_try_state().is_err());
		EncryptionKeys::<Test>::insert(ALICE, KEY);
		assert_ok!(Attestations::do_try_state());
	});
}
