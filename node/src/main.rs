//! loanchain-node: the node of the loanchain consortium chain.
#![warn(missing_docs)]
// `sc_cli::Error`, the error type every sc-cli command returns, is large by design; boxing it
// here would only fight sc-cli's own signatures.
#![allow(clippy::result_large_err)]

#[cfg(feature = "benchmark-cli")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
