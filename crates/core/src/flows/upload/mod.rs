//! An upload from its first byte to its verdict, over the seams: the transport sends the
//! body ([`DataTransport::upload`]) while a hashing job reads the same body
//! ([`Hasher`]); once both are done the image is read back, compared and the digests
//! recorded ([`verify_sent`]), beside a lookup of other images holding the same data.
//! Everything it learns goes into the [`Transfer`] record on a [`TransferBoard`]: the
//! transfers panel's signal in the browser, a cell in `cargo test`.
//!
//! A failure never loses the image: Glance keeps it `queued` after a broken or cancelled
//! upload, so [`retry`] sends into the same image, once Glance has finished with the aborted
//! request ([`settled_image`]).

use crate::api::data::{Cancel, DataTransport, UploadError};
use crate::api::glance::images::list_images;
use crate::api::glance::operation;
use crate::api::transport::Transport;
use crate::flows::both::both;
use crate::flows::hashing::{HashProgress, HashTask, Hasher};
use crate::flows::import::settled_image;
use crate::flows::upload_verify::{verify_sent, SentData, Verified};
use crate::model::checksum::LocalDigests;
use crate::model::filters::{other_images, same_data_query};
use crate::model::image::ImageStatus;
use crate::model::image_page::ImagePage;
use crate::model::operation::Operation;
use crate::problem::Problem;

use crate::model::transfer::{connection_broke, Duplicates, Phase, Transfer};

/// Where the flow keeps one transfer's record. A cheap handle (the hashing job reports to
/// it from a worker's callback, after the flow's own borrow has ended).
pub trait TransferBoard: Clone + 'static {
    /// The record as it is now; `None` once it is gone from the panel.
    fn transfer(&self) -> Option<Transfer>;

    /// Changes the record.
    fn update(&self, change: &mut dyn FnMut(&mut Transfer));

    /// Ends the run in `phase`, stamping its end time.
    fn finish(&self, phase: Phase);
}

/// Sends the transfer's data with `body` and verifies it. Cancelling through `cancel` stops
/// the sending; the image stays `queued`.
pub async fn upload<T, H, B>(transport: &T, hasher: &H, board: &B, body: &T::Body, cancel: &Cancel)
where
    T: DataTransport,
    H: Hasher<Body = T::Body>,
    B: TransferBoard,
{
    let Some(local) = send_and_hash(transport, hasher, board, body, cancel).await else {
        return;
    };
    board.update(&mut |t| {
        t.local = Some(local.clone());
        t.phase = Phase::Verifying;
    });
    both(verify(transport, board), check_duplicates(transport, board)).await;
}

/// Sends the body while hashing it: the digests once both are done, or `None` with the
/// board finished in the phase that stopped it.
async fn send_and_hash<T, H, B>(
    transport: &T,
    hasher: &H,
    board: &B,
    body: &T::Body,
    cancel: &Cancel,
) -> Option<LocalDigests>
where
    T: DataTransport,
    H: Hasher<Body = T::Body>,
    B: TransferBoard,
{
    let data = board.transfer()?.data_operation();
    let progress = board.clone();
    let on_hashed = move |p: HashProgress| {
        progress.update(&mut |t| {
            t.hashed = p.hashed;
            t.worker_memory = t.worker_memory.max(p.memory);
        })
    };
    let hashing = match hasher.start(body, Box::new(on_hashed)) {
        Ok(job) => job,
        Err(refusal) => {
            board.finish(Phase::Failed(refusal.into()));
            return None;
        }
    };
    if let Err(phase) = send(transport, board, &data, body, cancel).await {
        hashing.abandon();
        board.finish(phase);
        return None;
    }
    match hashing.finish().await {
        Ok(local) => Some(local),
        Err(refusal) => {
            board.finish(Phase::Unverified(refusal.into()));
            None
        }
    }
}

/// Sends `op`'s request with the body; the phase to end in when it did not arrive.
async fn send<T: DataTransport, B: TransferBoard>(
    transport: &T,
    board: &B,
    op: &Operation,
    body: &T::Body,
    cancel: &Cancel,
) -> Result<(), Phase> {
    let req = operation::request(op).map_err(|e| Phase::Failed(e.into()))?;
    let progress = board.clone();
    let on_sent = move |sent: u64| progress.update(&mut |t| t.sent = sent);
    let outcome = transport
        .upload(&req, body, cancel, Box::new(on_sent))
        .await;
    cancel.clear();
    match outcome {
        Ok(_) => {
            board.update(&mut |t| t.sent = t.total);
            Ok(())
        }
        Err(UploadError::Cancelled) => Err(Phase::Cancelled),
        Err(UploadError::Failed(e)) => {
            let e = Problem::from(e);
            if connection_broke(&e) {
                board.update(&mut |t| t.cut_at = Some(t.sent));
            }
            Err(Phase::Failed(e))
        }
    }
}

