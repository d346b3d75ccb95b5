//! The lender ring on the client side (`docs/privacy.md`, section 1): a lender's member secret
//! and key, registering the key, reading its ring, checking the chain's commitment against the
//! ring's keys, and making and checking ring proofs.
//!
//! The cryptography is the `verifiable` crate's Bandersnatch ring VRF (GPL-3.0-or-later WITH
//! Classpath-exception-2.0); the chain checks proofs with the same crate. A proof is made
//! against a ring's keys in the chain's order; the chain keeps the commitment of each of a
//! ring's last revisions, and a proof names the one it was made against.
//!
//! ```
//! use loanchain_client::ring::{self, MemberSecret};
//!
//! // Three lenders' keys, in ring order.
//! let lenders: Vec<MemberSecret> = (1..=3u8).map(|n| MemberSecret::from_seed([n; 32])).collect();
//! let keys: Vec<[u8; 32]> = lenders.iter().map(MemberSecret::member_key).collect();
//!
//! // The second proves membership for a context and a message; the alias is its own there.
//! let proof = lenders[1].prove(&keys, b"a context", b"a message")?;
//! assert_eq!(proof.alias, lenders[1].alias(b"a context")?);
//!
//! // Anyone with the ring's commitment checks it and learns only the alias.
//! let commitment = ring::commitment(&keys)?;
//! assert_eq!(ring::verify(&commitment, &proof.bytes, b"a context", b"a message")?, proof.alias);
//! # Ok::<(), loanchain_client::ring::RingError>(())
//! ```

use crate::{
	account::AccountKeypair,
	chain::{Chain, Included},
	error::Error,
	queries::Id,
	runtime::api,
};
use blake2::{
	digest::{consts::U32, generic_array::GenericArray, Digest},
	Blake2b,
};
use subxt::ext::codec::{Decode, Encode};
use verifiable::{
	ring::{
		bandersnatch::{BandersnatchSha512Ell2, BandersnatchVrfVerifiable as Verifier},
		ring_verifier_builder_params, RingDomainSize, StaticChunk,
	},
	GenerateVerifiable,
};
use zeroize::Zeroizing;

/// The domain of every ring on the chain (at most 767 members).
pub const DOMAIN: RingDomainSize = RingDomainSize::Domain12;

/// Derivation context of the member secret from an account's secret.
pub const MEMBER_SEED_CONTEXT: &[u8] = b"loanchain:ring-member:v1";

/// A 32-byte member key.
pub type MemberKey = [u8; 32];

/// What can go wrong with ring cryptography in the client.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RingError {
	/// The key is not in the ring the proof is to be made against.
	#[error("this member key is not in the ring's keys: register it first, or check the ring")]
	NotInRing,
	/// A key of the ring is not a Bandersnatch public key.
	#[error("a key of the ring is not a valid member key")]
	InvalidMember,
	/// The ring has more keys than a ring holds.
	#[error("more keys than a ring holds (767)")]
	TooManyMembers,
	/// The bytes are not a commitment or a proof.
	#[error("malformed {0}")]
	Malformed(&'static str),
	/// The proof does not verify.
	#[error("the proof does not verify for that ring, context and message")]
	InvalidProof,
	/// The chain's commitment is not the commitment of the ring's keys.
	#[error(
		"the chain's commitment of ring {ring} revision {revision} is not the commitment of its \
		 {members} keys: do not trust this node's answer"
	)]
	CommitmentMismatch {
		/// The ring.
		ring: u32,
		/// The revision.
		revision: u32,
		/// How many keys the revision commits to.
		members: u32,
	},
}

/// A lender's member secret: what proves membership of a ring. Keep it like an account's
/// secret; a company's operators share the company's.
pub struct MemberSecret {
	seed: Zeroizing<[u8; 32]>,
	secret: <Verifier as GenerateVerifiable>::Secret,
}

impl MemberSecret {
	/// The member secret of a 32-byte seed.
	pub fn from_seed(seed: [u8; 32]) -> Self {
		let secret = Verifier::new_secret(seed);
		Self { seed: Zeroizing::new(seed), secret }
	}

