//! The parties' flows around identities: the attestor attests and revokes accounts, a company
//! authorises operator accounts for its systems, every account registers the encryption key
//! loan terms are sealed to, and anyone moves funds for fees and deposits.
//!
//! ```no_run
//! use loanchain_client::{parties, AccountKeypair, Chain};
//!
//! # async fn run() -> Result<(), loanchain_client::Error> {
//! let chain = Chain::connect("ws://127.0.0.1:9944").await?;
//! let attestor = AccountKeypair::from_suri("//Bob").expect("a dev key");
//! let borrower = AccountKeypair::from_suri("//Charlie").expect("a dev key");
//!
//! // The attestor's keyed hash of the subject's ID (see docs/attestors.md).
//! let consortium_key = [0u8; 32];
//! let commitment = parties::identity_commitment(
//!     &consortium_key, parties::SubjectKind::Person, "CN", "11010519491231002X");
//! let expires_at = chain.best_number().await? + 100_000;
//! let attested = parties::attest(&chain, &attestor, &borrower.account_id(), commitment,
//!     parties::SubjectKind::Person, parties::AssuranceLevel::High, expires_at).await?;
//! println!("identity {}", attested.identity);
//!
//! // The borrower publishes the key its loan terms are sealed to.
//! parties::set_encryption_key(&chain, &borrower, &borrower.derived_encryption_keypair()).await?;
//! # Ok(())
//! # }
//! ```

use crate::{
	account::AccountKeypair,
	chain::{Chain, Included},
	error::Error,
	keys::EncryptionKeypair,
	queries::Id,
	runtime::api::{self, runtime_types::loanchain_primitives::identity as types},
};
use core::{fmt, str::FromStr};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subxt::utils::{AccountId32, MultiAddress, H256};

/// Domain tag of identity commitments (docs/attestors.md, "The commitment scheme").
pub const IDENTITY_COMMITMENT_TAG: &[u8] = b"loanchain/identity/v1";

/// Whether an identity is a person or a company.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
	/// A natural person.
	Person,
	/// A company.
	Company,
}

impl SubjectKind {
	fn byte(self) -> u8 {
		match self {
			Self::Person => b'P',
			Self::Company => b'C',
		}
	}

	fn to_runtime(self) -> types::SubjectKind {
		match self {
			Self::Person => types::SubjectKind::Person,
			Self::Company => types::SubjectKind::Company,
		}
	}
}

impl FromStr for SubjectKind {
	type Err = Error;

	fn from_str(text: &str) -> Result<Self, Error> {
		match text.to_ascii_lowercase().as_str() {
			"person" => Ok(Self::Person),
			"company" => Ok(Self::Company),
			_ => Err(Error::Invalid(format!("a subject is a person or a company, not {text:?}"))),
		}
	}
}

impl fmt::Display for SubjectKind {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Self::Person => "person",
			Self::Company => "company",
		})
	}
}

/// How thoroughly the attestor checked the subject (after eIDAS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AssuranceLevel {
	/// Low.
	Low,
	/// Substantial.
	Substantial,
	/// High.
	High,
}

impl AssuranceLevel {
	fn to_runtime(self) -> types::AssuranceLevel {
		match self {
			Self::Low => types::AssuranceLevel::Low,
			Self::Substantial => types::AssuranceLevel::Substantial,
			Self::High => types::AssuranceLevel::High,
		}
	}
}

impl FromStr for AssuranceLevel {
	type Err = Error;

	fn from_str(text: &str) -> Result<Self, Error> {
		match text.to_ascii_lowercase().as_str() {
			"low" => Ok(Self::Low),
			"substantial" => Ok(Self::Substantial),
			"high" => Ok(Self::High),
			_ => Err(Error::Invalid(format!(
				"an assurance level is low, substantial or high, not {text:?}"
			))),
		}
	}
}

/// The identity commitment an attestor submits for a subject: HMAC-SHA-256 with the
/// consortium's key of `"loanchain/identity/v1" 0x00 kind 0x00 country 0x00 id`, where `kind`
/// is `P` or `C`, `country` the ISO 3166-1 alpha-2 code in upper case and `id` the identifier
/// in upper case without spaces, hyphens and dots (docs/attestors.md).
pub fn identity_commitment(
	consortium_key: &[u8; 32],
	kind: SubjectKind,
	country: &str,
	id: &str,
) -> [u8; 32] {
	let canonical: String = id
		.chars()
		.filter(|c| !matches!(c, ' ' | '-' | '.'))
		.map(|c| c.to_ascii_uppercase())
		.collect();
	let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(consortium_key)
		.unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
	mac.update(IDENTITY_COMMITMENT_TAG);
	mac.update(&[0, kind.byte(), 0]);
	mac.update(country.trim().to_ascii_uppercase().as_bytes());
	mac.update(&[0]);
	mac.update(canonical.as_bytes());
	mac.finalize().into_bytes().into()
}

/// The outcome of an attestation.
#[derive(Debug)]
pub struct Attested {
	/// The identity the account belongs to.
	pub identity: Id,
	/// Whether the attestation created that identity (a new subject).
	pub new_identity: bool,
	/// The transaction.
	pub included: Included,
}

