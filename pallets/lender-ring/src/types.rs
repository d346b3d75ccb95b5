//! The stored types of the lender ring, and the ring VRF types of the `verifiable` crate this
//! pallet uses.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use frame_support::{traits::ConstU32, BoundedVec};
use loanchain_primitives::{MemberKey, RingIndex, RingRevision};
use scale_info::TypeInfo;
use verifiable::{
	ring::{bandersnatch::BandersnatchVrfVerifiable, RingDomainSize},
	GenerateVerifiable,
};

/// The ring VRF: Bandersnatch on BLS12-381 KZG commitments.
pub type Verifier = BandersnatchVrfVerifiable;
/// A ring's commitment under construction (the crate's `MembersSet`).
pub type MembersSet = <Verifier as GenerateVerifiable>::Intermediate;
/// A ring's finished commitment (the crate's `MembersCommitment`).
pub type MembersCommitment = <Verifier as GenerateVerifiable>::Members;
/// A ring proof.
pub type Proof = <Verifier as GenerateVerifiable>::Proof;
/// One static chunk of the ring builder's setup.
pub type StaticChunk = <Verifier as GenerateVerifiable>::StaticChunk;

/// The domain of every ring: 2^12, at most [`MAX_RING_SIZE`] members. A larger domain costs the
/// prover seconds (`docs/privacy.md`, "Costs").
pub const DOMAIN: RingDomainSize = RingDomainSize::Domain12;
/// The most members a ring of [`DOMAIN`] holds.
pub const MAX_RING_SIZE: u32 = 767;
/// The encoded size of a [`MembersSet`].
pub const MEMBERS_SET_LEN: u32 = 848;
/// The encoded size of a [`MembersCommitment`].
pub const COMMITMENT_LEN: u32 = 288;
/// The encoded size of a [`StaticChunk`].
pub const CHUNK_LEN: usize = 96;

/// The static chunks 0 to 766 of the ring builder's setup for [`DOMAIN`] (767 × 96 bytes), as
/// the `verifiable` crate publishes them (`ring_verifier_builder_params`). They are trusted
/// input: a wrong chunk would let anyone forge membership, so they are compiled in (changed only
/// by a runtime upgrade) and a test checks them against the crate's.
pub const CHUNKS: &[u8] = include_bytes!("data/domain12-chunks.bin");

/// The member keys of one ring, in ring order.
pub type RingKeys = BoundedVec<MemberKey, ConstU32<MAX_RING_SIZE>>;
/// The encoding of a [`MembersSet`], as the pallet wrote it.
pub type MembersSetBytes = BoundedVec<u8, ConstU32<MEMBERS_SET_LEN>>;
/// The encoding of a [`MembersCommitment`], as the pallet wrote it.
pub type CommitmentBytes = BoundedVec<u8, ConstU32<COMMITMENT_LEN>>;

/// The member key an identity registered.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct MemberRecord<AccountId, Balance> {
	/// The key.
	pub key: MemberKey,
	/// The ring it joined.
	pub ring: RingIndex,
	/// The account the deposit is held from (the one that registered the key).
	pub depositor: AccountId,
	/// The deposit held, returned when the key is removed.
	pub deposit: Balance,
}

/// Where a ring's commitment is.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct RingState {
	/// The latest revision, `None` until the first commitment; its [`RingRoot`] says how many
	/// of the ring's keys, from the first, it commits to.
	pub revision: Option<RingRevision>,
	/// The commitment under construction of the latest revision (when no rebuild is pending, it
	/// commits to the whole key list).
	pub set: MembersSetBytes,
	/// A pending rebuild, after a member left.
	pub rebuild: Option<Rebuild>,
}

/// A ring's commitment being rebuilt without the keys that left.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Rebuild {
	/// The positions (in the ring's current key list) of the keys that left, ascending.
	pub removed: BoundedVec<u32, ConstU32<MAX_RING_SIZE>>,
	/// How many keys of the current list the rebuild has passed.
	pub next: u32,
	/// The commitment under construction, of the kept keys before `next`.
	pub set: MembersSetBytes,
}

/// One revision of a ring's commitment.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct RingRoot<BlockNumber> {
	/// The commitment (288 bytes), what proofs of this revision are checked against.
	pub commitment: CommitmentBytes,
	/// How many keys it commits to.
	pub members: u32,
	/// The block it was made in.
	pub at: BlockNumber,
}
