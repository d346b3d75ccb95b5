//! The offchain side of the allowed-node list: which peers this node may sync with.

use crate::{parse_peer_id, AllowedNodes, Config, NodeConnections, Pallet, PeerId};
use alloc::{collections::BTreeSet, vec::Vec};
use codec::DecodeAll;

impl<T: Config> Pallet<T> {
	/// Hands the node's network layer the peers it may sync with and makes it refuse every other
	/// peer. Does nothing while [`AllowedNodes`] is empty (the gate is off) or when the node's own
	/// peer id is unknown (no network).
	pub(crate) fn authorize_local_node() {
		if AllowedNodes::<T>::count() == 0 {
			return;
		}
		let Ok(state) = sp_io::offchain::network_state() else { return };
		let Some(local) = Self::decode_local_peer_id(&state.peer_id.0) else {
			log::warn!(target: "runtime::consortium", "unreadable local peer id; node gate not applied");
			return;
		};
		let peers = Self::authorized_peers_for(&local)
			.into_iter()
			.map(|peer| sp_core::OpaquePeerId::new(peer.into_inner()))
			.collect();
		sp_io::offchain::set_authorized_nodes(peers, true);
	}

	/// The peers the node `local` may sync with: for an allowed node, every other allowed node
	/// and the extra connections its owner listed; for any other node, the allowed nodes whose
	/// owners listed it. Reads at most [`Config::MaxAllowedNodes`] entries of each map.
	pub fn authorized_peers_for(local: &PeerId) -> BTreeSet<PeerId> {
		if AllowedNodes::<T>::contains_key(local) {
			AllowedNodes::<T>::iter_keys()
				.chain(NodeConnections::<T>::get(local))
				.filter(|peer| peer != local)
				.collect()
		} else {
			NodeConnections::<T>::iter()
				.filter(|(_, connections)| connections.contains(local))
				.map(|(node, _)| node)
				.collect()
		}
	}

	/// The node's peer id from the host's network state, which carries it SCALE-encoded (a
	/// length-prefixed byte vector); raw multihash bytes are accepted as well.
	pub(crate) fn decode_local_peer_id(opaque: &[u8]) -> Option<PeerId> {
		Vec::<u8>::decode_all(&mut &opaque[..])
			.ok()
			.and_then(|bytes| parse_peer_id(&bytes))
			.or_else(|| parse_peer_id(opaque))
	}
}