/// Attestor: attest that `account` belongs to the subject with `commitment`, of `kind`, checked
/// at `level`, valid until block `expires_at` (exclusive). Attesting an account again renews it.
pub async fn attest(
	chain: &Chain,
	attestor: &AccountKeypair,
	account: &AccountId32,
	commitment: [u8; 32],
	kind: SubjectKind,
	level: AssuranceLevel,
	expires_at: u32,
) -> Result<Attested, Error> {
	let call = api::transactions().attestations().attest(
		*account,
		H256(commitment),
		kind.to_runtime(),
		level.to_runtime(),
		expires_at,
	);
	let included = chain.submit(&call, attestor).await?;
	let attested: api::attestations::events::Attested = included.event("Attestations.Attested")?;
	let new_identity =
		!included.events_of::<api::attestations::events::IdentityCreated>()?.is_empty();
	Ok(Attested { identity: attested.identity, new_identity, included })
}

/// Attestor (the one that attested it): revoke `account`'s attestation.
pub async fn revoke(
	chain: &Chain,
	attestor: &AccountKeypair,
	account: &AccountId32,
) -> Result<Included, Error> {
	let call = api::transactions().attestations().revoke(*account);
	let included = chain.submit(&call, attestor).await?;
	included.event::<api::attestations::events::AttestationRevoked>(
		"Attestations.AttestationRevoked",
	)?;
	Ok(included)
}

/// Company (a validly attested account of it): authorise `operator`, an account of its API
/// systems, to act for the company; holds the operator deposit. Returns the company's identity.
pub async fn authorize_operator(
	chain: &Chain,
	company: &AccountKeypair,
	operator: &AccountId32,
) -> Result<Id, Error> {
	let call = api::transactions().attestations().authorize_operator(*operator);
	let included = chain.submit(&call, company).await?;
	let event: api::attestations::events::OperatorAuthorized =
		included.event("Attestations.OperatorAuthorized")?;
	Ok(event.company)
}

/// Company (or the consortium by motion): withdraw `operator`'s authorisation; the deposit is
/// released.
pub async fn withdraw_operator(
	chain: &Chain,
	company: &AccountKeypair,
	operator: &AccountId32,
) -> Result<Included, Error> {
	let call = api::transactions().attestations().withdraw_operator(*operator);
	let included = chain.submit(&call, company).await?;
	included
		.event::<api::attestations::events::OperatorWithdrawn>("Attestations.OperatorWithdrawn")?;
	Ok(included)
}

/// Any attested account or operator: register `encryption`'s public key as the key loan terms
/// are sealed to for `account` (replacing an earlier one).
pub async fn set_encryption_key(
	chain: &Chain,
	account: &AccountKeypair,
	encryption: &EncryptionKeypair,
) -> Result<Included, Error> {
	let call = api::transactions().attestations().set_encryption_key(encryption.public());
	let included = chain.submit(&call, account).await?;
	included
		.event::<api::attestations::events::EncryptionKeySet>("Attestations.EncryptionKeySet")?;
	Ok(included)
}

/// Any account: move `amount` (smallest unit) of the fee token to `to`, keeping the sender
/// alive (fees and deposits of new accounts, such as a company's operators).
pub async fn transfer(
	chain: &Chain,
	from: &AccountKeypair,
	to: &AccountId32,
	amount: u128,
) -> Result<Included, Error> {
	let call = api::transactions()
		.balances()
		.transfer_keep_alive(MultiAddress::Id(*to), amount);
	let included = chain.submit(&call, from).await?;
	included.event::<api::balances::events::Transfer>("Balances.Transfer")?;
	Ok(included)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn identity_commitment_follows_the_documented_scheme() {
		// docs/attestors.md: test key of 32 zero bytes, kind P, country CN,
		// id 11010519491231002X (HMAC-SHA-256 computed independently).
		let commitment =
			identity_commitment(&[0; 32], SubjectKind::Person, "CN", "11010519491231002X");
		assert_eq!(
			hex::encode(commitment),
			"2b3e2eaa7fa67bce55de6ae28c4cb0f98dd6e3e7f08a10786718f82859eda50b"
		);
		// The canonical form: case, spaces, hyphens and dots do not matter.
		assert_eq!(
			identity_commitment(&[0; 32], SubjectKind::Person, "cn", "110105-1949.1231 002x"),
			commitment
		);
		assert_ne!(
			identity_commitment(&[0; 32], SubjectKind::Company, "CN", "11010519491231002X"),
			commitment
		);
		assert_ne!(
			identity_commitment(&[1; 32], SubjectKind::Person, "CN", "11010519491231002X"),
			commitment
		);
	}

	#[test]
	fn kinds_and_levels_parse() {
		assert_eq!("Company".parse::<SubjectKind>().expect("ok"), SubjectKind::Company);
		assert_eq!("high".parse::<AssuranceLevel>().expect("ok"), AssuranceLevel::High);
		assert!("robot".parse::<SubjectKind>().is_err());
	}
}
