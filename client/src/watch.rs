//! Prompts as they happen: follows finalized blocks and finds, for the watched accounts, every
//! feedback prompt (lender: a loan's end passed, or the borrower declined an extension), extension
//! to confirm (borrower), consent request (a proposal or a registration waiting for the lender's
//! confirmation), registration in a borrower's name, paid query to deliver (lender) and a paid
//! query delivered or refunded (requester).
//!
//! An alias loan's events name no lender, so its lender finds them by its own keys: given the
//! aliases of its invitations ([`Watcher::set_aliases`]), the watcher scans every block's
//! `LoanProposedToAlias` events for them, and looks up the alias of every loan whose prompt
//! names no lender (`FeedbackDue`, `ExtensionDeclined`, `QueryRequested`).
//!
//! Blocks are read one by one by number, so a watcher that stopped resumes from the block it
//! stopped at without missing one ([`Watcher::next_block`]; the node must still hold that
//! block's state, the last 256 blocks by default, or all with `--state-pruning archive`).
//!
//! ```no_run
//! use loanchain_client::{watch::Watcher, Chain};
//!
//! # async fn run() -> Result<(), loanchain_client::Error> {
//! let chain = Chain::connect("ws://127.0.0.1:9944").await?;
//! let lender = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty".parse().expect("an address");
//! let mut watcher = Watcher::new(vec![lender], None);
//! loop {
//!     for prompt in watcher.poll(&chain).await? {
//!         println!("{}", serde_json::to_string(&prompt).expect("serializable"));
//!     }
//!     // Store `watcher.next_block()` to resume from it after a restart.
//!     tokio::time::sleep(std::time::Duration::from_secs(2)).await;
//! }
//! # }
//! ```

use crate::{
	chain::Chain,
	error::Error,
	queries::{self, Id},
	runtime::api::{disclosure::events as disclosure_events, loans::events},
};
use serde::{Deserialize, Serialize};
use subxt::utils::AccountId32;

/// What a prompt asks of the watched account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum PromptKind {
	/// Lender: the loan's end passed; report performed, extended or breached by `report_by`.
	FeedbackDue {
		/// The loan.
		loan_id: Id,
		/// The end that passed.
		end: u32,
		/// The block by which the lender should answer.
		report_by: u32,
	},
	/// Lender: the borrower declined the extension, so the lender's feedback is due again.
	ExtensionDeclined {
		/// The loan.
		loan_id: Id,
	},
	/// Borrower: the lender proposed to extend the loan to `new_end`; confirm or decline.
	ExtensionToConfirm {
		/// The loan.
		loan_id: Id,
		/// The proposed new end.
		new_end: u32,
	},
	/// Lender: a loan was proposed to it (or registered by its company) and waits for its
	/// confirmation, the lender's consent.
	ConsentRequest {
		/// The loan.
		loan_id: Id,
		/// The loan period in blocks.
		duration: u32,
		/// The borrower's identity.
		borrower: Id,
	},
	/// Borrower: a company registered a loan in its name (or renewed one), using its signed
	/// consent.
	RegisteredInYourName {
		/// The loan.
		loan_id: Id,
		/// The company that registered it.
		company: Id,
		/// The loan period in blocks.
		duration: u32,
		/// For a renewal, the loan it renews.
		renews: Option<Id>,
	},
	/// Borrower: a company's system registered a loan in its name to a lender alias (or renewed
	/// one under a new alias), using its signed consent (format v2); the chain is not told the
	/// company.
	RegisteredToAliasInYourName {
		/// The loan.
		loan_id: Id,
		/// The lender's alias for the loan (hex).
		alias: String,
		/// The loan period in blocks.
		duration: u32,
		/// For a renewal, the loan it renews.
		renews: Option<Id>,
	},
	/// Lender: an account requested a paid query of the loan's terms; deliver it before
	/// `deadline` (`loanctl disclosure deliver`, or `serve-queries`) to receive the fee.
	PaidQueryToDeliver {
		/// The request.
		request_id: Id,
		/// The loan.
		loan_id: Id,
		/// The fee held in escrow (smallest unit, decimal).
		fee: String,
		/// The first block at which the lender can no longer deliver.
		deadline: u32,
	},
	/// Requester: the lender delivered the paid query; open it with `loanctl decrypt --request`.
	QueryDelivered {
		/// The request.
		request_id: Id,
		/// The loan.
		loan_id: Id,
	},
	/// Requester: the paid query was not delivered by its deadline; the fee and the deposit
	/// came back.
	QueryRefunded {
		/// The request.
		request_id: Id,
		/// The loan.
		loan_id: Id,
	},
}

