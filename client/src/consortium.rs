//! The consortium's motions: a member proposes a call (admit or remove an attestor or a member,
//! authorise a runtime upgrade), members vote (the proposer too), and anyone closes a motion
//! that has enough votes. A motion with threshold 1 executes at once: with a single member (the
//! development chain) the default threshold is 1.
//!
//! Each motion needs a share of all members ([`Share`]): day-to-day operations a majority;
//! `Root` calls (the member list, runtime upgrades, removing a validator or a node, the
//! auditors' keys) three quarters, and they only schedule the call
//! ([`MotionOutcome::scheduled`]): anyone enacts it with [`enact`] once the enactment delay has
//! passed, unless more than a quarter of the members cancel it first, by a motion
//! ([`Motion::CancelRootCall`]) or each by objecting ([`object`]). See `docs/governance.md`.
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
			pallet_disclosure, pallet_membership, sp_runtime::DispatchError,
			sp_weights::weight_v2::Weight,
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
	/// Admit a member: `Consortium.schedule_as_root(ConsortiumMembership.add_member)`, enacted
	/// after the delay.
	AddMember(AccountId32),
	/// Remove a member: `Consortium.schedule_as_root(ConsortiumMembership.remove_member)`,
	/// enacted after the delay.
	RemoveMember(AccountId32),
	/// Authorise a runtime upgrade to the code with this blake2-256 hash:
	/// `Consortium.schedule_as_root(System.authorize_upgrade)`. Once it is enacted after the
	/// delay, anyone applies the code with [`apply_authorized_upgrade`].
	AuthorizeUpgrade {
		/// The blake2-256 hash of the new runtime's wasm code.
		code_hash: [u8; 32],
	},
	/// Add a validator: `Consortium.add_validator`. It authors and votes on finality from the
	/// session after next, once it has registered its session keys.
	AddValidator(AccountId32),
	/// Remove a validator: `Consortium.schedule_as_root(Consortium.remove_validator)`, enacted
	/// after the delay (it stops validating from the session after next).
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
	/// Stop allowing a node: `Consortium.schedule_as_root(Consortium.disallow_node)`, enacted
	/// after the delay.
	DisallowNode {
		/// The node's peer id (multihash bytes).
		peer_id: Vec<u8>,
	},
	/// Set how many blocks a lender has to deliver a paid query before the requester is
	/// refunded (3 days by default): `Disclosure.set_query_deadline`. Open requests keep their
	/// deadline.
	SetQueryDeadline {
		/// The new deadline in blocks (14,400 a day at 6 s blocks): at least 4, at most 30 days.
		blocks: u32,
	},
	/// Cancel a scheduled `Root` call during its delay: `Consortium.cancel_root_call`.
	CancelRootCall {
		/// The scheduled call's id.
		id: u32,
	},
	/// Replace the auditors' X25519 public keys, which the lender record of every alias loan
	/// confirmed from then on is sealed to:
	/// `Consortium.schedule_as_root(Consortium.set_auditor_keys)`, enacted after the delay (at
	/// most 7, distinct; none names no auditor).
	SetAuditorKeys {
		/// The auditors' public keys.
		keys: Vec<[u8; 32]>,
	},
}

/// The share of all members a motion needs, as the chain checks it (`docs/governance.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
	/// More than half: day-to-day operations.
	Majority,
	/// At least three quarters: scheduling a `Root` call.
	Supermajority,
	/// More than a quarter: cancelling a scheduled `Root` call.
	BlockingMinority,
}

impl Share {
	/// The fewest ayes of `members` that reach this share.
	pub fn ayes_of(self, members: u32) -> u32 {
		match self {
			Self::Majority => members / 2 + 1,
			Self::Supermajority => (3 * members).div_ceil(4),
			Self::BlockingMinority => members / 4 + 1,
		}
		.max(1)
	}
}

/// Wraps `call` in `Consortium.schedule_as_root`.
fn as_root(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Consortium(pallet_consortium::pallet::Call::schedule_as_root {
		call: Box::new(call),
	})
}

