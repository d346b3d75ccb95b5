//! The SDK's error: what failed, the chain's own error (pallet, name and documentation) when the
//! chain refused something, and what to do about it.

use crate::{keystore::KeystoreError, sealing};
use core::fmt;

/// An error the chain reported: a pallet's error with the documentation the runtime carries
/// for it, or one of FRAME's general dispatch errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainError {
	/// The pallet that raised it (`Loans`, `Attestations`, ...), or `System` for FRAME's general
	/// errors (`BadOrigin`, `Token.FundsUnavailable`, ...).
	pub pallet: String,
	/// The error's name (`NotExpired`).
	pub error: String,
	/// The error's documentation in the runtime metadata.
	pub docs: String,
}

impl ChainError {
	/// What the user can do about this error, when there is a known remedy.
	pub fn hint(&self) -> Option<&'static str> {
		hint(&self.pallet, &self.error)
	}
}

impl fmt::Display for ChainError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write!(f, "{}.{}", self.pallet, self.error)?;
		if !self.docs.is_empty() {
			write!(f, ": {}", self.docs)?;
		}
		if let Some(hint) = self.hint() {
			write!(f, "\n  what to do: {hint}")?;
		}
		Ok(())
	}
}

/// Why a transaction was refused by the node's transaction pool (so it was never included and
/// no fee was charged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
	/// The pool's message, as the node sent it.
	pub message: String,
	/// The chain's reason, when the refusal names one: for a general transaction, the pallet
	/// error its authorization refused it with (`Loans.BadRingProof`), or `Stale` / `Future`.
	pub error: Option<ChainError>,
}

impl Refusal {
	/// A refusal with the pool's `message` and no named reason.
	pub fn new(message: impl Into<String>) -> Self {
		Self { message: message.into(), error: None }
	}

	/// The code of an `InvalidTransaction::Custom` refusal (`Custom error: n`), if it is one.
	pub fn custom_code(&self) -> Option<u8> {
		let (_, rest) = self.message.split_once("Custom error: ")?;
		let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
		digits.parse().ok()
	}

	/// loanchain's permission check refusal code in the message (`Custom error: 40` to `44`),
	/// if it is one.
	pub fn permission_code(&self) -> Option<u8> {
		self.custom_code().filter(|code| (40..=44).contains(code))
	}

	/// What the refusal means and what to do about it, when known.
	pub fn explanation(&self) -> Option<&'static str> {
		match self.permission_code() {
			Some(40) => {
				return Some(
					"CheckPermission.UnknownAccount: the signer was never attested and is not an \
				 attestor, consortium member or company operator. What to do: have an accredited \
				 attestor attest the account (`loanctl attestor attest`), or a company authorise \
				 it as operator (`loanctl company authorize-operator`).",
				)
			},
			Some(41) => return Some(
				"CheckPermission.AttestationExpired: the signer's attestation has expired. What \
				 to do: ask an attestor to renew it (`loanctl attestor attest` again).",
			),
			Some(42) => return Some(
				"CheckPermission.AttestationRevoked: the signer's attestation was revoked. What \
				 to do: ask the attestor about the revocation; a consortium revocation is final, \
				 the subject can be attested on a new account.",
			),
			Some(43) => return Some(
				"CheckPermission.CompanyNotValid: the signer is an operator of a company that has \
				 no validly attested account any more. What to do: have the company's attestation \
				 renewed.",
			),
			Some(44) => {
				return Some(
					"CheckPermission.ValidatorKeysNeeded: the signer is a validator and the call \
				 would purge its session keys. What to do: rotate keys with `session.setKeys` \
				 instead, or have the consortium remove the validator first \
				 (`consortium.removeValidator`).",
				)
			},
			_ => {},
		}
		let message = self.message.to_ascii_lowercase();
		if message.contains("inability to pay some fees") || message.contains("payment") {
			Some(
				"the signer cannot pay the transaction fee. What to do: endow the account \
				 (`loanctl transfer`).",
			)
		} else if message.contains("outdated") || message.contains("stale") {
			Some("the nonce was already used (another transaction of the signer got in first). What to do: submit again.")
		} else if message.contains("bad signature") {
			Some("the signature does not verify: the client's metadata or genesis hash does not match the chain. What to do: check --url and update the client.")
		} else if message.contains("ancient birth block") || message.contains("mortal") {
			Some("the transaction's validity window passed before it was included. What to do: submit again.")
		} else {
			None
		}
	}
}

impl fmt::Display for Refusal {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		if let Some(error) = &self.error {
			return write!(f, "the node refused the transaction: {error}");
		}
		write!(f, "the node refused the transaction: {}", self.message)?;
		if let Some(explanation) = self.explanation() {
			write!(f, "\n  {explanation}")?;
		}
		Ok(())
	}
}

