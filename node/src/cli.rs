//! Command-line interface of `loanchain-node`.

use sc_cli::RunCmd;

/// The node's command line: run a node (no subcommand) or one of the maintenance subcommands.
#[derive(Debug, clap::Parser)]
#[command(
	about = "loanchain node: a permissioned chain that records loan contracts and their performance.",
	long_about = "Runs a loanchain node, or one of the maintenance subcommands below.\n\n\
		Quick start: `loanchain-node --dev` runs a single-validator development chain (Alice is \
		the validator and the sole consortium member) with JSON-RPC on 127.0.0.1:9944.\n\
		Chains: --chain dev | local | consortium | <path to a chain spec JSON>."
)]
pub struct Cli {
	/// A maintenance subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of a running node.
	#[clap(flatten)]
	pub run: RunCmd,
}

/// Maintenance subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys (validators insert their Aura and
	/// GRANDPA keys with `key insert`).
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (JSON) from a built-in chain (`--chain local`).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks to a file.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks from a file.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain database.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Benchmarks: `benchmark pallet` generates the runtime's weights (needs a node built with
	/// `--features runtime-benchmarks,benchmark-cli`), `benchmark machine` checks a validator's
	/// hardware.
	#[cfg(feature = "benchmark-cli")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Benchmarks are not in this build: build the node with `--features benchmark-cli`
	/// (`scripts/bench-weights.sh` does; the production image has them).
	#[cfg(not(feature = "benchmark-cli"))]
	Benchmark(BenchmarkUnavailable),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),
}

/// What `benchmark ...` parses in a node built without the benchmark commands: anything, so the
/// node can say how to get them instead of "unrecognized subcommand".
#[cfg(not(feature = "benchmark-cli"))]
#[derive(Debug, clap::Args)]
pub struct BenchmarkUnavailable {
	/// The arguments given.
	#[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
	pub args: Vec<String>,
}
