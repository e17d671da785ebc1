//! A download with verification: stream `GET /v2/images/{id}/file`, hash each chunk as it
//! arrives and write it to where the user saves (a file on disk, or memory up to a limit),
//! then compare the digests with Glance's in glanceclient's order
//! ([`verify_download`]). The image is the one read before the download started, as
//! glanceclient does, so a concurrent change cannot make a stale file look verified.
//!
//! A connection that breaks off is resumed with `Range: bytes=<received>-` from the last byte
//! kept (Glance 33 answers 206 with `Content-Range`, measured), up to [`RESUMES`] times, so
//! a multi-GiB download does not start over; the digests still cover the whole file. Before
//! resuming, the image is read again: if its data changed meanwhile (another checksum or
//! `os_hash_value`), or the server answers the range with the whole body, the download
//! starts over and says why ([`Restart`]).
//!
//! Over the seams: [`DataTransport::open_download`] gives the body, a [`SaveTarget`] keeps
//! it and a [`StreamHasher`] digests it; in the browser a file picked by the user (or memory)
//! and md5 + sha512 over JS chunks, in `cargo test` vectors.

use crate::api::data::{ByteStream, Cancel, DataTransport, OpenedDownload};
use crate::api::error::ApiError;
use crate::api::glance::images::get_image;
use crate::api::glance::operation;
use crate::i18n::Key;
use crate::model::checksum::{verify_download, LocalDigests};
use crate::model::download::{DownloadEnd, Downloaded, Restart, SaveMethod};
use crate::model::image::Image;
use crate::model::operation::Operation;
use crate::problem::{Problem, Refusal};

type ChunkOf<T> = <<T as DataTransport>::Stream as ByteStream>::Chunk;

/// Where a download's bytes go.
#[allow(async_fn_in_trait)]
pub trait SaveTarget<C> {
    /// How this target saves.
    fn method(&self) -> SaveMethod;

    /// The most bytes it can hold, when it has a limit (memory does).
    fn capacity(&self) -> Option<u64>;

    /// Keeps the next chunk.
    async fn write(&mut self, chunk: &C) -> Result<(), Refusal>;

    /// Drops everything written, to start over.
    async fn rewind(&mut self) -> Result<(), Refusal>;

    /// Everything arrived: completes the file.
    async fn close(self) -> Result<(), Refusal>;

    /// The download stopped: drops what was written, so no partial file looks complete.
    async fn abandon(self);
}

/// Digests a download's chunks as they arrive.
#[allow(async_fn_in_trait)]
pub trait StreamHasher<C> {
    /// Feeds the next chunk; may wait while the hashing is behind (so a download faster than
    /// the digests does not pile chunks up in memory).
    async fn update(&mut self, chunk: &C) -> Result<(), Refusal>;

    /// The digests of everything fed.
    async fn finish(self) -> Result<LocalDigests, Refusal>;
}

/// How many times a broken-off download is resumed before the break is the outcome.
pub const RESUMES: u32 = 5;

/// How long to wait before asking again after a break, in milliseconds.
const RESUME_WAIT_MS: u32 = 1000;