impl Motion {
	/// The share of all members the motion needs.
	pub fn share(&self) -> Share {
		match self {
			Self::AddMember(_)
			| Self::RemoveMember(_)
			| Self::AuthorizeUpgrade { .. }
			| Self::RemoveValidator(_)
			| Self::DisallowNode { .. }
			| Self::SetAuditorKeys { .. } => Share::Supermajority,
			Self::CancelRootCall { .. } => Share::BlockingMinority,
			_ => Share::Majority,
		}
	}

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
			Self::AddMember(who) => {
				as_root(RuntimeCall::ConsortiumMembership(Membership::add_member {
					who: MultiAddress::Id(*who),
				}))
			},
			Self::RemoveMember(who) => {
				as_root(RuntimeCall::ConsortiumMembership(Membership::remove_member {
					who: MultiAddress::Id(*who),
				}))
			},
			Self::AuthorizeUpgrade { code_hash } => {
				as_root(RuntimeCall::System(frame_system::pallet::Call::authorize_upgrade {
					code_hash: H256(*code_hash),
				}))
			},
			Self::AddValidator(who) => {
				RuntimeCall::Consortium(pallet_consortium::pallet::Call::add_validator {
					who: *who,
				})
			},
			Self::RemoveValidator(who) => as_root(RuntimeCall::Consortium(
				pallet_consortium::pallet::Call::remove_validator { who: *who },
			)),
			Self::AllowNode { peer_id, owner } => {
				RuntimeCall::Consortium(pallet_consortium::pallet::Call::allow_node {
					node: peer_id.clone(),
					owner: *owner,
				})
			},
			Self::DisallowNode { peer_id } => {
				as_root(RuntimeCall::Consortium(pallet_consortium::pallet::Call::disallow_node {
					node: peer_id.clone(),
				}))
			},
			Self::SetAuditorKeys { keys } => as_root(RuntimeCall::Consortium(
				pallet_consortium::pallet::Call::set_auditor_keys { keys: keys.clone() },
			)),
			Self::SetQueryDeadline { blocks } => {
				RuntimeCall::Disclosure(pallet_disclosure::pallet::Call::set_query_deadline {
					blocks: *blocks,
				})
			},
			Self::CancelRootCall { id } => {
				RuntimeCall::Consortium(pallet_consortium::pallet::Call::cancel_root_call {
					id: *id,
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
	/// The `Root` call the motion scheduled (a motion for `Consortium.schedule_as_root`): it
	/// runs once enacted ([`enact`]) from its due block.
	pub scheduled: Option<ScheduledCall>,
	/// The ayes and nays so far (after a vote).
	pub tally: Option<(u32, u32)>,
	/// The transaction.
	pub included: Included,
}

/// A `Root` call the consortium scheduled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduledCall {
	/// Its id, which [`enact`] and [`Motion::CancelRootCall`] name.
	pub id: u32,
	/// The first block in which anyone may enact it.
	pub due: u32,
}

/// Checks a motion's `Executed` and `DispatchedAsRoot` events: `Ok(true)` if it was executed
/// and its call succeeded, an [`Error::Chain`] naming the inner error if the call failed; with
/// the `Root` call it scheduled, if any.
fn executed(
	included: &Included,
	metadata: &Metadata,
) -> Result<(bool, Option<ScheduledCall>), Error> {
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
	let scheduled = included
		.events_of::<api::consortium::events::RootCallScheduled>()?
		.first()
		.map(|event| ScheduledCall { id: event.id, due: event.due });
	Ok((executed, scheduled))
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
/// (default: the fewest that reach the motion's [`Share`]; every member votes, the proposer
/// too, with [`vote`]). With threshold 1 the motion executes at once, without a vote;
/// otherwise the proposer's deposit is held until the motion is closed.
pub async fn propose(
	chain: &Chain,
	member: &AccountKeypair,
	motion: &Motion,
	threshold: Option<u32>,
) -> Result<MotionOutcome, Error> {
	let threshold = match threshold {
		Some(threshold) => threshold,
		None => motion.share().ayes_of(member_count(chain).await?),
	};
	let metadata = chain.metadata().await?;
	let call = motion.call();
	let encoded = encode_call(&metadata, &call)?;
	let length = u32::try_from(encoded.len()).unwrap_or(u32::MAX);
	let hash = H256(blake2_256(&encoded));
	let propose = api::transactions().consortium_collective().propose(threshold, call, length);
	let included = chain.submit(&propose, member).await?;
	let (executed, scheduled) = executed(&included, &metadata)?;
	let index = included
		.events_of::<api::consortium_collective::events::Proposed>()?
		.first()
		.map(|proposed| proposed.proposal_index);
	Ok(MotionOutcome { hash, index, executed, scheduled, tally: None, included })
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
		scheduled: None,
		tally: Some((voted.yes, voted.no)),
		included,
	})
}

/// Anyone signed: close the open motion with `hash` once it has enough ayes (it executes) or
/// nays, or its voting period ended; then release the proposer's deposit.
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
	// Closing and returning the proposer's deposit in one transaction: the deposit is never
	// left behind, and nobody can propose the same call in between.
	use api::runtime_types::pallet_collective::pallet::Call as Collective;
	let close_and_release = api::transactions().utility().batch_all(vec![
		RuntimeCall::ConsortiumCollective(Collective::close {
			proposal_hash: hash,
			index: motion.index,
			proposal_weight_bound: weight,
			length_bound: length,
		}),
		RuntimeCall::ConsortiumCollective(Collective::release_proposal_cost {
			proposal_hash: hash,
		}),
	]);
	let included = chain.submit(&close_and_release, who).await?;
	let (executed, scheduled) = executed(&included, &metadata)?;
	Ok(MotionOutcome { hash, index: None, executed, scheduled, tally: None, included })
}

