//! Runtime API of `pallet-lender-ring`: the rings of lenders' member keys. A lender's client
//! reads its ring here (the member keys in ring order and the latest commitment) to make a ring
//! proof, and checks the chain's commitment against the keys before it trusts it. The runtime
//! implements it with the pallet's query helpers (`LenderRing::current_ring`, `ring_view`,
//! `member_view`).

#![cfg_attr(not(feature = "std"), no_std)]

pub use loanchain_primitives::{IdentityId, MemberView, RingIndex, RingView};

sp_api::decl_runtime_apis! {
	/// Ring queries for lenders' clients.
	pub trait LenderRingApi {
		/// The ring new member keys join now.
		fn current_ring() -> RingIndex;

		/// Ring `ring`: its member keys in ring order, its latest revision and commitment, the
		/// revisions still accepted; `None` if no key ever joined it.
		fn ring(ring: RingIndex) -> Option<RingView>;

		/// Where `identity`'s member key is, if it registered one.
		fn member_of(identity: IdentityId) -> Option<MemberView>;
	}
}
