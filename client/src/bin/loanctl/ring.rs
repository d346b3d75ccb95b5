//! `loanctl lender ring ...`: the lender's member key of the lender ring (register, remove,
//! prune), the ring as the chain holds it (checked against its keys on this machine), and ring
//! proofs made and checked here.

use crate::{
	commands::hex0x,
	context::{tx_json, tx_line, with, Context},
};
use clap::{Args, Subcommand};
use loanchain_client::{
	queries,
	ring::{self, MemberSecret},
	Error,
};
use serde_json::json;
use std::time::Instant;

/// `loanctl lender ring ...`
#[derive(Subcommand, Debug)]
pub enum RingCommand {
	/// Register your member key: your identity (or, as an operator, your company) joins the
	/// lender ring, which lets it lend under per-loan aliases. Holds the key deposit.
	Register(MemberArgs),
	/// Take your member key out of its ring (to rotate it, or to stop lending); the deposit
	/// returns. The ring is rebuilt without it within a few blocks.
	Remove(MemberArgs),
	/// Take out the member key of an identity that is no longer validly attested (anyone may);
	/// its deposit returns to its payer.
	Prune {
		/// The keystore account that signs (and pays the fee).
		#[arg(long = "as", value_name = "NAME")]
		name: String,
		/// The identity whose key to take out.
		identity: u64,
	},
	/// Print your member key (offline): derived from the --as account, or from --seed.
	Key(MemberArgs),
	/// Show a ring (default: the one new keys join): its keys, revisions and whether proofs
	/// against it are accepted. The chain's commitment is checked against the keys here.
	Show {
		/// The ring.
		ring: Option<u32>,
	},
	/// Make a ring proof for a context and a message against your ring's latest revision, and
	/// check it here: prints the alias, the proof and how long each took.
	Prove {
		#[command(flatten)]
		member: MemberArgs,
		/// The context (text); the alias is yours in it.
		#[arg(long)]
		context: String,
		/// The message (text) the proof binds.
		#[arg(long)]
		message: String,
	},
}

/// Whose member key: a keystore account, the identity it acts for, and the secret.
#[derive(Args, Debug)]
pub struct MemberArgs {
	/// The keystore account that signs (and pays the fee and deposit); `key` needs it only
	/// without --seed.
	#[arg(long = "as", value_name = "NAME", required_unless_present = "seed")]
	name: Option<String>,
	/// The identity the key is for [default: the account's own identity, or its company's if it
	/// is an operator].
	#[arg(long)]
	identity: Option<u64>,
	/// The member secret's 32-byte seed (hex), for a company whose operators share one
	/// [default: derived from the account's secret].
	#[arg(long, value_name = "HEX", env = "LOANCTL_MEMBER_SEED", hide_env_values = true)]
	seed: Option<String>,
}

impl MemberArgs {
	fn account(&self, context: &Context) -> Result<loanchain_client::keystore::Account, Error> {
		let name = self.name.as_deref().ok_or_else(|| {
			Error::Invalid("--as NAME is needed: the keystore account that signs".into())
		})?;
		context.account(name)
	}

	fn secret(&self, context: &Context) -> Result<MemberSecret, Error> {
		match &self.seed {
			Some(seed) => seed_secret(seed),
			None => Ok(self.account(context)?.keypair.derived_member_secret()),
		}
	}

	async fn identity(
		&self,
		context: &Context,
		chain: &loanchain_client::Chain,
	) -> Result<u64, Error> {
		if let Some(identity) = self.identity {
			return Ok(identity);
		}
		let account = self.account(context)?.keypair.account_id();
		queries::identity_for(chain, &account).await?.ok_or_else(|| {
			Error::NotFound(format!(
				"{} has no identity: get it attested (or authorised as a company's operator) first",
				context.label(&account)
			))
		})
	}
}

/// The member secret of `seed` (32 bytes of hex, as --seed takes it).
pub fn seed_secret(seed: &str) -> Result<MemberSecret, Error> {
	let bytes = hex::decode(seed.trim().trim_start_matches("0x"))
		.ok()
		.and_then(|b| <[u8; 32]>::try_from(b).ok())
		.ok_or_else(|| Error::Invalid("--seed must be 32 bytes of hex".into()))?;
	Ok(MemberSecret::from_seed(bytes))
}

fn ring_error(error: ring::RingError) -> Error {
	Error::Invalid(error.to_string())
}

