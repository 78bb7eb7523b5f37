//! A counting global allocator: the heap a parsed corpus holds is the bytes allocated and
//! not freed while counting is on. Counting is off for every timed run, so the timings
//! pay one thread-local load per allocation and nothing more. Only the thread that turned
//! counting on is counted, so one [`held_by`] may run at a time.
#![allow(unsafe_code)] // a GlobalAlloc impl cannot be written without it

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};

/// The system allocator, counting requested bytes and live blocks while [`held_by`] runs
/// (when it is the `#[global_allocator]`).
pub struct Counting;

thread_local! {
    // Const-initialised and without a destructor: reading it never allocates.
    static ON: Cell<bool> = const { Cell::new(false) };
}

fn on() -> bool {
    ON.try_with(Cell::get).unwrap_or(false)
}
static BYTES: AtomicIsize = AtomicIsize::new(0);
static BLOCKS: AtomicIsize = AtomicIsize::new(0);

/// Live blocks and bytes per block size: sizes below `LARGE` exactly, the rest together.
const LARGE: usize = 4096;
static BY_SIZE_BLOCKS: [AtomicIsize; LARGE + 1] = [const { AtomicIsize::new(0) }; LARGE + 1];
static BY_SIZE_BYTES: [AtomicIsize; LARGE + 1] = [const { AtomicIsize::new(0) }; LARGE + 1];

fn signed(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

/// Counts a block of `size` coming (`sign` 1) or going (`sign` -1).
fn count(size: usize, sign: isize) {
    BYTES.fetch_add(sign * signed(size), Relaxed);
    BLOCKS.fetch_add(sign, Relaxed);
    let class = size.min(LARGE);
    BY_SIZE_BYTES[class].fetch_add(sign * signed(size), Relaxed);
    BY_SIZE_BLOCKS[class].fetch_add(sign, Relaxed);
}

// SAFETY: every call is passed through unchanged to `System`, which upholds the
// GlobalAlloc contract; the counters never influence what is returned.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && on() {
            count(layout.size(), 1);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's layout.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() && on() {
            count(layout.size(), 1);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) };
        if on() {
            count(layout.size(), -1);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's pointer, layout and size.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && on() {
            count(layout.size(), -1);
            count(new_size, 1);
        }
        p
    }
}

/// What a value holds on the heap, as counted by [`held_by`].
#[derive(Debug, Clone)]
pub struct Held {
    /// Bytes requested from the allocator and not freed (the allocator's own per-block
    /// overhead is not included).
    pub bytes: usize,
    /// Blocks allocated and not freed.
    pub blocks: usize,
    /// The same per block size, the sizes holding the most bytes first.
    pub by_size: Vec<SizeClass>,
}

/// Live blocks of one size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeClass {
    /// The block size in bytes; `None` for all blocks of 4096 bytes or more.
    pub size: Option<usize>,
    pub blocks: usize,
    pub bytes: usize,
}

/// Runs `f` with counting on and returns its value with the heap it still holds: what it
/// allocated minus what it freed. Meant for a single-threaded program.
pub fn held_by<T>(f: impl FnOnce() -> T) -> (T, Held) {
    BYTES.store(0, Relaxed);
    BLOCKS.store(0, Relaxed);
    for (bytes, blocks) in BY_SIZE_BYTES.iter().zip(&BY_SIZE_BLOCKS) {
        bytes.store(0, Relaxed);
        blocks.store(0, Relaxed);
    }
    ON.set(true);
    let value = f();
    ON.set(false);
    let unsigned = |n: &AtomicIsize| usize::try_from(n.load(Relaxed)).unwrap_or(0);
    let mut by_size: Vec<SizeClass> = BY_SIZE_BYTES
        .iter()
        .zip(&BY_SIZE_BLOCKS)
        .enumerate()
        .map(|(size, (bytes, blocks))| SizeClass {
            size: (size < LARGE).then_some(size),
            blocks: unsigned(blocks),
            bytes: unsigned(bytes),
        })
        .filter(|c| c.bytes > 0)
        .collect();
    by_size.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.size.cmp(&b.size)));
    let held = Held {
        bytes: unsigned(&BYTES),
        blocks: unsigned(&BLOCKS),
        by_size,
    };
    (value, held)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;

    #[test]
    fn counts_what_is_kept_and_not_what_is_freed() {
        let (kept, held) = held_by(|| {
            let dropped = vec![0u8; 1000];
            drop(dropped);
            let mut grown: Vec<u64> = Vec::with_capacity(4);
            grown.extend([1, 2, 3, 4, 5]); // reallocates 32 -> 64 bytes
            (vec![7u8; 100], grown)
        });
        assert_eq!(kept.1.capacity(), 8);
        assert_eq!(held.bytes, 100 + 64);
        assert_eq!(held.blocks, 2);
        assert_eq!(
            held.by_size,
            vec![
                SizeClass {
                    size: Some(100),
                    blocks: 1,
                    bytes: 100
                },
                SizeClass {
                    size: Some(64),
                    blocks: 1,
                    bytes: 64
                },
            ]
        );
    }
}