	/// The member secret derived from an account's secret key bytes: the seed is
	/// blake2b-256(`"loanchain:ring-member:v1"` || `secret_bytes`), so it can always be derived
	/// again and is never another use of the account's key.
	pub fn from_account_secret(secret_bytes: &[u8]) -> Self {
		let mut hasher = Blake2b::<U32>::new();
		hasher.update(MEMBER_SEED_CONTEXT);
		hasher.update(secret_bytes);
		let mut seed = Zeroizing::new([0u8; 32]);
		hasher.finalize_into(GenericArray::from_mut_slice(seed.as_mut_slice()));
		Self::from_seed(*seed)
	}

	/// The seed, to keep or move to another of a company's systems.
	pub fn expose_seed(&self) -> &[u8; 32] {
		&self.seed
	}

	/// The member key the chain knows this secret by.
	pub fn member_key(&self) -> MemberKey {
		Verifier::member_from_secret(&self.secret)
	}

	/// This secret's alias in `context`.
	pub fn alias(&self, context: &[u8]) -> Result<[u8; 32], RingError> {
		Verifier::alias_in_context(&self.secret, context)
			.map_err(|_| RingError::Malformed("context"))
	}

	/// A ring proof for `context` and `message` against the ring of `members` (in the chain's
	/// order, as many as the revision commits to). About half a second.
	pub fn prove(
		&self,
		members: &[MemberKey],
		context: &[u8],
		message: &[u8],
	) -> Result<RingProof, RingError> {
		check_size(members)?;
		let state = Verifier::open(DOMAIN, &self.member_key(), members.iter().copied()).map_err(
			|e| match e {
				verifiable::Error::NotInRing => RingError::NotInRing,
				_ => RingError::InvalidMember,
			},
		)?;
		let (proof, alias) = Verifier::create(state, &self.secret, context, message)
			.map_err(|_| RingError::InvalidMember)?;
		Ok(RingProof { bytes: proof.into_inner(), alias })
	}
}

impl core::fmt::Debug for MemberSecret {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("MemberSecret")
			.field("member_key", &hex::encode(self.member_key()))
			.finish()
	}
}

/// A ring proof and the alias it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RingProof {
	/// The proof's bytes, as the chain takes them.
	pub bytes: Vec<u8>,
	/// The prover's alias in the proof's context.
	pub alias: [u8; 32],
}

fn check_size(members: &[MemberKey]) -> Result<(), RingError> {
	if members.len() > DOMAIN.max_ring_size::<BandersnatchSha512Ell2>() {
		return Err(RingError::TooManyMembers);
	}
	Ok(())
}

/// The commitment (288 bytes) of the ring of `members`, in order: what the chain stores for a
/// revision committing to them.
pub fn commitment(members: &[MemberKey]) -> Result<Vec<u8>, RingError> {
	check_size(members)?;
	let params = ring_verifier_builder_params::<BandersnatchSha512Ell2>(DOMAIN);
	let lookup = |range: core::ops::Range<usize>| {
		params
			.0
			.get(range)
			.map(|points| points.iter().map(|p| StaticChunk(*p)).collect())
			.ok_or(())
	};
	let mut set = Verifier::start_members(DOMAIN);
	Verifier::push_members(&mut set, members.iter().copied(), lookup)
		.map_err(|_| RingError::InvalidMember)?;
	Ok(Verifier::finish_members(set).encode())
}

/// Checks `proof` against a ring's `commitment` for `context` and `message`; the prover's alias.
pub fn verify(
	commitment: &[u8],
	proof: &[u8],
	context: &[u8],
	message: &[u8],
) -> Result<[u8; 32], RingError> {
	let members = <Verifier as GenerateVerifiable>::Members::decode(&mut &commitment[..])
		.map_err(|_| RingError::Malformed("commitment"))?;
	let proof = <Verifier as GenerateVerifiable>::Proof::try_from(proof.to_vec())
		.map_err(|_| RingError::Malformed("proof"))?;
	Verifier::validate(DOMAIN, &proof, &members, context, message).map_err(|e| match e {
		verifiable::Error::DecodeError => RingError::Malformed("proof"),
		_ => RingError::InvalidProof,
	})
}

