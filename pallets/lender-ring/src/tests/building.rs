//! Ring commitments: revisions as keys join, the kept revisions, the rebuild after a key left,
//! and the next ring when one is full.

use crate::{building, mock::*, pallet::*, types::*, Event};
use frame_support::assert_ok;
use verifiable::GenerateVerifiable;

/// The commitment of `keys`, made from scratch as a client would.
fn commitment_of(keys: &[loanchain_primitives::MemberKey]) -> Vec<u8> {
	let mut set = Verifier::start_members(DOMAIN);
	Verifier::push_members(&mut set, keys.iter().copied(), building::chunk_lookup).unwrap();
	codec::Encode::encode(&Verifier::finish_members(set))
}

#[test]
fn each_key_that_joins_makes_a_revision_equal_to_a_fresh_build() {
	execute(|| {
		for n in 1..=4 {
			register(n);
		}
		let keys: Vec<_> = (1..=4).map(member).collect();
		let (revision, root) = LenderRing::latest_root(0).unwrap();
		assert_eq!(revision, 3);
		assert_eq!(root.members, 4);
		assert_eq!(root.commitment.to_vec(), commitment_of(&keys));
		// Only the last KEPT revisions are kept.
		let mut kept = Roots::<Test>::iter_key_prefix(0).collect::<Vec<_>>();
		kept.sort();
		assert_eq!(kept, vec![2, 3]);
		// Revision 2 is the ring of the first three keys.
		assert_eq!(
			Roots::<Test>::get(0, 2).unwrap().commitment.to_vec(),
			commitment_of(&keys[..3])
		);
	});
}

#[test]
fn a_rebuild_leaves_the_key_out_and_drops_older_revisions() {
	execute(|| {
		for n in 1..=5 {
			register(n);
		}
		assert_ok!(LenderRing::remove_key(RuntimeOrigin::signed(person(2)), 2));
		// Until the rebuild is done, the latest revision stays (proofs keep working).
		assert_eq!(LenderRing::latest_root(0).unwrap().0, 4);
		// STEP = 2 keys per block: 5 keys take 3 blocks.
		run_to_block(2);
		run_to_block(3);
		assert!(Rings::<Test>::get(0).unwrap().rebuild.is_some());
		run_to_block(4);
		let state = Rings::<Test>::get(0).unwrap();
		assert!(state.rebuild.is_none());
		assert!(RebuildQueue::<Test>::get().is_empty());
		let keys = vec![member(1), member(3), member(4), member(5)];
		assert_eq!(RingMembers::<Test>::get(0).into_inner(), keys);
		let (revision, root) = LenderRing::latest_root(0).unwrap();
		assert_eq!(revision, 5);
		assert_eq!(root.commitment.to_vec(), commitment_of(&keys));
		// The revisions that held the key that left are gone.
		assert_eq!(Roots::<Test>::iter_key_prefix(0).collect::<Vec<_>>(), vec![5]);
		assert_eq!(
			ring_events().last(),
			Some(&Event::RingRevised { ring: 0, revision: 5, members: 4 })
		);
	});
}

#[test]
fn keys_that_join_during_a_rebuild_are_in_its_revision() {
	execute(|| {
		for n in 1..=3 {
			register(n);
		}
		assert_ok!(LenderRing::remove_key(RuntimeOrigin::signed(person(1)), 1));
		run_to_block(2);
		register(4);
		// No revision while the rebuild runs.
		assert_eq!(LenderRing::latest_root(0).unwrap().0, 2);
		assert_eq!(
			ring_events().last(),
			Some(&Event::MemberKeyRegistered { identity: 4, ring: 0 })
		);
		run_to_block(4);
		let keys = vec![member(2), member(3), member(4)];
		assert_eq!(RingMembers::<Test>::get(0).into_inner(), keys);
		assert_eq!(LenderRing::latest_root(0).unwrap().1.commitment.to_vec(), commitment_of(&keys));
	});
}

#[test]
fn a_removal_behind_the_rebuild_restarts_it() {
	execute(|| {
		for n in 1..=6 {
			register(n);
		}
		assert_ok!(LenderRing::remove_key(RuntimeOrigin::signed(person(6)), 6));
		run_to_block(2);
		assert_eq!(Rings::<Test>::get(0).unwrap().rebuild.unwrap().next, 2);
		// Key 1 was already pushed: the rebuild starts over.
		assert_ok!(LenderRing::remove_key(RuntimeOrigin::signed(person(1)), 1));
		let rebuild = Rings::<Test>::get(0).unwrap().rebuild.unwrap();
		assert_eq!((rebuild.next, rebuild.removed.into_inner()), (0, vec![0, 5]));
		run_to_block(5);
		let keys: Vec<_> = (2..=5).map(member).collect();
		assert_eq!(RingMembers::<Test>::get(0).into_inner(), keys);
		assert_eq!(LenderRing::latest_root(0).unwrap().1.commitment.to_vec(), commitment_of(&keys));
	});
}

#[test]
fn a_key_removed_and_registered_again_counts_once() {
	execute(|| {
		for n in 1..=3 {
			register(n);
		}
		assert_ok!(LenderRing::remove_key(RuntimeOrigin::signed(person(1)), 1));
		register(1);
		run_to_block(3);
		let keys = vec![member(2), member(3), member(1)];
		assert_eq!(RingMembers::<Test>::get(0).into_inner(), keys);
		assert_eq!(LenderRing::member_view(1).unwrap().position, 2);
		assert_eq!(LenderRing::latest_root(0).unwrap().1.commitment.to_vec(), commitment_of(&keys));
	});
}

#[test]
fn a_full_ring_sends_new_keys_to_the_next() {
	execute(|| {
		// Ring 0 full of copies of one key: its commitment does not matter for where a key goes.
		let full = RingKeys::truncate_from(vec![member(9); MAX_RING_SIZE as usize]);
		RingMembers::<Test>::insert(0, full);
		register(1);
		assert_eq!(CurrentRing::<Test>::get(), 1);
		assert_eq!(MemberOf::<Test>::get(1).unwrap().ring, 1);
		assert_eq!(RingMembers::<Test>::get(1).into_inner(), vec![member(1)]);
		assert_eq!(LenderRing::ring_view(1).unwrap().committed, 1);
		RingMembers::<Test>::remove(0);
	});
}

#[test]
fn the_view_is_what_a_prover_needs() {
	execute(|| {
		assert!(LenderRing::ring_view(0).is_none());
		for n in 1..=2 {
			register(n);
		}
		let view = LenderRing::ring_view(0).unwrap();
		assert_eq!(view.members, vec![member(1), member(2)]);
		assert_eq!(view.revision, Some(1));
		assert_eq!(view.committed, 2);
		assert_eq!(view.commitment, commitment_of(&[member(1), member(2)]));
		assert_eq!(view.revisions, vec![0, 1]);
		// MIN_RING = 3.
		assert!(!view.usable);
		assert!(!view.rebuilding);
		register(3);
		assert!(LenderRing::ring_view(0).unwrap().usable);
		let me = LenderRing::member_view(2).unwrap();
		assert_eq!((me.key, me.ring, me.position), (member(2), 0, 1));
		assert_eq!(LenderRing::current_ring(), 0);
	});
}