impl PromptKind {
	/// The kind's name as it appears in JSON (`feedbackDue`, ...).
	pub fn name(&self) -> &'static str {
		match self {
			Self::FeedbackDue { .. } => "feedbackDue",
			Self::ExtensionDeclined { .. } => "extensionDeclined",
			Self::ExtensionToConfirm { .. } => "extensionToConfirm",
			Self::ConsentRequest { .. } => "consentRequest",
			Self::RegisteredInYourName { .. } => "registeredInYourName",
			Self::RegisteredToAliasInYourName { .. } => "registeredToAliasInYourName",
			Self::PaidQueryToDeliver { .. } => "paidQueryToDeliver",
			Self::QueryDelivered { .. } => "queryDelivered",
			Self::QueryRefunded { .. } => "queryRefunded",
		}
	}

	/// The loan the prompt is about.
	pub fn loan_id(&self) -> Id {
		match self {
			Self::FeedbackDue { loan_id, .. }
			| Self::ExtensionDeclined { loan_id }
			| Self::ExtensionToConfirm { loan_id, .. }
			| Self::ConsentRequest { loan_id, .. }
			| Self::RegisteredInYourName { loan_id, .. }
			| Self::RegisteredToAliasInYourName { loan_id, .. }
			| Self::PaidQueryToDeliver { loan_id, .. }
			| Self::QueryDelivered { loan_id, .. }
			| Self::QueryRefunded { loan_id, .. } => *loan_id,
		}
	}
}

/// A prompt for one watched account, raised in one finalized block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prompt {
	/// The finalized block whose events raised it.
	pub block: u32,
	/// The watched account it is for (SS58).
	pub account: String,
	/// For an alias loan, the alias (`0x` hex) of the account's invitation it is for.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub alias: Option<String>,
	/// What it asks.
	#[serde(flatten)]
	pub kind: PromptKind,
}

/// Follows finalized blocks for a set of accounts, block by block.
#[derive(Debug, Clone)]
pub struct Watcher {
	accounts: Vec<(AccountId32, Option<Id>)>,
	/// The aliases of the watched lenders' invitations, with the account each is for.
	aliases: Vec<([u8; 32], AccountId32)>,
	next_block: Option<u32>,
	finalized: u32,
}

impl Watcher {
	/// A watcher for `accounts` that starts at block `from` (default: the block after the last
	/// finalized one when it first polls).
	pub fn new(accounts: Vec<AccountId32>, from: Option<u32>) -> Self {
		Self {
			accounts: accounts.into_iter().map(|account| (account, None)).collect(),
			aliases: Vec::new(),
			next_block: from,
			finalized: 0,
		}
	}

	/// Also finds the alias loans of `aliases` (a lender's invitations, each with the account
	/// its prompts are for): proposals to them, and their feedback prompts. Replaces the set
	/// given before; call it again when the lender makes new invitations.
	pub fn set_aliases(&mut self, aliases: Vec<([u8; 32], AccountId32)>) {
		self.aliases = aliases;
	}

