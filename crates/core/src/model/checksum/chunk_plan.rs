//! How a `File` is cut into slices for reading, with offsets past 4 GiB.

/// Slice size for reading a `File`: 4–16 MiB slices read fastest in Chromium
/// (docs/measured-facts.md).
pub const DEFAULT_CHUNK: u64 = 8 * 1024 * 1024;

/// How a file of `len` bytes is cut into slices of `chunk` bytes (the last one shorter).
/// Offsets are `u64` because images pass 4 GiB; see [`offset_f64`] for the browser's `f64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkPlan {
    len: u64,
    chunk: u64,
}

impl ChunkPlan {
    /// The plan for `len` bytes in steps of `chunk` (a `chunk` of 0 is taken as 1, so the
    /// plan always ends).
    pub fn new(len: u64, chunk: u64) -> Self {
        ChunkPlan {
            len,
            chunk: chunk.max(1),
        }
    }

    /// The file length the plan covers.
    pub fn file_len(&self) -> u64 {
        self.len
    }

    /// The slice size.
    pub fn chunk_size(&self) -> u64 {
        self.chunk
    }

    /// How many slices there are (0 for an empty file).
    pub fn len(&self) -> usize {
        usize::try_from(self.len.div_ceil(self.chunk)).unwrap_or(usize::MAX)
    }

    /// Whether there is nothing to read.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Each slice as `(start, end_exclusive)`, in order, covering the file exactly (double
    /// ended, so the last slice is at hand without walking a huge file's plan).
    pub fn chunks(&self) -> impl DoubleEndedIterator<Item = (u64, u64)> {
        let (len, chunk) = (self.len, self.chunk);
        (0..len.div_ceil(chunk)).map(move |i| {
            let start = i * chunk;
            (start, (start + chunk).min(len))
        })
    }

    /// [`ChunkPlan::chunks`] as the `f64` pair `Blob::slice_with_f64_and_f64` takes.
    pub fn chunks_f64(&self) -> impl DoubleEndedIterator<Item = (f64, f64)> {
        self.chunks()
            .map(|(start, end)| (offset_f64(start), offset_f64(end)))
    }
}

/// A byte offset as the `f64` JavaScript uses for Blob positions. Exact for every offset up
/// to 2^53 (8 PiB), far beyond any image; the `i32` slicing variant breaks at 2 GiB instead.
pub fn offset_f64(offset: u64) -> f64 {
    offset as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_exact_multiple_and_short_tail() {
        let exact = ChunkPlan::new(30, 10);
        assert_eq!(exact.len(), 3);
        assert_eq!(
            exact.chunks().collect::<Vec<_>>(),
            [(0, 10), (10, 20), (20, 30)]
        );
        let short = ChunkPlan::new(25, 10);
        assert_eq!(short.len(), 3);
        assert_eq!(short.chunks().last(), Some((20, 25)));
        let small = ChunkPlan::new(3, DEFAULT_CHUNK);
        assert_eq!(small.chunks().collect::<Vec<_>>(), [(0, 3)]);
    }

    #[test]
    fn plan_empty_file_has_no_slices() {
        let empty = ChunkPlan::new(0, DEFAULT_CHUNK);
        assert!(empty.is_empty());
        assert_eq!(empty.len(), 0);
        assert_eq!(empty.chunks().count(), 0);
        // A zero chunk size would never advance; it is treated as 1.
        assert_eq!(ChunkPlan::new(3, 0).len(), 3);
    }

    #[test]
    fn plan_offsets_past_4_gib() {
        let len = 5 * (1u64 << 30) + 1;
        let plan = ChunkPlan::new(len, DEFAULT_CHUNK);
        assert_eq!(plan.len(), 641);
        let chunks: Vec<_> = plan.chunks().collect();
        assert_eq!(chunks[512], (1 << 32, (1 << 32) + DEFAULT_CHUNK));
        assert_eq!(chunks[640], (len - 1, len));
        // The slices tile the file with no gap or overlap.
        assert!(chunks.windows(2).all(|w| w[0].1 == w[1].0));
        let f: Vec<_> = plan.chunks_f64().collect();
        assert_eq!(f[640], (5_368_709_120.0, 5_368_709_121.0));
    }

    #[test]
    fn f64_offsets_are_exact_up_to_2_pow_53() {
        let max = 1u64 << 53;
        for offset in [0, 1, (1 << 31) + 1, (1 << 32) + 1, max - 1, max] {
            assert_eq!(offset_f64(offset) as u64, offset);
        }
        // Beyond 2^53 odd offsets are not representable, which is why the limit is stated.
        assert_ne!(offset_f64(max + 1) as u64, max + 1);
        let plan = ChunkPlan::new(max, DEFAULT_CHUNK);
        let (start, end) = plan.chunks_f64().next_back().unwrap();
        assert_eq!((start as u64, end as u64), (max - DEFAULT_CHUNK, max));
    }
}
