//! A download with verification: stream `GET /v2/images/{id}/file`, hash each chunk as it
//! arrives and write it to where the user saves (a file on disk, or memory up to a limit),
//! then compare the digests with Glance's in glanceclient's order
//! ([`verify_download`]). The image is the one read before the download started, as
//! glanceclient does, so a concurrent change cannot make a stale file look verified.
//!
//! Over the seams: [`DataTransport::open_download`] gives the body, a [`SaveTarget`] keeps
//! it and a [`StreamHasher`] digests it; in the browser a file picked by the user (or memory)
//! and md5 + sha512 over JS chunks, in `cargo test` vectors.

use crate::api::data::{ByteStream, DataTransport};
use crate::api::glance::operation;
use crate::model::checksum::{verify_download, LocalDigests, Verification};
use crate::model::image::Image;
use crate::model::operation::Operation;
use crate::problem::{Problem, Refusal};

type ChunkOf<T> = <<T as DataTransport>::Stream as ByteStream>::Chunk;

/// How the bytes reached the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveMethod {
    /// Streamed to a file the user picked.
    Streamed,
    /// Collected in memory, then saved through the browser's download.
    InMemory,
}

/// Where a download's bytes go.
#[allow(async_fn_in_trait)]
pub trait SaveTarget<C> {
    /// How this target saves.
    fn method(&self) -> SaveMethod;

    /// The most bytes it can hold, when it has a limit (memory does).
    fn capacity(&self) -> Option<u64>;

    /// Keeps the next chunk.
    async fn write(&mut self, chunk: &C) -> Result<(), Refusal>;

    /// Everything arrived: completes the file.
    async fn close(self) -> Result<(), Refusal>;

    /// The download stopped: drops what was written, so no partial file looks complete.
    async fn abandon(self);
}

/// Digests a download's chunks as they arrive.
#[allow(async_fn_in_trait)]
pub trait StreamHasher<C> {
    /// Feeds the next chunk.
    fn update(&mut self, chunk: &C);

    /// The digests of everything fed.
    async fn finish(self) -> Result<LocalDigests, Refusal>;
}

/// The outcome of a download.
#[derive(Clone, Debug, PartialEq)]
pub struct Downloaded {
    /// Bytes received.
    pub bytes: u64,
    /// How they were saved.
    pub method: SaveMethod,
    /// The comparison with Glance's hashes.
    pub verification: Verification,
    /// What was done, for its CLI line.
    pub operation: Operation,
}

/// Downloads `image`'s data into `target`, reporting the bytes received to `on_progress`,
/// and verifies it. A target too small for the image refuses before anything is asked; a
/// broken connection or a failed write abandons what the target holds.
pub async fn download<T, S, H>(
    transport: &T,
    image: &Image,
    target: S,
    hasher: H,
    on_progress: impl Fn(u64),
) -> Result<Downloaded, Problem>
where
    T: DataTransport,
    S: SaveTarget<ChunkOf<T>>,
    H: StreamHasher<ChunkOf<T>>,
{
    let capacity = target.capacity();
    if let Some(limit) = capacity.filter(|&limit| image.size.unwrap_or(0) > limit) {
        return Err(too_large(limit).into());
    }
    let operation = Operation::Download {
        image_id: image.id.clone(),
        file_name: image.display_name().to_string(),
    };
    let opened = transport
        .open_download(&operation::request(&operation)?)
        .await?;
    let method = target.method();
    let mut target = target;
    let mut hasher = hasher;
    let mut body = opened.body;
    let mut received = 0u64;
    loop {
        let chunk = match body.next().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) => {
                target.abandon().await;
                return Err(e.into());
            }
        };
        received += <T::Stream as ByteStream>::chunk_len(&chunk);
        if let Some(limit) = capacity.filter(|&limit| received > limit) {
            target.abandon().await;
            return Err(too_large(limit).into());
        }
        hasher.update(&chunk);
        if let Err(refusal) = target.write(&chunk).await {
            target.abandon().await;
            return Err(refusal.into());
        }
        on_progress(received);
    }
    target.close().await?;
    let local = hasher.finish().await?;
    Ok(Downloaded {
        bytes: received,
        method,
        verification: verify_download(&local, image, opened.content_md5.as_deref()),
        operation,
    })
}

