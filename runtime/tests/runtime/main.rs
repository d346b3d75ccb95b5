//! The runtime's native tests, in one test binary (each binary links the whole runtime, so one
//! saves a link per file): its genesis presets, and the consortium as its only privileged
//! origin.

mod common;
mod genesis;
mod governance;