/// A ring as the chain holds it (`LenderRingApi::ring`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RingInfo {
	/// The ring's number.
	pub ring: u32,
	/// Its member keys in ring order (hex in JSON), including keys that joined after the
	/// latest revision.
	#[serde(serialize_with = "hex_keys")]
	pub members: Vec<MemberKey>,
	/// The latest revision, if any.
	pub revision: Option<u32>,
	/// How many of `members`, from the first, the latest revision commits to.
	pub committed: u32,
	/// The latest revision's commitment (hex in JSON).
	#[serde(serialize_with = "hex_bytes")]
	pub commitment: Vec<u8>,
	/// The revisions the chain still accepts proofs against, oldest first.
	pub revisions: Vec<u32>,
	/// Whether the latest revision has enough members for proofs.
	pub usable: bool,
	/// Whether the ring is being rebuilt after a key left.
	pub rebuilding: bool,
}

fn hex_keys<S: serde::Serializer>(keys: &[MemberKey], s: S) -> Result<S::Ok, S::Error> {
	s.collect_seq(keys.iter().map(|k| format!("0x{}", hex::encode(k))))
}

fn hex_bytes<S: serde::Serializer>(bytes: impl AsRef<[u8]>, s: S) -> Result<S::Ok, S::Error> {
	s.serialize_str(&format!("0x{}", hex::encode(bytes)))
}

impl RingInfo {
	/// The keys the latest revision commits to.
	pub fn committed_members(&self) -> &[MemberKey] {
		&self.members[..(self.committed as usize).min(self.members.len())]
	}

	/// Checks that the chain's commitment is the commitment of the keys it lists, so a proof
	/// made against them verifies on chain (and a node cannot slip in a ring of its choosing).
	pub fn check(&self) -> Result<(), RingError> {
		let Some(revision) = self.revision else { return Ok(()) };
		if commitment(self.committed_members())? != self.commitment {
			return Err(RingError::CommitmentMismatch {
				ring: self.ring,
				revision,
				members: self.committed,
			});
		}
		Ok(())
	}
}

/// Where an identity's member key is (`LenderRingApi::member_of`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MemberInfo {
	/// The identity.
	pub identity: Id,
	/// The member key (hex in JSON).
	#[serde(serialize_with = "hex_bytes")]
	pub key: MemberKey,
	/// The ring it is in.
	pub ring: u32,
	/// Its position in the ring's keys.
	pub position: u32,
}

/// The ring new member keys join now.
pub async fn current_ring(chain: &Chain) -> Result<u32, Error> {
	let at = chain.best_block().await?;
	at.runtime_apis()
		.call(api::runtime_apis().lender_ring_api().current_ring())
		.await
		.map_err(|error| Error::node("calling LenderRingApi.current_ring", error))
}

/// Ring `ring` as the chain holds it; `None` if no key ever joined it.
pub async fn ring(chain: &Chain, ring: u32) -> Result<Option<RingInfo>, Error> {
	let at = chain.best_block().await?;
	let view = at
		.runtime_apis()
		.call(api::runtime_apis().lender_ring_api().ring(ring))
		.await
		.map_err(|error| Error::node("calling LenderRingApi.ring", error))?;
	Ok(view.map(|v| RingInfo {
		ring,
		members: v.members,
		revision: v.revision,
		committed: v.committed,
		commitment: v.commitment,
		revisions: v.revisions,
		usable: v.usable,
		rebuilding: v.rebuilding,
	}))
}

/// Where `identity`'s member key is, if it registered one.
pub async fn member_of(chain: &Chain, identity: Id) -> Result<Option<MemberInfo>, Error> {
	let at = chain.best_block().await?;
	let view = at
		.runtime_apis()
		.call(api::runtime_apis().lender_ring_api().member_of(identity))
		.await
		.map_err(|error| Error::node("calling LenderRingApi.member_of", error))?;
	Ok(view.map(|v| MemberInfo { identity, key: v.key, ring: v.ring, position: v.position }))
}

/// The ring that holds member key `key`, searched from the current ring down (the lender's own
/// key is looked up, not its identity, so the node learns no more than that someone read the
/// rings); `None` if no ring holds it.
pub async fn ring_of_key(chain: &Chain, key: &MemberKey) -> Result<Option<RingInfo>, Error> {
	let current = current_ring(chain).await?;
	for index in (0..=current).rev() {
		if let Some(info) = ring(chain, index).await? {
			if info.members.contains(key) {
				return Ok(Some(info));
			}
		}
	}
	Ok(None)
}

