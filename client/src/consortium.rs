//! The consortium's motions: a member proposes a call (admit or remove an attestor or a member,
//! authorise a runtime upgrade), members vote (the proposer too), and anyone closes a motion
//! that has enough votes. A motion with threshold 1 executes at once: with a single member (the
//! development chain) the default threshold is 1.
//!
//! ```no_run
//! use loanchain_client::{consortium::{self, Motion}, AccountKeypair, Chain};
//!
//! # async fn run() -> Result<(), loanchain_client::Error> {
//! let chain = Chain::connect("ws://127.0.0.1:9944").await?;
//! let alice = AccountKeypair::from_suri("//Alice").expect("a dev key");
//! let attestor = AccountKeypair::from_suri("//Bob").expect("a dev key").account_id();
//! let outcome = consortium::propose(&chain, &alice, &Motion::AddAttestor(attestor), None).await?;
//! assert!(outcome.executed, "threshold 1 (one member): the motion executed at once");
//! # Ok(())
//! # }
//! ```

use crate::{
	account::AccountKeypair,
	chain::{describe_module_error, Chain, Included},
	error::{ChainError, Error},
	runtime::api::{
		self,
		runtime_types::{
			frame_system, loanchain_runtime::RuntimeCall, pallet_attestations, pallet_consortium,
			pallet_membership, sp_runtime::DispatchError, sp_weights::weight_v2::Weight,
		},
	},
};
use blake2::{digest::consts::U32, Blake2b, Digest};
use subxt::{
	ext::scale_encode::EncodeAsType,
	utils::{AccountId32, MultiAddress, H256},
	Metadata,
};

/// What a motion asks the consortium to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Motion {
	/// Admit an attestor (KYC provider): `Attestations.add_attestor`.
	AddAttestor(AccountId32),
	/// Remove an attestor: `Attestations.remove_attestor`.
	RemoveAttestor(AccountId32),
	/// Admit a member: `ConsortiumMembership.add_member`.
	AddMember(AccountId32),
	/// Remove a member: `ConsortiumMembership.remove_member`.
	RemoveMember(AccountId32),
	/// Authorise a runtime upgrade to the code with this blake2-256 hash:
	/// `Consortium.dispatch_as_root(System.authorize_upgrade)`. Anyone then applies the code
	/// with [`apply_authorized_upgrade`].
	AuthorizeUpgrade {
		/// The blake2-256 hash of the new runtime's wasm code.
		code_hash: [u8; 32],
	},
	/// Add a validator: `Consortium.add_validator`. It authors and votes on finality from the
	/// session after next, once it has registered its session keys.
	AddValidator(AccountId32),
	/// Remove a validator: `Consortium.remove_validator` (from the session after next).
	RemoveValidator(AccountId32),
	/// Allow a node to take part in block sync: `Consortium.allow_node`. `peer_id` is the
	/// node's libp2p peer id as bytes ([`parse_peer_id`] reads the base58 form); `owner` may
	/// then list its extra connections ([`set_node_connections`]).
	AllowNode {
		/// The node's peer id (multihash bytes).
		peer_id: Vec<u8>,
		/// The member that runs it.
		owner: AccountId32,
	},
	/// Stop allowing a node: `Consortium.disallow_node`.
	DisallowNode {
		/// The node's peer id (multihash bytes).
		peer_id: Vec<u8>,
	},
	/// Set how many blocks a lender has to deliver a paid query before the requester is
	/// refunded (the storage parameter `:QueryDeadline:`, 3 days by default):
	/// `Consortium.dispatch_as_root(System.set_storage)`. Open requests keep their deadline.
	SetQueryDeadline {
		/// The new deadline in blocks (14,400 a day); not zero.
		blocks: u32,
	},
	/// Replace the auditors' X25519 public keys, which the lender record of every alias loan
	/// confirmed from then on is sealed to: `Consortium.set_auditor_keys` (at most 7, distinct;
	/// none names no auditor).
	SetAuditorKeys {
		/// The auditors' public keys.
		keys: Vec<[u8; 32]>,
	},
}

/// The storage key of the paid-query deadline parameter: `twox_128(":QueryDeadline:")`.
pub fn query_deadline_key() -> [u8; 16] {
	sp_crypto_hashing::twox_128(b":QueryDeadline:")
}

