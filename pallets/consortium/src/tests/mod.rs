//! Unit tests, one file per call family. Every test ends with `do_try_state` (through
//! `ExtBuilder::build_and_execute`).

mod auditors;
mod nodes;
mod root_calls;
mod session;
mod slot_duration;
mod validators;
