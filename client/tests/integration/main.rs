//! Integration tests of the SDK and of `loanctl` against real `loanchain-node --dev`
//! processes. The node binary must be built (`scripts/test.sh` builds it first).

mod cli;
mod common;
mod consortium;
mod disclosure;
mod guide;
mod sdk;
mod watch;
