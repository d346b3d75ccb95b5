//! The connection to a loanchain node: typed runtime calls, loanchain's JSON-RPC methods, and
//! transaction submission that reports its progress, waits for inclusion or finality, and turns
//! the chain's errors into [`ChainError`]s (pallet, error name, documentation, what to do).

use crate::{
	account::AccountKeypair,
	config::{LoanchainConfig, LoanchainExtensions, TxSettings},
	error::{ChainError, Error, Refusal},
};
use std::{sync::Arc, time::Duration};
use subxt::{
	backend::LegacyBackend,
	client::OnlineClientAtBlockImpl,
	events::DecodeAsEvent,
	extrinsics::ExtrinsicEvents,
	metadata::ArcMetadata,
	rpcs::{client::RpcParams, rpc_params, RpcClient},
	transactions::{Payload, TransactionProgress, TransactionStatus},
	utils::{AccountId32, H256},
	Metadata, OnlineClient, OnlineClientAtBlock,
};

/// The node address used when none is given.
pub const DEFAULT_URL: &str = "ws://127.0.0.1:9944";

/// The subxt client of a loanchain node.
pub type Client = OnlineClient<LoanchainConfig>;

/// A view of the chain at one block (storage, runtime APIs, events).
pub type AtBlock = OnlineClientAtBlock<LoanchainConfig>;

/// How long [`Chain::submit`] waits for a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WaitFor {
	/// Until it is in a block of the best chain (about one block time): enough for the next
	/// step of a flow.
	#[default]
	InBlock,
	/// Until that block is finalized (GRANDPA; a few seconds more): it can no longer be reverted.
	Finalized,
}

/// A step of a transaction's way to the chain, reported to the progress callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
	/// The node accepted the transaction into its pool.
	Submitted {
		/// The transaction's hash.
		tx_hash: H256,
	},
	/// The transaction is in a block of the best chain.
	InBlock {
		/// The block.
		block_hash: H256,
	},
	/// The block with the transaction is finalized.
	Finalized {
		/// The block.
		block_hash: H256,
	},
}

/// The progress callback: called for each [`Progress`] step (for example to print a line).
pub type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// A transaction in a block, with the events it emitted.
pub struct Included {
	/// The block it is in.
	pub block_hash: H256,
	/// That block's number.
	pub block_number: u32,
	/// Whether the block was finalized when [`Chain::submit`] returned.
	pub finalized: bool,
	/// The transaction's hash.
	pub tx_hash: H256,
	/// The events the transaction emitted.
	pub events: ExtrinsicEvents<LoanchainConfig>,
}

impl Included {
	/// The first event of type `E` the transaction emitted, or [`Error::MissingEvent`].
	pub fn event<E: DecodeAsEvent>(&self, name: &'static str) -> Result<E, Error> {
		self.events
			.find_first::<E>()
			.ok_or(Error::MissingEvent(name))?
			.map_err(|error| Error::node(format!("decoding the {name} event"), error))
	}

	/// Every event of type `E` the transaction emitted.
	pub fn events_of<E: DecodeAsEvent>(&self) -> Result<Vec<E>, Error> {
		self.events
			.find::<E>()
			.collect::<Result<Vec<_>, _>>()
			.map_err(|error| Error::node("decoding events", error))
	}
}

impl core::fmt::Debug for Included {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("Included")
			.field("block_hash", &self.block_hash)
			.field("block_number", &self.block_number)
			.field("finalized", &self.finalized)
			.field("tx_hash", &self.tx_hash)
			.finish_non_exhaustive()
	}
}

/// A connection to a loanchain node: the entry point of the SDK.
///
/// Cheap to clone; clones share the connection. Queries read the node's best block; submitted
/// transactions wait as [`WaitFor`] says.
///
/// ```no_run
/// use loanchain_client::{Chain, WaitFor};
///
/// # async fn run() -> Result<(), loanchain_client::Error> {
/// let chain = Chain::connect("ws://127.0.0.1:9944").await?.with_wait(WaitFor::Finalized);
/// println!("connected to the chain with genesis {}", hex::encode(chain.genesis_hash()));
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Chain {
	client: Client,
	rpc: RpcClient,
	url: String,
	wait: WaitFor,
	progress: Option<ProgressFn>,
}

