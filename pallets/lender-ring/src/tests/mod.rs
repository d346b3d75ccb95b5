//! Unit tests, one file per call family: member keys, ring building (revisions and rebuilds),
//! proofs, and the compiled-in setup.

mod building;
mod chunks;
mod members;
mod proofs;