/// A lender (an attested person's account, or a company's account or operator, for the
/// company): register `secret`'s member key for `identity`, holding the key deposit.
pub async fn register_key(
	chain: &Chain,
	account: &AccountKeypair,
	identity: Id,
	secret: &MemberSecret,
) -> Result<Included, Error> {
	let call = api::transactions().lender_ring().register_key(identity, secret.member_key());
	let included = chain.submit(&call, account).await?;
	included
		.event::<api::lender_ring::events::MemberKeyRegistered>("LenderRing.MemberKeyRegistered")?;
	Ok(included)
}

/// A lender: take `identity`'s member key out of its ring (the deposit returns).
pub async fn remove_key(
	chain: &Chain,
	account: &AccountKeypair,
	identity: Id,
) -> Result<Included, Error> {
	let call = api::transactions().lender_ring().remove_key(identity);
	let included = chain.submit(&call, account).await?;
	included.event::<api::lender_ring::events::MemberKeyRemoved>("LenderRing.MemberKeyRemoved")?;
	Ok(included)
}

/// Anyone: take out the member key of `identity`, which no longer has a validly attested
/// account (its deposit returns to its payer).
pub async fn prune_key(
	chain: &Chain,
	account: &AccountKeypair,
	identity: Id,
) -> Result<Included, Error> {
	let call = api::transactions().lender_ring().prune_key(identity);
	let included = chain.submit(&call, account).await?;
	included.event::<api::lender_ring::events::MemberKeyRemoved>("LenderRing.MemberKeyRemoved")?;
	Ok(included)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn ring_of(n: u8) -> (Vec<MemberSecret>, Vec<MemberKey>) {
		let secrets: Vec<_> = (1..=n).map(|i| MemberSecret::from_seed([i; 32])).collect();
		let keys = secrets.iter().map(MemberSecret::member_key).collect();
		(secrets, keys)
	}

	#[test]
	fn a_proof_verifies_against_the_commitment_and_shows_only_the_alias() {
		let (secrets, keys) = ring_of(4);
		let proof = secrets[2].prove(&keys, b"ctx", b"msg").unwrap();
		let commitment = commitment(&keys).unwrap();
		assert_eq!(commitment.len(), 288);
		assert_eq!(verify(&commitment, &proof.bytes, b"ctx", b"msg"), Ok(proof.alias));
		assert_eq!(
			verify(&commitment, &proof.bytes, b"ctx", b"other"),
			Err(RingError::InvalidProof)
		);
		assert_eq!(
			verify(&commitment, &[1, 2], b"ctx", b"msg"),
			Err(RingError::Malformed("proof"))
		);
		// Aliases differ between contexts and between members.
		assert_ne!(secrets[2].alias(b"ctx").unwrap(), secrets[2].alias(b"ctx2").unwrap());
		assert_ne!(secrets[2].alias(b"ctx").unwrap(), secrets[1].alias(b"ctx").unwrap());
	}

	#[test]
	fn a_key_outside_the_ring_cannot_prove() {
		let (_, keys) = ring_of(3);
		let outsider = MemberSecret::from_seed([9; 32]);
		assert_eq!(outsider.prove(&keys, b"ctx", b"msg").unwrap_err(), RingError::NotInRing);
	}

	#[test]
	fn the_member_secret_derives_from_the_account_and_differs_per_account() {
		let a = AccountKeypair::from_suri("//Alice").unwrap();
		let b = AccountKeypair::from_suri("//Bob").unwrap();
		assert_eq!(a.derived_member_secret().member_key(), a.derived_member_secret().member_key());
		assert_ne!(a.derived_member_secret().member_key(), b.derived_member_secret().member_key());
		// Not the account's public key nor its encryption key.
		assert_ne!(a.derived_member_secret().member_key(), a.account_id().0);
		assert_ne!(a.derived_member_secret().member_key(), a.derived_encryption_keypair().public());
	}

	#[test]
	fn a_view_whose_commitment_is_not_its_keys_is_refused() {
		let (_, keys) = ring_of(3);
		let mut info = RingInfo {
			ring: 0,
			members: keys.clone(),
			revision: Some(2),
			committed: 3,
			commitment: commitment(&keys).unwrap(),
			revisions: vec![1, 2],
			usable: true,
			rebuilding: false,
		};
		assert_eq!(info.check(), Ok(()));
		info.commitment = commitment(&keys[..2]).unwrap();
		assert_eq!(
			info.check(),
			Err(RingError::CommitmentMismatch { ring: 0, revision: 2, members: 3 })
		);
	}
}