impl Motion {
	/// The runtime call the motion carries.
	pub fn call(&self) -> RuntimeCall {
		use pallet_attestations::pallet::Call as Attestations;
		use pallet_membership::pallet::Call as Membership;
		match self {
			Self::AddAttestor(attestor) => {
				RuntimeCall::Attestations(Attestations::add_attestor { attestor: *attestor })
			},
			Self::RemoveAttestor(attestor) => {
				RuntimeCall::Attestations(Attestations::remove_attestor { attestor: *attestor })
			},
			Self::AddMember(who) => RuntimeCall::ConsortiumMembership(Membership::add_member {
				who: MultiAddress::Id(*who),
			}),
			Self::RemoveMember(who) => {
				RuntimeCall::ConsortiumMembership(Membership::remove_member {
					who: MultiAddress::Id(*who),
				})
			},
			Self::AuthorizeUpgrade { code_hash } => {
				RuntimeCall::Consortium(pallet_consortium::pallet::Call::dispatch_as_root {
					call: Box::new(RuntimeCall::System(
						frame_system::pallet::Call::authorize_upgrade {
							code_hash: H256(*code_hash),
						},
					)),
				})
			},
			Self::AddValidator(who) => {
				RuntimeCall::Consortium(pallet_consortium::pallet::Call::add_validator {
					who: *who,
				})
			},
			Self::RemoveValidator(who) => {
				RuntimeCall::Consortium(pallet_consortium::pallet::Call::remove_validator {
					who: *who,
				})
			},
			Self::AllowNode { peer_id, owner } => {
				RuntimeCall::Consortium(pallet_consortium::pallet::Call::allow_node {
					node: peer_id.clone(),
					owner: *owner,
				})
			},
			Self::DisallowNode { peer_id } => {
				RuntimeCall::Consortium(pallet_consortium::pallet::Call::disallow_node {
					node: peer_id.clone(),
				})
			},
			Self::SetAuditorKeys { keys } => {
				RuntimeCall::Consortium(pallet_consortium::pallet::Call::set_auditor_keys {
					keys: keys.clone(),
				})
			},
			Self::SetQueryDeadline { blocks } => {
				RuntimeCall::Consortium(pallet_consortium::pallet::Call::dispatch_as_root {
					call: Box::new(RuntimeCall::System(frame_system::pallet::Call::set_storage {
						items: vec![(query_deadline_key().to_vec(), blocks.to_le_bytes().to_vec())],
					})),
				})
			},
		}
	}
}

/// The bytes of a libp2p peer id written in base58 (`12D3KooW...`, as a node prints it at
/// start and `loanchain-node key inspect-node-key` shows it): a multihash, checked here as the
/// chain checks it (an identity multihash of a public key, or a SHA2-256 one).
pub fn parse_peer_id(text: &str) -> Result<Vec<u8>, Error> {
	let invalid = || {
		Error::Invalid(format!(
			"{text:?} is not a libp2p peer id (base58, like 12D3KooW...; a node prints its own \
			 at start as \"Local node identity is: ...\")"
		))
	};
	let bytes = bs58::decode(text.trim()).into_vec().map_err(|_| invalid())?;
	let well_formed = match bytes.as_slice() {
		[0x00, len, digest @ ..] => usize::from(*len) == digest.len() && !digest.is_empty(),
		[0x12, 32, digest @ ..] => digest.len() == 32,
		_ => false,
	};
	if well_formed {
		Ok(bytes)
	} else {
		Err(invalid())
	}
}

/// The owner of an allowed node: let the nodes with `peers` (peer id bytes) sync with its node
/// `peer_id` besides the allowed nodes, replacing the earlier list (`Consortium.
/// set_node_connections`; at most 16).
pub async fn set_node_connections(
	chain: &Chain,
	owner: &AccountKeypair,
	peer_id: Vec<u8>,
	peers: Vec<Vec<u8>>,
) -> Result<Included, Error> {
	let call = api::transactions().consortium().set_node_connections(peer_id, peers);
	let included = chain.submit(&call, owner).await?;
	included
		.event::<api::consortium::events::NodeConnectionsSet>("Consortium.NodeConnectionsSet")?;
	Ok(included)
}

/// The consortium's validator set, as the next sessions take it.
pub async fn validators(chain: &Chain) -> Result<Vec<AccountId32>, Error> {
	let at = chain.best_block().await?;
	let validators = at
		.storage()
		.fetch(api::storage().consortium().validators(), ())
		.await
		.map_err(|error| Error::node("reading Consortium.Validators", error))?
		.decode()
		.map_err(|error| Error::node("decoding Consortium.Validators", error))?;
	Ok(validators.0)
}

