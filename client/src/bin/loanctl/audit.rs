//! `loanctl audit ...`: an auditor (or the borrower) reads who lends an alias loan from its
//! sealed lender record (`docs/privacy.md`, section 5).

use crate::context::Context;
use clap::Subcommand;
use loanchain_client::{lender_record, Error};
use serde_json::json;

/// What an auditor does.
#[derive(Subcommand, Debug)]
pub enum AuditCommand {
	/// Open the sealed lender record of an alias loan with your encryption key (an auditor key
	/// the consortium registered, or the borrower's), check its signature and that the
	/// confirming account spoke for the named identity at the confirmation's block, and print
	/// the lender.
	Open {
		/// The keystore account whose encryption key opens the record.
		#[arg(long = "as", value_name = "NAME")]
		name: String,
		/// The alias loan's number.
		loan: u64,
	},
}

/// `loanctl audit ...`
pub async fn run(context: &Context, command: AuditCommand) -> Result<(), Error> {
	match command {
		AuditCommand::Open { name, loan } => {
			let account = context.account(&name)?;
			let chain = context.chain().await?;
			let lender = lender_record::audit(&chain, &account.encryption, loan).await?;
			let acting = if lender.operator {
				format!("{} as an operator of company {}", lender.account, lender.identity)
			} else {
				format!("{} of identity {}", lender.account, lender.identity)
			};
			context.print(
				&[format!(
					"loan {loan} (alias {}) is lent by {acting}, checked at its confirmation in \
					 block {}",
					lender.alias, lender.confirmed_at
				)],
				json!({ "lender": lender }),
			);
			Ok(())
		},
	}
}
