//! The loan flows of every role, with client-side sealing of the terms.
//!
//! - Borrower (C2C): [`propose`] (commits to the terms, seals them to the borrower's and the
//!   lender's registered encryption keys, submits), [`withdraw`], [`confirm_extension`],
//!   [`decline_extension`], and [`sign_consent`] for a company's registration.
//! - Lender: [`confirm`] a proposal, then [`report`] the outcome once the loan's end passed
//!   (performed, extended, or breached with an information level).
//! - Company (its operator): [`prepare_consent_request`] for the borrower to sign, then
//!   [`register`] the loan in the borrower's name (or renew one), [`confirm`] it once approved.
//! - Any party: [`open_loan_terms`] reads the sealed terms and checks them against the
//!   commitment on chain.
//!
//! ```no_run
//! use loanchain_client::{loans, AccountKeypair, Chain};
//!
//! # async fn run() -> Result<(), loanchain_client::Error> {
//! let chain = Chain::connect("ws://127.0.0.1:9944").await?;
//! let borrower = AccountKeypair::from_suri("//Charlie").expect("a dev key");
//! let lender = AccountKeypair::from_suri("//Dave").expect("a dev key");
//!
//! let terms = loans::canonical_terms(r#"{"amount": "2500.00", "currency": "EUR"}"#)?;
//! let proposal = loans::propose(&chain, &borrower, &lender.account_id(), 14_400, &terms).await?;
//! let confirmed = loans::confirm(&chain, &lender, proposal.loan_id).await?;
//! println!("loan {} is in force until block {}", proposal.loan_id, confirmed.end);
//!
//! // Once the end has passed, the lender reports the outcome.
//! chain.wait_for_block(confirmed.end).await?;
//! loans::report(&chain, &lender, proposal.loan_id, loans::Outcome::Performed).await?;
//!
//! // Either party reads the terms back, checked against the commitment on chain.
//! let opened =
//!     loans::open_loan_terms(&chain, &lender.derived_encryption_keypair(), proposal.loan_id).await?;
//! assert_eq!(opened.terms.as_slice(), terms.as_slice());
//! # Ok(())
//! # }
//! ```

use crate::{
	account::{self, AccountKeypair},
	chain::{Chain, Included},
	error::Error,
	keys::EncryptionKeypair,
	queries::{self, decode_hex, Id},
	runtime::api::{
		self,
		runtime_types::{loanchain_primitives::loans::DisclosureLevel, sp_runtime::MultiSignature},
	},
	sealing::{self, OpenedTerms, Salt},
};
use serde::{Deserialize, Serialize};
use subxt::utils::{AccountId32, H256};
use zeroize::Zeroizing;

/// The tag that starts every consent payload.
pub const CONSENT_TAG: &[u8; 20] = b"loanchain:consent:v1";

/// A terms document in the form loanchain clients seal: `json` parsed and written back as
/// compact UTF-8 JSON (object keys sorted), so the same terms always give the same bytes.
pub fn canonical_terms(json: &str) -> Result<Vec<u8>, Error> {
	let value: serde_json::Value = serde_json::from_str(json).map_err(|error| {
		Error::Invalid(format!(
			"the loan terms are not valid JSON (line {}, column {})",
			error.line(),
			error.column()
		))
	})?;
	if !value.is_object() {
		return Err(Error::Invalid("the loan terms must be a JSON object".into()));
	}
	serde_json::to_vec(&value).map_err(|error| Error::Invalid(error.to_string()))
}

/// The registered encryption keys of `accounts`, in order; fails naming the first account that
/// has none.
pub async fn recipient_keys(
	chain: &Chain,
	accounts: &[&AccountId32],
) -> Result<Vec<[u8; 32]>, Error> {
	let mut keys = Vec::with_capacity(accounts.len());
	for account in accounts {
		let key = queries::encryption_key(chain, account).await?.ok_or_else(|| {
			Error::NotFound(format!(
				"{account} has no encryption key registered, so loan terms cannot be sealed to it; \
				 it must publish one first (`loanctl keys publish`)"
			))
		})?;
		keys.push(key);
	}
	Ok(keys)
}

