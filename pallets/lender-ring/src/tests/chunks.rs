//! The compiled-in setup chunks are the `verifiable` crate's own.

use crate::types::*;
use codec::Encode;
use verifiable::ring::{bandersnatch::BandersnatchSha512Ell2, ring_verifier_builder_params};

#[test]
fn the_compiled_in_chunks_are_the_crates_builder_params() {
	let params = ring_verifier_builder_params::<BandersnatchSha512Ell2>(DOMAIN);
	let expected = params
		.0
		.iter()
		.take(MAX_RING_SIZE as usize)
		.flat_map(|p| verifiable::ring::StaticChunk::<BandersnatchSha512Ell2>(*p).encode())
		.collect::<Vec<_>>();
	assert_eq!(expected.len(), MAX_RING_SIZE as usize * CHUNK_LEN);
	assert!(CHUNKS == expected.as_slice(), "src/data/domain12-chunks.bin differs from the crate's");
	assert_eq!(DOMAIN.max_ring_size::<BandersnatchSha512Ell2>() as u32, MAX_RING_SIZE);
}

#[test]
fn the_stored_sizes_are_the_crates() {
	use verifiable::GenerateVerifiable;
	let set = Verifier::start_members(DOMAIN);
	assert_eq!(set.encode().len() as u32, MEMBERS_SET_LEN);
	assert_eq!(Verifier::finish_members(set).encode().len() as u32, COMMITMENT_LEN);
}