/// An error of the loanchain SDK.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The node could not be reached.
	#[error(
		"cannot connect to a loanchain node at {url}: {reason}\n  what to do: start a node (for \
		 example `loanchain-node --dev`) or pass its WebSocket address with --url"
	)]
	Connect {
		/// The address tried.
		url: String,
		/// Why the connection failed.
		reason: String,
	},
	/// The chain executed the transaction (or a runtime call) and it failed with this error.
	#[error("the chain refused it: {0}")]
	Chain(ChainError),
	/// The node's transaction pool refused the transaction before it reached a block.
	#[error("{0}")]
	Refused(Refusal),
	/// Talking to the node failed (transport, RPC or decoding errors).
	#[error("{context}: {reason}")]
	Node {
		/// What the SDK was doing.
		context: String,
		/// What went wrong.
		reason: String,
	},
	/// The node runs a runtime whose calls differ from the ones this client was generated from.
	#[error(
		"the node runs a runtime whose {0} differs from the one this client was built for\n  \
		 what to do: use a client built for this chain's runtime (in the loanchain repository: \
		 scripts/refresh-metadata.sh, then rebuild)"
	)]
	RuntimeMismatch(String),
	/// The transaction was included but an event it should emit is missing (a client and
	/// runtime mismatch).
	#[error("the transaction succeeded but emitted no {0} event; the client may not match the runtime (check its version)")]
	MissingEvent(&'static str),
	/// Something the call needs does not exist on chain.
	#[error("{0}")]
	NotFound(String),
	/// An argument or input file is not acceptable.
	#[error("{0}")]
	Invalid(String),
	/// Sealing or opening loan terms failed.
	#[error(transparent)]
	Sealing(#[from] sealing::Error),
	/// The keystore could not be used.
	#[error(transparent)]
	Keystore(#[from] KeystoreError),
}

impl Error {
	/// A [`Error::Node`] error for `context` from any error ([`Error::RuntimeMismatch`] when
	/// subxt found the node's runtime incompatible with the generated API).
	pub fn node(context: impl Into<String>, reason: impl fmt::Display) -> Self {
		let reason = reason.to_string();
		let context = context.into();
		if reason.contains("not compatible with the live chain") {
			return Self::RuntimeMismatch(format!("interface used for {context}"));
		}
		Self::Node { context, reason }
	}

	/// The chain's error, if the chain refused the call (on chain, or in the pool with a
	/// named reason).
	pub fn chain_error(&self) -> Option<&ChainError> {
		match self {
			Self::Chain(error) => Some(error),
			Self::Refused(refusal) => refusal.error.as_ref(),
			_ => None,
		}
	}
}

/// What to do about the chain errors users meet in loanchain's flows.
fn hint(pallet: &str, error: &str) -> Option<&'static str> {
	Some(match (pallet, error) {
		("Loans" | "Disclosure", "NotFound") => "check the loan number (`loanctl show loan ID`)",
		("Loans" | "Attestations" | "Disclosure", "NotAttested") | ("Loans", "BorrowerNotAttested") => {
			"the account needs a valid attestation: ask an accredited attestor (`loanctl attestor attest`)"
		},
		("Loans", "LenderNotAttested") => "the lender's identity has no valid attestation; it must be renewed first",
		("Loans", "UnknownLender") => {
			"the lender address must be an attested account or a company operator; check it"
		},
		("Loans", "LenderIsBorrower") => "borrower and lender must be different people or companies",
		("Loans", "NotBorrower" | "NotLender" | "NotParty") => {
			"sign with an account of the right party of this loan (--as); see `loanctl show loan ID`"
		},
		("Loans" | "Attestations", "NotCompany") => {
			"only a company's attested account or one of its operators can do this"
		},
		("Loans", "BadConsent") => {
			"have the borrower sign a new consent for exactly this loan (`loanctl borrower sign-consent`); a consent is used once"
		},
		("Loans", "WrongState") => "the loan is not in the state this needs; check its status with `loanctl show loan ID`",
		("Loans", "NotExpired") => {
			"feedback is possible once the loan's end block has passed; see the end with `loanctl show loan ID`"
		},
		("Loans", "AlreadyReported") => "the lender already answered; see the loan's history with `loanctl show loan ID`",
		("Loans", "InvalidPeriod") => {
			"use a duration of at least one block and at most MaxLoanPeriod; an extension's new end must be after the current block"
		},
		("Loans", "TermsTooLarge") => "the sealed terms exceed 4096 bytes: shorten the terms document",
		("Loans", "TooManyLoans") => "the borrower has reached the most loans one identity can have",
		("Loans", "HistoryFull") => "the loan's history has no room for another extension: report performed or breached instead",
		("Loans", "ZeroFee") => "a paid query needs a fee above zero (--fee)",
		("Loans" | "Attestations" | "Disclosure", "CannotPayDeposit") | ("Disclosure", "CannotPayFee") => {
			"the signer's free balance cannot cover the deposit and fees: endow it (`loanctl transfer`)"
		},
		("Loans", "AliasInUse") => {
			"this invitation's alias serves another loan already: ask the lender for a new invitation (`loanctl lender invite`)"
		},
		("Loans", "AliasLender") => {
			"the loan's lender is an alias: `loanctl lender confirm` and `loanctl lender report` act for it with the stored invitation"
		},
		("Loans", "NamedLender") => "the loan's lender is named: it acts with its own account (--as)",
		("Loans", "BadRingProof") => {
			"the ring proof was not accepted: check your ring with `loanctl lender ring show` (it needs at least 8 members, and your key in its latest revision), then confirm again"
		},
		("Loans", "AliasMismatch") => {
			"the proof shows another alias than the loan's: confirm with the member secret the invitation was made with (the same --as account, or the same --seed)"
		},
		("Loans", "BadLenderSignature") => {
			"the action is not signed by the loan's lender key: act with the account that confirmed the loan (--as), which the stored invitation names"
		},
		("Loans", "MalformedSealedLender") => {
			"the sealed lender record is not an envelope of sealing format v2 of its fixed length: confirm with loanctl or the SDK, which build it"
		},
		("Loans", "SealedLenderRecipients") => {
			"the lender record is not sealed to exactly the consortium's auditor keys and the borrower (the auditor keys may have just changed): see them with `loanctl consortium auditors`, then confirm again"
		},
		("Loans", "BadActionNonce") | ("InvalidTransaction", "Stale") => {
			"another action of this loan got in first: see its state with `loanctl show loan ID`, and run the command again if the action is still needed"
		},
		("InvalidTransaction", "Future") => {
			"an earlier action of this loan is still pending: wait for it to be in a block, then run the command again"
		},
		("Attestations", "NotAttestor") => {
			"only an attestor admitted by the consortium can do this (`loanctl consortium propose admit-attestor`)"
		},
		("Attestations", "AlreadyAttestor") => "the account is an attestor already",
		("Attestations", "ExpiryNotInFuture") => "choose an expiry block after the current block",
		("Attestations", "LinkedToOtherIdentity") => {
			"the account belongs to another identity for good; attest a new account for this subject"
		},
		("Attestations", "WrongKind") => "the commitment's identity has the other kind (person or company)",
		("Attestations", "RevokedByConsortium") => {
			"the consortium revoked this account for good; attest a new account of the subject"
		},
		("Attestations", "AlreadyRevoked") => "the attestation is revoked already",
		("Attestations", "NotAuthorized") => "only the attestor that made the attestation (or the company's own accounts) can do this",
		("Attestations", "AlreadyOperator" | "HasIdentity") => {
			"an operator must be a fresh account with no attestation and no other company"
		},
		("Attestations", "NotOperator") => "the account is not an operator",
		("Attestations", "InvalidEncryptionKey") => "the key is a weak X25519 key; use the account's own encryption key",
		("Attestations", "NoEncryptionKey") => "the account has no encryption key registered",
		("Attestations", "CompanyNotValid") => "the operator's company has no valid attestation any more",
		("Disclosure", "WrongLevel") => {
			"the loan's information level does not allow this; see its level with `loanctl show loan ID`"
		},
		("Disclosure", "NotLender") => "only the lender's account or its company's operator can do this (--as)",
		("Disclosure", "NotParty") => "only the borrower or the lender (or the company's operator) can grant access (--as)",
		("Disclosure", "IsParty") => "a party reads the terms with `loanctl decrypt` and needs no query or grant",
		("Disclosure", "AlreadyPublic") => "the terms are public already: `loanctl disclosure public ID`",
		("Disclosure", "CommitmentMismatch") => {
			"reveal the terms exactly as sealed: `loanctl disclosure reveal` opens them from the lender's envelope"
		},
		("Disclosure", "TermsTooLarge") => "the terms exceed the chain's limit for public terms",
		("Disclosure", "PurposeTooLong" | "ReasonTooLong") => "shorten the text (at most 128 bytes)",
		("Disclosure", "NoEncryptionKey") => {
			"the reader (or requester) must first register an encryption key: `loanctl keys publish`"
		},
		("Disclosure", "MalformedCapsule" | "CapsuleKeyMismatch") => {
			"the capsule is not sealed to the right key (a grant: the reader's current encryption key; a delivery: the key the request kept); seal it again with loanctl, which reads the right key"
		},
		("Disclosure", "AlreadyGranted") => "the reader has a grant already: `loanctl disclosure grants ID`",
		("Disclosure", "GrantNotFound") => "no grant names this reader: `loanctl disclosure grants ID`",
		("Disclosure", "TooManyGrants") => "the loan has the most readers it can have: revoke a grant first",
		("Disclosure", "FeeBelowPrice") => "the lender's price is higher: see it with `loanctl show loan ID` and raise --max-fee",
		("Disclosure", "AlreadyRequested") => "you have an open request for this loan already: wait for the delivery or cancel it",
		("Disclosure", "TooManyRequests") => "the loan has the most open requests it can have: try again later",
		("Disclosure", "RequestNotFound") => "check the request number (`loanctl disclosure show-request ID`)",
		("Disclosure", "NotRequester") => "only the account that requested the query can do this (--as)",
		("Disclosure", "NotOpen") => "the request is closed, or being cancelled, already: see it with `loanctl disclosure show-request ID`",
		("Disclosure", "NoticePassed") => "the request was cancelled and its notice has passed: it can no longer be delivered",
		("Disclosure", "CannotPayInquiryFee") => "the account cannot pay the inquiry fee (0.01 LOAN, burnt for the borrower's log entry) besides the fee and the deposit",
		("Disclosure", "InquiryLogFull") => "the borrower's inquiry log takes no more entries",
		("Disclosure", "DeadlinePassed") => "the deadline has passed: the request can only be refunded (`loanctl disclosure refund ID`)",
		("Disclosure", "DeadlineNotReached") => {
			"a refund is possible once the request's deadline (or its cancellation notice) has passed; the requester can cancel, which refunds after the notice"
		},
		("Disclosure", "NotDelivered") => "only a delivered request can be complained about",
		("Disclosure", "AlreadyComplained") => "the complaint is on the record already",
		("LenderRing", "NotAuthorized") => {
			"sign with an attested account of that identity, or an operator of that company (--as); see `loanctl show account`"
		},
		("LenderRing", "AlreadyRegistered") => {
			"the identity has a member key already: `loanctl lender ring remove` first to register another"
		},
		("LenderRing", "KeyInUse") => "another identity registered this member key: derive another (a different account or --seed)",
		("LenderRing", "NoKey") => "the identity has no member key (see `loanctl lender ring show`)",
		("LenderRing", "StillValid") => "the identity is still attested: only it may remove its key",
		("LenderRing", "RingsFull") => "every ring is full: the consortium must raise the number of rings with a runtime upgrade",
		("Consortium", "TooFewValidators") => "the consortium keeps at least one validator: add the new one first",
		("Consortium", "AlreadyValidator" | "NotValidator") => {
			"see the voted set with `loanctl consortium validators`"
		},
		("Consortium", "InvalidPeerId") => "give the node's peer id as it prints it at start (12D3KooW...)",
		("Consortium", "LastAllowedNode") => "allow the replacement node first: the last allowed node cannot be removed",
		("Consortium", "NotNodeOwner") => "only the member that runs the node (its owner in the allow motion) can do this",
		("ConsortiumCollective", "NotMember") => "only consortium members can propose and vote on motions",
		("ConsortiumCollective", "DuplicateVote") => "this member already voted that way on the motion",
		("ConsortiumCollective", "DuplicateProposal") => "the same motion is open already: vote on it instead (`loanctl consortium motions`)",
		("ConsortiumCollective", "ProposalMissing" | "WrongIndex") => {
			"no open motion has this hash and index; list them with `loanctl consortium motions`"
		},
		("ConsortiumCollective", "TooEarly") => "the motion has not enough votes yet: wait for the votes or the end of its voting period",
		("System", "BadOrigin") => {
			"this call needs the consortium: carry it in a motion (`loanctl consortium propose ...`)"
		},
		("System", "Token.FundsUnavailable" | "Token.BelowMinimum") => {
			"the account's free balance is too low: endow it (`loanctl transfer`)"
		},
		_ => return None,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn chain_errors_name_the_error_its_docs_and_the_remedy() {
		let error = ChainError {
			pallet: "Loans".into(),
			error: "NotExpired".into(),
			docs: "The loan's end has not passed yet, so feedback is not due.".into(),
		};
		assert_eq!(
			error.to_string(),
			"Loans.NotExpired: The loan's end has not passed yet, so feedback is not due.\n  what \
			 to do: feedback is possible once the loan's end block has passed; see the end with \
			 `loanctl show loan ID`"
		);
	}

	#[test]
	fn permission_refusals_are_explained() {
		let refusal = Refusal::new("Invalid Transaction (1010): Custom error: 41");
		assert_eq!(refusal.permission_code(), Some(41));
		assert!(refusal.to_string().contains("AttestationExpired"));
		let other = Refusal::new("Invalid Transaction: Inability to pay some fees");
		assert_eq!(other.permission_code(), None);
		assert!(other.to_string().contains("loanctl transfer"));
	}
}
