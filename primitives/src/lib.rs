//! # loanchain primitives
//!
//! Types shared by loanchain's runtime, pallets, node and clients. Pallets talk to each other
//! only through the traits declared here (wired in the runtime), never by naming each other's
//! crates.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

/// The block number type of the chain.
pub type BlockNumber = u32;

/// The balance type of the chain's fee token.
pub type Balance = u128;

/// A 32-byte hash commitment (to an identity, or to a loan's terms).
pub type Commitment = sp_core::H256;

pub mod identity;
pub use identity::*;

pub mod loans;
pub use loans::*;

pub mod disclosure;
pub use disclosure::*;

pub mod deadlines;

pub mod ring;
pub use ring::*;

pub mod lender;
pub use lender::*;

pub mod sealed_lender;
pub use sealed_lender::*;

pub mod sealed_note;
pub use sealed_note::*;
