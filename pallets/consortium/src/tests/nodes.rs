//! The allowed-node list: genesis, `allow_node`, `disallow_node`, `set_node_connections`, and
//! the peers the offchain worker hands to the network layer.

use crate::{mock::*, parse_peer_id, AllowedNodes, Error, Event, NodeConnections, Pallet, PeerId};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;
use std::collections::BTreeSet;

/// The owner of the genesis nodes in these tests.
const OWNER: u64 = VALIDATOR_1;

fn id(seed: u8) -> PeerId {
	parse_peer_id(&peer(seed)).unwrap()
}

fn allowed() -> BTreeSet<PeerId> {
	AllowedNodes::<Test>::iter_keys().collect()
}

fn with_two_nodes() -> ExtBuilder {
	ExtBuilder::default().nodes(vec![(peer(1), OWNER), (peer(2), VALIDATOR_2)])
}

fn set(seeds: &[u8]) -> BTreeSet<PeerId> {
	seeds.iter().map(|seed| id(*seed)).collect()
}

#[test]
fn parse_peer_id_accepts_multihashes_only() {
	assert!(parse_peer_id(&peer(1)).is_some());
	let mut sha = vec![0x12, 32];
	sha.extend([7u8; 32]);
	assert!(parse_peer_id(&sha).is_some());
	// Empty, truncated, a wrong length byte, an unknown hash code, the base58 text, too long.
	assert!(parse_peer_id(&[]).is_none());
	assert!(parse_peer_id(&peer(1)[..20]).is_none());
	assert!(parse_peer_id(&[0x12, 31, 1, 2]).is_none());
	let mut unknown = peer(1);
	unknown[0] = 0x13;
	assert!(parse_peer_id(&unknown).is_none());
	assert!(parse_peer_id(b"12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp").is_none());
	let mut long = vec![0x00, 70];
	long.extend([1u8; 70]);
	assert!(parse_peer_id(&long).is_none());
}

#[test]
fn genesis_allows_nodes() {
	with_two_nodes().build_and_execute(|| {
		assert_eq!(allowed(), set(&[1, 2]));
		assert_eq!(AllowedNodes::<Test>::get(id(1)), Some(OWNER));
		assert_eq!(AllowedNodes::<Test>::count(), 2);
	});
}

#[test]
#[should_panic(expected = "genesis nodes must be peer ids")]
fn genesis_rejects_an_invalid_peer_id() {
	ExtBuilder::default().nodes(vec![(b"node".to_vec(), OWNER)]).build();
}

#[test]
#[should_panic(expected = "genesis nodes must be distinct")]
fn genesis_rejects_duplicate_nodes() {
	ExtBuilder::default().nodes(vec![(peer(1), OWNER), (peer(1), OWNER)]).build();
}

#[test]
#[should_panic(expected = "genesis nodes must be at most MaxAllowedNodes")]
fn genesis_rejects_too_many_nodes() {
	ExtBuilder::default()
		.nodes((1..=MAX_ALLOWED_NODES as u8 + 1).map(|seed| (peer(seed), OWNER)).collect())
		.build();
}

#[test]
fn allow_node_adds_it_with_its_owner() {
	with_two_nodes().build_and_execute(|| {
		assert_ok!(Consortium::allow_node(RuntimeOrigin::signed(CONSORTIUM), peer(3), CANDIDATE_1));
		assert_eq!(AllowedNodes::<Test>::get(id(3)), Some(CANDIDATE_1));
		assert_eq!(AllowedNodes::<Test>::count(), 3);
		assert_eq!(
			consortium_events(),
			vec![Event::NodeAllowed { node: id(3), owner: CANDIDATE_1 }]
		);
	});
}

#[test]
fn allow_node_errors() {
	with_two_nodes().build_and_execute(|| {
		assert_noop!(
			Consortium::allow_node(RuntimeOrigin::signed(OUTSIDER), peer(3), OUTSIDER),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::allow_node(RuntimeOrigin::signed(CONSORTIUM), b"12D3KooW".to_vec(), OWNER),
			Error::<Test>::InvalidPeerId
		);
		assert_noop!(
			Consortium::allow_node(RuntimeOrigin::signed(CONSORTIUM), peer(1), CANDIDATE_1),
			Error::<Test>::NodeAlreadyAllowed
		);
		assert_ok!(Consortium::allow_node(RuntimeOrigin::signed(CONSORTIUM), peer(3), OWNER));
		assert_noop!(
			Consortium::allow_node(RuntimeOrigin::signed(CONSORTIUM), peer(4), OWNER),
			Error::<Test>::TooManyNodes
		);
	});
}

#[test]
fn disallow_node_removes_it_and_its_connections() {
	with_two_nodes().build_and_execute(|| {
		assert_ok!(Consortium::set_node_connections(
			RuntimeOrigin::signed(OWNER),
			peer(1),
			vec![peer(9)]
		));
		assert_ok!(Consortium::disallow_node(RuntimeOrigin::signed(CONSORTIUM), peer(1)));
		assert_eq!(allowed(), set(&[2]));
		assert_eq!(AllowedNodes::<Test>::count(), 1);
		assert!(!NodeConnections::<Test>::contains_key(id(1)));
		assert_eq!(consortium_events().last(), Some(&Event::NodeDisallowed { node: id(1) }));
	});
}

