//! Hashing a `Blob`/`File` in slices: `Blob.slice(f64, f64)` (the i32 variant breaks past
//! 2 GiB) + `arrayBuffer()`, copied into one reused buffer, so memory stays flat whatever the
//! file size.

use js_sys::Uint8Array;
use md5::Digest;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

use crate::model::checksum::{ChunkPlan, MultiHasher};
use crate::workers::protocol::Digests;

/// Which digests to compute; single ones serve the benchmark and the two-worker upload.
pub enum Algorithms {
    /// md5 and sha512 in one pass.
    Both(Box<MultiHasher>),
    /// md5 only.
    Md5(md5::Md5),
    /// sha512 only.
    Sha512(sha2::Sha512),
}

impl Algorithms {
    /// Fresh hashers for the digests a job asks for.
    pub fn new(digests: Digests) -> Self {
        match digests {
            Digests::Md5 => Algorithms::Md5(md5::Md5::new()),
            Digests::Sha512 => Algorithms::Sha512(sha2::Sha512::new()),
            Digests::Both => Algorithms::Both(Box::new(MultiHasher::new())),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Algorithms::Both(h) => h.update(bytes),
            Algorithms::Md5(h) => h.update(bytes),
            Algorithms::Sha512(h) => h.update(bytes),
        }
    }

    /// `(md5, sha512)` in lowercase hex; the one not computed is empty.
    pub fn finish(self) -> (String, String) {
        match self {
            Algorithms::Both(h) => {
                let d = h.finish();
                (d.md5, d.sha512)
            }
            Algorithms::Md5(h) => (hex(&h.finalize()), String::new()),
            Algorithms::Sha512(h) => (String::new(), hex(&h.finalize())),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes `blob` in `chunk`-byte slices, calling `on_progress` with the bytes done.
pub async fn hash_blob(
    blob: &Blob,
    chunk: u64,
    mut algorithms: Algorithms,
    on_progress: impl Fn(u64),
) -> Result<(String, String), JsValue> {
    let chunk = chunk.max(1);
    let plan = ChunkPlan::new(blob.size() as u64, chunk);
    let mut buffer = vec![0u8; chunk as usize];
    for (start, end) in plan.chunks() {
        let slice = blob.slice_with_f64_and_f64(start as f64, end as f64)?;
        let bytes = Uint8Array::new(&JsFuture::from(slice.array_buffer()).await?);
        let n = bytes.length() as usize;
        bytes.copy_to(&mut buffer[..n]);
        algorithms.update(&buffer[..n]);
        on_progress(end);
    }
    Ok(algorithms.finish())
}
