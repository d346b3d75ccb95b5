//! A ring proof made natively (the runtime has no prover) for the benchmark of a proof check,
//! and the ring it was made against. `write_benchmark_fixture` in `tests/proofs.rs` makes it.
//! Other pallets' benchmarks (the loans pallet's alias confirmation) set the same ring up with
//! [`register_fixture_ring`] and bring proofs of their own, made by [`seed`]`(0)`.

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

/// Registers the fixture's members, each for a new attested and funded identity, and returns
/// the ring they joined and its latest revision: the ring proofs by [`seed`]`(0)` hold
/// against.
#[cfg(feature = "runtime-benchmarks")]
pub fn register_fixture_ring<T: crate::Config>() -> Result<
	(loanchain_primitives::RingIndex, loanchain_primitives::RingRevision),
	sp_runtime::DispatchError,
> {
	use frame_support::traits::{
		fungible::{Inspect, Mutate},
		Get,
	};
	use loanchain_primitives::{IdentityProvider, SubjectKind};
	use sp_runtime::traits::Saturating;

	let ring = crate::CurrentRing::<T>::get();
	for (n, key) in fixture().members.into_iter().enumerate() {
		let who: T::AccountId = frame_benchmarking::account("ring-member", n as u32, 0);
		let identity = T::Identities::attest_for_benchmark(&who, SubjectKind::Person)
			.ok_or("no identities to benchmark with")?;
		let amount = T::KeyDeposit::get()
			.saturating_add(T::Currency::minimum_balance())
			.saturating_mul(100u32.into());
		T::Currency::set_balance(&who, amount);
		crate::Pallet::<T>::do_register_key(who, identity, key)?;
	}
	let revision = crate::Rings::<T>::get(ring)
		.and_then(|state| state.revision)
		.ok_or("the fixture's ring has no revision")?;
	Ok((ring, revision))
}