impl core::fmt::Debug for Chain {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("Chain")
			.field("url", &self.url)
			.field("wait", &self.wait)
			.finish()
	}
}

impl Chain {
	/// Connects to the node at `url` (`ws://` or `wss://`).
	pub async fn connect(url: &str) -> Result<Self, Error> {
		let connect_error = |reason: String| Error::Connect { url: url.to_string(), reason };
		let rpc = RpcClient::from_insecure_url(url)
			.await
			.map_err(|error| connect_error(error.to_string()))?;
		let backend = LegacyBackend::builder().build(rpc.clone());
		let client =
			Client::from_backend_with_config(LoanchainConfig::default(), Arc::new(backend))
				.await
				.map_err(|error| connect_error(error.to_string()))?;
		Ok(Self { client, rpc, url: url.to_string(), wait: WaitFor::default(), progress: None })
	}

	/// This connection, with submitted transactions waiting as `wait` says.
	pub fn with_wait(mut self, wait: WaitFor) -> Self {
		self.wait = wait;
		self
	}

	/// This connection, with `progress` called at each step of a submitted transaction.
	pub fn with_progress(mut self, progress: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
		self.progress = Some(Arc::new(progress));
		self
	}

	/// The node's address.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// How submitted transactions wait.
	pub fn wait(&self) -> WaitFor {
		self.wait
	}

	/// The subxt client, for anything the SDK's flows do not cover.
	pub fn client(&self) -> &Client {
		&self.client
	}

	/// The JSON-RPC client, for the node's methods (`loans_*`, `system_*`, ...).
	pub fn rpc(&self) -> &RpcClient {
		&self.rpc
	}

	/// The hash of the chain's block 0, which sealed terms and consents are bound to.
	pub fn genesis_hash(&self) -> [u8; 32] {
		self.client.genesis_hash().0
	}

	/// Calls JSON-RPC method `method` with `params`, mapping failures to [`Error::Node`].
	pub async fn request<R: serde::de::DeserializeOwned>(
		&self,
		method: &str,
		params: RpcParams,
	) -> Result<R, Error> {
		self.rpc
			.request(method, params)
			.await
			.map_err(|error| Error::node(format!("calling {method}"), error))
	}

	/// The hash of the node's best block.
	pub async fn best_hash(&self) -> Result<H256, Error> {
		self.request("chain_getBlockHash", rpc_params![]).await
	}

	/// The chain at the node's best block.
	pub async fn best_block(&self) -> Result<AtBlock, Error> {
		let hash = self.best_hash().await?;
		self.client
			.at_block(hash)
			.await
			.map_err(|error| Error::node("reading the best block", error))
	}

	/// The chain at block `number` of the node's best chain.
	pub async fn block(&self, number: u32) -> Result<AtBlock, Error> {
		self.client
			.at_block(number)
			.await
			.map_err(|error| Error::node(format!("reading block {number}"), error))
	}

	/// The number of the node's best block.
	pub async fn best_number(&self) -> Result<u32, Error> {
		Ok(block_number(self.best_block().await?.block_number()))
	}

	/// The number of the last finalized block.
	pub async fn finalized_number(&self) -> Result<u32, Error> {
		let hash: H256 = self.request("chain_getFinalizedHead", rpc_params![]).await?;
		let header: serde_json::Value = self.request("chain_getHeader", rpc_params![hash]).await?;
		header
			.get("number")
			.and_then(serde_json::Value::as_str)
			.and_then(|number| u32::from_str_radix(number.trim_start_matches("0x"), 16).ok())
			.ok_or_else(|| Error::node("reading the finalized header", "no block number"))
	}