/// The auditors' X25519 public keys the consortium set (`Consortium.AuditorKeys`), in its
/// order; none when it names no auditor.
pub async fn auditor_keys(chain: &Chain) -> Result<Vec<[u8; 32]>, Error> {
	let at = chain.best_block().await?;
	let keys = at
		.storage()
		.fetch(api::storage().consortium().auditor_keys(), ())
		.await
		.map_err(|error| Error::node("reading Consortium.AuditorKeys", error))?
		.decode()
		.map_err(|error| Error::node("decoding Consortium.AuditorKeys", error))?;
	Ok(keys.0)
}

/// The blake2-256 hash of `bytes` (a runtime's code hash, a motion's hash).
pub fn blake2_256(bytes: &[u8]) -> [u8; 32] {
	Blake2b::<U32>::digest(bytes).into()
}

/// The SCALE encoding of `call`, as the chain hashes and measures it.
pub fn encode_call(metadata: &Metadata, call: &RuntimeCall) -> Result<Vec<u8>, Error> {
	call.encode_as_type(metadata.outer_enums().call_enum_ty(), metadata.types())
		.map_err(|error| Error::node("encoding the motion's call", error))
}

/// `Pallet.call` of an encoded runtime call, from the metadata.
pub fn call_name(metadata: &Metadata, encoded_call: &[u8]) -> String {
	let (Some(&pallet_index), Some(&call_index)) = (encoded_call.first(), encoded_call.get(1))
	else {
		return "(empty call)".into();
	};
	match metadata.pallet_by_call_index(pallet_index) {
		Some(pallet) => match pallet.call_variant_by_index(call_index) {
			Some(variant) => format!("{}.{}", pallet.name(), variant.name),
			None => format!("{}.#{call_index}", pallet.name()),
		},
		None => format!("#{pallet_index}.#{call_index}"),
	}
}

/// The [`ChainError`] of a dispatch error carried in an event (a motion's result).
fn describe(metadata: &Metadata, error: &DispatchError) -> ChainError {
	match error {
		DispatchError::Module(module) => {
			describe_module_error(metadata, module.index, module.error[0])
		},
		other => {
			let name = format!("{other:?}");
			let name = name.split(['(', ' ']).next().unwrap_or_default().to_string();
			ChainError { pallet: "System".into(), error: name, docs: String::new() }
		},
	}
}

/// The outcome of a proposal, vote or close.
#[derive(Debug)]
pub struct MotionOutcome {
	/// The motion's hash (blake2-256 of its call), which votes name.
	pub hash: H256,
	/// The motion's index, while it is open.
	pub index: Option<u32>,
	/// Whether the motion passed and its call was executed.
	pub executed: bool,
	/// The ayes and nays so far (after a vote).
	pub tally: Option<(u32, u32)>,
	/// The transaction.
	pub included: Included,
}

/// Checks a motion's `Executed` and `DispatchedAsRoot` events: `Ok(true)` if it was executed
/// and its call succeeded, an [`Error::Chain`] naming the inner error if the call failed.
fn executed(included: &Included, metadata: &Metadata) -> Result<bool, Error> {
	let mut executed = false;
	for event in included.events_of::<api::consortium_collective::events::Executed>()? {
		executed = true;
		if let Err(error) = &event.result {
			return Err(Error::Chain(describe(metadata, error)));
		}
	}
	for event in included.events_of::<api::consortium::events::DispatchedAsRoot>()? {
		if let Err(error) = &event.result {
			return Err(Error::Chain(describe(metadata, error)));
		}
	}
	Ok(executed)
}

/// The number of consortium members.
pub async fn member_count(chain: &Chain) -> Result<u32, Error> {
	Ok(members(chain).await?.len().try_into().unwrap_or(u32::MAX))
}

/// The consortium's members.
pub async fn members(chain: &Chain) -> Result<Vec<AccountId32>, Error> {
	let at = chain.best_block().await?;
	let members = at
		.storage()
		.fetch(api::storage().consortium_collective().members(), ())
		.await
		.map_err(|error| Error::node("reading ConsortiumCollective.Members", error))?
		.decode()
		.map_err(|error| Error::node("decoding ConsortiumCollective.Members", error))?;
	Ok(members)
}

/// Member: propose `motion` to the consortium, passing when `threshold` members vote aye
/// (default: more than half of the members; every member votes, the proposer too, with
/// [`vote`]). With threshold 1 the motion executes at once, without a vote.
pub async fn propose(
	chain: &Chain,
	member: &AccountKeypair,
	motion: &Motion,
	threshold: Option<u32>,
) -> Result<MotionOutcome, Error> {
	let threshold = match threshold {
		Some(threshold) => threshold,
		None => member_count(chain).await? / 2 + 1,
	};
	let metadata = chain.metadata().await?;
	let call = motion.call();
	let encoded = encode_call(&metadata, &call)?;
	let length = u32::try_from(encoded.len()).unwrap_or(u32::MAX);
	let hash = H256(blake2_256(&encoded));
	let propose = api::transactions().consortium_collective().propose(threshold, call, length);
	let included = chain.submit(&propose, member).await?;
	let executed = executed(&included, &metadata)?;
	let index = included
		.events_of::<api::consortium_collective::events::Proposed>()?
		.first()
		.map(|proposed| proposed.proposal_index);
	Ok(MotionOutcome { hash, index, executed, tally: None, included })
}

