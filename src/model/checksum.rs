//! Hashing transferred bytes and checking them against what Glance recorded.
//!
//! Glance computes two digests of every image's data: the legacy MD5 `checksum` and the
//! "multihash" `os_hash_value` in `os_hash_algo` (SHA-512 unless the operator changed
//! `hashing_algorithm`). The portal hashes the same bytes on its side, MD5 and SHA-512 in one
//! pass ([`MultiHasher`]), reading the `File` in [`ChunkPlan`] slices, and compares
//! ([`verify_upload`], [`verify_download`]).
//!
//! Policy, in one place:
//! - every digest that can be compared is compared, and any difference is a
//!   [`Verification::Mismatch`];
//! - SHA-512 is compared when `os_hash_algo` is `sha512`; another algorithm (e.g. `sha256`)
//!   cannot be, because the portal only computes SHA-512;
//! - MD5 alone still counts as [`Verification::Verified`] with `algorithm: "md5"`: these checks
//!   catch truncation and corruption in transit, where MD5 is as good as SHA-512, and the UI
//!   names the algorithm so nobody mistakes it for the stronger check;
//! - nothing comparable at all is [`Verification::NotVerified`], never success;
//! - data the cloud rewrote on import (see [`crate::model::conversion`]) is
//!   [`Verification::Converted`]: its digests cannot match the user's file, so they are not
//!   compared, and the file's digests are shown as what was sent.

use md5::{Digest, Md5};
use sha2::Sha512;

use crate::model::conversion::{detect, recorded_conversion, Conversion, Sent};
use crate::model::image::Image;
use crate::model::import_task::ImageTasks;

/// The image property openstacksdk (`openstack image create`) sets to the data's MD5 hex.
pub const PROP_MD5: &str = "owner_specified.openstack.md5";
/// The image property openstacksdk sets to the data's SHA-256 hex. The portal does not
/// compute SHA-256, so it can show this value but not check it.
pub const PROP_SHA256: &str = "owner_specified.openstack.sha256";
/// The owner-specified SHA-512 property, in openstacksdk's naming scheme.
pub const PROP_SHA512: &str = "owner_specified.openstack.sha512";

/// Slice size for reading a `File`: 4–16 MiB slices read fastest in Chromium (STACK.md).
pub const DEFAULT_CHUNK: u64 = 8 * 1024 * 1024;

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

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

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

/// The result of comparing local digests with Glance's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verification {
    /// Every comparable digest matched; `algorithm` is the strongest one compared
    /// (`"sha512"`, or `"md5"` when only MD5 could be compared).
    Verified {
        /// `"sha512"` or `"md5"`.
        algorithm: String,
    },
    /// A digest differs: the data Glance holds is not the data the portal hashed.
    Mismatch {
        /// Where Glance's value came from: `"os_hash_value"`, `"checksum"` or
        /// `"Content-MD5"`.
        field: String,
        /// The portal's digest (lowercase hex).
        local: String,
        /// Glance's digest (lowercase hex).
        remote: String,
    },
    /// The cloud rewrote the data on import (converted or decompressed it), so Glance's
    /// digests describe its own output, not the file: nothing is compared, and this is no
    /// mismatch. `sent` keeps the digests of the data as sent.
    Converted {
        /// What changed, and how the portal knows.
        conversion: Conversion,
        /// `(algorithm, lowercase hex)` of the data as sent: the portal's md5/sha512 of the
        /// user's file, or the digests its uploader recorded.
        sent: Vec<(String, String)>,
    },
    /// Not verified: nothing conclusive could be compared; `reason` says why.
    NotVerified {
        /// Why there is no verdict.
        reason: NotVerifiedReason,
    },
}

/// Why a transfer could not be verified (rendered through the message catalog).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotVerifiedReason {
    /// Glance's secure hash (`os_hash_value`) uses an algorithm the portal does not compute.
    /// `md5_matched` says whether the weaker MD5 `checksum` at least agreed (`None` when
    /// Glance has no MD5 either).
    Algorithm {
        /// `os_hash_algo` as Glance reports it.
        algorithm: String,
        /// The MD5 comparison, when there was one.
        md5_matched: Option<bool>,
    },
    /// Glance recorded no digest at all for the data (e.g. the image is not `active`).
    NoDigests,
    /// The only digest on offer was a `Content-MD5` header that is neither hex nor base64.
    MalformedContentMd5 {
        /// The header as received.
        header: String,
    },
}

