//! The walk through a deadline queue that pallets process in `on_initialize`: entries keyed by
//! the block at which they are due, and a cursor at the first block not fully processed. Each
//! block processes at most `max` entries and looks at most `max` queue blocks, so the work per
//! block is bounded whatever the queue holds; what is left is processed in the next blocks.

extern crate alloc;

use alloc::vec::Vec;
use sp_runtime::traits::{AtLeast32BitUnsigned, One};

/// What the walk reports to its caller, which charges the weight of each step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visit<BlockNumber, Id> {
	/// Entry `id` of queue block `at` is due: process it (and remove it from the queue).
	Entry {
		/// The queue block the entry was filed under.
		at: BlockNumber,
		/// The entry.
		id: Id,
	},
	/// The walk read queue block `at` and took `taken` of its entries (0 for an empty block).
	Block {
		/// The queue block.
		at: BlockNumber,
		/// The entries taken from it.
		taken: u32,
	},
	/// Nothing was due: the cursor is already past `now`, or `max` is zero.
	Idle,
}

/// Walks the queue from `cursor` up to `now`: for each queue block, reads its entries with
/// `due_at(block, limit)` (at most `limit` of them), hands each entry to `visit` and then the
/// block itself, and moves to the next block once every entry of this one was taken. Stops
/// after `max` entries or `max` blocks. Returns the new cursor: the first block not fully
/// processed.
///
/// `visit` must remove each entry it is handed from the queue, so that a block left part-way is
/// resumed from its first remaining entry.
pub fn walk_deadline_queue<BlockNumber, Id>(
	mut cursor: BlockNumber,
	now: BlockNumber,
	max: u32,
	mut due_at: impl FnMut(BlockNumber, usize) -> Vec<Id>,
	mut visit: impl FnMut(Visit<BlockNumber, Id>),
) -> BlockNumber
where
	BlockNumber: AtLeast32BitUnsigned + Copy,
{
	let mut entries = 0u32;
	let mut blocks = 0u32;
	while cursor <= now && entries < max && blocks < max {
		blocks = blocks.saturating_add(1);
		let budget = max.saturating_sub(entries) as usize;
		// One more than the budget tells whether the block is finished.
		let due = due_at(cursor, budget.saturating_add(1));
		let finished = due.len() <= budget;
		let mut taken = 0u32;
		for id in due.into_iter().take(budget) {
			taken = taken.saturating_add(1);
			visit(Visit::Entry { at: cursor, id });
		}
		entries = entries.saturating_add(taken);
		visit(Visit::Block { at: cursor, taken });
		if !finished {
			break;
		}
		cursor = cursor.saturating_add(One::one());
	}
	if blocks == 0 {
		visit(Visit::Idle);
	}
	cursor
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::collections::BTreeMap;

	/// A queue of entries by block, processed by the walk as a pallet does.
	struct Queue {
		entries: BTreeMap<(u32, u32), ()>,
		visits: Vec<Visit<u32, u32>>,
	}

	impl Queue {
		fn new(entries: &[(u32, u32)]) -> Self {
			Self { entries: entries.iter().map(|key| (*key, ())).collect(), visits: Vec::new() }
		}

		fn walk(&mut self, cursor: u32, now: u32, max: u32) -> u32 {
			let entries = core::cell::RefCell::new(core::mem::take(&mut self.entries));
			let mut visits = Vec::new();
			let cursor = walk_deadline_queue(
				cursor,
				now,
				max,
				|at, limit| {
					entries
						.borrow()
						.range((at, 0)..=(at, u32::MAX))
						.map(|((_, id), ())| *id)
						.take(limit)
						.collect()
				},
				|visit| {
					if let Visit::Entry { at, id } = visit {
						entries.borrow_mut().remove(&(at, id));
					}
					visits.push(visit);
				},
			);
			self.entries = entries.into_inner();
			self.visits = visits;
			cursor
		}
	}

	#[test]
	fn walks_every_due_block_and_stops_after_now() {
		let mut queue = Queue::new(&[(2, 7), (2, 8), (4, 9), (6, 1)]);
		assert_eq!(queue.walk(1, 4, 10), 5);
		assert_eq!(
			queue.visits,
			[
				Visit::Block { at: 1, taken: 0 },
				Visit::Entry { at: 2, id: 7 },
				Visit::Entry { at: 2, id: 8 },
				Visit::Block { at: 2, taken: 2 },
				Visit::Block { at: 3, taken: 0 },
				Visit::Entry { at: 4, id: 9 },
				Visit::Block { at: 4, taken: 1 },
			]
		);
		assert_eq!(queue.entries.keys().collect::<Vec<_>>(), [&(6, 1)]);
	}

	#[test]
	fn a_full_block_is_resumed_where_it_stopped() {
		let mut queue = Queue::new(&[(3, 1), (3, 2), (3, 3), (3, 4), (3, 5)]);
		assert_eq!(queue.walk(3, 3, 2), 3, "the block is not finished");
		assert_eq!(
			queue.visits,
			[
				Visit::Entry { at: 3, id: 1 },
				Visit::Entry { at: 3, id: 2 },
				Visit::Block { at: 3, taken: 2 },
			]
		);
		assert_eq!(queue.walk(3, 4, 2), 3);
		assert_eq!(queue.entries.len(), 1);
		// Exactly the budget left: the block is finished and the cursor moves on.
		assert_eq!(queue.walk(3, 4, 2), 5);
		assert_eq!(
			queue.visits,
			[
				Visit::Entry { at: 3, id: 5 },
				Visit::Block { at: 3, taken: 1 },
				Visit::Block { at: 4, taken: 0 },
			]
		);
		assert!(queue.entries.is_empty());
	}

	#[test]
	fn empty_blocks_count_against_the_limit() {
		let mut queue = Queue::new(&[(100, 1)]);
		assert_eq!(queue.walk(1, 100, 3), 4, "three empty blocks, then the next block");
		assert_eq!(queue.visits.len(), 3);
		assert_eq!(queue.entries.len(), 1);
	}

	#[test]
	fn nothing_due_is_idle() {
		let mut queue = Queue::new(&[(9, 1)]);
		assert_eq!(queue.walk(5, 4, 10), 5);
		assert_eq!(queue.visits, [Visit::Idle]);
		assert_eq!(queue.walk(5, 9, 0), 5);
		assert_eq!(queue.visits, [Visit::Idle]);
	}
}