/// A proposal that reached the chain, with what the borrower keeps.
pub struct Proposed {
	/// The new loan's number.
	pub loan_id: Id,
	/// The commitment submitted with it.
	pub commitment: [u8; 32],
	/// The salt of the commitment (also inside the sealed terms); keep it with the terms.
	pub salt: Zeroizing<Salt>,
	/// The transaction.
	pub included: Included,
}

impl core::fmt::Debug for Proposed {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("Proposed")
			.field("loan_id", &self.loan_id)
			.field("commitment", &hex::encode(self.commitment))
			.field("included", &self.included)
			.finish_non_exhaustive()
	}
}

/// Borrower: propose a loan of `duration` blocks (from the lender's confirmation) to `lender`
/// with `terms`. The terms are committed to and sealed to the borrower's and the lender's
/// registered encryption keys in this client; the chain sees only the commitment and the
/// ciphertext. Holds the proposal deposit until the lender confirms or a party withdraws.
pub async fn propose(
	chain: &Chain,
	borrower: &AccountKeypair,
	lender: &AccountId32,
	duration: u32,
	terms: &[u8],
) -> Result<Proposed, Error> {
	let recipients = recipient_keys(chain, &[&borrower.account_id(), lender]).await?;
	let sealed = sealing::commit_and_seal(terms, &chain.genesis_hash(), &recipients)?;
	let call = api::transactions().loans().propose(
		*lender,
		duration,
		H256(sealed.commitment),
		sealed.envelope,
	);
	let included = chain.submit(&call, borrower).await?;
	let event: api::loans::events::LoanProposed = included.event("Loans.LoanProposed")?;
	Ok(Proposed {
		loan_id: event.loan_id,
		commitment: sealed.commitment,
		salt: sealed.salt,
		included,
	})
}

/// A confirmation: the loan is in force from `start` until `end` (exclusive).
#[derive(Debug)]
pub struct Confirmed {
	/// The first block of the period.
	pub start: u32,
	/// The first block after it: the lender is prompted for feedback at this block.
	pub end: u32,
	/// The transaction.
	pub included: Included,
}

/// Lender (or the lending company's operator): confirm proposal `loan_id`; it comes into force.
pub async fn confirm(
	chain: &Chain,
	lender: &AccountKeypair,
	loan_id: Id,
) -> Result<Confirmed, Error> {
	let included = chain.submit(&api::transactions().loans().confirm(loan_id), lender).await?;
	let event: api::loans::events::LoanConfirmed = included.event("Loans.LoanConfirmed")?;
	Ok(Confirmed { start: event.start, end: event.end, included })
}

/// Either party (or the deposit's payer): withdraw proposal `loan_id` before it is confirmed;
/// the deposit is returned.
pub async fn withdraw(chain: &Chain, who: &AccountKeypair, loan_id: Id) -> Result<Included, Error> {
	let included = chain.submit(&api::transactions().loans().withdraw(loan_id), who).await?;
	included.event::<api::loans::events::LoanWithdrawn>("Loans.LoanWithdrawn")?;
	Ok(included)
}

/// A confirmed extension: the loan is in force until `new_end`.
#[derive(Debug)]
pub struct ExtensionConfirmed {
	/// The new end (the lender is prompted again then).
	pub new_end: u32,
	/// The transaction.
	pub included: Included,
}

/// Borrower: confirm the extension the lender proposed for loan `loan_id`.
pub async fn confirm_extension(
	chain: &Chain,
	borrower: &AccountKeypair,
	loan_id: Id,
) -> Result<ExtensionConfirmed, Error> {
	let call = api::transactions().loans().confirm_extension(loan_id);
	let included = chain.submit(&call, borrower).await?;
	let event: api::loans::events::ExtensionConfirmed =
		included.event("Loans.ExtensionConfirmed")?;
	Ok(ExtensionConfirmed { new_end: event.new_end, included })
}

/// Borrower: decline the extension the lender proposed for loan `loan_id`; the lender's
/// feedback is due again.
pub async fn decline_extension(
	chain: &Chain,
	borrower: &AccountKeypair,
	loan_id: Id,
) -> Result<Included, Error> {
	let call = api::transactions().loans().decline_extension(loan_id);
	let included = chain.submit(&call, borrower).await?;
	included.event::<api::loans::events::ExtensionDeclined>("Loans.ExtensionDeclined")?;
	Ok(included)
}