/// One digest of Glance's that the portal can compare.
struct Remote {
    field: &'static str,
    algorithm: &'static str,
    value: String,
}

/// What Glance's `os_hash_algo`/`os_hash_value` pair allows.
enum SecureHash {
    /// SHA-512, which the portal computes.
    Sha512(Remote),
    /// Another algorithm, named.
    Other(String),
    /// None recorded.
    Absent,
}

fn remote_secure(image: &Image) -> SecureHash {
    match (
        image.os_hash_algo.as_deref(),
        image.os_hash_value.as_deref(),
    ) {
        (Some(algo), Some(value)) if algo.eq_ignore_ascii_case("sha512") => {
            SecureHash::Sha512(Remote {
                field: "os_hash_value",
                algorithm: "sha512",
                value: value.trim().to_ascii_lowercase(),
            })
        }
        (Some(algo), Some(_)) => SecureHash::Other(algo.to_string()),
        _ => SecureHash::Absent,
    }
}

fn remote_md5(image: &Image) -> Option<Remote> {
    image.checksum.as_deref().map(|value| Remote {
        field: "checksum",
        algorithm: "md5",
        value: value.trim().to_ascii_lowercase(),
    })
}

/// The local digest for `remote`'s algorithm.
fn mine<'a>(local: &'a LocalDigests, remote: &Remote) -> &'a str {
    match remote.algorithm {
        "sha512" => &local.sha512,
        _ => &local.md5,
    }
}

/// Compares each remote digest in order (any difference is a mismatch), then applies the
/// secure-hash rule: a cloud that hashes with an algorithm the portal does not compute gets
/// "not verified: algorithm X", even when MD5 agrees, because MD5 alone proves nothing
/// against a deliberate change.
fn judge(local: &LocalDigests, secure: SecureHash, md5: Option<Remote>) -> Verification {
    let mut remotes = Vec::new();
    let other_algorithm = match secure {
        SecureHash::Sha512(remote) => {
            remotes.push(remote);
            None
        }
        SecureHash::Other(algorithm) => Some(algorithm),
        SecureHash::Absent => None,
    };
    let has_md5 = md5.is_some();
    remotes.extend(md5);
    for remote in &remotes {
        let mine = mine(local, remote);
        if mine != remote.value {
            return Verification::Mismatch {
                field: remote.field.to_string(),
                local: mine.to_string(),
                remote: remote.value.clone(),
            };
        }
    }
    if let Some(algorithm) = other_algorithm {
        return Verification::NotVerified {
            reason: NotVerifiedReason::Algorithm {
                algorithm,
                md5_matched: has_md5.then_some(true),
            },
        };
    }
    match remotes.first() {
        Some(strongest) => Verification::Verified {
            algorithm: strongest.algorithm.to_string(),
        },
        None => Verification::NotVerified {
            reason: NotVerifiedReason::NoDigests,
        },
    }
}

/// Checks an upload: `image` is the image as Glance shows it after the upload (status
/// `active`, so the digests are filled in). SHA-512 (when `os_hash_algo` is `sha512`) and
/// the MD5 `checksum` are both compared when present, and both must match. Another
/// `os_hash_algo` leaves the upload "not verified", naming the algorithm.
pub fn verify_upload(local: &LocalDigests, image: &Image) -> Verification {
    judge(local, remote_secure(image), remote_md5(image))
}

/// Checks an import of the user's file (`glance-direct`), whose data Glance's import plugins
/// may rewrite: when the stored image's format or size differs from what was `sent`, the
/// verdict is [`Verification::Converted`] with the file's digests, otherwise as
/// [`verify_upload`] (an unchanged format and size with different digests is a mismatch).
pub fn verify_import(local: &LocalDigests, sent: &Sent, image: &Image) -> Verification {
    match detect(sent, image) {
        Some(conversion) => Verification::Converted {
            conversion,
            sent: vec![
                ("md5".into(), local.md5.clone()),
                ("sha512".into(), local.sha512.clone()),
            ],
        },
        None => verify_upload(local, image),
    }
}