	/// Waits until the best block's number is at least `number`, checking every second.
	pub async fn wait_for_block(&self, number: u32) -> Result<u32, Error> {
		loop {
			let best = self.best_number().await?;
			if best >= number {
				return Ok(best);
			}
			tokio::time::sleep(Duration::from_millis(1000)).await;
		}
	}

	/// The runtime metadata of the best block (errors' documentation, types).
	pub async fn metadata(&self) -> Result<ArcMetadata, Error> {
		Ok(self.best_block().await?.metadata())
	}

	/// The nonce `account`'s next transaction needs, counting its transactions waiting in the
	/// node's pool.
	pub async fn next_nonce(&self, account: &AccountId32) -> Result<u64, Error> {
		self.request("system_accountNextIndex", rpc_params![account.to_string()]).await
	}

	/// Signs `call` with `signer`, submits it and waits as [`Chain::wait`] says. Fails with
	/// [`Error::Refused`] when the pool refuses it and [`Error::Chain`] when it fails on chain.
	pub async fn submit<Call: Payload>(
		&self,
		call: &Call,
		signer: &AccountKeypair,
	) -> Result<Included, Error> {
		let at = self.current_block().await?;
		let nonce = self.next_nonce(&signer.account_id()).await?;
		let settings = TxSettings { nonce: Some(nonce), ..TxSettings::default() };
		let mut transactions = at.transactions();
		let signed = transactions
			.create_signed(call, signer, settings.params())
			.await
			.map_err(build_error)?;
		let tx_hash = signed.hash();
		let progress = signed.submit_and_watch().await.map_err(|error| submit_error(&error))?;
		self.follow(progress, tx_hash).await
	}

	/// Submits `call` as a general transaction (extrinsic format v5, no signer and no fee): for
	/// calls that authorize themselves (`#[pallet::authorize]`), such as an alias lender's
	/// confirmation and actions. Waits as [`Chain::wait`] says. A pool refusal names the
	/// call's pallet error when the authorization gave one (`InvalidTransaction::Custom(n)`,
	/// `n` its index) and says what `Stale` and `Future` mean.
	pub async fn submit_general<Call: Payload>(&self, call: &Call) -> Result<Included, Error> {
		let at = self.current_block().await?;
		let transactions = at.transactions();
		transactions.validate(call).map_err(build_error)?;
		let genesis_hash = at.genesis_hash().unwrap_or_else(|| self.client.genesis_hash());
		let metadata = at.metadata();
		let bytes = encode_general(
			&metadata,
			call,
			genesis_hash,
			at.spec_version(),
			at.transaction_version(),
		)?;
		let submittable = transactions.from_bytes(bytes);
		let tx_hash = submittable.hash();
		let explain = |error: Error| explain_general_refusal(&metadata, call.pallet_name(), error);
		let progress = submittable
			.submit_and_watch()
			.await
			.map_err(|error| explain(submit_error(&error)))?;
		self.follow(progress, tx_hash).await.map_err(explain)
	}

	/// The chain at the last finalized block, which transactions are built against.
	async fn current_block(&self) -> Result<AtBlock, Error> {
		self.client
			.at_current_block()
			.await
			.map_err(|error| Error::node("reading the finalized block", error))
	}