/// How much of a breached loan's details the lender makes available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
	/// Anyone may read the terms.
	Public,
	/// Only the parties and the readers they grant.
	Encrypted,
	/// Anyone may buy the key for `fee` (smallest unit, not zero).
	PaidQuery {
		/// The price of one query.
		fee: u128,
	},
}

impl Disclosure {
	/// The level as the runtime's type.
	pub(crate) fn chain_level(self) -> DisclosureLevel<u128> {
		match self {
			Self::Public => DisclosureLevel::Public,
			Self::Encrypted => DisclosureLevel::Encrypted,
			Self::PaidQuery { fee } => DisclosureLevel::PaidQuery { fee },
		}
	}
}

/// The lender's feedback on a loan whose end has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
	/// (a) The contract was performed normally.
	Performed,
	/// (b) The contract is extended until this block; the borrower must confirm it.
	ExtendTo(u32),
	/// (c) The contract was breached; the details get this information level.
	Breached(Disclosure),
}

/// Lender: report the outcome of loan `loan_id`, once its end has passed.
pub async fn report(
	chain: &Chain,
	lender: &AccountKeypair,
	loan_id: Id,
	outcome: Outcome,
) -> Result<Included, Error> {
	let loans = api::transactions().loans();
	let included = match outcome {
		Outcome::Performed => {
			let included = chain.submit(&loans.report_performed(loan_id), lender).await?;
			included.event::<api::loans::events::LoanPerformed>("Loans.LoanPerformed")?;
			included
		},
		Outcome::ExtendTo(new_end) => {
			let included = chain.submit(&loans.propose_extension(loan_id, new_end), lender).await?;
			included.event::<api::loans::events::ExtensionProposed>("Loans.ExtensionProposed")?;
			included
		},
		Outcome::Breached(level) => {
			let level = level.chain_level();
			let included = chain.submit(&loans.report_breach(loan_id, level), lender).await?;
			included.event::<api::loans::events::LoanBreached>("Loans.LoanBreached")?;
			included
		},
	};
	Ok(included)
}

/// The consent payload a borrower signs for a company's registration (docs/company-api.md):
/// the tag, the genesis hash, the company's identity (`u64` LE), the borrower's account, the
/// commitment, the duration (`u32` LE), the loan renewed (`00`, or `01` + `u64` LE) and the
/// borrower's consent nonce (`u64` LE). 137 bytes, or 145 for a renewal.
pub fn consent_payload(
	genesis_hash: &[u8; 32],
	company: Id,
	borrower: &AccountId32,
	commitment: &[u8; 32],
	duration: u32,
	renews: Option<Id>,
	nonce: u64,
) -> Vec<u8> {
	let mut payload = Vec::with_capacity(145);
	payload.extend_from_slice(CONSENT_TAG);
	payload.extend_from_slice(genesis_hash);
	payload.extend_from_slice(&company.to_le_bytes());
	payload.extend_from_slice(&borrower.0);
	payload.extend_from_slice(commitment);
	push_consent_tail(&mut payload, duration, renews, nonce);
	payload
}

/// Appends the fields both consent formats end with: the duration, the loan renewed and the
/// nonce.
fn push_consent_tail(payload: &mut Vec<u8>, duration: u32, renews: Option<Id>, nonce: u64) {
	payload.extend_from_slice(&duration.to_le_bytes());
	match renews {
		None => payload.push(0),
		Some(loan_id) => {
			payload.push(1);
			payload.extend_from_slice(&loan_id.to_le_bytes());
		},
	}
	payload.extend_from_slice(&nonce.to_le_bytes());
}

/// The domain tag of consent payloads of format v2, to a lender alias (`docs/company-api.md`).
pub const ALIAS_CONSENT_TAG: &[u8; 20] = b"loanchain:consent:v2";

