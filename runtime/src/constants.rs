//! Named constants of the loanchain runtime: block time, time units and currency units.

use crate::{Balance, BlockNumber};

/// The production time between two blocks, in milliseconds. Aura produces one block per slot;
/// every period of the runtime counted in blocks is derived from this number. A genesis may
/// choose a shorter block time (the test presets do, see `pallet_consortium::SlotDuration`);
/// on such a chain these periods pass faster in the same ratio.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;

/// Aura slot length of a chain whose genesis names no block time: one block per slot.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks in one minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// Blocks in one hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks in one day.
pub const DAYS: BlockNumber = HOURS * 24;

/// Blocks per session (one minute). A validator set change voted by the consortium takes effect
/// at the start of the session after next, so within two minutes of the vote.
pub const SESSION_PERIOD: BlockNumber = MINUTES;

/// One unit of the chain's fee token (12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;
/// A thousandth of a unit.
pub const MILLI_UNIT: Balance = 1_000_000_000;
/// A millionth of a unit.
pub const MICRO_UNIT: Balance = 1_000_000;

/// The least balance an account must hold to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Symbol of the fee token, shown by wallets.
pub const TOKEN_SYMBOL: &str = "LOAN";
/// Decimals of the fee token.
pub const TOKEN_DECIMALS: u8 = 12;
/// SS58 address prefix (42: the generic Substrate prefix, understood by every wallet).
pub const SS58_PREFIX: u16 = 42;