/// Checks a download, in python-glanceclient's order of preference: `os_hash_value` (when
/// SHA-512), then the image's MD5 `checksum`, and only when that is absent the response's
/// `Content-MD5` header. `image` should be fetched *before* the download starts, as
/// glanceclient does, so that a concurrent change cannot make a stale file look verified.
///
/// Glance 33 actually sends `Content-MD5` as the checksum's 32 hex digits (see
/// `tests/fixtures/glance_image_download_headers.txt`); RFC 1864 specifies base64 of the 16
/// raw bytes. Both spellings are accepted.
pub fn verify_download(
    local: &LocalDigests,
    image: &Image,
    content_md5_header: Option<&str>,
) -> Verification {
    let secure = remote_secure(image);
    let md5 = match (remote_md5(image), content_md5_header) {
        (Some(md5), _) => Some(md5),
        (None, Some(header)) => match content_md5_hex(header) {
            Some(value) => Some(Remote {
                field: "Content-MD5",
                algorithm: "md5",
                value,
            }),
            None if matches!(secure, SecureHash::Absent) => {
                return Verification::NotVerified {
                    reason: NotVerifiedReason::MalformedContentMd5 {
                        header: header.to_string(),
                    },
                }
            }
            None => None,
        },
        (None, None) => None,
    };
    judge(local, secure, md5)
}

/// What any later viewer can check without the file: the digests the uploader recorded in
/// `owner_specified.openstack.*` (the portal's md5/sha512, or openstacksdk's md5/sha256)
/// against the ones Glance computed. `None` when the image carries no recorded digest or
/// Glance has none to compare with yet (not `active`).
///
/// A recorded digest is the uploader's claim, so "verified" here means "Glance holds the
/// data the uploader hashed", which is what a consumer of a shared image wants to know.
///
/// Recorded digests that disagree with Glance's on an image the cloud rewrote on import
/// ([`recorded_conversion`]: what the portal recorded as sent, or else a successful
/// `glance-direct`/`web-download` task in `tasks`) are [`Verification::Converted`], not a
/// mismatch: openstacksdk records its file's digests the same way, and they can never match
/// converted data. A recorded conversion with no recorded digests (a web-download) is
/// reported too.
pub fn verify_recorded(image: &Image, tasks: Option<&ImageTasks>) -> Option<Verification> {
    let recorded = |key: &str| {
        image
            .extra
            .get(key)
            .and_then(|v| v.as_str())
            .map(|v| v.trim().to_ascii_lowercase())
    };
    let mut pairs: Vec<(&'static str, &'static str, String, String)> = Vec::new();
    if let (Some(algo), Some(value)) = (
        image.os_hash_algo.as_deref(),
        image.os_hash_value.as_deref(),
    ) {
        let algo = algo.to_ascii_lowercase();
        let key = match algo.as_str() {
            "sha512" => Some((PROP_SHA512, "sha512")),
            "sha256" => Some((PROP_SHA256, "sha256")),
            _ => None,
        };
        if let Some((key, algorithm)) = key {
            if let Some(mine) = recorded(key) {
                pairs.push((
                    "os_hash_value",
                    algorithm,
                    mine,
                    value.trim().to_ascii_lowercase(),
                ));
            }
        }
    }
    if let (Some(mine), Some(theirs)) = (recorded(PROP_MD5), image.checksum.as_deref()) {
        pairs.push(("checksum", "md5", mine, theirs.trim().to_ascii_lowercase()));
    }
    if image.checksum.is_none() && image.os_hash_value.is_none() {
        return None;
    }
    let recorded_pairs = || {
        let mut sent = Vec::new();
        for (key, algorithm) in [
            (PROP_MD5, "md5"),
            (PROP_SHA256, "sha256"),
            (PROP_SHA512, "sha512"),
        ] {
            if let Some(value) = recorded(key) {
                sent.push((algorithm.to_string(), value));
            }
        }
        sent
    };
    if pairs.is_empty() {
        // Nothing to compare; a conversion the portal recorded is still worth saying.
        return crate::model::conversion::recorded_sent(image)
            .and_then(|sent| detect(&sent, image))
            .map(|conversion| Verification::Converted {
                conversion,
                sent: recorded_pairs(),
            });
    }
    for (field, _, mine, theirs) in &pairs {
        if mine != theirs {
            if let Some(conversion) = recorded_conversion(image, tasks) {
                return Some(Verification::Converted {
                    conversion,
                    sent: recorded_pairs(),
                });
            }
            return Some(Verification::Mismatch {
                field: (*field).to_string(),
                local: mine.clone(),
                remote: theirs.clone(),
            });
        }
    }
    pairs
        .first()
        .map(|(_, algorithm, _, _)| Verification::Verified {
            algorithm: (*algorithm).to_string(),
        })
}