/// The consent payload of format v2, for a registration to lender alias `alias`
/// (`Loans.register_for_alias`): it names the alias instead of the company and binds the sealed
/// terms by their blake2b-256 hash (193 bytes; 201 with `renews`).
#[allow(clippy::too_many_arguments)]
pub fn alias_consent_payload(
	genesis_hash: &[u8; 32],
	alias: &[u8; 32],
	borrower: &AccountId32,
	commitment: &[u8; 32],
	sealed_terms: &[u8],
	duration: u32,
	renews: Option<Id>,
	nonce: u64,
) -> Vec<u8> {
	let mut payload = Vec::with_capacity(201);
	payload.extend_from_slice(ALIAS_CONSENT_TAG);
	payload.extend_from_slice(genesis_hash);
	payload.extend_from_slice(alias);
	payload.extend_from_slice(&borrower.0);
	payload.extend_from_slice(commitment);
	payload.extend_from_slice(&sp_crypto_hashing::blake2_256(sealed_terms));
	push_consent_tail(&mut payload, duration, renews, nonce);
	payload
}

/// The consent payload `request` describes, with `nonce`: of format v2 when it names an alias.
fn request_payload(
	genesis_hash: &[u8; 32],
	request: &ConsentRequest,
	borrower: &AccountId32,
	nonce: u64,
) -> Result<Vec<u8>, Error> {
	let commitment = bytes32(&request.commitment, "commitment")?;
	Ok(match &request.alias {
		Some(alias) => alias_consent_payload(
			genesis_hash,
			&bytes32(alias, "alias")?,
			borrower,
			&commitment,
			&decode_hex(&request.sealed_terms)?,
			request.duration,
			request.renews,
			nonce,
		),
		None => consent_payload(
			genesis_hash,
			request.company,
			borrower,
			&commitment,
			request.duration,
			request.renews,
			nonce,
		),
	})
}

/// A company's request for a borrower's consent to one loan: everything the borrower checks
/// before signing, and the exact payload to sign. Travels as JSON between the company's system
/// and the borrower's app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsentRequest {
	/// The chain's genesis hash (hex).
	pub genesis_hash: String,
	/// The lending company's identity (the borrower learns it; the chain does not, when the
	/// request names an alias).
	pub company: Id,
	/// The company's lender alias for this loan (hex), for a registration that names no company
	/// on chain (consent format v2); absent for a named registration.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub alias: Option<String>,
	/// The borrower's account (SS58).
	pub borrower: String,
	/// The loan period in blocks.
	pub duration: u32,
	/// The loan this one renews, for a renewal.
	pub renews: Option<Id>,
	/// The commitment to the terms (hex).
	pub commitment: String,
	/// The sealed terms (hex), which the borrower opens to read what it consents to.
	pub sealed_terms: String,
	/// The borrower's consent nonce the payload uses.
	pub nonce: u64,
	/// The payload to sign (hex).
	pub payload: String,
}

/// A consent request with the borrower's sr25519 signature of its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignedConsent {
	/// The request signed.
	pub request: ConsentRequest,
	/// The borrower's sr25519 signature of the payload (hex).
	pub signature: String,
}

impl SignedConsent {
	/// The borrower's account and its signature, checked over the request's payload: an error
	/// when the signature is malformed or not the borrower's over these bytes.
	pub fn verified(&self) -> Result<(AccountId32, [u8; 64]), Error> {
		let borrower = account_of(&self.request.borrower)?;
		let payload = decode_hex(&self.request.payload)?;
		let signature: [u8; 64] = decode_hex(&self.signature)?
			.try_into()
			.map_err(|_| Error::Invalid("the consent signature must be 64 bytes".into()))?;
		if !account::verify(&borrower, &payload, &signature) {
			return Err(Error::Invalid(
				"the consent signature does not verify against the borrower and the payload".into(),
			));
		}
		Ok((borrower, signature))
	}
}

fn account_of(text: &str) -> Result<AccountId32, Error> {
	text.parse()
		.map_err(|_| Error::Invalid(format!("{text:?} is not an account address")))
}

/// The 32 bytes of hex `text` (with or without `0x`), for `what`.
pub(crate) fn bytes32(text: &str, what: &str) -> Result<[u8; 32], Error> {
	decode_hex(text)?
		.try_into()
		.map_err(|_| Error::Invalid(format!("the {what} must be 32 bytes")))
}