/// Downloads `image`'s data into `target`, reporting the bytes kept to `on_progress`, and
/// verifies it; `new_hasher` starts the digests (again, when it starts over).
/// [`Cancel::cancel`] stops it and drops what was written. A target too small for the image
/// refuses before anything is asked; a break that cannot be resumed or a failed write
/// abandons what the target holds.
pub async fn download<T, S, H>(
    transport: &T,
    image: &Image,
    target: S,
    new_hasher: impl Fn() -> Result<H, Refusal>,
    cancel: &Cancel,
    on_progress: impl Fn(u64),
) -> Result<DownloadEnd, Problem>
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
    let request = operation::request(&operation)?;
    let mut run = Run {
        target,
        hasher: new_hasher()?,
        image: image.clone(),
        received: 0,
        resumed: 0,
        restarts: Vec::new(),
    };
    let mut opened = match transport.open_download(&request, cancel).await {
        Ok(opened) => opened,
        Err(_) if cancel.is_cancelled() => return Ok(DownloadEnd::Cancelled),
        Err(e) => return Err(e.into()),
    };
    loop {
        let next = opened.body.next().await;
        // A cancel (whose abort may also surface as a broken read) ends it here.
        if cancel.is_cancelled() {
            run.target.abandon().await;
            cancel.clear();
            return Ok(DownloadEnd::Cancelled);
        }
        let chunk = match next {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) if e.connection_broke() && run.resumed < RESUMES => {
                let resumed = resume(
                    transport,
                    &request,
                    &mut run,
                    &new_hasher,
                    cancel,
                    &on_progress,
                    e,
                );
                match resumed.await {
                    Ok(next) => {
                        opened = next;
                        continue;
                    }
                    Err(problem) => {
                        run.target.abandon().await;
                        return Err(problem);
                    }
                }
            }
            Err(e) => {
                run.target.abandon().await;
                return Err(e.into());
            }
        };
        let received = run.received + <T::Stream as ByteStream>::chunk_len(&chunk);
        if let Some(limit) = capacity.filter(|&limit| received > limit) {
            run.target.abandon().await;
            return Err(too_large(limit).into());
        }
        let kept = match run.hasher.update(&chunk).await {
            Ok(()) => run.target.write(&chunk).await,
            Err(refusal) => Err(refusal),
        };
        if let Err(refusal) = kept {
            run.target.abandon().await;
            return Err(refusal.into());
        }
        run.received = received;
        on_progress(received);
    }
    let Run {
        target,
        hasher,
        image,
        received,
        resumed,
        restarts,
    } = run;
    cancel.clear();
    let method = target.method();
    target.close().await?;
    let local = hasher.finish().await?;
    Ok(DownloadEnd::Done(Box::new(Downloaded {
        bytes: received,
        resumed,
        restarts,
        method,
        verification: verify_download(&local, &image, opened.content_md5.as_deref()),
        operation,
    })))
}

/// A download under way: where its bytes go, their digests so far, and the image they are
/// compared with at the end.
struct Run<S, H> {
    target: S,
    hasher: H,
    image: Image,
    received: u64,
    resumed: u32,
    restarts: Vec<Restart>,
}

impl<S, H> Run<S, H> {
    /// Back to no bytes, for `why`.
    async fn start_over<C>(
        &mut self,
        why: Restart,
        new_hasher: &impl Fn() -> Result<H, Refusal>,
        on_progress: &impl Fn(u64),
    ) -> Result<(), Refusal>
    where
        S: SaveTarget<C>,
    {
        self.target.rewind().await?;
        self.hasher = new_hasher()?;
        self.received = 0;
        self.restarts.push(why);
        on_progress(0);
        Ok(())
    }
}

