//! Configuration of every pallet of the runtime, one file per area.

mod consensus;
mod governance;
mod monetary;
mod system;

pub use consensus::*;
pub use governance::*;
pub use monetary::*;
pub use system::*;