/// The company identity `operator` acts for: as its operator, or as an attested account of it.
pub async fn company_of(chain: &Chain, operator: &AccountId32) -> Result<Id, Error> {
	queries::identity_for(chain, operator).await?.ok_or_else(|| {
		Error::NotFound(format!(
			"{operator} acts for no company: it must be a company's attested account or operator"
		))
	})
}

/// The borrower's current consent nonce.
pub async fn consent_nonce(chain: &Chain, borrower: &AccountId32) -> Result<u64, Error> {
	let at = chain.best_block().await?;
	let nonce = at
		.storage()
		.try_fetch(api::storage().loans().consent_nonce(), (*borrower,))
		.await
		.map_err(|error| Error::node("reading Loans.ConsentNonce", error))?;
	match nonce {
		None => Ok(0),
		Some(value) => value
			.decode()
			.map_err(|error| Error::node("decoding Loans.ConsentNonce", error)),
	}
}

/// Company (its operator): prepare the consent request for a loan of `duration` blocks to
/// `borrower` with `terms` (renewing loan `renews`, if given). The terms are sealed to the
/// borrower's and the operator's registered encryption keys; the payload comes from the chain
/// (`LoansApi::consent_payload`) and is checked against the documented layout.
pub async fn prepare_consent_request(
	chain: &Chain,
	operator: &AccountKeypair,
	borrower: &AccountId32,
	duration: u32,
	terms: &[u8],
	renews: Option<Id>,
) -> Result<ConsentRequest, Error> {
	prepare_request(chain, operator, borrower, duration, terms, renews, None).await
}

/// Company (its operator): prepare the consent request for a loan of `duration` blocks to
/// `borrower` with `terms`, registered to the company's lender alias `alias` (of an invitation
/// the operator made, `loanctl lender invite`), renewing alias loan `renews` if given: the
/// consent of format v2 names the alias, so no account or identity of the company appears on
/// chain. The terms are sealed to the borrower's and the operator's registered encryption keys.
/// A renewal is sent with [`crate::alias_renewal::renew_as_alias`], a registration with
/// [`register`].
pub async fn prepare_alias_consent_request(
	chain: &Chain,
	operator: &AccountKeypair,
	borrower: &AccountId32,
	duration: u32,
	terms: &[u8],
	alias: &[u8; 32],
	renews: Option<Id>,
) -> Result<ConsentRequest, Error> {
	prepare_request(chain, operator, borrower, duration, terms, renews, Some(alias)).await
}

/// The consent request of [`prepare_consent_request`] (`alias` is `None`) or
/// [`prepare_alias_consent_request`]: the terms sealed, the payload built by
/// [`request_payload`]; a named payload is also checked against the chain's
/// (`LoansApi::consent_payload`).
async fn prepare_request(
	chain: &Chain,
	operator: &AccountKeypair,
	borrower: &AccountId32,
	duration: u32,
	terms: &[u8],
	renews: Option<Id>,
	alias: Option<&[u8; 32]>,
) -> Result<ConsentRequest, Error> {
	let company = company_of(chain, &operator.account_id()).await?;
	let recipients = recipient_keys(chain, &[borrower, &operator.account_id()]).await?;
	let genesis = chain.genesis_hash();
	let sealed = sealing::commit_and_seal(terms, &genesis, &recipients)?;
	let nonce = consent_nonce(chain, borrower).await?;
	let mut request = ConsentRequest {
		genesis_hash: hex::encode(genesis),
		company,
		alias: alias.map(hex::encode),
		borrower: borrower.to_string(),
		duration,
		renews,
		commitment: hex::encode(sealed.commitment),
		sealed_terms: hex::encode(&sealed.envelope),
		nonce,
		payload: String::new(),
	};
	let payload = request_payload(&genesis, &request, borrower, nonce)?;
	if alias.is_none() {
		let at = chain.best_block().await?;
		let chains = at
			.runtime_apis()
			.call(api::runtime_apis().loans_api().consent_payload(
				company,
				*borrower,
				H256(sealed.commitment),
				duration,
				renews,
			))
			.await
			.map_err(|error| Error::node("calling LoansApi.consent_payload", error))?;
		if chains != payload {
			return Err(Error::Invalid(
				"the chain's consent payload differs from the documented layout; update the client"
					.into(),
			));
		}
	}
	request.payload = hex::encode(payload);
	Ok(request)
}

