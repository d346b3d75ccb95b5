//! Identity types shared by the attestations pallet (which owns identities) and the pallets that
//! ask about them (loans, disclosure), plus the [`IdentityProvider`] trait that connects them.
//!
//! An identity is one verified person or company. On chain it is only a number
//! ([`IdentityId`]), a commitment (a keyed hash of the national ID or company registration
//! number, computed off chain by the attestor) and a [`SubjectKind`]; no personal data.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use scale_info::TypeInfo;

/// The compact number of one identity (one verified person or company), assigned in order by the
/// attestations pallet when a commitment is attested for the first time.
pub type IdentityId = u64;

/// What kind of subject an identity is.
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
pub enum SubjectKind {
	/// A natural person (commitment to a national ID number).
	Person,
	/// A company (commitment to a company registration number).
	Company,
}

/// How thoroughly the attestor verified the subject, after the eIDAS assurance levels. Ordered:
/// `Low < Substantial < High`, so a pallet can require a minimum level.
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
	PartialOrd,
	Ord,
	Debug,
)]
pub enum AssuranceLevel {
	/// Self-declared data checked against a document copy.
	Low,
	/// Identity document checked by the attestor (remote or in person).
	Substantial,
	/// Identity document checked in person, or a qualified electronic identity.
	High,
}

/// The state of an account's attestation at the current block.
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
pub enum AttestationStatus {
	/// The account was never attested.
	None,
	/// Attested, not revoked and not past its expiry: the account may act.
	Valid,
	/// Attested, but the expiry block has been reached.
	Expired,
	/// Attested, then revoked by its attestor or the consortium.
	Revoked,
}

/// What other pallets may ask about identities. Implemented by the attestations pallet and wired
/// in the runtime; the unit `()` implementation knows no identities (for tests of other pallets).
pub trait IdentityProvider<AccountId> {
	/// The identity the account belongs to, whatever the state of its attestation (a revoked or
	/// expired account keeps its identity, so its history follows it).
	fn identity_of(account: &AccountId) -> Option<IdentityId>;

	/// The state of the account's attestation now.
	fn status_of(account: &AccountId) -> AttestationStatus;

	/// Whether the identity is a person or a company; `None` if it does not exist.
	fn kind_of(identity: IdentityId) -> Option<SubjectKind>;

	/// Whether the account's attestation is valid now (shorthand for
	/// `status_of(account) == AttestationStatus::Valid`).
	fn is_valid(account: &AccountId) -> bool {
		Self::status_of(account) == AttestationStatus::Valid
	}

	/// Whether at least one account of the identity has a valid attestation now (for example, to
	/// check that a company whose operator acts is still verified).
	fn is_identity_valid(identity: IdentityId) -> bool;

	/// The company identity the account is an authorised operator of, if any.
	fn company_of_operator(account: &AccountId) -> Option<IdentityId>;

	/// Whether `account` acts for `identity` now: its own identity with a valid attestation, or
	/// an operator of that company while the company is validly attested.
	fn acts_for(account: &AccountId, identity: IdentityId) -> bool {
		if Self::identity_of(account) == Some(identity) {
			return Self::is_valid(account);
		}
		Self::company_of_operator(account) == Some(identity) && Self::is_identity_valid(identity)
	}

	/// Benchmarks of other pallets: make `account` a validly attested subject of `kind` (a new
	/// identity) and return its identity.
	#[cfg(feature = "runtime-benchmarks")]
	fn attest_for_benchmark(account: &AccountId, kind: SubjectKind) -> Option<IdentityId>;
}

impl<AccountId> IdentityProvider<AccountId> for () {
	fn identity_of(_: &AccountId) -> Option<IdentityId> {
		None
	}

	fn status_of(_: &AccountId) -> AttestationStatus {
		AttestationStatus::None
	}

	fn kind_of(_: IdentityId) -> Option<SubjectKind> {
		None
	}

	fn is_identity_valid(_: IdentityId) -> bool {
		false
	}

	fn company_of_operator(_: &AccountId) -> Option<IdentityId> {
		None
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn attest_for_benchmark(_: &AccountId, _: SubjectKind) -> Option<IdentityId> {
		None
	}
}

/// Where other pallets (the disclosure pallet) find the X25519 public key an account registered
/// for sealing loan terms to it. Implemented in the runtime with the attestations pallet's
/// encryption keys; the unit `()` implementation knows no keys.
pub trait EncryptionKeyProvider<AccountId> {
	/// The X25519 public key `account` registered, whatever the state of its attestation.
	fn encryption_key(account: &AccountId) -> Option<[u8; 32]>;

	/// Benchmarks of other pallets: register `key` as `account`'s encryption key.
	#[cfg(feature = "runtime-benchmarks")]
	fn set_encryption_key_for_benchmark(account: &AccountId, key: [u8; 32]);
}

impl<AccountId> EncryptionKeyProvider<AccountId> for () {
	fn encryption_key(_: &AccountId) -> Option<[u8; 32]> {
		None
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn set_encryption_key_for_benchmark(_: &AccountId, _: [u8; 32]) {}
}
