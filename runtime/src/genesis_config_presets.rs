//! Genesis presets of the runtime. The node's chain specs only name these.
//!
//! - `development`: one validator and sole consortium member, Alice (a motion passes with her
//!   single vote); well-known dev accounts are endowed.
//! - `local_testnet`: four validators and consortium members, Alice, Bob, Charlie and Dave.
//! - `consortium`: the production template. Validators, members and endowments are empty; an
//!   operator fills them in before launch (see `docs/operator-guide.md`).

use crate::{
	AccountId, BalancesConfig, ConsortiumConfig, ConsortiumMembershipConfig, RuntimeGenesisConfig,
	SessionConfig, SessionKeys, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Name of the production template preset.
pub const CONSORTIUM_PRESET: &str = "consortium";

/// Balance given to every endowed account of the test presets.
pub const ENDOWMENT: u128 = 1_000_000 * UNIT;

/// A founding validator: its account and its session keys (Aura and GRANDPA).
type Validator = (AccountId, AuraId, GrandpaId);

/// Builds a genesis patch from validators, consortium members and endowed accounts. The
/// validators are the consortium's validator set (`consortium.validators`) with their session
/// keys (`session.keys`); Aura and GRANDPA take their authorities from the session at genesis,
/// so their own genesis lists stay empty.
fn genesis(validators: Vec<Validator>, members: Vec<AccountId>, endowed: Vec<AccountId>) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|account| (account, ENDOWMENT)).collect::<Vec<_>>(),
		},
		consortium_membership: ConsortiumMembershipConfig {
			members: members.try_into().unwrap_or_default(),
		},
		consortium: ConsortiumConfig {
			validators: validators.iter().map(|v| v.0.clone()).collect::<Vec<_>>(),
		},
		session: SessionConfig {
			keys: validators
				.into_iter()
				.map(|(account, aura, grandpa)| {
					(account.clone(), account, SessionKeys { aura, grandpa })
				})
				.collect::<Vec<_>>(),
		},
	})
}

/// The account and keys a dev validator derives from its well-known seed (`//Alice`, ...).
fn dev_validator(sr: Sr25519Keyring, ed: Ed25519Keyring) -> Validator {
	(sr.to_account_id(), sr.public().into(), ed.public().into())
}

/// The well-known development accounts (Alice to Ferdie).
fn dev_accounts() -> Vec<AccountId> {
	[
		Sr25519Keyring::Alice,
		Sr25519Keyring::Bob,
		Sr25519Keyring::Charlie,
		Sr25519Keyring::Dave,
		Sr25519Keyring::Eve,
		Sr25519Keyring::Ferdie,
	]
	.iter()
	.map(|k| k.to_account_id())
	.collect()
}

/// One validator and sole consortium member: Alice.
pub fn development_genesis() -> Value {
	genesis(
		vec![dev_validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		vec![Sr25519Keyring::Alice.to_account_id()],
		dev_accounts(),
	)
}

/// Four validators and consortium members: Alice, Bob, Charlie and Dave.
pub fn local_testnet_genesis() -> Value {
	let founders = [
		(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	];
	genesis(
		founders.iter().map(|(sr, ed)| dev_validator(*sr, *ed)).collect(),
		founders.iter().map(|(sr, _)| sr.to_account_id()).collect(),
		dev_accounts(),
	)
}

/// The production template: nothing filled in. The operator adds the founding validators'
/// session keys, the founding members and their endowments to the generated chain spec.
pub fn consortium_genesis() -> Value {
	genesis(vec![], vec![], vec![])
}

/// The JSON patch of the preset `id`, if the runtime has one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		CONSORTIUM_PRESET => consortium_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(alloc::string::String::into_bytes)
}

/// The presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(CONSORTIUM_PRESET),
	]
}
