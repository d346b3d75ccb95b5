//! The built-in chains. Genesis lives in the runtime's presets; these only name them.

use loanchain_runtime::{genesis_config_presets::CONSORTIUM_PRESET, WASM_BINARY};
use sc_service::{ChainType, Properties};

/// The chain specification type of loanchain.
pub type ChainSpec = sc_service::GenericChainSpec;

/// Token properties shown by wallets (Polkadot.js reads them from `system_properties`).
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), loanchain_runtime::TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), loanchain_runtime::TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), loanchain_runtime::SS58_PREFIX.into());
	properties
}

fn spec(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or_else(|| {
		"the runtime's wasm binary is missing: build without SKIP_WASM_BUILD".to_string()
	})?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("loanchain")
		.with_chain_type(chain_type)
		.with_properties(properties())
		.with_genesis_config_preset_name(preset)
		.build())
}

/// Single-validator development chain (`--dev`).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	spec(
		"loanchain development",
		"loanchain_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// Four validators on one machine (`--chain local`).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	spec(
		"loanchain local testnet",
		"loanchain_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// The production template, for an operator to fill in (`--chain consortium`).
pub fn consortium_chain_spec() -> Result<ChainSpec, String> {
	spec("loanchain consortium", "loanchain", ChainType::Live, CONSORTIUM_PRESET)
}