/// Reads the image back (after the glance-direct import, for that method), compares, and
/// records the local digests on the image whatever the verdict, so later viewers see the
/// same comparison (a mismatch included).
pub async fn verify<T: Transport, B: TransferBoard>(transport: &T, board: &B) {
    let Some(t) = board.transfer() else {
        return;
    };
    let Some(local) = t.local.clone() else {
        return;
    };
    let sent = SentData {
        image_id: t.image_id.clone(),
        method: t.method,
        store: t.store.clone(),
        size: t.total,
    };
    let format_board = board.clone();
    let on_sent_format =
        move |format: Option<String>| format_board.update(&mut |t| t.sent_format = format.clone());
    match verify_sent(
        transport,
        &sent,
        &local,
        t.sent_format.clone(),
        on_sent_format,
    )
    .await
    {
        Ok(Verified {
            verification,
            record_error,
        }) => {
            board.update(&mut |t| t.record_error = record_error.clone());
            board.finish(Phase::Done(verification));
        }
        Err(e) => board.finish(Phase::Unverified(e)),
    }
}

/// Reads the image back again and compares it with the digests already computed (after
/// [`Phase::Unverified`], typically once the user has logged in again).
pub async fn verify_again<T: Transport, B: TransferBoard>(transport: &T, board: &B) {
    if board.transfer().and_then(|t| t.local).is_none() {
        return;
    }
    board.update(&mut |t| t.phase = Phase::Verifying);
    verify(transport, board).await;
}

/// Looks up the other images that hold the upload's data, by its sha512. Runs beside the
/// verification and never holds it up; called again, it retries.
pub async fn check_duplicates<T: Transport, B: TransferBoard>(transport: &T, board: &B) {
    let Some(t) = board.transfer() else {
        return;
    };
    let Some(sha512) = t.local.as_ref().map(|l| l.sha512.clone()) else {
        return;
    };
    board.update(&mut |t| t.duplicates = Duplicates::Checking);
    let answer = transport
        .json::<ImagePage>(&list_images(&same_data_query(&sha512)))
        .await;
    let duplicates = match answer {
        Ok(page) => Duplicates::Found(other_images(&page.images, &t.image_id)),
        Err(e) => Duplicates::Failed(e.into()),
    };
    board.update(&mut |t| t.duplicates = duplicates.clone());
}

/// Sends the data again into the same image, after a cancel or a failure. Glance takes an
/// image's data once: the image is read first (waiting out a `saving` left by the aborted
/// request), and unless it is back in `queued` the retry stops with [`Phase::NotQueued`].
/// `now_ms` is when the new attempt starts.
pub async fn retry<T, H, B>(
    transport: &T,
    hasher: &H,
    board: &B,
    body: &T::Body,
    cancel: &Cancel,
    now_ms: f64,
) where
    T: DataTransport,
    H: Hasher<Body = T::Body>,
    B: TransferBoard,
{
    let Some(image_id) = board.transfer().map(|t| t.image_id) else {
        return;
    };
    board.update(&mut |t| {
        t.phase = Phase::Verifying;
        t.action_error = None;
    });
    match settled_image(transport, &image_id).await {
        Ok(image) if image.status == ImageStatus::Queued => {
            board.update(&mut |t| t.restart(now_ms));
            upload(transport, hasher, board, body, cancel).await;
        }
        Ok(image) => board.finish(Phase::NotQueued(image.status.to_string())),
        Err(e) => board.finish(Phase::Failed(e.into())),
    }
}

/// What the panel can do to a transfer's image after the upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageAction {
    /// Delete it (after a cancel, a failure or a mismatch).
    Delete,
    /// Deactivate it after a mismatch, so nobody boots it (admin-only under Glance's
    /// default policy: a 403 is shown as it came).
    Deactivate,
}

/// Performs `action` on the transfer's image; its failure is kept on the record.
pub async fn act_on_image<T: Transport, B: TransferBoard>(
    transport: &T,
    board: &B,
    action: ImageAction,
) {
    let Some(image_id) = board.transfer().map(|t| t.image_id) else {
        return;
    };
    let op = match action {
        ImageAction::Delete => Operation::Delete { image_id },
        ImageAction::Deactivate => Operation::Deactivate { image_id },
    };
    match transport.perform(&op).await {
        Ok(_) => board.update(&mut |t| {
            match action {
                ImageAction::Delete => t.phase = Phase::Deleted,
                ImageAction::Deactivate => t.deactivated = true,
            }
            t.action_error = None;
        }),
        Err(e) => board.update(&mut |t| t.action_error = Some(e.clone())),
    }
}

#[cfg(test)]
mod tests;
