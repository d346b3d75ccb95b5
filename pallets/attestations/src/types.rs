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