	/// The account whose invitation has `alias`, if it is one of [`Watcher::set_aliases`].
	fn alias_account(&self, alias: &[u8; 32]) -> Option<AccountId32> {
		self.aliases
			.iter()
			.find(|(known, _)| known == alias)
			.map(|(_, account)| *account)
	}

	/// The watched account and alias of alias loan `loan_id`, if its alias is one of
	/// [`Watcher::set_aliases`] (looked up in the loan's record).
	async fn alias_loan(
		&self,
		chain: &Chain,
		loan_id: Id,
	) -> Result<Option<(AccountId32, [u8; 32])>, Error> {
		if self.aliases.is_empty() {
			return Ok(None);
		}
		let loan = queries::loan(chain, loan_id).await?;
		let Some(alias) = loan.alias.and_then(|info| {
			let bytes = queries::decode_hex(&info.alias).ok()?;
			<[u8; 32]>::try_from(bytes).ok()
		}) else {
			return Ok(None);
		};
		Ok(self.alias_account(&alias).map(|account| (account, alias)))
	}

	/// Routes `kind`, a prompt for the lender of its loan: to the named lender's identity
	/// (`lender`), or, when the event names none (an alias loan), to the watched account whose
	/// invitation has the loan's alias, if any.
	async fn lender_prompt(
		&self,
		chain: &Chain,
		lender: Option<Id>,
		kind: PromptKind,
		raised: &mut Vec<(Id, PromptKind)>,
		for_aliases: &mut Vec<(AccountId32, [u8; 32], PromptKind)>,
	) -> Result<(), Error> {
		match lender {
			Some(lender) => raised.push((lender, kind)),
			None => {
				if let Some((account, alias)) = self.alias_loan(chain, kind.loan_id()).await? {
					for_aliases.push((account, alias, kind));
				}
			},
		}
		Ok(())
	}

	/// The next block this watcher will read: store it to resume after a restart.
	pub fn next_block(&self) -> Option<u32> {
		self.next_block
	}

	/// Resolves the identities of the watched accounts that have none yet (accounts attested
	/// or authorised since the last check).
	async fn resolve(&mut self, chain: &Chain) -> Result<(), Error> {
		for (account, identity) in &mut self.accounts {
			if identity.is_none() {
				*identity = queries::identity_for(chain, account).await?;
			}
		}
		Ok(())
	}

