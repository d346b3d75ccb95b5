//! Types of the allowed-node list and of the scheduled `Root` calls.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use frame_support::{
	pallet_prelude::ConstU32, traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound,
	PartialEqNoBound,
};
use scale_info::TypeInfo;

/// Longest peer id the pallet accepts, in bytes. A libp2p peer id is a multihash: an ed25519
/// node key gives 38 bytes (the key inlined), other key types a 34-byte sha2-256 digest.
pub const MAX_PEER_ID_LEN: u32 = 64;

/// A node's libp2p peer id as raw multihash bytes (the base58 text `12D3KooW…` that
/// `loanchain-node key inspect-node-key` prints, decoded).
pub type PeerId = BoundedVec<u8, ConstU32<MAX_PEER_ID_LEN>>;

/// Multihash code of the identity hash (the public key is inlined in the peer id).
const IDENTITY: u8 = 0x00;
/// Multihash code of sha2-256.
const SHA2_256: u8 = 0x12;

/// Parses `bytes` as a peer id: a multihash (identity or sha2-256) whose length byte matches
/// the digest that follows, at most [`MAX_PEER_ID_LEN`] bytes. `None` for anything else, such as
/// the base58 text of a peer id or a truncated one.
pub fn parse_peer_id(bytes: &[u8]) -> Option<PeerId> {
	let [code, len, digest @ ..] = bytes else { return None };
	let well_formed = match *code {
		IDENTITY => usize::from(*len) == digest.len() && !digest.is_empty(),
		SHA2_256 => *len == 32 && digest.len() == 32,
		_ => false,
	};
	if !well_formed {
		return None;
	}
	PeerId::try_from(bytes.to_vec()).ok()
}

/// An auditor's X25519 public key, which sealed lender records are sealed to.
pub type AuditorKey = [u8; 32];

/// A call the consortium scheduled to run as `Root` ([`crate::Pallet::schedule_as_root`]),
/// waiting for its enactment delay to pass.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxLen))]
pub struct ScheduledRootCall<BlockNumber, MaxLen>
where
	BlockNumber: Clone + PartialEq + Eq + Debug,
	MaxLen: Get<u32>,
{
	/// The call's SCALE encoding, as the motion carried it.
	pub call: BoundedVec<u8, MaxLen>,
	/// The first block from which anyone may enact it.
	pub due: BlockNumber,
}