/// After a break: waits, reads the image again and asks for the rest (or, when the data
/// changed or the range is not honoured, for all of it again). A break while asking counts
/// as the next attempt.
async fn resume<T, S, H>(
    transport: &T,
    request: &crate::api::request::ApiRequest,
    run: &mut Run<S, H>,
    new_hasher: &impl Fn() -> Result<H, Refusal>,
    cancel: &Cancel,
    on_progress: &impl Fn(u64),
    first_break: ApiError,
) -> Result<OpenedDownload<T::Stream>, Problem>
where
    T: DataTransport,
    S: SaveTarget<ChunkOf<T>>,
{
    let mut last = first_break;
    while run.resumed < RESUMES {
        run.resumed += 1;
        transport.sleep_ms(RESUME_WAIT_MS).await;
        let now = match transport.json::<Image>(&get_image(&run.image.id)).await {
            Ok(now) => now,
            Err(e) if e.connection_broke() => {
                last = e;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if !same_data(&now, &run.image) {
            run.image = now;
            run.start_over(Restart::ImageChanged, new_hasher, on_progress)
                .await?;
        }
        let ranged = if run.received > 0 {
            request
                .clone()
                .header("Range", format!("bytes={}-", run.received))
        } else {
            request.clone()
        };
        match transport.open_download(&ranged, cancel).await {
            Ok(opened) if run.received > 0 && opened.status != 206 => {
                run.start_over(Restart::RangeIgnored, new_hasher, on_progress)
                    .await?;
                return Ok(opened);
            }
            Ok(opened) => return Ok(opened),
            Err(e) if e.connection_broke() => last = e,
            Err(e) => return Err(e.into()),
        }
    }
    Err(last.into())
}

/// Whether the same data is behind both readings of the image.
fn same_data(now: &Image, before: &Image) -> bool {
    (
        now.checksum.as_deref(),
        now.os_hash_value.as_deref(),
        now.size,
    ) == (
        before.checksum.as_deref(),
        before.os_hash_value.as_deref(),
        before.size,
    )
}

/// The image is larger than the target can hold.
fn too_large(limit: u64) -> Refusal {
    Refusal::new(
        crate::problem::RefusalReason::Browser,
        Key::ErrDownloadTooLarge,
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
    use crate::model::checksum::{MultiHasher, Verification};

    const IMAGE: &str = "/v2/images/734533aa-2869-4896-a728-9574bc666407";
    const FILE: &str = "/v2/images/734533aa-2869-4896-a728-9574bc666407/file";

    fn data() -> Vec<u8> {
        (0..10_000u32).map(|i| (i * 13 % 256) as u8).collect()
    }

    /// Glance's record of an image holding `bytes`.
    fn image_json(bytes: &[u8]) -> serde_json::Value {
        let d = LocalDigests::of(bytes);
        json!({
            "size": bytes.len(),
            "checksum": d.md5,
            "os_hash_algo": "sha512",
            "os_hash_value": d.sha512,
        })
    }

    /// The image as read before the download: Glance's digests of `bytes`.
    fn image_of(bytes: &[u8]) -> Image {
        serde_json::from_value(captured_image(image_json(bytes))).unwrap()
    }

    /// Downloads `image` through `script` into `target`, cancelling once `cancel_at` bytes
    /// came: how it ended, and the progress reported.
    fn download_with(
        script: &Scripted,
        image: &Image,
        target: &MemoryTarget,
        cancel_at: Option<u64>,
    ) -> (Result<DownloadEnd, Problem>, Vec<u64>) {
        let progress = std::cell::RefCell::new(Vec::new());
        let cancel = Cancel::new();
        let out = run(download(
            script,
            image,
            target.clone(),
            || Ok(MultiHasher::new()),
            &cancel,
            |n| {
                progress.borrow_mut().push(n);
                if cancel_at.is_some_and(|at| n >= at) {
                    cancel.cancel();
                }
            },
        ));
        script.finish();
        (out, progress.into_inner())
    }

    fn get(
        script: &Scripted,
        image: &Image,
        target: &MemoryTarget,
    ) -> (Result<Downloaded, Problem>, Vec<u64>) {
        let (out, progress) = download_with(script, image, target, None);
        let out = out.map(|end| match end {
            DownloadEnd::Done(done) => *done,
            DownloadEnd::Cancelled => panic!("not cancelled"),
        });
        (out, progress)
    }

    #[test]
    fn a_cancel_aborts_the_request_and_drops_what_was_written() {
        let script = Scripted::new().download(FILE, data(), None, None);
        let target = MemoryTarget::new(None);
        let (out, progress) = download_with(&script, &image_of(&data()), &target, Some(5000));
        assert_eq!(out, Ok(DownloadEnd::Cancelled));
        assert_eq!(progress, vec![2500, 5000]);
        assert_eq!(script.aborted.get(), 1, "the request itself was aborted");
        assert!(target.kept_nothing());
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

    fn broke() -> crate::api::error::ApiError {
        crate::api::error::ApiError::new(ApiErrorKind::Network, "network error")
    }

    /// Glance's answer to the image read again before resuming: the same data.
    fn unchanged(script: Scripted) -> Scripted {
        script.ok(Method::Get, IMAGE, captured_image(image_json(&data())))
    }

    #[test]
    fn a_break_resumes_from_the_last_byte_kept_and_the_whole_file_verifies() {
        let script = unchanged(Scripted::new().download(FILE, data(), None, Some((5000, broke()))))
            .download(FILE, data(), None, None);
        let target = MemoryTarget::new(None);
        let (out, progress) = get(&script, &image_of(&data()), &target);
        let out = out.unwrap();
        assert!(
            matches!(out.verification, Verification::Verified { .. }),
            "{out:?}"
        );
        assert_eq!(
            (out.bytes, out.resumed, out.restarts.clone()),
            (10_000, 1, vec![])
        );
        assert_eq!(
            *target.saved.borrow(),
            Some(data()),
            "no byte twice, none missing"
        );
        assert_eq!(progress, vec![2500, 5000, 6250, 7500, 8750, 10_000]);
        assert_eq!(
            *script.sleeps.borrow(),
            vec![1000],
            "waited before asking again"
        );
    }

    #[test]
    fn an_image_changed_during_the_download_starts_over_against_the_new_data_and_says_so() {
        let new_data: Vec<u8> = data().iter().rev().copied().collect();
        let script = Scripted::new()
            .download(FILE, data(), None, Some((5000, broke())))
            .ok(Method::Get, IMAGE, captured_image(image_json(&new_data)))
            .download(FILE, new_data.clone(), None, None);
        let target = MemoryTarget::new(None);
        let (out, progress) = get(&script, &image_of(&data()), &target);
        let out = out.unwrap();
        assert_eq!(out.restarts, vec![Restart::ImageChanged]);
        assert!(
            matches!(out.verification, Verification::Verified { .. }),
            "{out:?}"
        );
        assert_eq!(*target.saved.borrow(), Some(new_data));
        assert_eq!(progress[2], 0, "the progress went back to the start");
    }

    #[test]
    fn a_server_that_ignores_the_range_gets_a_fresh_start_not_a_spliced_file() {
        let script = unchanged(Scripted::new().download(FILE, data(), None, Some((5000, broke()))))
            .download_ignoring_range(FILE, data());
        let target = MemoryTarget::new(None);
        let (out, _) = get(&script, &image_of(&data()), &target);
        let out = out.unwrap();
        assert_eq!(out.restarts, vec![Restart::RangeIgnored]);
        assert!(
            matches!(out.verification, Verification::Verified { .. }),
            "{out:?}"
        );
        assert_eq!(*target.saved.borrow(), Some(data()));
    }

    #[test]
    fn a_connection_that_keeps_breaking_is_the_error_and_nothing_partial_is_kept() {
        let mut script = Scripted::new().download(FILE, data(), None, Some((2500, broke())));
        for _ in 0..RESUMES {
            script = unchanged(script).download(FILE, data(), None, Some((0, broke())));
        }
        let target = MemoryTarget::new(None);
        let (out, _) = get(&script, &image_of(&data()), &target);
        let problem = out.unwrap_err();
        assert_eq!(
            problem.api_error().map(|e| e.kind.clone()),
            Some(ApiErrorKind::Network)
        );
        assert!(target.kept_nothing(), "the partial file is dropped");
        assert_eq!(script.sleeps.borrow().len(), RESUMES as usize);
    }

    #[test]
    fn an_image_deleted_during_the_download_ends_it_with_glances_answer() {
        let script = Scripted::new()
            .download(FILE, data(), None, Some((5000, broke())))
            .fails(Method::Get, IMAGE, 404, "No image found");
        let target = MemoryTarget::new(None);
        let (out, _) = get(&script, &image_of(&data()), &target);
        assert_eq!(out.unwrap_err().status(), Some(404));
        assert!(target.kept_nothing());
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
        assert!(target.kept_nothing());
    }

    /// A hasher whose worker fails on the first chunk.
    struct BrokenHasher;

    impl StreamHasher<Vec<u8>> for BrokenHasher {
        async fn update(&mut self, _: &Vec<u8>) -> Result<(), Refusal> {
            Err(Refusal::new(
                crate::problem::RefusalReason::Browser,
                Key::ErrHashingFailed,
                &["worker gone"],
            ))
        }

        async fn finish(self) -> Result<LocalDigests, Refusal> {
            unreachable!("never fed")
        }
    }

    #[test]
    fn a_hashing_worker_that_fails_stops_the_download_and_keeps_nothing() {
        let script = Scripted::new().download(FILE, data(), None, None);
        let target = MemoryTarget::new(None);
        let out = run(download(
            &script,
            &image_of(&data()),
            target.clone(),
            || Ok(BrokenHasher),
            &Cancel::new(),
            |_| {},
        ));
        assert_eq!(
            out.unwrap_err().refusal().map(|r| r.text.key),
            Some(Key::ErrHashingFailed)
        );
        assert!(target.kept_nothing());
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
        assert!(target.kept_nothing());
    }
}