	/// The prompts of block `number` for the watched accounts.
	pub async fn prompts_in_block(
		&mut self,
		chain: &Chain,
		number: u32,
	) -> Result<Vec<Prompt>, Error> {
		let at = chain.block(number).await?;
		let block_events =
			at.events().fetch().await.map_err(|error| {
				Error::node(format!("reading the events of block {number}"), error)
			})?;
		let decode = |error| Error::node(format!("decoding the events of block {number}"), error);
		// (identity, kind) pairs raised in this block.
		let mut raised: Vec<(Id, PromptKind)> = Vec::new();
		for event in block_events.find::<events::LoanProposed>() {
			let event = event.map_err(decode)?;
			raised.push((
				event.lender,
				PromptKind::ConsentRequest {
					loan_id: event.loan_id,
					duration: event.duration,
					borrower: event.borrower,
				},
			));
		}
		for event in block_events.find::<events::LoanRegistered>() {
			let event = event.map_err(decode)?;
			raised.push((
				event.company,
				PromptKind::ConsentRequest {
					loan_id: event.loan_id,
					duration: event.duration,
					borrower: event.borrower,
				},
			));
			raised.push((
				event.borrower,
				PromptKind::RegisteredInYourName {
					loan_id: event.loan_id,
					company: event.company,
					duration: event.duration,
					renews: None,
				},
			));
		}
		for event in block_events.find::<events::LoanRenewed>() {
			let event = event.map_err(decode)?;
			raised.push((
				event.borrower,
				PromptKind::RegisteredInYourName {
					loan_id: event.loan_id,
					company: event.company,
					duration: event.end.saturating_sub(event.start),
					renews: Some(event.previous),
				},
			));
		}
		// Prompts of alias loans, for the watched lenders' invitations: (account, alias, kind).
		let mut for_aliases: Vec<(AccountId32, [u8; 32], PromptKind)> = Vec::new();
		// A proposal or a registration to one of the invitations' aliases asks for its consent.
		let mut consent_request = |alias: [u8; 32], loan_id: Id, duration: u32, borrower: Id| {
			if let Some(account) = self.alias_account(&alias) {
				let kind = PromptKind::ConsentRequest { loan_id, duration, borrower };
				for_aliases.push((account, alias, kind));
			}
		};
		for event in block_events.find::<events::LoanProposedToAlias>() {
			let event = event.map_err(decode)?;
			consent_request(event.alias, event.loan_id, event.duration, event.borrower);
		}
		for event in block_events.find::<events::LoanRegisteredToAlias>() {
			let event = event.map_err(decode)?;
			raised.push((
				event.borrower,
				PromptKind::RegisteredToAliasInYourName {
					loan_id: event.loan_id,
					alias: format!("0x{}", hex::encode(event.alias)),
					duration: event.duration,
					renews: None,
				},
			));
			consent_request(event.alias, event.loan_id, event.duration, event.borrower);
		}
		for event in block_events.find::<events::LoanRenewedByAlias>() {
			let event = event.map_err(decode)?;
			raised.push((
				event.borrower,
				PromptKind::RegisteredToAliasInYourName {
					loan_id: event.loan_id,
					alias: format!("0x{}", hex::encode(event.alias)),
					duration: event.end.saturating_sub(event.start),
					renews: Some(event.previous),
				},
			));
		}
		// An alias loan's prompts name no lender: its lender finds them by the loan's alias.
		for event in block_events.find::<events::FeedbackDue>() {
			let event = event.map_err(decode)?;
			let kind = PromptKind::FeedbackDue {
				loan_id: event.loan_id,
				end: event.end,
				report_by: event.report_by,
			};
			self.lender_prompt(chain, event.lender, kind, &mut raised, &mut for_aliases)
				.await?;
		}
		for event in block_events.find::<events::ExtensionDeclined>() {
			let event = event.map_err(decode)?;
			let kind = PromptKind::ExtensionDeclined { loan_id: event.loan_id };
			self.lender_prompt(chain, event.lender, kind, &mut raised, &mut for_aliases)
				.await?;
		}
		for event in block_events.find::<events::ExtensionProposed>() {
			let event = event.map_err(decode)?;
			raised.push((
				event.borrower,
				PromptKind::ExtensionToConfirm { loan_id: event.loan_id, new_end: event.new_end },
			));
		}
		for event in block_events.find::<disclosure_events::QueryRequested>() {
			let event = event.map_err(decode)?;
			let kind = PromptKind::PaidQueryToDeliver {
				request_id: event.request_id,
				loan_id: event.loan_id,
				fee: event.fee.to_string(),
				deadline: event.deadline,
			};
			// A request of an alias loan names no lender: its lender finds it by the loan's
			// alias, and delivers with the loan's lender key.
			self.lender_prompt(chain, event.lender, kind, &mut raised, &mut for_aliases)
				.await?;
		}
		// Prompts for an account rather than an identity: a requester needs no identity of its
		// own (a company's operator requests for the company).
		let mut for_accounts: Vec<(AccountId32, PromptKind)> = Vec::new();
		for event in block_events.find::<disclosure_events::QueryDelivered>() {
			let event = event.map_err(decode)?;
			for_accounts.push((
				event.requester,
				PromptKind::QueryDelivered { request_id: event.request_id, loan_id: event.loan_id },
			));
		}
		for event in block_events.find::<disclosure_events::QueryRefunded>() {
			let event = event.map_err(decode)?;
			for_accounts.push((
				event.requester,
				PromptKind::QueryRefunded { request_id: event.request_id, loan_id: event.loan_id },
			));
		}
		let mut prompts: Vec<Prompt> = for_aliases
			.into_iter()
			.map(|(account, alias, kind)| Prompt {
				block: number,
				account: account.to_string(),
				alias: Some(format!("0x{}", hex::encode(alias))),
				kind,
			})
			.collect();
		for (requester, kind) in for_accounts {
			for (account, _) in &self.accounts {
				if *account == requester {
					prompts.push(Prompt {
						block: number,
						account: account.to_string(),
						alias: None,
						kind: kind.clone(),
					});
				}
			}
		}
		if raised.is_empty() {
			return Ok(prompts);
		}
		self.resolve(chain).await?;
		for (identity, kind) in raised {
			for (account, watched) in &self.accounts {
				if *watched == Some(identity) {
					prompts.push(Prompt {
						block: number,
						account: account.to_string(),
						alias: None,
						kind: kind.clone(),
					});
				}
			}
		}
		Ok(prompts)
	}

