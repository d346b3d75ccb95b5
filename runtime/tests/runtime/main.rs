//! The runtime's native tests, in one test binary (each binary links the whole runtime, so one
//! saves a link per file): its genesis presets, and the consortium as its only privileged
//! origin.

// The alias tests set the lender ring up with its benchmark fixture.
#[cfg(feature = "runtime-benchmarks")]
mod aliases;
mod common;
mod genesis;
mod governance;
mod validators;