/// An open motion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenMotion {
	/// The motion's hash.
	pub hash: H256,
	/// Its index.
	pub index: u32,
	/// `Pallet.call` of the call it carries.
	pub call: String,
	/// The ayes it needs.
	pub threshold: u32,
	/// The members that voted aye.
	pub ayes: Vec<AccountId32>,
	/// The members that voted nay.
	pub nays: Vec<AccountId32>,
	/// The block at which voting ends.
	pub end: u32,
}

/// The open motions of the consortium.
pub async fn motions(chain: &Chain) -> Result<Vec<OpenMotion>, Error> {
	let at = chain.best_block().await?;
	let metadata = at.metadata();
	let storage = api::storage().consortium_collective();
	let hashes = at
		.storage()
		.fetch(storage.proposals(), ())
		.await
		.map_err(|error| Error::node("reading ConsortiumCollective.Proposals", error))?
		.decode()
		.map_err(|error| Error::node("decoding ConsortiumCollective.Proposals", error))?;
	let mut open = Vec::new();
	for hash in hashes.0 {
		let Some(votes) = at
			.storage()
			.try_fetch(storage.voting(), (hash,))
			.await
			.map_err(|error| Error::node("reading ConsortiumCollective.Voting", error))?
		else {
			continue;
		};
		let votes = votes
			.decode()
			.map_err(|error| Error::node("decoding a motion's votes", error))?;
		let call = match at
			.storage()
			.try_fetch(storage.proposal_of(), (hash,))
			.await
			.map_err(|error| Error::node("reading ConsortiumCollective.ProposalOf", error))?
		{
			Some(call) => call_name(&metadata, call.bytes()),
			None => "(unknown call)".into(),
		};
		open.push(OpenMotion {
			hash,
			index: votes.index,
			call,
			threshold: votes.threshold,
			ayes: votes.ayes,
			nays: votes.nays,
			end: votes.end,
		});
	}
	Ok(open)
}

async fn open_motion(chain: &Chain, hash: H256) -> Result<OpenMotion, Error> {
	motions(chain)
		.await?
		.into_iter()
		.find(|motion| motion.hash == hash)
		.ok_or_else(|| {
			Error::NotFound(format!(
				"no open motion has hash 0x{}; list them with `loanctl consortium motions`",
				hex::encode(hash.0)
			))
		})
}

/// Member: vote on the open motion with `hash`, aye (`approve`) or nay.
pub async fn vote(
	chain: &Chain,
	member: &AccountKeypair,
	hash: H256,
	approve: bool,
) -> Result<MotionOutcome, Error> {
	let motion = open_motion(chain, hash).await?;
	let call = api::transactions().consortium_collective().vote(hash, motion.index, approve);
	let included = chain.submit(&call, member).await?;
	let voted: api::consortium_collective::events::Voted =
		included.event("ConsortiumCollective.Voted")?;
	Ok(MotionOutcome {
		hash,
		index: Some(motion.index),
		executed: false,
		tally: Some((voted.yes, voted.no)),
		included,
	})
}

/// Anyone signed: close the open motion with `hash` once it has enough ayes (it executes) or
/// nays, or its voting period ended.
pub async fn close(
	chain: &Chain,
	who: &AccountKeypair,
	hash: H256,
) -> Result<MotionOutcome, Error> {
	let motion = open_motion(chain, hash).await?;
	let at = chain.best_block().await?;
	let metadata = at.metadata();
	let storage = api::storage().consortium_collective();
	let call = at
		.storage()
		.try_fetch(storage.proposal_of(), (hash,))
		.await
		.map_err(|error| Error::node("reading ConsortiumCollective.ProposalOf", error))?
		.ok_or_else(|| Error::NotFound("the motion's call is not stored".into()))?;
	let length = u32::try_from(call.bytes().len()).unwrap_or(u32::MAX);
	let call: RuntimeCall = call
		.decode()
		.map_err(|error| Error::node("decoding the motion's call", error))?;
	let info = at
		.runtime_apis()
		.call(api::runtime_apis().transaction_payment_call_api().query_call_info(call, length))
		.await
		.map_err(|error| Error::node("weighing the motion's call", error))?;
	let weight = Weight { ref_time: info.weight.ref_time, proof_size: info.weight.proof_size };
	let close =
		api::transactions()
			.consortium_collective()
			.close(hash, motion.index, weight, length);
	let included = chain.submit(&close, who).await?;
	let executed = executed(&included, &metadata)?;
	Ok(MotionOutcome { hash, index: None, executed, tally: None, included })
}

