//! Unit tests, one file per call family. Every test ends with `do_try_state` (through
//! `ExtBuilder::build_and_execute`).

mod auditors;
mod dispatch;
mod nodes;
mod session;
mod slot_duration;
mod validators;
