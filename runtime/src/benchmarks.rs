//! The pallets whose benchmarks the node's `benchmark pallet` command can run.
//! (`pallet_collective` is not among them: the runtime uses its upstream weights, and its
//! benchmarks set members through `setMembers`, which the runtime closes to every origin.)

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_utility, Utility]
	[pallet_membership, ConsortiumMembership]
	[pallet_consortium, Consortium]
	[pallet_attestations, Attestations]
	[pallet_loans, Loans]
	[pallet_disclosure, Disclosure]
	[pallet_lender_ring, LenderRing]
);
