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
//!
//! One job per file: `hashing.rs` (the digests, in one pass), `chunk_plan.rs` (the slices a
//! `File` is read in), `verification.rs` (a transfer's digests against Glance's),
//! `recorded.rs` (the uploader's recorded digests against Glance's) and `content_md5.rs`
//! (the download header's two spellings).

mod chunk_plan;
mod content_md5;
mod hashing;
mod recorded;
#[cfg(test)]
mod test_support;
mod verification;

pub use chunk_plan::{offset_f64, ChunkPlan, DEFAULT_CHUNK};
pub use content_md5::content_md5_hex;
pub use hashing::{LocalDigests, MultiHasher};
pub use recorded::{verify_recorded, PROP_MD5, PROP_SHA256, PROP_SHA512};
pub use verification::{
    verify_download, verify_import, verify_upload, NotVerifiedReason, Verification,
};
