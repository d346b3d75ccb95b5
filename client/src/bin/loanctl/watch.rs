//! `loanctl watch`: prompts as finalized blocks raise them, one line each, resumable; a lender's
//! alias loans are found by the aliases of its invitations (kept beside the keystore).

use crate::{context::Context, KindArg, WatchArgs};
use loanchain_client::{
	watch::{Prompt, PromptKind, Watcher},
	AccountId32, Error,
};
use std::{fs, path::Path, time::Duration};

/// How often the finalized head is checked (blocks come every 6 seconds).
const POLL_INTERVAL: Duration = Duration::from_millis(1500);

fn kind_matches(kind: &PromptKind, filter: &[KindArg]) -> bool {
	filter.is_empty()
		|| filter.iter().any(|wanted| {
			matches!(
				(wanted, kind),
				(
					KindArg::FeedbackDue,
					PromptKind::FeedbackDue { .. } | PromptKind::ExtensionDeclined { .. }
				) | (KindArg::ExtensionToConfirm, PromptKind::ExtensionToConfirm { .. })
					| (KindArg::ConsentRequest, PromptKind::ConsentRequest { .. })
					| (
						KindArg::RegisteredInYourName,
						PromptKind::RegisteredInYourName { .. }
							| PromptKind::RegisteredToAliasInYourName { .. }
					) | (KindArg::PaidQuery, PromptKind::PaidQueryToDeliver { .. })
					| (
						KindArg::QueryAnswered,
						PromptKind::QueryDelivered { .. } | PromptKind::QueryRefunded { .. }
					)
			)
		})
}

fn read_cursor(path: &Path) -> Result<Option<u32>, Error> {
	match fs::read_to_string(path) {
		Ok(text) => text.trim().parse().map(Some).map_err(|_| {
			Error::Invalid(format!(
				"the cursor file {} does not hold a block number",
				path.display()
			))
		}),
		Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
		Err(error) => Err(Error::Invalid(format!("cannot read {}: {error}", path.display()))),
	}
}

fn write_cursor(path: &Path, next: u32) -> Result<(), Error> {
	let mut temporary = path.as_os_str().to_owned();
	temporary.push(".tmp");
	fs::write(&temporary, format!("{next}\n"))
		.and_then(|()| fs::rename(&temporary, path))
		.map_err(|error| Error::Invalid(format!("cannot write {}: {error}", path.display())))
}

/// The prompt as one line for people, with the command that answers it.
fn line(prompt: &Prompt, who: &str) -> String {
	if let (Some(alias), PromptKind::ConsentRequest { loan_id, duration, borrower }) =
		(&prompt.alias, &prompt.kind)
	{
		return format!(
			"block {}: consent request to {who} for loan {loan_id}, proposed to the alias {alias} 			 of your invitation: borrower identity {borrower} asks for {duration} blocks; confirm 			 with `loanctl lender confirm --as {who} {loan_id}`",
			prompt.block
		);
	}
	let line = line_of_kind(prompt, who);
	match &prompt.alias {
		Some(alias) => format!("{line} (alias loan {alias})"),
		None => line,
	}
}

