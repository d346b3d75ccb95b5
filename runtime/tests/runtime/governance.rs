//! The consortium is the only privileged origin: it alone reaches `Root` (runtime upgrades, raw
//! storage, the member list), with one member in `development` and with three quarters of the
//! members elsewhere, and only after the enactment delay, during which more than a quarter can
//! cancel. Abstentions count as nays, and motions hold a deposit.

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

/// The call a consortium motion carries to reach `Root`: it schedules `call`.
fn as_root(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Consortium(pallet_consortium::Call::schedule_as_root { call: Box::new(call) })
}

/// The ids of the `Root` calls scheduled so far (from `RootCallScheduled` events), with their
/// due blocks.
fn scheduled() -> Vec<(u32, u32)> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Consortium(pallet_consortium::Event::RootCallScheduled {
				id,
				due,
				..
			}) => Some((id, due)),
			_ => None,
		})
		.collect()
}

/// The results of the `Root` calls enacted so far.
fn enacted() -> Vec<Result<(), DispatchError>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Consortium(pallet_consortium::Event::DispatchedAsRoot {
				result, ..
			}) => Some(result),
			_ => None,
		})
		.collect()
}

/// Moves to block `due` and enacts the scheduled call `id`.
fn enact_at(id: u32, due: u32) -> sp_runtime::DispatchResult {
	System::set_block_number(due);
	enact(id)
}

/// Enacts the scheduled call `id`, signed by Eve (no member: anyone may enact); the error
/// without its post-dispatch weight.
fn enact(id: u32) -> sp_runtime::DispatchResult {
	let weight = Consortium::scheduled_root_call(id)
		.map(|(call, _)| call.get_dispatch_info().call_weight)
		.unwrap_or_default();
	Consortium::enact_root_call(signed(Eve), id, weight)
		.map(|_| ())
		.map_err(|e| e.error)
}

/// Makes `count` members (the well-known accounts first, then derived ones), as an enacted
/// `Root` call would.
fn set_members(count: usize) -> Vec<AccountId> {
	let members: Vec<AccountId> = (0..count)
		.map(|i| match Sr25519Keyring::iter().nth(i) {
			Some(key) if i < 6 => key.to_account_id(),
			_ => AccountId::from([i as u8; 32]),
		})
		.collect();
	assert_ok!(loanchain_runtime::ConsortiumMembership::reset_members(
		RuntimeOrigin::root(),
		members.clone()
	));
	members
}