	/// Reads the next block if it is finalized (and not after `until`): returns its number and
	/// its prompts, and moves [`Watcher::next_block`] past it. `None` when there is no such
	/// block yet.
	pub async fn next_finalized_block(
		&mut self,
		chain: &Chain,
		until: Option<u32>,
	) -> Result<Option<(u32, Vec<Prompt>)>, Error> {
		let next = match self.next_block {
			Some(next) => next,
			None => {
				self.finalized = chain.finalized_number().await?;
				self.finalized.saturating_add(1)
			},
		};
		self.next_block = Some(next);
		if until.is_some_and(|until| next > until) {
			return Ok(None);
		}
		if next > self.finalized {
			self.finalized = chain.finalized_number().await?;
			if next > self.finalized {
				return Ok(None);
			}
		}
		let prompts = self.prompts_in_block(chain, next).await?;
		self.next_block = Some(next.saturating_add(1));
		Ok(Some((next, prompts)))
	}

	/// Reads every finalized block from [`Watcher::next_block`] on (up to `until`, if given)
	/// and returns their prompts in order; afterwards `next_block` is the first block not read.
	pub async fn poll_until(
		&mut self,
		chain: &Chain,
		until: Option<u32>,
	) -> Result<Vec<Prompt>, Error> {
		let mut prompts = Vec::new();
		while let Some((_, block_prompts)) = self.next_finalized_block(chain, until).await? {
			prompts.extend(block_prompts);
		}
		Ok(prompts)
	}

	/// [`Watcher::poll_until`] with no upper bound: every finalized block not read yet.
	pub async fn poll(&mut self, chain: &Chain) -> Result<Vec<Prompt>, Error> {
		self.poll_until(chain, None).await
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn prompts_serialize_as_flat_json_lines() {
		let prompt = Prompt {
			block: 12,
			account: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty".into(),
			alias: None,
			kind: PromptKind::FeedbackDue { loan_id: 3, end: 11, report_by: 432_012 },
		};
		let line = serde_json::to_string(&prompt).expect("serializes");
		assert_eq!(
			line,
			r#"{"block":12,"account":"5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty","kind":"feedbackDue","loanId":3,"end":11,"reportBy":432012}"#
		);
		assert_eq!(serde_json::from_str::<Prompt>(&line).expect("parses"), prompt);
		assert_eq!(prompt.kind.name(), "feedbackDue");
		assert_eq!(prompt.kind.loan_id(), 3);

		// An alias loan's prompt names the invitation's alias.
		let alias = Prompt { alias: Some(format!("0x{}", "ab".repeat(32))), ..prompt };
		let line = serde_json::to_string(&alias).expect("serializes");
		assert!(line.contains(&format!(r#""alias":"0x{}""#, "ab".repeat(32))), "{line}");
		assert_eq!(serde_json::from_str::<Prompt>(&line).expect("parses"), alias);
	}
}