	/// Follows a submitted transaction until it is in a block (or that block is finalized, as
	/// [`Chain::wait`] says), reporting each step; its events, or why it failed.
	async fn follow(
		&self,
		mut progress: TransactionProgress<
			LoanchainConfig,
			OnlineClientAtBlockImpl<LoanchainConfig>,
		>,
		tx_hash: H256,
	) -> Result<Included, Error> {
		self.report(&Progress::Submitted { tx_hash });
		while let Some(status) = progress.next().await {
			let status = status.map_err(refusal_or_node)?;
			let (in_block, finalized) = match status {
				TransactionStatus::InBestBlock(in_block) => {
					self.report(&Progress::InBlock { block_hash: in_block.block_hash() });
					if self.wait == WaitFor::Finalized {
						continue;
					}
					(in_block, false)
				},
				TransactionStatus::InFinalizedBlock(in_block) => {
					self.report(&Progress::Finalized { block_hash: in_block.block_hash() });
					(in_block, true)
				},
				TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message }
				| TransactionStatus::Error { message } => {
					return Err(Error::Refused(Refusal::new(message)));
				},
				_ => continue,
			};
			let block_hash = in_block.block_hash();
			let events = in_block.wait_for_success().await.map_err(|error| match error {
				subxt::error::TransactionEventsError::ExtrinsicFailed(dispatch) => {
					Error::Chain(describe_dispatch_error(&dispatch))
				},
				other => Error::node("reading the transaction's events", other),
			})?;
			let number = self
				.client
				.at_block(block_hash)
				.await
				.map_err(|error| Error::node("reading the transaction's block", error))?
				.block_number();
			return Ok(Included {
				block_hash,
				block_number: block_number(number),
				finalized,
				tx_hash,
				events,
			});
		}
		Err(Error::node("watching the transaction", "the node stopped reporting its status"))
	}

	fn report(&self, step: &Progress) {
		if let Some(progress) = &self.progress {
			progress(step);
		}
	}
}

/// An [`Error`] for a transaction subxt could not build.
fn build_error(error: subxt::error::ExtrinsicError) -> Error {
	if matches!(error, subxt::error::ExtrinsicError::IncompatibleCodegen) {
		Error::RuntimeMismatch("transaction interface".into())
	} else {
		Error::node("building the transaction", error)
	}
}

/// The bytes of `call` as a general transaction (extrinsic format v5) for the runtime of
/// `metadata`: the compact length, the byte `0x45` (version 5, general), the transaction
/// extension version, each extension's explicit data in the metadata's order, then the call.
///
/// The data are those of a transaction without a signer: immortal (`CheckMortality`), nonce 0
/// (`CheckNonce`), no tip (`ChargeTransactionPayment`), no metadata hash (`CheckMetadataHash`),
/// and nothing for the extensions that carry none. The runtime's extensions are checked
/// against the ones this client knows first: an extension it does not know is an error, so a
/// runtime change cannot make it send bytes the runtime would read differently.
pub fn encode_general<Call: Payload>(
	metadata: &ArcMetadata,
	call: &Call,
	genesis_hash: H256,
	spec_version: u32,
	transaction_version: u32,
) -> Result<Vec<u8>, Error> {
	use subxt::{
		config::{ClientState, TransactionExtensions as _},
		ext::frame_decode::extrinsics::TransactionExtensions as _,
	};
	let extrinsic = metadata.extrinsic();
	if !extrinsic.supported_versions().contains(&5) {
		return Err(Error::RuntimeMismatch(
			"extrinsic format (it does not accept general transactions, version 5)".into(),
		));
	}
	let version = extrinsic.transaction_extension_version_to_use_for_encoding();
	let state = ClientState::<LoanchainConfig> {
		genesis_hash,
		spec_version,
		transaction_version,
		metadata: metadata.clone(),
	};
	let settings = TxSettings { nonce: Some(0), mortal_for: None, tip: 0 };
	let extensions = LoanchainExtensions::new(&state, settings.params())
		.map_err(|error| Error::node("building the transaction extensions", error))?;
	for extension in extrinsic.transaction_extensions_to_use_for_encoding() {
		let name = extension.identifier();
		if !extensions.contains_extension(name) {
			return Err(Error::RuntimeMismatch(format!(
				"transaction extensions (this client does not know {name})"
			)));
		}
	}
	subxt::ext::frame_decode::extrinsics::encode_v5_general(
		call.pallet_name(),
		call.call_name(),
		call.call_data(),
		version,
		&extensions,
		&**metadata,
		metadata.types(),
	)
	.map_err(|error| Error::node("encoding the general transaction", error))
}