/// `ayes[0]` proposes `call` with `threshold`, `ayes` vote aye, Alice closes it and the
/// proposer's deposit is released (as the clients do, in one batch).
fn pass(
	ayes: &[AccountId],
	threshold: u32,
	call: RuntimeCall,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	let length = call.encoded_size() as u32;
	let index = pallet_collective::ProposalCount::<Runtime, ConsortiumInstance>::get();
	let hash = <Runtime as frame_system::Config>::Hashing::hash_of(&call);
	assert_ok!(ConsortiumCollective::propose(
		RuntimeOrigin::signed(ayes[0].clone()),
		threshold,
		Box::new(call.clone()),
		length
	));
	for who in ayes {
		assert_ok!(ConsortiumCollective::vote(
			RuntimeOrigin::signed(who.clone()),
			hash,
			index,
			true
		));
	}
	let closed = close(hash, index, &call);
	assert_ok!(ConsortiumCollective::release_proposal_cost(signed(Alice), hash));
	closed
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
				Consortium::schedule_as_root(
					signed(who),
					Box::new(authorize_upgrade(H256::zero()))
				),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn one_member_schedules_and_anyone_enacts_after_the_delay_in_development() {
	preset_ext("development").execute_with(|| {
		let code_hash = H256::repeat_byte(7);
		// Threshold 1: with one member the motion executes at once, and schedules the call.
		propose(Alice, 1, as_root(authorize_upgrade(code_hash)));
		assert_eq!(executed_results(), vec![Ok(())]);
		let [(id, due)] = scheduled()[..] else { panic!("one scheduled call") };
		assert_eq!(due, System::block_number() + pallet_consortium::RootDelay::<Runtime>::get());
		assert_eq!(authorized_code_hash(), None, "nothing runs before the delay");

		System::set_block_number(due - 1);
		assert_noop!(enact(id), pallet_consortium::Error::<Runtime>::RootCallNotDue);
		assert_ok!(enact_at(id, due));
		assert_eq!(enacted(), vec![Ok(())]);
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
		let [(id, due)] = scheduled()[..] else { panic!("one scheduled call") };
		assert_ok!(enact_at(id, due));
		assert_eq!(enacted(), vec![Ok(())]);
		assert_eq!(
			sp_io::storage::get(sp_core::storage::well_known_keys::CODE).map(|c| c.to_vec()),
			Some(code)
		);
	});
}

#[test]
fn the_presets_choose_the_delay() {
	for preset in ["development", "local_testnet"] {
		preset_ext(preset).execute_with(|| {
			assert_eq!(
				pallet_consortium::RootDelay::<Runtime>::get(),
				loanchain_runtime::genesis_config_presets::TEST_ROOT_DELAY
			);
		});
	}
	preset_ext("consortium").execute_with(|| {
		assert_eq!(
			pallet_consortium::RootDelay::<Runtime>::get(),
			loanchain_runtime::configs::RootDelay::get()
		);
		assert_eq!(loanchain_runtime::configs::RootDelay::get(), 2 * loanchain_runtime::DAYS);
	});
}

#[test]
fn a_bare_majority_cannot_reach_root() {
	preset_ext("local_testnet").execute_with(|| {
		let members = set_members(8);
		let code_hash = H256::repeat_byte(9);
		// Threshold 1 executes at once, but with one of eight members behind it: refused.
		propose(Alice, 1, as_root(authorize_upgrade(code_hash)));
		assert_eq!(executed_results(), vec![Err(DispatchError::BadOrigin)]);

		// Five of eight is a majority, not three quarters: the motion passes, the call refuses.
		assert_ok!(pass(&members[..5], 5, as_root(authorize_upgrade(code_hash))));
		assert_eq!(executed_results()[1], Err(DispatchError::BadOrigin));
		assert!(scheduled().is_empty());

		// Six of eight is three quarters: scheduled.
		assert_ok!(pass(&members[..6], 6, as_root(authorize_upgrade(code_hash))));
		assert_eq!(executed_results()[2], Ok(()));
		assert_eq!(scheduled().len(), 1);
		assert_eq!(authorized_code_hash(), None);
	});
}

#[test]
fn a_blocking_minority_cancels_a_scheduled_call() {
	preset_ext("local_testnet").execute_with(|| {
		let members = set_members(4);
		let key = b"a key the majority wants to rewrite".to_vec();
		let rewrite = RuntimeCall::System(frame_system::Call::set_storage {
			items: vec![(key.clone(), b"rewritten".to_vec())],
		});
		assert_ok!(pass(&members[..3], 3, as_root(rewrite)));
		let [(id, due)] = scheduled()[..] else { panic!("one scheduled call") };
		let cancel = RuntimeCall::Consortium(pallet_consortium::Call::cancel_root_call { id });

		// One of four is not more than a quarter.
		propose(Dave, 1, cancel.clone());
		assert_eq!(executed_results().last(), Some(&Err(DispatchError::BadOrigin)));
		// Two of four is.
		assert_ok!(pass(&[Dave.to_account_id(), Charlie.to_account_id()], 2, cancel));
		assert_eq!(executed_results().last(), Some(&Ok(())));

		System::set_block_number(due);
		assert_noop!(enact(id), pallet_consortium::Error::<Runtime>::UnknownRootCall);
		assert_eq!(sp_io::storage::get(&key), None, "the cancelled call never ran");
	});
}

#[test]
fn members_that_do_not_vote_count_as_nays() {
	preset_ext("local_testnet").execute_with(|| {
		let code_hash = H256::repeat_byte(4);
		// Alice is the prime and votes aye; with a prime default vote the two absent members
		// would follow her and the motion would pass.
		assert_ok!(loanchain_runtime::ConsortiumMembership::set_prime(
			RuntimeOrigin::root(),
			Alice.to_account_id().into()
		));
		let call = as_root(authorize_upgrade(code_hash));
		let (hash, index) = propose(Alice, 3, call.clone());
		for who in [Alice, Bob] {
			assert_ok!(ConsortiumCollective::vote(signed(who), hash, index, true));
		}
		System::set_block_number(1 + loanchain_runtime::configs::MotionDuration::get());
		assert_ok!(close(hash, index, &call));
		assert!(executed_results().is_empty(), "the motion must not execute");
		assert!(scheduled().is_empty());
	});
}

#[test]
fn membership_changes_wait_the_delay() {
	preset_ext("local_testnet").execute_with(|| {
		let eve: AccountId = Eve.to_account_id();
		let members = || pallet_collective::Members::<Runtime, ConsortiumInstance>::get();
		let add_eve = RuntimeCall::ConsortiumMembership(pallet_membership::Call::add_member {
			who: eve.clone().into(),
		});
		assert_noop!(
			loanchain_runtime::ConsortiumMembership::add_member(signed(Alice), eve.clone().into()),
			DispatchError::BadOrigin
		);
		// A motion calling the membership pallet directly (even with three of four ayes) is
		// refused: the member list changes only as Root.
		let founders: Vec<AccountId> =
			[Alice, Bob, Dave].iter().map(|k| k.to_account_id()).collect();
		assert_ok!(pass(&founders, 3, add_eve.clone()));
		assert_eq!(executed_results(), vec![Err(DispatchError::BadOrigin)]);
		assert!(!members().contains(&eve));

		// Scheduled as Root by three quarters, it takes effect once enacted after the delay.
		assert_ok!(pass(&founders, 3, as_root(add_eve)));
		let [(id, due)] = scheduled()[..] else { panic!("one scheduled call") };
		assert!(!members().contains(&eve));
		assert_ok!(enact_at(id, due));
		assert!(members().contains(&eve));
	});
}

#[test]
fn a_motion_holds_a_deposit_until_it_is_released() {
	preset_ext("local_testnet").execute_with(|| {
		use frame_support::traits::fungible::InspectHold;
		let alice: AccountId = Alice.to_account_id();
		let held = || {
			<loanchain_runtime::Balances as InspectHold<AccountId>>::total_balance_on_hold(&alice)
		};
		let base = loanchain_runtime::configs::MotionDepositBase::get();
		let first = as_root(authorize_upgrade(H256::repeat_byte(1)));
		let (hash, index) = propose(Alice, 3, first.clone());
		assert_eq!(held(), base);
		// A second open motion costs twice as much.
		propose(Alice, 3, as_root(authorize_upgrade(H256::repeat_byte(2))));
		assert_eq!(held(), 3 * base);

		for who in [Alice, Bob, Charlie] {
			assert_ok!(ConsortiumCollective::vote(signed(who), hash, index, true));
		}
		assert_ok!(close(hash, index, &first));
		assert_eq!(held(), 3 * base, "closing keeps the deposit until it is released");
		assert_ok!(ConsortiumCollective::release_proposal_cost(signed(Eve), hash));
		assert_eq!(held(), 2 * base);
	});
}

#[test]
fn the_collective_member_setter_is_closed() {
	preset_ext("local_testnet").execute_with(|| {
		assert_noop!(
			ConsortiumCollective::set_members(
				RuntimeOrigin::root(),
				vec![Eve.to_account_id()],
				None,
				4
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn changes_that_could_shut_a_member_out_wait_the_delay() {
	preset_ext("local_testnet").execute_with(|| {
		let founders: Vec<AccountId> =
			[Alice, Bob, Charlie].iter().map(|k| k.to_account_id()).collect();
		let dave: AccountId = Dave.to_account_id();
		let peer = loanchain_runtime::genesis_config_presets::TEST_NODE_PEER_IDS[3].to_vec();
		// A motion calling them directly, even with three of four ayes, is refused: removing a
		// validator or a node, or replacing the auditors' keys, is a Root call.
		for call in [
			pallet_consortium::Call::remove_validator { who: dave.clone() },
			pallet_consortium::Call::disallow_node { node: peer.clone() },
			pallet_consortium::Call::set_auditor_keys { keys: vec![[1; 32]] },
		] {
			assert_ok!(pass(&founders, 3, RuntimeCall::Consortium(call)));
			assert_eq!(executed_results().last(), Some(&Err(DispatchError::BadOrigin)));
		}
		assert!(pallet_consortium::Validators::<Runtime>::get().contains(&dave));
	});
}

#[test]
fn members_cancel_a_scheduled_call_by_objecting() {
	preset_ext("local_testnet").execute_with(|| {
		let founders: Vec<AccountId> =
			[Alice, Bob, Charlie].iter().map(|k| k.to_account_id()).collect();
		let dave: AccountId = Dave.to_account_id();
		let remove_dave = RuntimeCall::Consortium(pallet_consortium::Call::remove_validator {
			who: dave.clone(),
		});
		assert_ok!(pass(&founders, 3, as_root(remove_dave)));
		let [(id, due)] = scheduled()[..] else { panic!("one scheduled call") };
		// No motion and no vote: Dave, then Charlie, object; two of four cancel it.
		assert_noop!(
			Consortium::object_to_root_call(signed(Eve), id),
			pallet_consortium::Error::<Runtime>::NotMember
		);
		assert_ok!(Consortium::object_to_root_call(signed(Dave), id));
		assert!(pallet_consortium::ScheduledRootCalls::<Runtime>::contains_key(id));
		assert_ok!(Consortium::object_to_root_call(signed(Charlie), id));
		assert!(!pallet_consortium::ScheduledRootCalls::<Runtime>::contains_key(id));
		System::set_block_number(due);
		assert_noop!(enact(id), pallet_consortium::Error::<Runtime>::UnknownRootCall);
		assert!(pallet_consortium::Validators::<Runtime>::get().contains(&dave));
	});
}
