//! MD5 and SHA-512 of the same bytes in one pass, as lowercase hex.

use md5::{Digest, Md5};
use sha2::Sha512;

/// MD5 and SHA-512 over the same bytes, fed incrementally.
#[derive(Clone, Debug, Default)]
pub struct MultiHasher {
    md5: Md5,
    sha512: Sha512,
}

impl MultiHasher {
    /// A hasher that has seen no bytes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next bytes of the data.
    pub fn update(&mut self, bytes: &[u8]) {
        self.md5.update(bytes);
        self.sha512.update(bytes);
    }

    /// The digests of everything fed so far.
    pub fn finish(self) -> LocalDigests {
        LocalDigests {
            md5: hex(&self.md5.finalize()),
            sha512: hex(&self.sha512.finalize()),
        }
    }
}

/// Digests the portal computed, as lowercase hex (Glance's spelling).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalDigests {
    /// MD5, 32 hex digits.
    pub md5: String,
    /// SHA-512, 128 hex digits.
    pub sha512: String,
}

impl LocalDigests {
    /// Hashes a whole buffer at once.
    pub fn of(bytes: &[u8]) -> Self {
        let mut hasher = MultiHasher::new();
        hasher.update(bytes);
        hasher.finish()
    }
}

/// Lowercase hex, Glance's spelling of a digest.
pub(super) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::checksum::test_support::{ABC_MD5, ABC_SHA512, EMPTY_MD5, EMPTY_SHA512};
    use crate::model::checksum::ChunkPlan;

    /// 1 MiB where byte i is `i % 251` (a prime, so the pattern never lines up with chunks).
    fn pattern() -> Vec<u8> {
        (0..1u32 << 20).map(|i| (i % 251) as u8).collect()
    }

    fn chunked(data: &[u8], chunk: u64) -> LocalDigests {
        let mut h = MultiHasher::new();
        for (start, end) in ChunkPlan::new(data.len() as u64, chunk).chunks() {
            h.update(&data[start as usize..end as usize]);
        }
        h.finish()
    }

    #[test]
    fn known_vectors() {
        assert_eq!(
            LocalDigests::of(b""),
            LocalDigests {
                md5: EMPTY_MD5.into(),
                sha512: EMPTY_SHA512.into()
            }
        );
        assert_eq!(chunked(b"", 4), LocalDigests::of(b""));
        let abc = chunked(b"abc", 1);
        assert_eq!(abc.md5, ABC_MD5);
        assert_eq!(abc.sha512, ABC_SHA512);
    }

    #[test]
    fn chunked_hashing_equals_one_shot() {
        let data = pattern();
        let whole = LocalDigests::of(&data);
        // Sizes that divide the data, leave a short tail, straddle the 64/128-byte hash
        // blocks, and exceed the data.
        for chunk in [1 << 20, 1 << 18, 1000, 63, 129, 7, 2 << 20] {
            assert_eq!(chunked(&data, chunk), whole, "chunk {chunk}");
        }
        // Python's hashlib over `bytes(i % 251 for i in range(1 << 20))`.
        assert_eq!(whole.md5, "8f293a2f6c19b345152f7a49bb4c643c");
        assert_eq!(
            whole.sha512,
            "67dad569eefc986a3b2424f5516d5a0284bb53d7b52d75f5ed881a6830a95765\
             ccc82bc48752fb693422579f11dc9a400561ec1885af9eeef703dbbd312d4fd0"
        );
    }
}