/// `error` with the chain's reason when it is a pool refusal of a general transaction of
/// `pallet`: `Custom error: n` is that pallet's error `n` (the authorization's reason), and
/// `Stale` / `Future` are an action nonce used already or not reached yet.
fn explain_general_refusal(metadata: &Metadata, pallet: &str, error: Error) -> Error {
	let Error::Refused(mut refusal) = error else { return error };
	let lower = refusal.message.to_ascii_lowercase();
	refusal.error = if let Some(index) = refusal.custom_code() {
		describe_pallet_error(metadata, pallet, index)
	} else if lower.contains("outdated") || lower.contains("stale") {
		Some(ChainError {
			pallet: "InvalidTransaction".into(),
			error: "Stale".into(),
			docs: "The transaction's nonce was used already: another action of this loan got in \
			       first."
				.into(),
		})
	} else if lower.contains("in the future") {
		Some(ChainError {
			pallet: "InvalidTransaction".into(),
			error: "Future".into(),
			docs: "The transaction's nonce is ahead of the loan's: an earlier action is missing."
				.into(),
		})
	} else if lower.contains("call") && lower.contains("not expected") {
		Some(ChainError {
			pallet: "InvalidTransaction".into(),
			error: "Call".into(),
			docs: "The call is not accepted without a signer, or its authorization failed for \
			       a reason that is not one of the pallet's errors."
				.into(),
		})
	} else {
		None
	};
	Error::Refused(refusal)
}

/// The [`ChainError`] of error `error_index` of the pallet named `pallet`, from `metadata`.
fn describe_pallet_error(metadata: &Metadata, pallet: &str, error_index: u8) -> Option<ChainError> {
	let pallet = metadata.pallet_by_name(pallet)?;
	let variant = pallet.error_variant_by_index(error_index)?;
	Some(ChainError {
		pallet: pallet.name().to_string(),
		error: variant.name.clone(),
		docs: variant.docs.join(" "),
	})
}

/// A block number of this chain (`u32`) from subxt's `u64`.
pub(crate) fn block_number(number: u64) -> u32 {
	u32::try_from(number).unwrap_or(u32::MAX)
}

/// The JSON-RPC error the node answered a submission with, if that is what `error` is:
/// `message: data` (for example `Invalid Transaction: Custom error: 40`).
fn rpc_user_error(error: &subxt::error::ExtrinsicError) -> Option<String> {
	use subxt::error::{BackendError, ExtrinsicError, RpcError};
	let (ExtrinsicError::ErrorSubmittingTransaction(BackendError::Rpc(RpcError::ClientError(
		subxt::rpcs::Error::User(user),
	)))
	| ExtrinsicError::TransactionStatusStreamError(BackendError::Rpc(RpcError::ClientError(
		subxt::rpcs::Error::User(user),
	)))) = error
	else {
		return None;
	};
	let data = user.data.as_ref().map(|data| {
		serde_json::from_str::<String>(data.get()).unwrap_or_else(|_| data.get().to_string())
	});
	Some(match data {
		Some(data) => format!("{} ({}): {data}", user.message, user.code),
		None => format!("{} ({})", user.message, user.code),
	})
}

/// An [`Error::Refused`] for pool refusals of a submission, else an [`Error::Node`].
fn submit_error(error: &subxt::error::ExtrinsicError) -> Error {
	match rpc_user_error(error) {
		Some(message) => Error::Refused(Refusal::new(message)),
		None => refusal_or_node(error),
	}
}

/// An [`Error::Refused`] for pool refusals, else an [`Error::Node`].
fn refusal_or_node(error: impl core::fmt::Display) -> Error {
	let message = error.to_string();
	let lower = message.to_ascii_lowercase();
	if lower.contains("invalid transaction")
		|| lower.contains("custom error")
		|| lower.contains("is not valid")
		|| lower.contains("dropped")
		|| lower.contains("priority is too low")
		|| lower.contains("temporarily banned")
	{
		Error::Refused(Refusal::new(message))
	} else {
		Error::node("submitting the transaction", message)
	}
}

