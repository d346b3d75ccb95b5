//! The subxt configuration of loanchain: account, signature, hashing and header types, and the
//! transaction extensions the runtime checks, in the runtime's order.

use std::{
	collections::HashMap,
	sync::{Arc, RwLock},
};
use subxt::{
	config::{
		substrate::{BlakeTwo256, SubstrateHeader},
		transaction_extensions::{
			ChargeTransactionPayment, ChargeTransactionPaymentParams, CheckGenesis,
			CheckMetadataHash, CheckMortality, CheckMortalityParams, CheckNonce, CheckNonceParams,
			CheckSpecVersion, CheckTxVersion,
		},
		ClientState, Config, TransactionExtension,
	},
	error::TransactionExtensionError,
	metadata::ArcMetadata,
	utils::{AccountId32, MultiAddress, MultiSignature, H256},
};

/// How loanchain transactions are built and blocks are read: `AccountId32` accounts addressed
/// by `MultiAddress<AccountId32, ()>`, `MultiSignature`, blake2-256 hashes, `u32` block numbers
/// (in a generic header) and the runtime's transaction extensions ([`LoanchainExtensions`]).
///
/// The runtime's metadata is cached per spec version, so a client fetches it once.
#[derive(Debug, Clone, Default)]
pub struct LoanchainConfig {
	metadata: Arc<RwLock<HashMap<u32, ArcMetadata>>>,
}

impl Config for LoanchainConfig {
	type AccountId = AccountId32;
	type Address = MultiAddress<AccountId32, ()>;
	type Signature = MultiSignature;
	type Hasher = BlakeTwo256;
	type Header = SubstrateHeader<H256>;
	type TransactionExtensions = LoanchainExtensions;
	type AssetId = u32;

	fn metadata_for_spec_version(&self, spec_version: u32) -> Option<ArcMetadata> {
		self.metadata.read().ok()?.get(&spec_version).cloned()
	}

	fn set_metadata_for_spec_version(&self, spec_version: u32, metadata: ArcMetadata) {
		if let Ok(mut cache) = self.metadata.write() {
			cache.insert(spec_version, metadata);
		}
	}
}