/// Borrower: check a company's consent request and sign it. The request must name this
/// borrower and this chain, its payload must be exactly the loan it describes with the
/// borrower's current nonce, and the sealed terms must open with the borrower's encryption key
/// and match the commitment. Returns the signed consent and the terms (to show the borrower
/// what it consents to).
pub async fn sign_consent(
	chain: &Chain,
	borrower: &AccountKeypair,
	encryption: &EncryptionKeypair,
	request: &ConsentRequest,
) -> Result<(SignedConsent, OpenedTerms), Error> {
	let genesis = chain.genesis_hash();
	if bytes32(&request.genesis_hash, "genesis hash")? != genesis {
		return Err(Error::Invalid("the consent request is for another chain".into()));
	}
	if account_of(&request.borrower)? != borrower.account_id() {
		return Err(Error::Invalid(format!(
			"the consent request is for borrower {}, not {}",
			request.borrower,
			borrower.account_id()
		)));
	}
	let commitment = bytes32(&request.commitment, "commitment")?;
	let nonce = consent_nonce(chain, &borrower.account_id()).await?;
	let payload = request_payload(&genesis, request, &borrower.account_id(), nonce)?;
	if decode_hex(&request.payload)? != payload {
		return Err(Error::Invalid(
			"the consent request's payload is not this loan with your current consent nonce (it \
			 is out of date or altered); ask the company for a new request"
				.into(),
		));
	}
	let opened = sealing::open_terms(
		encryption,
		&genesis,
		&commitment,
		&decode_hex(&request.sealed_terms)?,
	)?;
	let signature = borrower.sign(&payload);
	Ok((SignedConsent { request: request.clone(), signature: hex::encode(signature) }, opened))
}

/// A registration (or renewal) that reached the chain.
#[derive(Debug)]
pub struct Registered {
	/// The new loan.
	pub loan_id: Id,
	/// For a renewal, the loan renewed (now performed) and the new loan's period.
	pub renewal: Option<Renewal>,
	/// The transaction.
	pub included: Included,
}

/// The outcome of a renewal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Renewal {
	/// The loan renewed.
	pub previous: Id,
	/// The first block of the new loan.
	pub start: u32,
	/// The first block after the new loan.
	pub end: u32,
}

/// Company (its operator): register the loan of a signed consent in the borrower's name (it
/// then waits for the company's [`confirm`]), or, when the consent names a loan it renews,
/// report that loan performed and register the follow-on loan, in force at once.
pub async fn register(
	chain: &Chain,
	operator: &AccountKeypair,
	consent: &SignedConsent,
) -> Result<Registered, Error> {
	let request = &consent.request;
	let (borrower, signature) = consent.verified()?;
	let commitment = H256(bytes32(&request.commitment, "commitment")?);
	let sealed_terms = decode_hex(&request.sealed_terms)?;
	let consent_signature = MultiSignature::Sr25519(signature);
	let loans = api::transactions().loans();
	if let Some(alias) = &request.alias {
		if request.renews.is_some() {
			return Err(Error::Invalid(
				"a renewal under an alias is signed by the renewed loan's lender key: send it \
				 with `alias_renewal::renew_as_alias` (as `loanctl company register` does)"
					.into(),
			));
		}
		let call = loans.register_for_alias(
			borrower,
			bytes32(alias, "alias")?,
			request.duration,
			commitment,
			sealed_terms,
			consent_signature,
		);
		let included = chain.submit_general(&call).await?;
		let event: api::loans::events::LoanRegisteredToAlias =
			included.event("Loans.LoanRegisteredToAlias")?;
		return Ok(Registered { loan_id: event.loan_id, renewal: None, included });
	}
	match request.renews {
		None => {
			let call = loans.register_for_borrower(
				borrower,
				request.duration,
				commitment,
				sealed_terms,
				consent_signature,
			);
			let included = chain.submit(&call, operator).await?;
			let event: api::loans::events::LoanRegistered =
				included.event("Loans.LoanRegistered")?;
			Ok(Registered { loan_id: event.loan_id, renewal: None, included })
		},
		Some(previous) => {
			let call = loans.renew(
				previous,
				borrower,
				request.duration,
				commitment,
				sealed_terms,
				consent_signature,
			);
			let included = chain.submit(&call, operator).await?;
			let event: api::loans::events::LoanRenewed = included.event("Loans.LoanRenewed")?;
			Ok(Registered {
				loan_id: event.loan_id,
				renewal: Some(Renewal {
					previous: event.previous,
					start: event.start,
					end: event.end,
				}),
				included,
			})
		},
	}
}

