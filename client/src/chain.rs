//! The connection to a loanchain node: typed runtime calls, loanchain's JSON-RPC methods, and
//! transaction submission that reports its progress, waits for inclusion or finality, and turns
//! the chain's errors into [`ChainError`]s (pallet, error name, documentation, what to do).

use crate::{
	account::AccountKeypair,
	config::{LoanchainConfig, TxSettings},
	error::{ChainError, Error, Refusal},
};
use std::{sync::Arc, time::Duration};
use subxt::{
	backend::LegacyBackend,
	events::DecodeAsEvent,
	extrinsics::ExtrinsicEvents,
	metadata::ArcMetadata,
	rpcs::{client::RpcParams, rpc_params, RpcClient},
	transactions::{Payload, TransactionStatus},
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
		let at = self
			.client
			.at_current_block()
			.await
			.map_err(|error| Error::node("reading the finalized block", error))?;
		let nonce = self.next_nonce(&signer.account_id()).await?;
		let settings = TxSettings { nonce: Some(nonce), ..TxSettings::default() };
		let mut transactions = at.transactions();
		let signed =
			transactions
				.create_signed(call, signer, settings.params())
				.await
				.map_err(|error| {
					if matches!(error, subxt::error::ExtrinsicError::IncompatibleCodegen) {
						Error::RuntimeMismatch("transaction interface".into())
					} else {
						Error::node("building the transaction", error)
					}
				})?;
		let tx_hash = signed.hash();
		let mut progress = signed.submit_and_watch().await.map_err(|error| submit_error(&error))?;
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
					return Err(Error::Refused(Refusal { message }));
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
		Some(message) => Error::Refused(Refusal { message }),
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
		Error::Refused(Refusal { message })
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
