//! `register_key`, `remove_key`, `prune_key`: who may, what is held, what is refused.

use crate::{mock::*, pallet::*, Error, Event, HoldReason};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use loanchain_primitives::AttestationStatus;

fn held(who: &AccountId) -> u64 {
	Balances::balance_on_hold(&HoldReason::KeyDeposit.into(), who)
}

#[test]
fn a_person_registers_its_key_and_pays_the_deposit() {
	execute(|| {
		register(1);
		let record = MemberOf::<Test>::get(1).unwrap();
		assert_eq!(record.key, member(1));
		assert_eq!(record.ring, 0);
		assert_eq!(record.depositor, person(1));
		assert_eq!(held(&person(1)), DEPOSIT);
		assert_eq!(KeyOwner::<Test>::get(member(1)), Some(1));
		assert_eq!(RingMembers::<Test>::get(0).into_inner(), vec![member(1)]);
		assert_eq!(
			ring_events(),
			vec![
				Event::MemberKeyRegistered { identity: 1, ring: 0 },
				Event::RingRevised { ring: 0, revision: 0, members: 1 },
			]
		);
	});
}

#[test]
fn a_company_operator_registers_the_company_key() {
	execute(|| {
		assert_ok!(LenderRing::register_key(RuntimeOrigin::signed(op()), ACME_ID, member(50)));
		assert_eq!(MemberOf::<Test>::get(ACME_ID).unwrap().depositor, op());
		assert_eq!(held(&op()), DEPOSIT);
	});
}

#[test]
fn only_an_account_acting_for_the_identity_registers() {
	execute(|| {
		// Someone else's identity.
		assert_noop!(
			LenderRing::register_key(RuntimeOrigin::signed(person(2)), 1, member(1)),
			Error::<Test>::NotAuthorized
		);
		// No identity at all.
		assert_noop!(
			LenderRing::register_key(RuntimeOrigin::signed(nobody()), 1, member(1)),
			Error::<Test>::NotAuthorized
		);
		// A revoked account.
		set_status(&person(3), AttestationStatus::Revoked);
		assert_noop!(
			LenderRing::register_key(RuntimeOrigin::signed(person(3)), 3, member(3)),
			Error::<Test>::NotAuthorized
		);
		// An operator of a company that is no longer valid.
		set_status(&acme(), AttestationStatus::Expired);
		assert_noop!(
			LenderRing::register_key(RuntimeOrigin::signed(op()), ACME_ID, member(50)),
			Error::<Test>::NotAuthorized
		);
		// Unsigned.
		assert_noop!(
			LenderRing::register_key(RuntimeOrigin::none(), 1, member(1)),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn one_key_per_identity_and_one_identity_per_key() {
	execute(|| {
		register(1);
		assert_noop!(
			LenderRing::register_key(RuntimeOrigin::signed(person(1)), 1, member(2)),
			Error::<Test>::AlreadyRegistered
		);
		assert_noop!(
			LenderRing::register_key(RuntimeOrigin::signed(person(2)), 2, member(1)),
			Error::<Test>::KeyInUse
		);
	});
}

#[test]
fn bytes_that_are_no_key_are_refused() {
	execute(|| {
		assert_noop!(
			LenderRing::register_key(RuntimeOrigin::signed(person(1)), 1, [0xFF; 32]),
			Error::<Test>::InvalidKey
		);
	});
}

#[test]
fn registration_without_funds_for_the_deposit_fails_whole() {
	execute(|| {
		set_identity(&nobody(), 77, loanchain_primitives::SubjectKind::Person);
		assert_noop!(
			LenderRing::register_key(RuntimeOrigin::signed(nobody()), 77, member(77)),
			sp_runtime::TokenError::FundsUnavailable
		);
	});
}

#[test]
fn when_every_ring_is_full_registration_is_refused() {
	execute(|| {
		// The last ring allowed, full (copies of one key: the check comes before any push).
		let full = crate::RingKeys::truncate_from(vec![member(9); crate::MAX_RING_SIZE as usize]);
		RingMembers::<Test>::insert(MAX_RINGS - 1, full);
		CurrentRing::<Test>::put(MAX_RINGS - 1);
		assert_noop!(
			LenderRing::register_key(RuntimeOrigin::signed(person(1)), 1, member(1)),
			Error::<Test>::RingsFull
		);
		RingMembers::<Test>::remove(MAX_RINGS - 1);
		CurrentRing::<Test>::kill();
	});
}

#[test]
fn removal_returns_the_deposit_and_queues_a_rebuild() {
	execute(|| {
		register(1);
		register(2);
		assert_ok!(LenderRing::remove_key(RuntimeOrigin::signed(person(1)), 1));
		assert_eq!(held(&person(1)), 0);
		assert!(MemberOf::<Test>::get(1).is_none());
		assert!(KeyOwner::<Test>::get(member(1)).is_none());
		assert_eq!(RebuildQueue::<Test>::get().into_inner(), vec![0]);
		let rebuild = Rings::<Test>::get(0).unwrap().rebuild.unwrap();
		assert_eq!(rebuild.removed.into_inner(), vec![0]);
		assert_eq!(
			ring_events().last(),
			Some(&Event::MemberKeyRemoved { identity: 1, ring: 0, pruned: false })
		);
		// The key may be registered again (it joins the end of the list).
		register(1);
		assert_eq!(RingMembers::<Test>::get(0).into_inner(), vec![member(1), member(2), member(1)]);
		assert_eq!(LenderRing::member_view(1).unwrap().position, 2);
	});
}

#[test]
fn only_the_identity_removes_its_key() {
	execute(|| {
		register(1);
		assert_noop!(
			LenderRing::remove_key(RuntimeOrigin::signed(person(2)), 1),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			LenderRing::remove_key(RuntimeOrigin::signed(person(2)), 2),
			Error::<Test>::NoKey
		);
	});
}

#[test]
fn anyone_prunes_the_key_of_an_identity_no_longer_attested() {
	execute(|| {
		register(1);
		assert_noop!(
			LenderRing::prune_key(RuntimeOrigin::signed(nobody()), 1),
			Error::<Test>::StillValid
		);
		assert_noop!(
			LenderRing::prune_key(RuntimeOrigin::signed(nobody()), 2),
			Error::<Test>::NoKey
		);
		set_status(&person(1), AttestationStatus::Revoked);
		assert_ok!(LenderRing::prune_key(RuntimeOrigin::signed(nobody()), 1));
		// The deposit goes back to its payer.
		assert_eq!(held(&person(1)), 0);
		assert_eq!(
			ring_events().last(),
			Some(&Event::MemberKeyRemoved { identity: 1, ring: 0, pruned: true })
		);
	});
}
