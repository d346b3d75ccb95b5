//! The node's JSON-RPC methods beyond Substrate's defaults. This is the wiring point for
//! loanchain's own RPC modules (e.g. the loans RPC): each is merged into the module below.

#![warn(missing_docs)]

pub mod disclosure;
pub mod loans;

use std::sync::Arc;

use jsonrpsee::RpcModule;
use loanchain_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC methods need from the node.
pub struct FullDeps<C, P> {
	/// The client, to read state and call runtime APIs.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// Builds the node's extra RPC methods: account nonces (`system_accountNextIndex`), fee
/// estimates (`payment_*`) and loanchain's own modules (`loans_*`, see [`loans`];
/// `disclosure_*`, see [`disclosure`]).
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>,
	C: HeaderBackend<Block> + HeaderMetadata<Block, Error = BlockChainError> + 'static,
	C: Send + Sync + 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	C::Api: pallet_loans_runtime_api::LoansApi<Block, AccountId, Balance, BlockNumber>,
	C::Api: pallet_disclosure_runtime_api::DisclosureApi<Block, AccountId, Balance, BlockNumber>,
	P: TransactionPool + 'static,
{
	use disclosure::{Disclosure, DisclosureRpcServer};
	use loans::{Loans, LoansRpcServer};
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Loans::new(client.clone()).into_rpc())?;
	module.merge(Disclosure::new(client).into_rpc())?;

	Ok(module)
}
