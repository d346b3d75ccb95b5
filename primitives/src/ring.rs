//! The lender ring: the types of the ring pallet (which keeps the rings of lenders' member keys)
//! and the [`LenderRing`] trait through which other pallets check a ring proof.
//!
//! A ring proof says "the holder of one of the member keys of ring *r* at revision *v* made
//! this, and its alias in this context is *a*", without saying which key. The loans pallet uses
//! it so that a loan's lender is known to be an attested lender, the same one for the whole
//! loan, and nobody learns which (`docs/privacy.md`, section 1).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use scale_info::TypeInfo;

/// A 32-byte Bandersnatch public key (compressed), the member key an identity that may lend
/// registers in a ring.
pub type MemberKey = [u8; 32];

/// The number of a ring, assigned in order as rings fill up.
pub type RingIndex = u32;

/// The revision of a ring's commitment: it grows by one each time the ring's members change.
pub type RingRevision = u32;

/// The VRF output of a member's secret in one context: the same member always has the same alias
/// in the same context, and its aliases in two contexts cannot be linked.
pub type Alias = [u8; 32];

/// Why a ring proof was refused.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum RingProofError {
	/// No ring of that number exists.
	UnknownRing,
	/// The ring has no commitment of that revision (never, or it is too old and was dropped).
	UnknownRevision,
	/// The ring has fewer members than the chain requires before its proofs are accepted.
	RingTooSmall,
	/// The bytes are not a ring proof.
	MalformedProof,
	/// The proof does not verify for that ring, context and message.
	InvalidProof,
}

/// What other pallets may ask of the lender ring. Implemented by the ring pallet and wired in the
/// runtime; the unit `()` implementation knows no rings (for tests of other pallets).
pub trait LenderRing {
	/// Check `proof` against ring `ring` at `revision`, for `context` and `message`; the proof's
	/// alias on success.
	fn validate(
		ring: RingIndex,
		revision: RingRevision,
		context: &[u8],
		message: &[u8],
		proof: &[u8],
	) -> Result<Alias, RingProofError>;
}

impl LenderRing for () {
	fn validate(
		_: RingIndex,
		_: RingRevision,
		_: &[u8],
		_: &[u8],
		_: &[u8],
	) -> Result<Alias, RingProofError> {
		Err(RingProofError::UnknownRing)
	}
}

/// A ring as clients see it (the runtime API's answer): what a lender needs to make a proof
/// against the ring's latest commitment, and to check that commitment itself.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct RingView {
	/// The ring's member keys in ring order, including keys that joined after the latest
	/// revision (they count from the next one).
	pub members: alloc::vec::Vec<MemberKey>,
	/// The latest revision, if the ring has one yet.
	pub revision: Option<RingRevision>,
	/// How many of `members`, from the first, the latest revision commits to.
	pub committed: u32,
	/// The latest revision's commitment (288 bytes), empty if there is none.
	pub commitment: alloc::vec::Vec<u8>,
	/// The revisions whose proofs the chain still accepts, oldest first.
	pub revisions: alloc::vec::Vec<RingRevision>,
	/// Whether the latest revision has enough members for its proofs to be accepted.
	pub usable: bool,
	/// Whether the ring is being rebuilt after a member left: its next revision leaves them out.
	pub rebuilding: bool,
}

/// Where an identity's member key is (the runtime API's answer).
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct MemberView {
	/// The member key.
	pub key: MemberKey,
	/// The ring it is in.
	pub ring: RingIndex,
	/// Its position in the ring's member list (what a proof is opened at).
	pub position: u32,
}
