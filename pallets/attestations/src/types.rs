//! Records stored by the attestations pallet.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use loanchain_primitives::{
	AssuranceLevel, AttestationStatus, Commitment, IdentityId, SubjectKind,
};
use scale_info::TypeInfo;

/// An admitted attestor (KYC provider).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct AttestorInfo<BlockNumber> {
	/// The block in which the consortium admitted the attestor.
	pub admitted_at: BlockNumber,
}

/// One identity: a verified person or company, known on chain only by its commitment.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct IdentityInfo<BlockNumber> {
	/// The keyed hash of the subject's national ID or registration number (see
	/// `docs/attestors.md`); unique across identities.
	pub commitment: Commitment,
	/// Person or company; fixed when the identity is created.
	pub kind: SubjectKind,
	/// The block in which the first attestation created the identity.
	pub created_at: BlockNumber,
}

/// The attestation of one account: which identity it belongs to, who vouched for it, and until
/// when. Never deleted, so the account's link to its identity (and history) stays.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Attestation<AccountId, BlockNumber> {
	/// The identity the account belongs to.
	pub identity: IdentityId,
	/// The attestor that made (or last renewed) the attestation.
	pub attestor: AccountId,
	/// How thoroughly the attestor verified the subject.
	pub level: AssuranceLevel,
	/// The block of the latest attestation.
	pub attested_at: BlockNumber,
	/// The first block at which the attestation is no longer valid.
	pub expires_at: BlockNumber,
	/// The block in which it was revoked, if it was.
	pub revoked_at: Option<BlockNumber>,
	/// Whether the consortium revoked it (itself, or on top of an attestor's revocation). Such a
	/// revocation is final for this account: no attestor can renew the attestation
	/// (`RevokedByConsortium`); the subject can only be attested on a new account, which links
	/// to the same identity.
	pub revoked_by_consortium: bool,
}

impl<AccountId, BlockNumber: PartialOrd> Attestation<AccountId, BlockNumber> {
	/// The status of this attestation at block `now`: revocation wins over expiry.
	pub fn status_at(&self, now: &BlockNumber) -> AttestationStatus {
		if self.revoked_at.is_some() {
			AttestationStatus::Revoked
		} else if *now >= self.expires_at {
			AttestationStatus::Expired
		} else {
			AttestationStatus::Valid
		}
	}
}

/// A company's authorisation of an operator account (one of its API systems).
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct OperatorInfo<AccountId, Balance> {
	/// The company identity the operator acts for.
	pub company: IdentityId,
	/// The company account that authorised the operator and whose deposit is held.
	pub depositor: AccountId,
	/// The amount held from `depositor`, released when the authorisation is withdrawn.
	pub deposit: Balance,
}

/// The X25519 public keys of low order: libsodium's `has_small_order` list
/// (`crypto_scalarmult/curve25519/ref10/x25519_ref10.c`), to be compared with the top bit of the
/// last byte cleared, as X25519 ignores that bit. Every secret key gives the all-zero shared
/// secret with them, so a box sealed to one of them can be opened by anybody.
const LOW_ORDER_X25519: [[u8; 32]; 7] = [
	// 0 (order 4): the all-zero key.
	[0; 32],
	// 1 (order 1).
	[
		0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00,
	],
	// Order 8.
	[
		0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
		0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
		0xb8, 0x00,
	],
	// Order 8.
	[
		0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
		0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
		0x11, 0x57,
	],
	// p - 1 (order 2).
	[
		0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
	// p, another encoding of 0 (order 4).
	[
		0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
	// p + 1, another encoding of 1 (order 1).
	[
		0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x7f,
	],
];

/// Whether `key` may be registered as an X25519 public key: it is none of the low-order points
/// (the all-zero identity among them) in any encoding, the same test libsodium applies before it
/// seals a box.
pub fn is_valid_encryption_key(key: &[u8; 32]) -> bool {
	let mut canonical = *key;
	if let Some(last) = canonical.last_mut() {
		*last &= 0x7f;
	}
	!LOW_ORDER_X25519.contains(&canonical)
}