/// The line of a prompt's kind.
fn line_of_kind(prompt: &Prompt, who: &str) -> String {
	match &prompt.kind {
		PromptKind::FeedbackDue { loan_id, end, report_by } => format!(
			"block {}: feedback due from {who} for loan {loan_id}: its end (block {end}) passed; \
			 report by block {report_by} with `loanctl lender report {loan_id} performed|extend|breach`",
			prompt.block
		),
		PromptKind::ExtensionDeclined { loan_id } => format!(
			"block {}: feedback due again from {who} for loan {loan_id}: the borrower declined the \
			 extension; report with `loanctl lender report {loan_id} performed|extend|breach`",
			prompt.block
		),
		PromptKind::ExtensionToConfirm { loan_id, new_end } => format!(
			"block {}: extension to confirm by {who} for loan {loan_id}: the lender extends it to \
			 block {new_end}; answer with `loanctl borrower confirm-extension {loan_id}` or \
			 `decline-extension {loan_id}`",
			prompt.block
		),
		PromptKind::ConsentRequest { loan_id, duration, borrower } => format!(
			"block {}: consent request to {who} for loan {loan_id}: borrower identity {borrower} \
			 asks for {duration} blocks; confirm with `loanctl lender confirm {loan_id}`",
			prompt.block
		),
		PromptKind::RegisteredInYourName { loan_id, company, duration, renews } => format!(
			"block {}: loan {loan_id} registered in the name of {who} by company {company} for \
			 {duration} blocks{}, with your consent",
			prompt.block,
			renews.map_or(String::new(), |previous| format!(", renewing loan {previous}"))
		),
		PromptKind::RegisteredToAliasInYourName { loan_id, alias, duration, renews } => format!(
			"block {}: loan {loan_id} registered in the name of {who} to the lender alias {alias} \
			 for {duration} blocks{}, with your consent",
			prompt.block,
			renews.map_or(String::new(), |previous| format!(", renewing loan {previous}"))
		),
		PromptKind::PaidQueryToDeliver { request_id, loan_id, fee, deadline } => format!(
			"block {}: paid query {request_id} to deliver by {who} for loan {loan_id}: fee {} held \
			 for you; deliver before block {deadline} with `loanctl disclosure deliver {request_id}` \
			 (or run `loanctl disclosure serve-queries`)",
			prompt.block,
			fee.parse::<u128>().map_or_else(|_| fee.clone(), crate::commands::format_amount)
		),
		PromptKind::QueryDelivered { request_id, loan_id } => format!(
			"block {}: paid query {request_id} of {who} delivered for loan {loan_id}; read it with \
			 `loanctl decrypt {loan_id} --request {request_id}`",
			prompt.block
		),
		PromptKind::QueryRefunded { request_id, loan_id } => format!(
			"block {}: paid query {request_id} of {who} for loan {loan_id} was not delivered in \
			 time; the fee and the deposit came back",
			prompt.block
		),
	}
}

/// Runs `loanctl watch`.
pub async fn run(context: &Context, args: WatchArgs) -> Result<(), Error> {
	let mut accounts: Vec<(AccountId32, String)> = Vec::new();
	for reference in &args.accounts {
		accounts.push((context.resolve(reference)?, reference.clone()));
	}
	let from = match (args.from_block, &args.cursor_file) {
		(Some(block), _) => Some(block),
		(None, Some(path)) => read_cursor(path)?,
		(None, None) => None,
	};
	let chain = context.chain().await?;
	let genesis_hash = chain.genesis_hash();
	let mut watcher = Watcher::new(accounts.iter().map(|(account, _)| *account).collect(), from);
	let mut printed = 0usize;
	loop {
		// The watched lenders' invitations, read again each time: invitations made meanwhile
		// count from the next block read.
		let store = context.invitations()?;
		watcher.set_aliases(
			accounts
				.iter()
				.flat_map(|(account, _)| {
					store
						.for_account(&genesis_hash, account)
						.into_iter()
						.map(|(alias, _)| (alias, *account))
				})
				.collect(),
		);
		let Some((_, prompts)) = watcher.next_finalized_block(&chain, args.until_block).await?
		else {
			if let (Some(until), Some(next)) = (args.until_block, watcher.next_block()) {
				if next > until {
					return Ok(());
				}
			}
			tokio::time::sleep(POLL_INTERVAL).await;
			continue;
		};
		for prompt in prompts.iter().filter(|prompt| kind_matches(&prompt.kind, &args.kinds)) {
			if context.json() {
				let text = serde_json::to_string(prompt)
					.map_err(|error| Error::Invalid(error.to_string()))?;
				println!("{text}");
			} else {
				let who = accounts
					.iter()
					.find(|(account, _)| account.to_string() == prompt.account)
					.map_or(prompt.account.as_str(), |(_, name)| name.as_str());
				println!("{}", line(prompt, who));
			}
			printed = printed.saturating_add(1);
		}
		// The block is done: a restart resumes after it.
		if let (Some(path), Some(next)) = (&args.cursor_file, watcher.next_block()) {
			write_cursor(path, next)?;
		}
		if args.count.is_some_and(|count| printed >= count) {
			return Ok(());
		}
	}
}
