//! A ring proof made natively (the runtime has no prover) for the benchmark of a proof check,
//! and the ring it was made against. `write_benchmark_fixture` in `tests/proofs.rs` makes it.

use alloc::vec::Vec;
use loanchain_primitives::MemberKey;
use verifiable::GenerateVerifiable;

/// How many members the fixture's ring has (at least the runtime's `MinRingSize`). A check's
/// cost does not depend on the number of members.
pub const MEMBERS: u8 = 16;

/// The fixture: the ring's keys in order, and a proof by the first of them.
pub struct Fixture {
	/// The member keys, in ring order.
	pub members: Vec<MemberKey>,
	/// The proof's context.
	pub context: &'static [u8],
	/// The proof's message.
	pub message: &'static [u8],
	/// The proof, by the first member, against the ring of all of `members`.
	pub proof: &'static [u8],
}

/// The seed of member `n` of the fixture's ring.
pub fn seed(n: u8) -> [u8; 32] {
	let mut seed = [0xB0; 32];
	seed[0] = n;
	seed
}

/// The fixture.
pub fn fixture() -> Fixture {
	Fixture {
		members: (0..MEMBERS)
			.map(|n| crate::Verifier::member_from_secret(&crate::Verifier::new_secret(seed(n))))
			.collect(),
		context: b"loanchain:benchmark:context",
		message: b"loanchain:benchmark:message",
		proof: include_bytes!("data/benchmark-proof.bin"),
	}
}