/// Any reader the terms were sealed to: open loan `loan_id`'s sealed terms with `encryption`
/// and check them against the commitment on chain.
pub async fn open_loan_terms(
	chain: &Chain,
	encryption: &EncryptionKeypair,
	loan_id: Id,
) -> Result<OpenedTerms, Error> {
	let loan = queries::loan(chain, loan_id).await?;
	open_record_terms(&chain.genesis_hash(), encryption, &loan)
}

/// [`open_loan_terms`] of `loan`, already read, on the chain with `genesis_hash`.
pub fn open_record_terms(
	genesis_hash: &[u8; 32],
	encryption: &EncryptionKeypair,
	loan: &queries::LoanRecord,
) -> Result<OpenedTerms, Error> {
	let opened = sealing::open_terms(
		encryption,
		genesis_hash,
		&loan.commitment_bytes()?,
		&loan.sealed_terms_bytes()?,
	)?;
	Ok(opened)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_alias_consent_payload_is_the_runtimes() {
		// The SDK builds the bytes field by field; the runtime encodes the tuple.
		let borrower = AccountId32([0x22; 32]);
		let sealed = [0x44u8; 40];
		for renews in [None, Some(9)] {
			let ours = alias_consent_payload(
				&[0x11; 32],
				&[0xA1; 32],
				&borrower,
				&[0x33; 32],
				&sealed,
				100,
				renews,
				5,
			);
			let theirs = loanchain_primitives::alias_consent_payload(
				&[0x11u8; 32],
				&[0xA1; 32],
				&borrower.0,
				&loanchain_primitives::Commitment::repeat_byte(0x33),
				&sealed,
				100u32,
				renews,
				5,
			);
			assert_eq!(ours, theirs);
			assert_eq!(ours.len(), if renews.is_some() { 201 } else { 193 });
			assert_eq!(&ours[..20], ALIAS_CONSENT_TAG);
		}
	}

	#[test]
	fn consent_payload_matches_the_documented_vector() {
		// docs/company-api.md, "Test vector".
		let payload =
			consent_payload(&[0x11; 32], 7, &AccountId32([0x22; 32]), &[0x33; 32], 100, None, 5);
		let expected = [
			"6c6f616e636861696e3a636f6e73656e743a7631",
			"1111111111111111111111111111111111111111111111111111111111111111",
			"0700000000000000",
			"2222222222222222222222222222222222222222222222222222222222222222",
			"3333333333333333333333333333333333333333333333333333333333333333",
			"64000000",
			"00",
			"0500000000000000",
		]
		.concat();
		assert_eq!(hex::encode(&payload), expected);
		assert_eq!(payload.len(), 137);
		let renewal =
			consent_payload(&[0x11; 32], 7, &AccountId32([0x22; 32]), &[0x33; 32], 100, Some(9), 5);
		assert_eq!(renewal.len(), 145);
		assert_eq!(hex::encode(&renewal[128..137]), "010900000000000000");
	}

	#[test]
	fn terms_are_compact_sorted_json_objects() {
		let terms =
			canonical_terms("{ \"rate_bps\": 450,\n \"amount\": \"10.00\" }").expect("valid");
		assert_eq!(terms, br#"{"amount":"10.00","rate_bps":450}"#);
		assert!(canonical_terms("[1, 2]").is_err());
		let error = canonical_terms("{\"amount\": ").expect_err("invalid");
		assert!(error.to_string().contains("line 1"), "{error}");
	}
}