/// Runs `loanctl lender ring ...`.
pub async fn run(context: &Context, command: RingCommand) -> Result<(), Error> {
	match command {
		RingCommand::Register(member) => {
			let account = member.account(context)?;
			let secret = member.secret(context)?;
			let chain = context.chain().await?;
			let identity = member.identity(context, &chain).await?;
			let included = ring::register_key(&chain, &account.keypair, identity, &secret).await?;
			let at = ring::member_of(&chain, identity).await?;
			let ring_index = at.as_ref().map(|m| m.ring);
			context.print(
				&[
					format!(
						"identity {identity}'s member key {} joined ring {}",
						hex0x(&secret.member_key()),
						ring_index.map_or("?".into(), |r| r.to_string())
					),
					tx_line(&included),
				],
				with(
					json!({ "identity": identity, "key": hex0x(&secret.member_key()), "ring": ring_index }),
					tx_json(&included),
				),
			);
		},
		RingCommand::Remove(member) => {
			let account = member.account(context)?;
			let chain = context.chain().await?;
			let identity = member.identity(context, &chain).await?;
			let included = ring::remove_key(&chain, &account.keypair, identity).await?;
			context.print(
				&[
					format!("identity {identity}'s member key left its ring (rebuilt without it within a few blocks)"),
					tx_line(&included),
				],
				with(json!({ "identity": identity }), tx_json(&included)),
			);
		},
		RingCommand::Prune { name, identity } => {
			let account = context.account(&name)?;
			let chain = context.chain().await?;
			let included = ring::prune_key(&chain, &account.keypair, identity).await?;
			context.print(
				&[format!("pruned identity {identity}'s member key"), tx_line(&included)],
				with(json!({ "identity": identity }), tx_json(&included)),
			);
		},
		RingCommand::Key(member) => {
			let secret = member.secret(context)?;
			let key = hex0x(&secret.member_key());
			context.print(&[format!("member key {key}")], json!({ "key": key }));
		},
		RingCommand::Show { ring: index } => {
			let chain = context.chain().await?;
			let index = match index {
				Some(index) => index,
				None => ring::current_ring(&chain).await?,
			};
			let info = ring::ring(&chain, index).await?.ok_or_else(|| {
				Error::NotFound(format!("ring {index} has no keys yet (register one with `loanctl lender ring register`)"))
			})?;
			info.check().map_err(ring_error)?;
			let mut text = vec![format!(
				"ring {index}: {} keys, revision {} commits to {} (checked here against the keys); {}{}",
				info.members.len(),
				info.revision.map_or("none".into(), |r| r.to_string()),
				info.committed,
				if info.usable { "proofs accepted" } else { "too few members for proofs yet" },
				if info.rebuilding { "; being rebuilt after a key left" } else { "" },
			)];
			text.push(format!("revisions accepted: {:?}", info.revisions));
			for (position, key) in info.members.iter().enumerate() {
				text.push(format!("  #{position} {}", hex0x(key)));
			}
			let mut value =
				serde_json::to_value(&info).map_err(|e| Error::Invalid(e.to_string()))?;
			value["checked"] = json!(true);
			context.print(&text, value);
		},
		RingCommand::Prove { member, context: ctx, message } => {
			let secret = member.secret(context)?;
			let chain = context.chain().await?;
			let identity = member.identity(context, &chain).await?;
			let at = ring::member_of(&chain, identity).await?.ok_or_else(|| {
				Error::NotFound(format!(
					"identity {identity} has no member key: `loanctl lender ring register` first"
				))
			})?;
			let info = ring::ring(&chain, at.ring)
				.await?
				.ok_or_else(|| Error::NotFound(format!("ring {} not found", at.ring)))?;
			info.check().map_err(ring_error)?;
			let revision = info
				.revision
				.ok_or_else(|| Error::NotFound("the ring has no revision yet".into()))?;
			let started = Instant::now();
			let proof = secret
				.prove(info.committed_members(), ctx.as_bytes(), message.as_bytes())
				.map_err(ring_error)?;
			let prove_ms = started.elapsed().as_secs_f64() * 1e3;
			let started = Instant::now();
			let alias =
				ring::verify(&info.commitment, &proof.bytes, ctx.as_bytes(), message.as_bytes())
					.map_err(ring_error)?;
			let verify_ms = started.elapsed().as_secs_f64() * 1e3;
			context.print(
				&[
					format!(
						"proof against ring {} revision {revision} ({} members): alias {}",
						at.ring,
						info.committed,
						hex0x(&alias)
					),
					format!(
						"made in {prove_ms:.0} ms, checked here in {verify_ms:.1} ms; {} bytes",
						proof.bytes.len()
					),
					hex0x(&proof.bytes),
				],
				json!({
					"ring": at.ring,
					"revision": revision,
					"members": info.committed,
					"alias": hex0x(&alias),
					"proof": hex0x(&proof.bytes),
					"proveMs": prove_ms,
					"verifyMs": verify_ms,
				}),
			);
		},
	}
	Ok(())
}