/// A `Root` call waiting for its enactment delay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingRootCall {
	/// Its id.
	pub id: u32,
	/// `Pallet.call` of the call.
	pub call: String,
	/// The blake2-256 hash of the call's encoding.
	pub call_hash: H256,
	/// The first block in which anyone may enact it.
	pub due: u32,
}

/// The `Root` calls the consortium scheduled that nobody has enacted or cancelled yet, by id.
pub async fn scheduled_root_calls(chain: &Chain) -> Result<Vec<WaitingRootCall>, Error> {
	let at = chain.best_block().await?;
	let metadata = at.metadata();
	let mut entries = at
		.storage()
		.iter(api::storage().consortium().scheduled_root_calls(), ())
		.await
		.map_err(|error| Error::node("reading Consortium.ScheduledRootCalls", error))?;
	let mut waiting = Vec::new();
	while let Some(entry) = entries.next().await {
		let entry =
			entry.map_err(|error| Error::node("reading Consortium.ScheduledRootCalls", error))?;
		let id = entry
			.key()
			.map_err(|error| Error::node("reading a scheduled Root call's id", error))?
			.decode()
			.map_err(|error| Error::node("decoding a scheduled Root call's id", error))?
			.0;
		let scheduled = entry
			.value()
			.decode()
			.map_err(|error| Error::node("decoding a scheduled Root call", error))?;
		let bytes = scheduled.call.0;
		waiting.push(WaitingRootCall {
			id,
			call: call_name(&metadata, &bytes),
			call_hash: H256(blake2_256(&bytes)),
			due: scheduled.due,
		});
	}
	waiting.sort_by_key(|call| call.id);
	Ok(waiting)
}

/// Member: object to the scheduled `Root` call `id`; once more than a quarter of the members
/// have, the chain cancels it (no motion needed). Returns whether this objection cancelled it.
pub async fn object(
	chain: &Chain,
	member: &AccountKeypair,
	id: u32,
) -> Result<(bool, Included), Error> {
	let call = api::transactions().consortium().object_to_root_call(id);
	let included = chain.submit(&call, member).await?;
	included.event::<api::consortium::events::RootCallObjected>("Consortium.RootCallObjected")?;
	let cancelled = !included.events_of::<api::consortium::events::RootCallCancelled>()?.is_empty();
	Ok((cancelled, included))
}

/// The outcome of [`enact`].
#[derive(Debug)]
pub struct Enacted {
	/// `Pallet.call` of the call that ran as `Root`.
	pub call: String,
	/// The transaction.
	pub included: Included,
}