/// A `Content-MD5` value as lowercase hex: 32 hex digits as Glance sends them, or base64 of
/// the 16 digest bytes as RFC 1864 has it. `None` for anything else.
pub fn content_md5_hex(header: &str) -> Option<String> {
    let value = header.trim();
    if value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(value.to_ascii_lowercase());
    }
    let bytes = decode_base64(value)?;
    (bytes.len() == 16).then(|| hex(&bytes))
}

/// Standard-alphabet base64 with optional padding; `None` on any stray character. Small
/// enough that a crate for one header is not worth it.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A lone sixth-bit group cannot end valid base64.
    (bits < 6).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY_MD5: &str = "d41d8cd98f00b204e9800998ecf8427e";
    const EMPTY_SHA512: &str = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce\
                                47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
    const ABC_MD5: &str = "900150983cd24fb0d6963f7d28e17f72";
    const ABC_SHA512: &str = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
                              2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

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

    fn image(algo: Option<&str>, sha: Option<&str>, md5: Option<&str>) -> Image {
        serde_json::from_value(serde_json::json!({
            "id": "i", "status": "active", "visibility": "private",
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
            "os_hash_algo": algo, "os_hash_value": sha, "checksum": md5,
        }))
        .unwrap()
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

    #[test]
    fn upload_verified_only_when_both_match() {
        let local = LocalDigests::of(b"abc");
        let img = image(Some("sha512"), Some(ABC_SHA512), Some(ABC_MD5));
        assert_eq!(
            verify_upload(&local, &img),
            Verification::Verified {
                algorithm: "sha512".into()
            }
        );
        // Glance's hex is compared case-insensitively.
        let upper = image(
            Some("SHA512"),
            Some(&ABC_SHA512.to_uppercase()),
            Some(ABC_MD5),
        );
        assert!(matches!(
            verify_upload(&local, &upper),
            Verification::Verified { .. }
        ));
    }

    #[test]
    fn upload_mismatches_name_the_field() {
        let local = LocalDigests::of(b"abc");
        let bad_md5 = image(Some("sha512"), Some(ABC_SHA512), Some(EMPTY_MD5));
        assert_eq!(
            verify_upload(&local, &bad_md5),
            Verification::Mismatch {
                field: "checksum".into(),
                local: ABC_MD5.into(),
                remote: EMPTY_MD5.into()
            }
        );
        let bad_sha = image(Some("sha512"), Some(EMPTY_SHA512), Some(ABC_MD5));
        assert_eq!(
            verify_upload(&local, &bad_sha),
            Verification::Mismatch {
                field: "os_hash_value".into(),
                local: ABC_SHA512.into(),
                remote: EMPTY_SHA512.into()
            }
        );
    }

    #[test]
    fn upload_with_another_algorithm_is_not_verified_naming_it() {
        let local = LocalDigests::of(b"abc");
        let sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let img = image(Some("sha256"), Some(sha256), Some(ABC_MD5));
        assert_eq!(
            verify_upload(&local, &img),
            Verification::NotVerified {
                reason: NotVerifiedReason::Algorithm {
                    algorithm: "sha256".into(),
                    md5_matched: Some(true)
                }
            }
        );
        let img = image(Some("blake3"), Some("00"), None);
        assert_eq!(
            verify_upload(&local, &img),
            Verification::NotVerified {
                reason: NotVerifiedReason::Algorithm {
                    algorithm: "blake3".into(),
                    md5_matched: None
                }
            }
        );
        // A differing MD5 is a mismatch whatever the secure algorithm.
        let img = image(Some("sha256"), Some(sha256), Some(EMPTY_MD5));
        assert!(matches!(
            verify_upload(&local, &img),
            Verification::Mismatch { field, .. } if field == "checksum"
        ));
    }

    #[test]
    fn missing_hashes_are_not_verified() {
        let local = LocalDigests::of(b"abc");
        let queued = image(None, None, None);
        let no_digests = Verification::NotVerified {
            reason: NotVerifiedReason::NoDigests,
        };
        assert_eq!(verify_upload(&local, &queued), no_digests);
        assert_eq!(verify_download(&local, &queued, None), no_digests);
        // sha512 alone suffices.
        let sha_only = image(Some("sha512"), Some(ABC_SHA512), None);
        assert!(matches!(
            verify_upload(&local, &sha_only),
            Verification::Verified { algorithm } if algorithm == "sha512"
        ));
        // An image with only an MD5 checksum (made before Glance recorded secure hashes).
        let md5_only = image(None, None, Some(ABC_MD5));
        assert!(matches!(
            verify_upload(&local, &md5_only),
            Verification::Verified { algorithm } if algorithm == "md5"
        ));
    }

    #[test]
    fn download_prefers_sha512_then_checksum_then_header() {
        let local = LocalDigests::of(b"abc");
        let full = image(Some("sha512"), Some(ABC_SHA512), Some(ABC_MD5));
        // A header disagreeing with the record is ignored when the record has the checksum.
        assert_eq!(
            verify_download(&local, &full, Some(EMPTY_MD5)),
            Verification::Verified {
                algorithm: "sha512".into()
            }
        );
        let only_header = image(None, None, None);
        assert_eq!(
            verify_download(&local, &only_header, Some(ABC_MD5)),
            Verification::Verified {
                algorithm: "md5".into()
            }
        );
        // The header stands in for a missing checksum under the secure-hash rule too.
        let sha256_and_header = image(Some("sha256"), Some("ab"), None);
        assert_eq!(
            verify_download(&local, &sha256_and_header, Some(ABC_MD5)),
            Verification::NotVerified {
                reason: NotVerifiedReason::Algorithm {
                    algorithm: "sha256".into(),
                    md5_matched: Some(true)
                }
            }
        );
        assert_eq!(
            verify_download(&local, &only_header, Some(EMPTY_MD5)),
            Verification::Mismatch {
                field: "Content-MD5".into(),
                local: ABC_MD5.into(),
                remote: EMPTY_MD5.into()
            }
        );
    }

    #[test]
    fn content_md5_accepts_hex_and_base64() {
        // RFC 1864 base64 of md5("abc").
        assert_eq!(
            content_md5_hex("kAFQmDzST7DWlj99KOF/cg==").as_deref(),
            Some(ABC_MD5)
        );
        assert_eq!(
            content_md5_hex("kAFQmDzST7DWlj99KOF/cg").as_deref(),
            Some(ABC_MD5)
        );
        assert_eq!(
            content_md5_hex(" 900150983CD24FB0D6963F7D28E17F72 ").as_deref(),
            Some(ABC_MD5)
        );
        let local = LocalDigests::of(b"abc");
        let none = image(None, None, None);
        assert!(matches!(
            verify_download(&local, &none, Some("kAFQmDzST7DWlj99KOF/cg==")),
            Verification::Verified { algorithm } if algorithm == "md5"
        ));
    }

    #[test]
    fn malformed_content_md5_is_not_verified() {
        for bad in [
            "",
            "not base64!",
            "kAFQmDzST7DWlj99",
            "abc",
            "900150983cd24fb0d6963f7d28e17f7",
        ] {
            assert_eq!(content_md5_hex(bad), None, "{bad:?}");
        }
        let local = LocalDigests::of(b"abc");
        assert_eq!(
            verify_download(&local, &image(None, None, None), Some("zz==")),
            Verification::NotVerified {
                reason: NotVerifiedReason::MalformedContentMd5 {
                    header: "zz==".into()
                }
            }
        );
    }

    fn with_props(mut img: Image, props: &[(&str, &str)]) -> Image {
        for (k, v) in props {
            img.extra.insert((*k).into(), (*v).into());
        }
        img
    }

    #[test]
    fn recorded_digests_are_checked_against_glance() {
        let full = image(Some("sha512"), Some(ABC_SHA512), Some(ABC_MD5));
        assert_eq!(verify_recorded(&full, None), None, "nothing recorded");
        let ours = with_props(
            full.clone(),
            &[
                (PROP_MD5, ABC_MD5),
                (PROP_SHA512, &ABC_SHA512.to_uppercase()),
            ],
        );
        assert_eq!(
            verify_recorded(&ours, None),
            Some(Verification::Verified {
                algorithm: "sha512".into()
            })
        );
        let tampered = with_props(
            full.clone(),
            &[(PROP_MD5, EMPTY_MD5), (PROP_SHA512, ABC_SHA512)],
        );
        assert_eq!(
            verify_recorded(&tampered, None),
            Some(Verification::Mismatch {
                field: "checksum".into(),
                local: EMPTY_MD5.into(),
                remote: ABC_MD5.into()
            })
        );
        // openstacksdk records md5 + sha256; a cloud hashing with sha256 can be checked too.
        let sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let sdk = with_props(
            image(Some("sha256"), Some(sha256), Some(ABC_MD5)),
            &[(PROP_MD5, ABC_MD5), (PROP_SHA256, sha256)],
        );
        assert_eq!(
            verify_recorded(&sdk, None),
            Some(Verification::Verified {
                algorithm: "sha256".into()
            })
        );
        // Only md5 recorded, on a sha512 cloud: md5 is what can be compared.
        let md5_only = with_props(full, &[(PROP_MD5, ABC_MD5)]);
        assert_eq!(
            verify_recorded(&md5_only, None),
            Some(Verification::Verified {
                algorithm: "md5".into()
            })
        );
        // Queued: Glance has nothing yet.
        let queued = with_props(image(None, None, None), &[(PROP_MD5, ABC_MD5)]);
        assert_eq!(verify_recorded(&queued, None), None);
    }

    fn captured(name: &str) -> ImageTasks {
        serde_json::from_str(match name {
            "converted" => include_str!("../../tests/fixtures/glance_image_tasks_converted.json"),
            _ => include_str!("../../tests/fixtures/glance_image_tasks_failed.json"),
        })
        .unwrap()
    }

    /// The captured image after a glance-direct import of a 196 616-byte qcow2 converted to
    /// raw, and the digests of that qcow2 (md5sum/sha512sum of `qemu-img create -f qcow2 x
    /// 64M`; only its md5 is known here, the sha512 stands for "the file's").
    fn converted() -> (Image, LocalDigests) {
        let img: Image = serde_json::from_str(include_str!(
            "../../tests/fixtures/glance_image_converted.json"
        ))
        .unwrap();
        let file = LocalDigests {
            md5: "41ce4d32ce22529a293044bc1eb4e734".into(),
            sha512: ABC_SHA512.into(),
        };
        (img, file)
    }

    fn qcow2_sent() -> Sent {
        Sent {
            disk_format: Some("qcow2".into()),
            size: Some(196_616),
        }
    }

    #[test]
    fn an_import_the_cloud_converted_is_no_mismatch() {
        let (img, file) = converted();
        // Compared as a plain upload, the converted data cannot match the file.
        assert!(matches!(
            verify_upload(&file, &img),
            Verification::Mismatch { .. }
        ));
        match verify_import(&file, &qcow2_sent(), &img) {
            Verification::Converted { conversion, sent } => {
                assert_eq!(conversion.from.as_deref(), Some("qcow2"));
                assert_eq!(conversion.to.as_deref(), Some("raw"));
                assert_eq!(
                    sent,
                    [
                        ("md5".to_string(), file.md5.clone()),
                        ("sha512".to_string(), file.sha512.clone())
                    ]
                );
            }
            other => panic!("expected converted, got {other:?}"),
        }
    }

    #[test]
    fn an_unconverted_import_is_still_verified_or_a_mismatch() {
        let local = LocalDigests::of(b"abc");
        let img = image(Some("sha512"), Some(ABC_SHA512), Some(ABC_MD5));
        let mut img = img;
        img.size = Some(3);
        img.disk_format = Some("raw".into());
        let sent = Sent {
            disk_format: Some("raw".into()),
            size: Some(3),
        };
        assert!(matches!(
            verify_import(&local, &sent, &img),
            Verification::Verified { .. }
        ));
        // Same format and size, other bytes: the cloud did not convert, so it is a mismatch.
        img.checksum = Some(EMPTY_MD5.into());
        assert!(matches!(
            verify_import(&local, &sent, &img),
            Verification::Mismatch { field, .. } if field == "checksum"
        ));
    }

    #[test]
    fn recorded_digests_of_a_converted_image_are_what_was_sent() {
        let (img, file) = converted();
        let recorded = with_props(
            img,
            &[
                (PROP_MD5, file.md5.as_str()),
                (PROP_SHA512, file.sha512.as_str()),
            ],
        );
        // Nothing says it was converted: the disagreement is a mismatch.
        assert!(matches!(
            verify_recorded(&recorded, None),
            Some(Verification::Mismatch { .. })
        ));
        // The import task says glance-direct brought the data in (openstacksdk's case).
        match verify_recorded(&recorded, Some(&captured("converted"))) {
            Some(Verification::Converted { conversion, sent }) => {
                assert_eq!(conversion.from, None);
                assert_eq!(conversion.to.as_deref(), Some("raw"));
                assert_eq!(sent[0], ("md5".to_string(), file.md5.clone()));
            }
            other => panic!("expected converted, got {other:?}"),
        }
        // A failed import brought nothing in, so it excuses nothing.
        assert!(matches!(
            verify_recorded(&recorded, Some(&captured("failed"))),
            Some(Verification::Mismatch { .. })
        ));
        // What the portal records: the format and size sent; that lasts past the task.
        let portal = with_props(
            recorded,
            &[
                (crate::model::conversion::PROP_SENT_DISK_FORMAT, "qcow2"),
                (crate::model::conversion::PROP_SENT_SIZE, "196616"),
            ],
        );
        assert!(matches!(
            verify_recorded(&portal, None),
            Some(Verification::Converted { conversion, .. }) if conversion.from.as_deref() == Some("qcow2")
        ));
    }

    #[test]
    fn a_record_that_shows_no_conversion_keeps_a_mismatch_loud() {
        let (img, _) = converted();
        let tampered = with_props(
            img,
            &[
                (PROP_MD5, EMPTY_MD5),
                (crate::model::conversion::PROP_SENT_DISK_FORMAT, "raw"),
            ],
        );
        assert!(matches!(
            verify_recorded(&tampered, Some(&captured("converted"))),
            Some(Verification::Mismatch { .. })
        ));
    }

    #[test]
    fn a_recorded_web_download_conversion_is_reported_without_digests() {
        let (mut img, _) = converted();
        // The capture recorded the qcow2's md5 at create time, as openstacksdk does; a
        // web-download through the portal records none.
        img.extra.remove(PROP_MD5);
        let url = with_props(
            img.clone(),
            &[(crate::model::conversion::PROP_SENT_DISK_FORMAT, "qcow2")],
        );
        assert!(matches!(
            verify_recorded(&url, None),
            Some(Verification::Converted { sent, .. }) if sent.is_empty()
        ));
        assert_eq!(verify_recorded(&img, Some(&captured("converted"))), None);
    }
}