/// Declares a transaction extension that puts no bytes in the transaction and none in the
/// signed payload (its explicit and implicit data are both `()` in the runtime).
macro_rules! zero_data_extension {
	($(#[$doc:meta])* $name:ident = $identifier:literal) => {
		$(#[$doc])*
		#[derive(Debug, Clone, Copy, Default)]
		pub struct $name;

		impl<T: Config> TransactionExtension<T> for $name {
			type Decoded = ();
			type Params = ();

			fn new(_: &ClientState<T>, _: ()) -> Result<Self, TransactionExtensionError> {
				Ok($name)
			}
		}

		impl subxt::ext::frame_decode::extrinsics::TransactionExtension<scale_info::PortableRegistry>
			for $name
		{
			const NAME: &str = $identifier;

			// Extensions whose types are empty are skipped by the encoder and never reach these
			// two methods; reaching them means the runtime gave the extension data.
			fn encode_value_to(
				&self,
				_: u32,
				_: &scale_info::PortableRegistry,
				_: &mut Vec<u8>,
			) -> Result<(), subxt::ext::frame_decode::extrinsics::TransactionExtensionError> {
				Err(concat!(
					"the runtime's ", $identifier,
					" extension carries data this client does not know; refresh the client's metadata"
				)
				.into())
			}

			fn encode_implicit_to(
				&self,
				_: u32,
				_: &scale_info::PortableRegistry,
				_: &mut Vec<u8>,
			) -> Result<(), subxt::ext::frame_decode::extrinsics::TransactionExtensionError> {
				Err(concat!(
					"the runtime's ", $identifier,
					" extension signs data this client does not know; refresh the client's metadata"
				)
				.into())
			}
		}
	};
}

zero_data_extension!(
	/// `frame_system::AuthorizeCall`: lets calls authorise themselves (no data).
	AuthorizeCall = "AuthorizeCall"
);
zero_data_extension!(
	/// `frame_system::CheckNonZeroSender`: refuses the all-zero sender (no data).
	CheckNonZeroSender = "CheckNonZeroSender"
);
zero_data_extension!(
	/// `pallet_attestations::CheckPermission`: loanchain's permission check, which refuses
	/// signers that are neither attested, attestors, consortium members nor company operators
	/// (no data).
	CheckPermission = "CheckPermission"
);
zero_data_extension!(
	/// `frame_system::CheckWeight`: block weight and length limits (no data).
	CheckWeight = "CheckWeight"
);
zero_data_extension!(
	/// `frame_system::WeightReclaim`: refunds unused weight after dispatch (no data).
	WeightReclaim = "WeightReclaim"
);

/// The transaction extensions of the loanchain runtime (`TxExtension` in `runtime/src/lib.rs`),
/// in its order. `CheckEra` is identified as `CheckMortality` on chain.
pub type LoanchainExtensions = (
	AuthorizeCall,
	CheckNonZeroSender,
	CheckPermission,
	CheckSpecVersion,
	CheckTxVersion,
	CheckGenesis<LoanchainConfig>,
	CheckMortality<LoanchainConfig>,
	CheckNonce,
	CheckWeight,
	ChargeTransactionPayment,
	CheckMetadataHash,
	WeightReclaim,
);

/// The parameters of [`LoanchainExtensions`] for one transaction.
pub type LoanchainParams =
	<LoanchainExtensions as subxt::config::TransactionExtensions<LoanchainConfig>>::Params;

/// The per-transaction settings of [`LoanchainExtensions`]: the nonce, how long the
/// transaction stays valid, and the tip.
#[derive(Debug, Clone, Copy)]
pub struct TxSettings {
	/// The signer's nonce; `None` takes it from the chain.
	pub nonce: Option<u64>,
	/// For how many blocks the transaction stays valid; `None` makes it immortal.
	pub mortal_for: Option<u64>,
	/// A tip for the block author, in the smallest unit of the fee token.
	pub tip: u128,
}

impl Default for TxSettings {
	fn default() -> Self {
		Self { nonce: None, mortal_for: Some(64), tip: 0 }
	}
}

impl TxSettings {
	/// The extension parameters for these settings.
	pub fn params(&self) -> LoanchainParams {
		let nonce = match self.nonce {
			Some(nonce) => CheckNonceParams::with_nonce(nonce),
			None => CheckNonceParams::from_chain(),
		};
		let mortality = match self.mortal_for {
			Some(blocks) => CheckMortalityParams::mortal(blocks),
			None => CheckMortalityParams::immortal(),
		};
		(
			(),
			(),
			(),
			(),
			(),
			(),
			mortality,
			nonce,
			(),
			ChargeTransactionPaymentParams::tip(self.tip),
			(),
			(),
		)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use subxt::ext::frame_decode::extrinsics::TransactionExtensions as _;

	fn metadata() -> ArcMetadata {
		let bytes = crate::runtime::METADATA;
		Arc::new(subxt::Metadata::decode_from(bytes).expect("the checked-in metadata decodes"))
	}

	fn extensions(metadata: &ArcMetadata) -> LoanchainExtensions {
		let state = ClientState::<LoanchainConfig> {
			genesis_hash: H256::zero(),
			spec_version: 1,
			transaction_version: 1,
			metadata: metadata.clone(),
		};
		<LoanchainExtensions as subxt::config::TransactionExtensions<LoanchainConfig>>::new(
			&state,
			TxSettings { nonce: Some(0), mortal_for: None, tip: 0 }.params(),
		)
		.expect("the extensions build offline with an explicit nonce and no mortality")
	}

	/// Every extension the runtime lists is one this configuration knows, in the same order.
	#[test]
	fn configuration_knows_every_extension_of_the_runtime() {
		let metadata = metadata();
		let extensions = extensions(&metadata);
		let runtime: Vec<&str> = metadata
			.extrinsic()
			.transaction_extensions_to_use_for_encoding()
			.map(|extension| extension.identifier())
			.collect();
		assert_eq!(
			runtime,
			[
				"AuthorizeCall",
				"CheckNonZeroSender",
				"CheckPermission",
				"CheckSpecVersion",
				"CheckTxVersion",
				"CheckGenesis",
				"CheckMortality",
				"CheckNonce",
				"CheckWeight",
				"ChargeTransactionPayment",
				"CheckMetadataHash",
				"WeightReclaim",
			]
		);
		for name in runtime {
			assert!(extensions.contains_extension(name), "{name} is handled");
		}
	}

	/// The zero-data extensions are empty types in the runtime's metadata, so the encoder skips
	/// them (and their refusing encoders are never reached).
	#[test]
	fn zero_data_extensions_are_empty_in_the_runtime() {
		let metadata = metadata();
		for extension in metadata.extrinsic().transaction_extensions_to_use_for_encoding() {
			if [
				"AuthorizeCall",
				"CheckNonZeroSender",
				"CheckPermission",
				"CheckWeight",
				"WeightReclaim",
			]
			.contains(&extension.identifier())
			{
				for ty in [extension.extra_ty(), extension.additional_ty()] {
					let resolved = metadata.types().resolve(ty).expect("type exists");
					let empty = match &resolved.type_def {
						scale_info::TypeDef::Composite(c) => c.fields.is_empty(),
						scale_info::TypeDef::Tuple(t) => t.fields.is_empty(),
						_ => false,
					};
					assert!(empty, "{} has data", extension.identifier());
				}
			}
		}
	}
}
