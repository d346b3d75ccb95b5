//! The consortium is the only privileged origin: it alone reaches `Root` (runtime upgrades),
//! with one member in `development` and with a majority in `local_testnet`.

use crate::common::preset_ext;
use codec::Encode;
use frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, weights::Weight};
use loanchain_runtime::{
	configs::ConsortiumInstance, AccountId, Consortium, ConsortiumCollective, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, System,
};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{traits::Hash, DispatchError};

fn signed(who: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.to_account_id())
}

/// A root-only call: authorise a runtime upgrade to the code with hash `code_hash`.
fn authorize_upgrade(code_hash: H256) -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash })
}

/// The call a consortium motion carries to reach `Root`.
fn as_root(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Consortium(pallet_consortium::Call::dispatch_as_root { call: Box::new(call) })
}

/// The code hash of the pending authorised upgrade, read from `System::AuthorizedUpgrade`
/// (a private storage item: read by key, decoded as `(code_hash, check_version)`).
fn authorized_code_hash() -> Option<H256> {
	let key = [sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"AuthorizedUpgrade")]
		.concat();
	frame_support::storage::unhashed::get::<(H256, bool)>(&key).map(|(hash, _)| hash)
}

/// `member` proposes `call` with `threshold`; returns the motion's hash and index.
fn propose(member: Sr25519Keyring, threshold: u32, call: RuntimeCall) -> (H256, u32) {
	let length = call.encoded_size() as u32;
	let index = pallet_collective::ProposalCount::<Runtime, ConsortiumInstance>::get();
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	assert_ok!(ConsortiumCollective::propose(signed(member), threshold, Box::new(call), length));
	(hash, index)
}

fn close(
	hash: H256,
	index: u32,
	call: &RuntimeCall,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	ConsortiumCollective::close(
		signed(Alice),
		hash,
		index,
		call.get_dispatch_info()
			.call_weight
			.saturating_add(Weight::from_parts(1_000_000_000, 0)),
		call.encoded_size() as u32,
	)
}

fn executed_results() -> Vec<Result<(), DispatchError>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::ConsortiumCollective(pallet_collective::Event::Executed {
				result,
				..
			}) => Some(result),
			_ => None,
		})
		.collect()
}

#[test]
fn signed_accounts_cannot_upgrade_the_runtime() {
	preset_ext("development").execute_with(|| {
		let code = b"new runtime code".to_vec();
		for who in [Eve, Alice] {
			// A non-member, and even the sole member acting alone without a motion.
			assert_noop!(System::set_code(signed(who), code.clone()), DispatchError::BadOrigin);
			assert_noop!(
				System::set_code_without_checks(signed(who), code.clone()),
				DispatchError::BadOrigin
			);
			assert_noop!(
				System::authorize_upgrade(signed(who), H256::repeat_byte(1)),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Consortium::dispatch_as_root(
					signed(who),
					Box::new(authorize_upgrade(H256::zero()))
				),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn one_member_passes_a_motion_in_development() {
	preset_ext("development").execute_with(|| {
		let code_hash = H256::repeat_byte(7);
		// Threshold 1: with one member the motion executes at once.
		propose(Alice, 1, as_root(authorize_upgrade(code_hash)));
		assert_eq!(executed_results(), vec![Ok(())]);
		assert_eq!(authorized_code_hash(), Some(code_hash));
	});
}

#[test]
fn the_consortium_replaces_the_runtime_code() {
	preset_ext("development").execute_with(|| {
		let code = b"\0asm replacement code".to_vec();
		let call = as_root(RuntimeCall::System(frame_system::Call::set_code_without_checks {
			code: code.clone(),
		}));
		propose(Alice, 1, call);
		assert_eq!(executed_results(), vec![Ok(())]);
		assert_eq!(
			sp_io::storage::get(sp_core::storage::well_known_keys::CODE).map(|c| c.to_vec()),
			Some(code)
		);
	});
}

#[test]
fn a_minority_cannot_act_in_local_testnet() {
	preset_ext("local_testnet").execute_with(|| {
		let code_hash = H256::repeat_byte(9);
		// Threshold 1 executes at once, but with one of four members behind it: refused.
		propose(Alice, 1, as_root(authorize_upgrade(code_hash)));
		assert_eq!(executed_results(), vec![Err(DispatchError::BadOrigin)]);
		assert_eq!(authorized_code_hash(), None);

		// Two of four ayes is not more than half: once the motion ends it is disapproved.
		let call = as_root(authorize_upgrade(code_hash));
		let (hash, index) = propose(Alice, 3, call.clone());
		for who in [Alice, Bob] {
			assert_ok!(ConsortiumCollective::vote(signed(who), hash, index, true));
		}
		System::set_block_number(1 + loanchain_runtime::configs::MotionDuration::get());
		assert_ok!(close(hash, index, &call));
		assert_eq!(executed_results().len(), 1, "the motion must not execute");
		assert_eq!(authorized_code_hash(), None);
	});
}

#[test]
fn a_majority_passes_a_motion_in_local_testnet() {
	preset_ext("local_testnet").execute_with(|| {
		let code_hash = H256::repeat_byte(3);
		let call = as_root(authorize_upgrade(code_hash));
		let (hash, index) = propose(Alice, 3, call.clone());
		for who in [Alice, Bob, Charlie] {
			assert_ok!(ConsortiumCollective::vote(signed(who), hash, index, true));
		}
		assert_ok!(close(hash, index, &call));
		assert_eq!(executed_results(), vec![Ok(())]);
		assert_eq!(authorized_code_hash(), Some(code_hash));
	});
}

#[test]
fn membership_changes_only_through_the_consortium() {
	preset_ext("local_testnet").execute_with(|| {
		let eve: AccountId = Eve.to_account_id();
		assert_noop!(
			loanchain_runtime::ConsortiumMembership::add_member(signed(Alice), eve.clone().into()),
			DispatchError::BadOrigin
		);
		let call = RuntimeCall::ConsortiumMembership(pallet_membership::Call::add_member {
			who: eve.clone().into(),
		});
		let (hash, index) = propose(Bob, 3, call.clone());
		for who in [Alice, Bob, Dave] {
			assert_ok!(ConsortiumCollective::vote(signed(who), hash, index, true));
		}
		assert_ok!(close(hash, index, &call));
		assert!(pallet_collective::Members::<Runtime, ConsortiumInstance>::get().contains(&eve));
	});
}
