//! The pallets whose benchmarks the node's `benchmark pallet` command can run.

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_utility, Utility]
	[pallet_membership, ConsortiumMembership]
	[pallet_collective, ConsortiumCollective]
	[pallet_consortium, Consortium]
	[pallet_attestations, Attestations]
	[pallet_loans, Loans]
	[pallet_disclosure, Disclosure]
	[pallet_lender_ring, LenderRing]
);