/// Anyone signed: enact the scheduled `Root` call `id` once its due block is reached, waiting
/// for it first (calling `progress` with the best block and the due block while it waits).
/// An [`Error::Chain`] names the inner call's error if the call itself failed.
pub async fn enact(
	chain: &Chain,
	who: &AccountKeypair,
	id: u32,
	mut progress: impl FnMut(u32, u32),
) -> Result<Enacted, Error> {
	// The stored call (its encoding never changes while it waits), read once.
	let stored = chain
		.best_block()
		.await?
		.storage()
		.try_fetch(api::storage().consortium().scheduled_root_calls(), (id,))
		.await
		.map_err(|error| Error::node("reading Consortium.ScheduledRootCalls", error))?
		.ok_or_else(|| {
			Error::NotFound(format!(
				"no Root call with id {id} is waiting: it was enacted or cancelled, or never \
				 scheduled; list them with `loanctl consortium scheduled`"
			))
		})?
		.decode()
		.map_err(|error| Error::node("decoding a scheduled Root call", error))?;
	loop {
		let best = chain.best_number().await?;
		// A transaction submitted now lands in the next block at the earliest.
		if best.saturating_add(1) >= stored.due {
			break;
		}
		progress(best, stored.due);
		tokio::time::sleep(std::time::Duration::from_millis(500)).await;
	}
	let at = chain.best_block().await?;
	let metadata = at.metadata();
	let bytes = stored.call.0;
	let length = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
	let call = <RuntimeCall as subxt::ext::scale_decode::DecodeAsType>::decode_as_type(
		&mut &bytes[..],
		metadata.outer_enums().call_enum_ty(),
		metadata.types(),
	)
	.map_err(|error| Error::node("decoding the scheduled call", error))?;
	let info = at
		.runtime_apis()
		.call(api::runtime_apis().transaction_payment_call_api().query_call_info(call, length))
		.await
		.map_err(|error| Error::node("weighing the scheduled call", error))?;
	let weight = Weight { ref_time: info.weight.ref_time, proof_size: info.weight.proof_size };
	let enact = api::transactions().consortium().enact_root_call(id, weight);
	let included = chain.submit(&enact, who).await?;
	if !included.events_of::<api::consortium::events::RootCallExpired>()?.is_empty() {
		return Err(Error::Invalid(format!(
			"the Root call {id} expired unrun: it was not enacted within its enactment period; \
			 schedule it again with a new motion"
		)));
	}
	for event in included.events_of::<api::consortium::events::DispatchedAsRoot>()? {
		if let Err(error) = &event.result {
			return Err(Error::Chain(describe(&metadata, error)));
		}
	}
	Ok(Enacted { call: call_name(&metadata, &bytes), included })
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
			(Motion::AddMember(account), "Consortium.schedule_as_root"),
			(Motion::RemoveMember(account), "Consortium.schedule_as_root"),
			(Motion::AuthorizeUpgrade { code_hash: [9; 32] }, "Consortium.schedule_as_root"),
			(Motion::SetQueryDeadline { blocks: 5 }, "Disclosure.set_query_deadline"),
			(Motion::CancelRootCall { id: 3 }, "Consortium.cancel_root_call"),
			(Motion::AddValidator(account), "Consortium.add_validator"),
			(Motion::RemoveValidator(account), "Consortium.schedule_as_root"),
			(Motion::AllowNode { peer_id: vec![0, 1, 2], owner: account }, "Consortium.allow_node"),
			(Motion::DisallowNode { peer_id: vec![0, 1, 2] }, "Consortium.schedule_as_root"),
			(Motion::SetAuditorKeys { keys: vec![[3; 32]] }, "Consortium.schedule_as_root"),
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
	fn root_motions_schedule_the_call_they_name() {
		let metadata = metadata();
		let account = AccountId32([7; 32]);
		for (motion, inner) in [
			(Motion::AddMember(account), "ConsortiumMembership.add_member"),
			(Motion::RemoveMember(account), "ConsortiumMembership.remove_member"),
			(Motion::AuthorizeUpgrade { code_hash: [9; 32] }, "System.authorize_upgrade"),
			(Motion::RemoveValidator(account), "Consortium.remove_validator"),
			(Motion::DisallowNode { peer_id: vec![0, 1, 2] }, "Consortium.disallow_node"),
			(Motion::SetAuditorKeys { keys: vec![[3; 32]] }, "Consortium.set_auditor_keys"),
		] {
			assert_eq!(motion.share(), Share::Supermajority);
			let RuntimeCall::Consortium(pallet_consortium::pallet::Call::schedule_as_root { call }) =
				motion.call()
			else {
				panic!("a schedule_as_root motion")
			};
			let encoded = encode_call(&metadata, &call).expect("encodes");
			assert_eq!(call_name(&metadata, &encoded), inner);
		}
		assert_eq!(Motion::CancelRootCall { id: 0 }.share(), Share::BlockingMinority);
		assert_eq!(Motion::SetQueryDeadline { blocks: 4 }.share(), Share::Majority);
	}

	#[test]
	fn default_thresholds_reach_each_share() {
		// (members, majority, supermajority, blocking minority), as the runtime's
		// EnsureProportionMoreThan<1, 2>, AtLeast<3, 4> and MoreThan<1, 4> count them.
		for (members, majority, supermajority, minority) in
			[(1, 1, 1, 1), (2, 2, 2, 1), (4, 3, 3, 2), (5, 3, 4, 2), (8, 5, 6, 3), (10, 6, 8, 3)]
		{
			assert_eq!(Share::Majority.ayes_of(members), majority, "{members} members");
			assert_eq!(Share::Supermajority.ayes_of(members), supermajority, "{members} members");
			assert_eq!(Share::BlockingMinority.ayes_of(members), minority, "{members} members");
			for (share, ayes) in [
				(Share::Majority, majority),
				(Share::Supermajority, supermajority),
				(Share::BlockingMinority, minority),
			] {
				let reaches = |ayes: u32| match share {
					Share::Majority => 2 * ayes > members,
					Share::Supermajority => 4 * ayes >= 3 * members,
					Share::BlockingMinority => 4 * ayes > members,
				};
				assert!(reaches(ayes) && (ayes == 1 || !reaches(ayes - 1)), "{share:?} {members}");
			}
		}
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
