//! The checked-in metadata (`client/metadata/loanchain.scale`), from which the SDK's typed API is
//! generated, must be the runtime's own. This test fails when it is stale; with
//! `LOANCHAIN_REFRESH_METADATA=1` it rewrites the file instead (`scripts/refresh-metadata.sh`).

use loanchain_runtime::Runtime;
use std::{collections::BTreeSet, path::PathBuf};

/// The metadata version the SDK is generated from.
const METADATA_VERSION: u32 = 16;

fn metadata_path() -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR"))
		.join("metadata")
		.join("loanchain.scale")
}

/// The runtime's metadata at [`METADATA_VERSION`], as `RuntimeMetadataPrefixed` bytes. Built
/// over empty storage, as on a new chain: a constant that a runtime parameter stored on chain can
/// override has its default value.
fn runtime_metadata() -> Vec<u8> {
	sp_io::TestExternalities::new_empty().execute_with(|| {
		assert!(
			Runtime::metadata_versions().contains(&METADATA_VERSION),
			"the runtime no longer offers metadata V{METADATA_VERSION}: {:?}",
			Runtime::metadata_versions()
		);
		Runtime::metadata_at_version(METADATA_VERSION)
			.expect("the runtime offers this metadata version")
			.to_vec()
	})
}

/// The names of the pallets and runtime APIs whose shape differs between two metadata blobs, for
/// a readable failure.
fn changed_parts(old: &[u8], new: &[u8]) -> Vec<String> {
	let (Ok(old), Ok(new)) = (subxt::Metadata::decode_from(old), subxt::Metadata::decode_from(new))
	else {
		return vec!["(the checked-in file does not decode as metadata)".into()];
	};
	let mut changed = BTreeSet::new();
	for pallet in new.pallets() {
		if old.pallet_by_name(pallet.name()).map(|p| p.hash()) != Some(pallet.hash()) {
			changed.insert(format!("pallet {}", pallet.name()));
		}
	}
	for pallet in old.pallets() {
		if new.pallet_by_name(pallet.name()).is_none() {
			changed.insert(format!("pallet {} (removed)", pallet.name()));
		}
	}
	for api in new.runtime_api_traits() {
		if old.runtime_api_trait_by_name(api.name()).map(|a| a.hash()) != Some(api.hash()) {
			changed.insert(format!("runtime API {}", api.name()));
		}
	}
	changed.into_iter().collect()
}

#[test]
fn checked_in_metadata_is_the_runtimes() {
	let fresh = runtime_metadata();
	let path = metadata_path();
	if std::env::var("LOANCHAIN_REFRESH_METADATA").as_deref() == Ok("1") {
		std::fs::write(&path, &fresh).expect("write the metadata file");
		eprintln!("wrote {} ({} bytes)", path.display(), fresh.len());
		return;
	}
	let stored = std::fs::read(&path).unwrap_or_default();
	assert!(
		stored == fresh,
		"{} is stale ({} bytes; the runtime's metadata V{METADATA_VERSION} is {} bytes). Changed: \
		 {}. Run scripts/refresh-metadata.sh and rebuild the client.",
		path.display(),
		stored.len(),
		fresh.len(),
		changed_parts(&stored, &fresh).join(", "),
	);
}

#[test]
fn checked_in_metadata_decodes_as_v16() {
	let stored = std::fs::read(metadata_path()).expect("client/metadata/loanchain.scale exists");
	assert_eq!(&stored[..4], b"meta", "starts with the metadata magic number");
	assert_eq!(stored[4], 16, "metadata version 16");
	let metadata = subxt::Metadata::decode_from(&stored).expect("decodes");
	for pallet in ["Attestations", "Loans", "ConsortiumCollective", "Consortium"] {
		assert!(metadata.pallet_by_name(pallet).is_some(), "pallet {pallet} is described");
	}
	for api in ["LoansApi", "AttestationsApi"] {
		assert!(
			metadata.runtime_api_trait_by_name(api).is_some(),
			"runtime API {api} is described"
		);
	}
}