#[test]
fn disallow_node_errors() {
	with_two_nodes().build_and_execute(|| {
		assert_noop!(
			Consortium::disallow_node(RuntimeOrigin::signed(OWNER), peer(1)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::disallow_node(RuntimeOrigin::signed(CONSORTIUM), vec![0x00]),
			Error::<Test>::InvalidPeerId
		);
		assert_noop!(
			Consortium::disallow_node(RuntimeOrigin::signed(CONSORTIUM), peer(3)),
			Error::<Test>::NodeNotAllowed
		);
		assert_ok!(Consortium::disallow_node(RuntimeOrigin::signed(CONSORTIUM), peer(1)));
		// The last node cannot go: an empty list would switch the gate off.
		assert_noop!(
			Consortium::disallow_node(RuntimeOrigin::signed(CONSORTIUM), peer(2)),
			Error::<Test>::LastAllowedNode
		);
	});
}

#[test]
fn owner_sets_and_clears_connections() {
	with_two_nodes().build_and_execute(|| {
		assert_ok!(Consortium::set_node_connections(
			RuntimeOrigin::signed(OWNER),
			peer(1),
			vec![peer(8), peer(9)]
		));
		assert_eq!(NodeConnections::<Test>::get(id(1)).into_inner(), vec![id(8), id(9)]);
		assert_eq!(
			consortium_events(),
			vec![Event::NodeConnectionsSet {
				node: id(1),
				connections: vec![id(8), id(9)].try_into().unwrap()
			}]
		);
		// Replaced, then removed by an empty list.
		assert_ok!(Consortium::set_node_connections(
			RuntimeOrigin::signed(OWNER),
			peer(1),
			vec![peer(7)]
		));
		assert_eq!(NodeConnections::<Test>::get(id(1)).into_inner(), vec![id(7)]);
		assert_ok!(Consortium::set_node_connections(RuntimeOrigin::signed(OWNER), peer(1), vec![]));
		assert!(!NodeConnections::<Test>::contains_key(id(1)));
	});
}

#[test]
fn set_node_connections_errors() {
	with_two_nodes().build_and_execute(|| {
		assert_noop!(
			Consortium::set_node_connections(RuntimeOrigin::none(), peer(1), vec![]),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::set_node_connections(RuntimeOrigin::signed(OWNER), vec![1, 2], vec![]),
			Error::<Test>::InvalidPeerId
		);
		assert_noop!(
			Consortium::set_node_connections(RuntimeOrigin::signed(OWNER), peer(5), vec![]),
			Error::<Test>::NodeNotAllowed
		);
		// Node 2 belongs to VALIDATOR_2; the consortium itself is not its owner either.
		assert_noop!(
			Consortium::set_node_connections(RuntimeOrigin::signed(OWNER), peer(2), vec![peer(9)]),
			Error::<Test>::NotNodeOwner
		);
		assert_noop!(
			Consortium::set_node_connections(
				RuntimeOrigin::signed(OWNER),
				peer(1),
				vec![peer(7), peer(8), peer(9)]
			),
			Error::<Test>::TooManyConnections
		);
		assert_noop!(
			Consortium::set_node_connections(
				RuntimeOrigin::signed(OWNER),
				peer(1),
				vec![peer(9), b"x".to_vec()]
			),
			Error::<Test>::InvalidPeerId
		);
		assert_noop!(
			Consortium::set_node_connections(
				RuntimeOrigin::signed(OWNER),
				peer(1),
				vec![peer(9), peer(9)]
			),
			Error::<Test>::DuplicateConnection
		);
		assert_noop!(
			Consortium::set_node_connections(RuntimeOrigin::signed(OWNER), peer(1), vec![peer(1)]),
			Error::<Test>::DuplicateConnection
		);
	});
}

#[test]
fn allowed_nodes_sync_with_each_other_and_their_connections() {
	with_two_nodes().build_and_execute(|| {
		assert_ok!(Consortium::allow_node(RuntimeOrigin::signed(CONSORTIUM), peer(3), OWNER));
		assert_ok!(Consortium::set_node_connections(
			RuntimeOrigin::signed(OWNER),
			peer(1),
			vec![peer(9)]
		));
		assert_eq!(Pallet::<Test>::authorized_peers_for(&id(1)), set(&[2, 3, 9]));
		assert_eq!(Pallet::<Test>::authorized_peers_for(&id(2)), set(&[1, 3]));
		// A node that is not allowed: only the allowed nodes whose owners listed it.
		assert_eq!(Pallet::<Test>::authorized_peers_for(&id(9)), set(&[1]));
		assert_eq!(Pallet::<Test>::authorized_peers_for(&id(8)), set(&[]));
		// Once node 3 is gone, the others drop it.
		assert_ok!(Consortium::disallow_node(RuntimeOrigin::signed(CONSORTIUM), peer(3)));
		assert_eq!(Pallet::<Test>::authorized_peers_for(&id(2)), set(&[1]));
	});
}

#[test]
fn local_peer_id_is_read_scale_encoded_or_raw() {
	use codec::Encode;
	// sc-offchain hands the peer id SCALE-encoded (length-prefixed).
	assert_eq!(Pallet::<Test>::decode_local_peer_id(&peer(4).encode()), Some(id(4)));
	assert_eq!(Pallet::<Test>::decode_local_peer_id(&peer(4)), Some(id(4)));
	assert_eq!(Pallet::<Test>::decode_local_peer_id(&[1, 2, 3]), None);
}

#[test]
fn offchain_worker_leaves_the_network_open_without_allowed_nodes() {
	// With no allowed node the worker returns before asking the host for anything; with the
	// test externalities (no offchain extension) any host call would panic.
	ExtBuilder::default().build_and_execute(|| {
		Pallet::<Test>::authorize_local_node();
		assert_eq!(AllowedNodes::<Test>::count(), 0);
	});
}