/// The image is larger than the target can hold.
fn too_large(limit: u64) -> Refusal {
    Refusal::new(
        crate::problem::RefusalReason::Browser,
        crate::i18n::Key::ErrDownloadTooLarge,
        &[&crate::model::size::human_size(limit)],
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::api::error::ApiErrorKind;
    use crate::api::request::Method;
    use crate::flows::scripted::{captured_image, run, MemoryTarget, Scripted};
    use crate::i18n::Key;
    use crate::model::checksum::MultiHasher;

    const FILE: &str = "/v2/images/734533aa-2869-4896-a728-9574bc666407/file";

    fn data() -> Vec<u8> {
        (0..10_000u32).map(|i| (i * 13 % 256) as u8).collect()
    }

    /// The image as read before the download: Glance's digests of `bytes`.
    fn image_of(bytes: &[u8]) -> Image {
        let d = LocalDigests::of(bytes);
        serde_json::from_value(captured_image(json!({
            "size": bytes.len(),
            "checksum": d.md5,
            "os_hash_algo": "sha512",
            "os_hash_value": d.sha512,
        })))
        .unwrap()
    }

    fn get(
        script: &Scripted,
        image: &Image,
        target: &MemoryTarget,
    ) -> (Result<Downloaded, Problem>, Vec<u64>) {
        let progress = std::cell::RefCell::new(Vec::new());
        let out = run(download(
            script,
            image,
            target.clone(),
            MultiHasher::new(),
            |n| progress.borrow_mut().push(n),
        ));
        script.finish();
        (out, progress.into_inner())
    }

    #[test]
    fn a_whole_download_is_saved_hashed_as_it_came_and_verified() {
        let script = Scripted::new().download(FILE, data(), None, None);
        let target = MemoryTarget::new(None);
        let (out, progress) = get(&script, &image_of(&data()), &target);
        let out = out.unwrap();
        assert!(
            matches!(out.verification, Verification::Verified { .. }),
            "{out:?}"
        );
        assert_eq!(out.bytes, 10_000);
        assert_eq!(
            *target.saved.borrow(),
            Some(data()),
            "the file is what came"
        );
        assert_eq!(progress, vec![2500, 5000, 7500, 10_000]);
    }

    #[test]
    fn other_bytes_than_glances_are_a_mismatch() {
        let script = Scripted::new().download(FILE, b"corrupted".to_vec(), None, None);
        let target = MemoryTarget::new(None);
        let (out, _) = get(&script, &image_of(&data()), &target);
        assert!(matches!(
            out.unwrap().verification,
            Verification::Mismatch { .. }
        ));
    }

    #[test]
    fn without_glances_digests_the_content_md5_header_decides() {
        let mut image = image_of(&data());
        image.checksum = None;
        image.os_hash_value = None;
        image.os_hash_algo = None;
        let md5 = LocalDigests::of(&data()).md5;
        let script = Scripted::new().download(FILE, data(), Some(md5), None);
        let (out, _) = get(&script, &image, &MemoryTarget::new(None));
        assert!(matches!(
            out.unwrap().verification,
            Verification::Verified { .. }
        ));
    }

    #[test]
    fn a_cut_connection_is_the_error_and_nothing_partial_is_kept() {
        let broke = crate::api::error::ApiError::new(ApiErrorKind::Network, "network error");
        let script = Scripted::new().download(FILE, data(), None, Some((5000, broke)));
        let target = MemoryTarget::new(None);
        let (out, progress) = get(&script, &image_of(&data()), &target);
        let problem = out.unwrap_err();
        assert_eq!(
            problem.api_error().map(|e| e.kind.clone()),
            Some(ApiErrorKind::Network)
        );
        assert_eq!(progress, vec![2500, 5000]);
        assert!(*target.abandoned.borrow(), "the partial file is dropped");
        assert_eq!(*target.saved.borrow(), None);
    }

    #[test]
    fn glances_refusal_is_the_error_with_its_status() {
        let script = Scripted::new().fails(
            Method::Get,
            FILE,
            403,
            "You are not authorized to complete download_image action.",
        );
        let (out, _) = get(&script, &image_of(&data()), &MemoryTarget::new(None));
        assert_eq!(out.unwrap_err().status(), Some(403));
    }

    #[test]
    fn memory_refuses_an_image_larger_than_it_holds_before_asking_and_while_reading() {
        // The recorded size says so: nothing is asked of Glance.
        let script = Scripted::new();
        let target = MemoryTarget::new(Some(4096));
        let (out, _) = get(&script, &image_of(&data()), &target);
        let refused = out.unwrap_err();
        assert_eq!(
            refused.refusal().map(|r| r.text.key),
            Some(Key::ErrDownloadTooLarge)
        );
        // A size Glance does not know: the limit stops the reading.
        let mut unknown = image_of(&data());
        unknown.size = None;
        let script = Scripted::new().download(FILE, data(), None, None);
        let (out, progress) = get(&script, &unknown, &target);
        assert!(out.unwrap_err().refusal().is_some());
        assert_eq!(progress, vec![2500], "stopped at the chunk past the limit");
        assert!(*target.abandoned.borrow());
    }

    #[test]
    fn a_failed_write_stops_the_download_and_says_why() {
        let script = Scripted::new().download(FILE, data(), None, None);
        let target = MemoryTarget::new(None);
        *target.refuse_writes.borrow_mut() = true;
        let (out, _) = get(&script, &image_of(&data()), &target);
        assert_eq!(
            out.unwrap_err().refusal().map(|r| r.text.key),
            Some(Key::ErrSaveFailed)
        );
        assert!(*target.abandoned.borrow());
    }
}
