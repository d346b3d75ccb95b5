//! Helpers shared by the runtime's native tests: externalities built from a genesis preset.

use frame_support::genesis_builder_helper::build_state;
use loanchain_runtime::{genesis_config_presets, RuntimeGenesisConfig, System};
use serde_json::Value;
use sp_genesis_builder::PresetId;

/// Merges a genesis patch into a full genesis config, as the chain-spec builder does.
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// The full genesis config JSON of the preset `name`.
pub fn preset_config(name: &str) -> Value {
	let patch = genesis_config_presets::get_preset(&PresetId::from(name))
		.unwrap_or_else(|| panic!("the runtime has no preset named {name}"));
	let patch: Value = serde_json::from_slice(&patch).expect("a preset is valid JSON");
	let mut full = serde_json::to_value(RuntimeGenesisConfig::default())
		.expect("the default config serializes");
	merge(&mut full, patch);
	full
}

/// Externalities holding the genesis state of the preset `name`, at block 1.
pub fn preset_ext(name: &str) -> sp_io::TestExternalities {
	let config = serde_json::to_vec(&preset_config(name)).expect("serializes");
	let mut ext = sp_io::TestExternalities::default();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(config).expect("the preset builds a genesis state");
		System::set_block_number(1);
	});
	ext
}

/// The extensions of a transaction with nonce `nonce` (general transactions have nothing to
/// sign, so theirs is zero), immortal, with no tip and no metadata hash.
pub fn extension(nonce: u32) -> loanchain_runtime::TxExtension {
	(
		frame_system::AuthorizeCall::new(),
		frame_system::CheckNonZeroSender::new(),
		pallet_attestations::CheckPermission::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(sp_runtime::generic::Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(0),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		frame_system::WeightReclaim::new(),
	)
}