/// Anyone signed: apply the runtime upgrade the consortium authorised, with its `code` (whose
/// blake2-256 hash the motion named).
pub async fn apply_authorized_upgrade(
	chain: &Chain,
	who: &AccountKeypair,
	code: Vec<u8>,
) -> Result<Included, Error> {
	let call = api::transactions().system().apply_authorized_upgrade(code);
	chain.submit(&call, who).await
}

#[cfg(test)]
mod tests {
	use super::*;

	fn metadata() -> Metadata {
		let bytes = crate::runtime::METADATA;
		Metadata::decode_from(bytes).expect("the checked-in metadata decodes")
	}

	#[test]
	fn motions_encode_to_the_runtime_calls_they_name() {
		let metadata = metadata();
		let account = AccountId32([7; 32]);
		for (motion, name) in [
			(Motion::AddAttestor(account), "Attestations.add_attestor"),
			(Motion::RemoveAttestor(account), "Attestations.remove_attestor"),
			(Motion::AddMember(account), "ConsortiumMembership.add_member"),
			(Motion::RemoveMember(account), "ConsortiumMembership.remove_member"),
			(Motion::AuthorizeUpgrade { code_hash: [9; 32] }, "Consortium.dispatch_as_root"),
			(Motion::SetQueryDeadline { blocks: 5 }, "Consortium.dispatch_as_root"),
			(Motion::AddValidator(account), "Consortium.add_validator"),
			(Motion::RemoveValidator(account), "Consortium.remove_validator"),
			(Motion::AllowNode { peer_id: vec![0, 1, 2], owner: account }, "Consortium.allow_node"),
			(Motion::DisallowNode { peer_id: vec![0, 1, 2] }, "Consortium.disallow_node"),
			(Motion::SetAuditorKeys { keys: vec![[3; 32]] }, "Consortium.set_auditor_keys"),
		] {
			let encoded = encode_call(&metadata, &motion.call()).expect("encodes");
			assert_eq!(call_name(&metadata, &encoded), name);
		}
		// Attestations (pallet index 20), add_attestor (call 0), then the account.
		let encoded = encode_call(&metadata, &Motion::AddAttestor(account).call()).expect("ok");
		assert_eq!(encoded[..2], [20, 0]);
		assert_eq!(encoded[2..], [7; 32]);
	}

	#[test]
	fn the_query_deadline_motion_sets_the_runtimes_parameter() {
		assert_eq!(query_deadline_key(), loanchain_runtime::configs::QueryDeadline::key());
		let RuntimeCall::Consortium(pallet_consortium::pallet::Call::dispatch_as_root { call }) =
			Motion::SetQueryDeadline { blocks: 5 }.call()
		else {
			panic!("a dispatch_as_root motion")
		};
		let RuntimeCall::System(frame_system::pallet::Call::set_storage { items }) = *call else {
			panic!("a set_storage call")
		};
		assert_eq!(items, vec![(query_deadline_key().to_vec(), 5u32.to_le_bytes().to_vec())]);
	}

	#[test]
	fn peer_ids_parse_from_base58_as_the_chain_checks_them() {
		// The peer id of the well-known test node key 1 (docs/operator-guide.md).
		let bytes = parse_peer_id("12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp")
			.expect("a peer id");
		assert_eq!(bytes.len(), 38);
		assert_eq!(bytes[..6], [0x00, 0x24, 0x08, 0x01, 0x12, 0x20], "identity(ed25519 key)");
		for bad in ["", "12D3KooW", "0OIl", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"] {
			assert!(matches!(parse_peer_id(bad), Err(Error::Invalid(_))), "{bad:?}");
		}
	}

	#[test]
	fn module_errors_in_events_are_named_from_the_metadata() {
		let metadata = metadata();
		let error = DispatchError::Module(api::runtime_types::sp_runtime::ModuleError {
			index: 20,
			error: [1, 0, 0, 0],
		});
		let described = describe(&metadata, &error);
		assert_eq!(
			(described.pallet.as_str(), described.error.as_str()),
			("Attestations", "AlreadyAttestor")
		);
		assert!(!described.docs.is_empty());
	}
}
