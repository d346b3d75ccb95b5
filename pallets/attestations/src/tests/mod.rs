//! Unit tests, one file per call family. Every test ends with `do_try_state` (through
//! `ExtBuilder::build_and_execute`).

mod attest;
mod attestors;
mod encryption_keys;
mod extension;
mod operators;
mod queries;
mod revoke;
