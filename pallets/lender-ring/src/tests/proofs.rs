//! Ring proofs: accepted against a kept revision of a usable ring, refused with a named reason
//! otherwise.

use crate::{mock::*, types::*, LenderRing as _};
use frame_support::assert_ok;
use loanchain_primitives::{MemberKey, RingProofError};
use verifiable::GenerateVerifiable;

const CONTEXT: &[u8] = b"loanchain:lender:v1 test context";
const MESSAGE: &[u8] = b"confirm loan 7";

/// A proof by seed `n` against `keys` (the ring's list at some revision).
fn prove(n: u8, keys: &[MemberKey], context: &[u8], message: &[u8]) -> Vec<u8> {
	let state = Verifier::open(DOMAIN, &member(n), keys.iter().copied()).unwrap();
	let (proof, _alias) = Verifier::create(state, &secret(n), context, message).unwrap();
	proof.into_inner()
}

fn validate(revision: u32, message: &[u8], proof: &[u8]) -> Result<[u8; 32], RingProofError> {
	LenderRing::validate(0, revision, CONTEXT, message, proof)
}

#[test]
fn a_member_proves_and_the_alias_is_its_own_in_the_context() {
	execute(|| {
		for n in 1..=4 {
			register(n);
		}
		let keys: Vec<_> = (1..=4).map(member).collect();
		let proof = prove(2, &keys, CONTEXT, MESSAGE);
		let alias = validate(3, MESSAGE, &proof).unwrap();
		assert_eq!(alias, Verifier::alias_in_context(&secret(2), CONTEXT).unwrap());
		// Another member has another alias in the same context.
		let other = validate(3, MESSAGE, &prove(3, &keys, CONTEXT, MESSAGE)).unwrap();
		assert_ne!(alias, other);
	});
}

#[test]
fn a_proof_against_a_kept_older_revision_still_verifies() {
	execute(|| {
		for n in 1..=3 {
			register(n);
		}
		let keys: Vec<_> = (1..=3).map(member).collect();
		let proof = prove(1, &keys, CONTEXT, MESSAGE);
		register(4);
		assert!(validate(2, MESSAGE, &proof).is_ok());
		// Not against the new revision (another ring).
		assert_eq!(validate(3, MESSAGE, &proof), Err(RingProofError::InvalidProof));
		// KEPT = 2: two more keys and revision 2 is dropped.
		register(5);
		assert_eq!(validate(2, MESSAGE, &proof), Err(RingProofError::UnknownRevision));
	});
}

#[test]
fn a_proof_for_another_message_or_context_is_refused() {
	execute(|| {
		for n in 1..=3 {
			register(n);
		}
		let keys: Vec<_> = (1..=3).map(member).collect();
		let proof = prove(1, &keys, CONTEXT, MESSAGE);
		assert_eq!(validate(2, b"confirm loan 8", &proof), Err(RingProofError::InvalidProof));
		assert_eq!(
			LenderRing::validate(0, 2, b"another context", MESSAGE, &proof),
			Err(RingProofError::InvalidProof)
		);
	});
}

#[test]
fn a_non_member_cannot_prove() {
	execute(|| {
		for n in 1..=3 {
			register(n);
		}
		// Seed 9 is in no ring: it proves against a ring that holds it instead of key 3.
		let forged = vec![member(1), member(2), member(9)];
		let proof = prove(9, &forged, CONTEXT, MESSAGE);
		assert_eq!(validate(2, MESSAGE, &proof), Err(RingProofError::InvalidProof));
	});
}

#[test]
fn garbage_unknown_rings_and_small_rings_are_named() {
	execute(|| {
		assert_eq!(validate(0, MESSAGE, &[1, 2, 3]), Err(RingProofError::UnknownRing));
		register(1);
		register(2);
		let keys = vec![member(1), member(2)];
		let proof = prove(1, &keys, CONTEXT, MESSAGE);
		// MIN_RING = 3.
		assert_eq!(validate(1, MESSAGE, &proof), Err(RingProofError::RingTooSmall));
		register(3);
		assert_eq!(validate(9, MESSAGE, &proof), Err(RingProofError::UnknownRevision));
		assert_eq!(validate(2, MESSAGE, &[1, 2, 3]), Err(RingProofError::MalformedProof));
		assert_eq!(validate(2, MESSAGE, &vec![0; 5000]), Err(RingProofError::MalformedProof));
	});
}

#[test]
fn after_a_member_leaves_its_old_proofs_stop_verifying() {
	execute(|| {
		for n in 1..=4 {
			register(n);
		}
		let keys: Vec<_> = (1..=4).map(member).collect();
		let proof = prove(4, &keys, CONTEXT, MESSAGE);
		assert_ok!(LenderRing::remove_key(RuntimeOrigin::signed(person(4)), 4));
		// Still accepted while the rebuild runs (confirmations never wait)...
		assert!(validate(3, MESSAGE, &proof).is_ok());
		run_to_block(3);
		// ...and refused once it is done: the revisions holding key 4 are gone.
		assert_eq!(validate(3, MESSAGE, &proof), Err(RingProofError::UnknownRevision));
		let rest: Vec<_> = (1..=3).map(member).collect();
		assert!(validate(4, MESSAGE, &prove(1, &rest, CONTEXT, MESSAGE)).is_ok());
	});
}

#[test]
fn the_benchmark_fixture_verifies() {
	execute(|| {
		let fixture = crate::benchmark_fixture::fixture();
		for (n, key) in fixture.members.iter().enumerate() {
			let who = person(1);
			let id = 1000 + n as u64;
			set_identity(&who, id, loanchain_primitives::SubjectKind::Person);
			assert_ok!(LenderRing::register_key(RuntimeOrigin::signed(who), id, *key));
		}
		let revision = fixture.members.len() as u32 - 1;
		assert!(LenderRing::validate(0, revision, fixture.context, fixture.message, fixture.proof)
			.is_ok());
	});
}

/// Writes the benchmark fixture: `cargo test -p pallet-lender-ring --release -- --ignored
/// write_benchmark_fixture`.
#[test]
#[ignore]
fn write_benchmark_fixture() {
	let fixture = crate::benchmark_fixture::fixture();
	let members: Vec<_> = (0..fixture.members.len())
		.map(|i| crate::benchmark_fixture::seed(i as u8))
		.collect();
	let secrets: Vec<_> = members.iter().map(|s| Verifier::new_secret(*s)).collect();
	let keys: Vec<_> = secrets.iter().map(Verifier::member_from_secret).collect();
	assert_eq!(keys, fixture.members, "the fixture's keys are the seeds'");
	let state = Verifier::open(DOMAIN, &keys[0], keys.iter().copied()).unwrap();
	let (proof, _) =
		Verifier::create(state, &secrets[0], fixture.context, fixture.message).unwrap();
	std::fs::write(
		concat!(env!("CARGO_MANIFEST_DIR"), "/src/data/benchmark-proof.bin"),
		proof.into_inner(),
	)
	.unwrap();
}
