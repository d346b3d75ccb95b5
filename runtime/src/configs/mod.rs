//! Configuration of every pallet of the runtime, one file per area.

mod consensus;
mod disclosure;
mod governance;
mod identity;
mod lender_ring;
mod loans;
mod monetary;
mod system;

pub use consensus::*;
pub use disclosure::*;
pub use governance::*;
pub use identity::*;
pub use lender_ring::*;
pub use loans::*;
pub use monetary::*;
pub use system::*;