/// The [`ChainError`] of a dispatch error, with the pallet error's documentation from the
/// metadata.
pub fn describe_dispatch_error(error: &subxt::error::DispatchError) -> ChainError {
	use subxt::error::DispatchError as E;
	let general =
		|name: String, docs: String| ChainError { pallet: "System".into(), error: name, docs };
	match error {
		E::Module(module) => match module.details() {
			Ok(details) => ChainError {
				pallet: details.pallet.name().to_string(),
				error: details.variant.name.clone(),
				docs: details.variant.docs.join(" "),
			},
			Err(_) => general(format!("Module{:?}", module.bytes()), module.to_string()),
		},
		E::Token(token) => general(format!("Token.{token:?}"), token.to_string()),
		E::Arithmetic(arithmetic) => {
			general(format!("Arithmetic.{arithmetic:?}"), arithmetic.to_string())
		},
		E::Transactional(transactional) => {
			general(format!("Transactional.{transactional:?}"), transactional.to_string())
		},
		other => {
			let name = format!("{other:?}");
			let name = name.split(['(', ' ']).next().unwrap_or_default().to_string();
			general(name, other.to_string())
		},
	}
}

/// The [`ChainError`] of pallet error `error_index` of the pallet at `pallet_index`, from
/// `metadata` (for errors carried inside events, such as a motion's result).
pub fn describe_module_error(metadata: &Metadata, pallet_index: u8, error_index: u8) -> ChainError {
	let pallet = metadata.pallet_by_error_index(pallet_index);
	let variant = pallet.and_then(|pallet| pallet.error_variant_by_index(error_index));
	match (pallet, variant) {
		(Some(pallet), Some(variant)) => ChainError {
			pallet: pallet.name().to_string(),
			error: variant.name.clone(),
			docs: variant.docs.join(" "),
		},
		_ => ChainError {
			pallet: format!("pallet #{pallet_index}"),
			error: format!("error #{error_index}"),
			docs: String::new(),
		},
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::runtime::api;
	use codec::{Decode, Encode};

	fn metadata() -> ArcMetadata {
		Arc::new(Metadata::decode_from(crate::runtime::METADATA).expect("the metadata decodes"))
	}

	/// `call`'s bytes as a general transaction, decoded by the runtime.
	fn decoded<Call: Payload>(call: &Call) -> (Vec<u8>, loanchain_runtime::UncheckedExtrinsic) {
		let bytes = encode_general(&metadata(), call, H256([1; 32]), 1, 1).expect("encodes");
		let decoded = loanchain_runtime::UncheckedExtrinsic::decode(&mut &bytes[..])
			.expect("the runtime decodes it");
		(bytes, decoded)
	}

	/// The bytes after the compact length prefix, which must count them.
	fn body_of(bytes: &[u8]) -> &[u8] {
		let mut cursor = bytes;
		let length = codec::Compact::<u32>::decode(&mut cursor).expect("a compact length").0;
		assert_eq!(usize::try_from(length).expect("fits"), cursor.len(), "the length prefix");
		cursor
	}

	#[test]
	fn a_general_transaction_is_one_the_runtime_reads_as_general_with_no_signer() {
		let action = api::runtime_types::loanchain_primitives::lender::LenderAction::<u32, u128>::ProposeExtension { new_end: 300 };
		let call = api::transactions().loans().lender_act(5, 2, action, [7; 64]);
		let (bytes, extrinsic) = decoded(&call);
		// The layout: compact length, version 5 with the general bit, extension version 0,
		// the explicit data (immortal era, nonce 0, tip 0, no metadata hash), then the call.
		let body = body_of(&bytes);
		assert_eq!(&body[..2], &[0x45, 0x00]);
		assert_eq!(&body[2..6], &[0x00, 0x00, 0x00, 0x00], "era, nonce, tip, metadata mode");
		assert_eq!(extrinsic.function.encode(), body[6..].to_vec(), "then the call");
		assert_eq!(extrinsic.encode(), bytes, "the runtime reads exactly these bytes");
		let preamble = format!("{:?}", extrinsic.preamble);
		assert!(preamble.starts_with("General(V0((AuthorizeCall"), "a general one: {preamble}");
		for data in ["CheckMortality(Immortal)", "CheckNonce(0)", "ChargeTransactionPayment<0>"] {
			assert!(preamble.contains(data), "{data} in {preamble}");
		}
		assert!(preamble.contains("mode: Disabled"), "{preamble}");
		let function = format!("{:?}", extrinsic.function);
		assert!(
			function.starts_with("Loans(Call::lender_act { loan_id: 5, nonce: 2, action: ProposeExtension { new_end: 300 }"),
			"{function}"
		);
	}

	#[test]
	fn a_confirmation_is_general_and_carries_the_proof() {
		let payout = AccountId32([3; 32]);
		let proof =
			api::runtime_types::bounded_collections::bounded_vec::BoundedVec(vec![9u8; 785]);
		let sealed =
			api::runtime_types::bounded_collections::bounded_vec::BoundedVec(vec![2u8; 378]);
		let call = api::transactions()
			.loans()
			.confirm_as_alias(4, [1; 32], 0, 8, [2; 32], payout, proof, sealed);
		let (bytes, extrinsic) = decoded(&call);
		assert_eq!(&body_of(&bytes)[..2], &[0x45, 0x00], "version 5, general");
		assert!(format!("{:?}", extrinsic.preamble).starts_with("General(V0((AuthorizeCall"));
		let function = format!("{:?}", extrinsic.function);
		assert!(function.starts_with("Loans(Call::confirm_as_alias { loan_id: 4,"), "{function}");
	}

	#[test]
	fn an_extension_the_client_does_not_know_is_refused() {
		use subxt::ext::frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
		let RuntimeMetadataPrefixed(magic, RuntimeMetadata::V16(mut v16)) =
			RuntimeMetadataPrefixed::decode(&mut &crate::runtime::METADATA[..]).expect("decodes")
		else {
			panic!("the checked-in metadata is V16");
		};
		let mut extra = v16.extrinsic.transaction_extensions[0].clone();
		extra.identifier = "CheckSomethingNew".into();
		v16.extrinsic.transaction_extensions.push(extra);
		let index = u32::try_from(v16.extrinsic.transaction_extensions.len() - 1).expect("fits");
		for indexes in v16.extrinsic.transaction_extensions_by_version.values_mut() {
			indexes.push(codec::Compact(index));
		}
		let prefixed = RuntimeMetadataPrefixed(magic, RuntimeMetadata::V16(v16));
		let changed: Metadata = prefixed.try_into().expect("converts");
		let call = api::transactions().loans().withdraw(1);
		let error =
			encode_general(&Arc::new(changed), &call, H256([1; 32]), 1, 1).expect_err("refused");
		assert!(error.to_string().contains("CheckSomethingNew"), "{error}");
	}

	#[test]
	fn pool_refusals_of_general_transactions_name_the_pallet_error() {
		let metadata = metadata();
		let refused = |message: &str| {
			explain_general_refusal(&metadata, "Loans", Error::Refused(Refusal::new(message)))
		};
		let error = refused("Invalid Transaction (1010): Custom error: 25");
		let named = error.chain_error().expect("named");
		assert_eq!((named.pallet.as_str(), named.error.as_str()), ("Loans", "BadRingProof"));
		assert!(error.to_string().contains("Loans.BadRingProof: The ring proof does not hold"));
		let stale = refused("Invalid Transaction (1010): Transaction is outdated");
		assert_eq!(stale.chain_error().map(|e| e.error.as_str()), Some("Stale"));
		let future = refused("Invalid Transaction (1010): Transaction will be valid in the future");
		assert_eq!(future.chain_error().map(|e| e.error.as_str()), Some("Future"));
		assert!(refused("something else").chain_error().is_none());
	}
}
