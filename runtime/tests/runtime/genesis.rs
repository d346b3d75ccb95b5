//! Every genesis preset builds, and holds what the operator guide says it holds.

use crate::common::{preset_config, preset_ext};
use frame_support::traits::Get;
use loanchain_runtime::{
	configs::ConsortiumInstance,
	genesis_config_presets::{preset_names, CONSORTIUM_PRESET, ENDOWMENT, TEST_SLOT_DURATION},
	AccountId, Aura, Balances, Grandpa, Runtime, SLOT_DURATION,
};
use sp_keyring::Sr25519Keyring::{self, *};

fn accounts(keys: &[Sr25519Keyring]) -> Vec<AccountId> {
	keys.iter().map(|k| k.to_account_id()).collect()
}

/// The consortium's validator set, in the order it was voted.
fn validators() -> Vec<AccountId> {
	pallet_consortium::Validators::<Runtime>::get().into_inner()
}

/// The consortium's members, as `ConsortiumMembership` stores them (sorted).
fn members() -> Vec<AccountId> {
	pallet_membership::Members::<Runtime, pallet_membership::Instance1>::get().into_inner()
}

#[test]
fn every_preset_builds() {
	let names: Vec<String> = preset_names()
		.into_iter()
		.map(|id| String::from_utf8_lossy(id.as_ref()).into())
		.collect();
	assert_eq!(names, ["development", "local_testnet", CONSORTIUM_PRESET]);
	for name in names {
		// Builds the state (panics with the preset's name if it cannot).
		preset_ext(&name).execute_with(|| {});
	}
}

#[test]
fn development_has_alice_as_sole_validator_and_member() {
	preset_ext("development").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 1);
		assert_eq!(Grandpa::grandpa_authorities().len(), 1);
		assert_eq!(validators(), accounts(&[Alice]));
		assert_eq!(pallet_session::Validators::<Runtime>::get(), accounts(&[Alice]));
		assert_eq!(members(), accounts(&[Alice]));
		assert_eq!(
			pallet_collective::Members::<Runtime, ConsortiumInstance>::get(),
			accounts(&[Alice])
		);
		assert_eq!(Balances::free_balance(Bob.to_account_id()), ENDOWMENT);
	});
}

#[test]
fn local_testnet_has_four_validators_and_members() {
	preset_ext("local_testnet").execute_with(|| {
		assert_eq!(pallet_aura::Authorities::<Runtime>::get().len(), 4);
		assert_eq!(Grandpa::grandpa_authorities().len(), 4);
		let founders = accounts(&[Alice, Bob, Charlie, Dave]);
		assert_eq!(validators(), founders);
		assert_eq!(pallet_session::Validators::<Runtime>::get(), founders);
		let mut expected = accounts(&[Alice, Bob, Charlie, Dave]);
		expected.sort();
		assert_eq!(members(), expected);
	});
}

#[test]
fn consortium_template_is_empty_for_the_operator_to_fill() {
	let config = preset_config(CONSORTIUM_PRESET);
	assert_eq!(config["aura"]["authorities"], serde_json::json!([]));
	assert_eq!(config["grandpa"]["authorities"], serde_json::json!([]));
	assert_eq!(config["consortiumMembership"]["members"], serde_json::json!([]));
	assert_eq!(config["consortium"]["validators"], serde_json::json!([]));
	assert_eq!(config["session"]["keys"], serde_json::json!([]));
	assert_eq!(config["balances"]["balances"], serde_json::json!([]));
	assert!(config.get("sudo").is_none(), "loanchain has no sudo");
}

#[test]
fn test_presets_have_short_blocks_and_the_template_the_production_block_time() {
	for (name, slot) in [
		("development", TEST_SLOT_DURATION),
		("local_testnet", TEST_SLOT_DURATION),
		(CONSORTIUM_PRESET, SLOT_DURATION),
	] {
		preset_ext(name).execute_with(|| {
			assert_eq!(pallet_consortium::SlotDuration::<Runtime>::get(), slot, "{name}");
			// What the node reads through the Aura runtime API, and what timestamps must keep.
			assert_eq!(Aura::slot_duration(), slot, "{name}");
			assert_eq!(
				<Runtime as pallet_timestamp::Config>::MinimumPeriod::get(),
				slot / 2,
				"{name}"
			);
		});
	}
	// The template names none, so an operator's chain spec keeps the production block time.
	assert_eq!(
		preset_config(CONSORTIUM_PRESET)["consortium"]["slotDuration"],
		serde_json::Value::Null
	);
}
