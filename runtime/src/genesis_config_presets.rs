//! Genesis presets of the runtime. The node's chain specs only name these.
//!
//! - `development`: one validator and sole consortium member, Alice (a motion passes with her
//!   single vote); well-known dev accounts are endowed; 2 s blocks.
//! - `local_testnet`: four validators and consortium members, Alice, Bob, Charlie and Dave, whose
//!   nodes (the well-known test node keys 1 to 4, see [`TEST_NODE_PEER_IDS`]) are the allowed
//!   nodes; 2 s blocks.
//! - `consortium`: the production template. Validators, members and endowments are empty; an
//!   operator fills them in before launch (see `docs/operator-guide.md`). It names no block
//!   time, so the chain has the production one, 6 s.

use crate::{
	AccountId, BalancesConfig, BlockNumber, ConsortiumConfig, ConsortiumMembershipConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, UNIT,
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

/// Block time of the test presets (`development`, `local_testnet`), in milliseconds: short, so
/// that development and tests answer quickly. The `consortium` template keeps the production
/// block time ([`crate::SLOT_DURATION`]).
pub const TEST_SLOT_DURATION: u64 = 2_000;

/// The enactment delay of `Root` calls on the test chains (`development`, `local_testnet`), in
/// blocks: long enough that a scheduled call visibly waits, short enough for tests. The
/// production template waits two days.
pub const TEST_ROOT_DELAY: BlockNumber = 3;

/// A founding validator: its account and its session keys (Aura and GRANDPA).
type Validator = (AccountId, AuraId, GrandpaId);

/// Peer ids (multihash bytes) of the well-known test node keys 1 to 6: the ed25519 node key
/// whose 32 secret bytes are the number `i` big-endian (`printf '%064x' i`), as
/// `scripts/local-network.sh` uses for node `i - 1`. Like `//Alice`, they are public: for test
/// networks only. Base58: `12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp` (1),
/// `12D3KooWHdiAxVd8uMQR1hGWXccidmfCwLqcMpGwR6QcTP6QRMuD` (2),
/// `12D3KooWSCufgHzV4fCwRijfH2k3abrpAJxTKxEvN1FDuRXA2U9x` (3),
/// `12D3KooWSsChzF81YDUKpe9Uk5AHV5oqAaXAcWNSPYgoLauUk4st` (4),
/// `12D3KooWSuTq6MG9gPt7qZqLFKkYrfxMewTZhj9nmRHJkPwzWDG2` (5),
/// `12D3KooWMz5U7fR8mF5DNhZSSyFN8c19kU63xYopzDSNCzoFigYk` (6).
pub const TEST_NODE_PEER_IDS: [[u8; 38]; 6] = [
	[
		0x00, 0x24, 0x08, 0x01, 0x12, 0x20, 0x4c, 0xb5, 0xab, 0xf6, 0xad, 0x79, 0xfb, 0xf5, 0xab,
		0xbc, 0xca, 0xfc, 0xc2, 0x69, 0xd8, 0x5c, 0xd2, 0x65, 0x1e, 0xd4, 0xb8, 0x85, 0xb5, 0x86,
		0x9f, 0x24, 0x1a, 0xed, 0xf0, 0xa5, 0xba, 0x29,
	],
	[
		0x00, 0x24, 0x08, 0x01, 0x12, 0x20, 0x74, 0x22, 0xb9, 0x88, 0x75, 0x98, 0x06, 0x8e, 0x32,
		0xc4, 0x44, 0x8a, 0x94, 0x9a, 0xdb, 0x29, 0x0d, 0x0f, 0x4e, 0x35, 0xb9, 0xe0, 0x1b, 0x0e,
		0xe5, 0xf1, 0xa1, 0xe6, 0x00, 0xfe, 0x26, 0x74,
	],
	[
		0x00, 0x24, 0x08, 0x01, 0x12, 0x20, 0xf3, 0x81, 0x62, 0x6e, 0x41, 0xe7, 0x02, 0x7e, 0xa4,
		0x31, 0xbf, 0xe3, 0x00, 0x9e, 0x94, 0xbd, 0xd2, 0x5a, 0x74, 0x6b, 0xee, 0xc4, 0x68, 0x94,
		0x8d, 0x6c, 0x3c, 0x7c, 0x5d, 0xc9, 0xa5, 0x4b,
	],
	[
		0x00, 0x24, 0x08, 0x01, 0x12, 0x20, 0xfd, 0x50, 0xb8, 0xe3, 0xb1, 0x44, 0xea, 0x24, 0x4f,
		0xbf, 0x77, 0x37, 0xf5, 0x50, 0xbc, 0x8d, 0xd0, 0xc2, 0x65, 0x0b, 0xbc, 0x1a, 0xad, 0xa8,
		0x33, 0xca, 0x17, 0xff, 0x8d, 0xbf, 0x32, 0x9b,
	],
	[
		0x00, 0x24, 0x08, 0x01, 0x12, 0x20, 0xfd, 0xe4, 0xfb, 0xa0, 0x30, 0xad, 0x00, 0x2f, 0x7c,
		0x2f, 0x7d, 0x4c, 0x33, 0x1f, 0x49, 0xd1, 0x3f, 0xb0, 0xec, 0x74, 0x7e, 0xce, 0xeb, 0xec,
		0x63, 0x4f, 0x1f, 0xf4, 0xcb, 0xca, 0x9d, 0xef,
	],
	[
		0x00, 0x24, 0x08, 0x01, 0x12, 0x20, 0xb4, 0xc9, 0x2a, 0xfb, 0x3b, 0xa5, 0x7f, 0x3a, 0xb9,
		0x59, 0xff, 0xe6, 0xd3, 0x19, 0xc9, 0x84, 0x84, 0xa2, 0x15, 0x5a, 0x0f, 0x4c, 0x65, 0xb2,
		0xc3, 0x70, 0x11, 0xff, 0xd1, 0x97, 0xb0, 0x75,
	],
];

/// Builds a genesis patch from validators, consortium members, allowed nodes (peer id bytes and
/// owner), endowed accounts, the block time and the enactment delay of `Root` calls in blocks
/// (`None`: the production ones). The
/// validators are the consortium's validator set (`consortium.validators`) with their session
/// keys (`session.keys`); Aura and GRANDPA take their authorities from the session at genesis,
/// so their own genesis lists stay empty.
fn genesis(
	validators: Vec<Validator>,
	members: Vec<AccountId>,
	nodes: Vec<(Vec<u8>, AccountId)>,
	endowed: Vec<AccountId>,
	slot_duration: Option<u64>,
	root_delay: Option<BlockNumber>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|account| (account, ENDOWMENT)).collect::<Vec<_>>(),
		},
		consortium_membership: ConsortiumMembershipConfig {
			members: members.try_into().unwrap_or_default(),
		},
		consortium: ConsortiumConfig {
			validators: validators.iter().map(|v| v.0.clone()).collect::<Vec<_>>(),
			nodes,
			slot_duration,
			root_delay,
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
		// No allowed nodes: the node gate is off on a development chain.
		vec![],
		dev_accounts(),
		Some(TEST_SLOT_DURATION),
		Some(TEST_ROOT_DELAY),
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
		founders
			.iter()
			.zip(TEST_NODE_PEER_IDS)
			.map(|((sr, _), peer)| (peer.to_vec(), sr.to_account_id()))
			.collect(),
		dev_accounts(),
		Some(TEST_SLOT_DURATION),
		Some(TEST_ROOT_DELAY),
	)
}

/// The production template: nothing filled in. The operator adds the founding validators'
/// session keys, the founding members and their endowments to the generated chain spec.
pub fn consortium_genesis() -> Value {
	genesis(vec![], vec![], vec![], vec![], None, None)
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
