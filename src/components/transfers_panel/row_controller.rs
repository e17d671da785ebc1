//! One transfer row's state and actions: memos over the transfer in the shared list (so that
//! a progress event re-renders only the figures it changes, never the row and its buttons),
//! and the panel's actions on it (cancel, retry, delete, deactivate, verify again, look for
//! duplicates again), each sent with the session's current token.

use leptos::prelude::*;

use crate::model::transfer::{Duplicates, Phase, Transfer};
use crate::model::transfer_progress::TransferFigures;
use crate::problem::Problem;
use crate::state::session::{use_session, SessionContext};
use crate::state::transfers::{use_transfers, Transfers};

/// What the row says besides its phase.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct RowNotes {
    /// Recording the digests on the image failed.
    pub(super) record_error: Option<Problem>,
    /// The last delete/deactivate from the panel failed.
    pub(super) action_error: Option<Problem>,
    /// Deactivated from the panel after a mismatch.
    pub(super) deactivated: bool,
    /// The local digests are kept, so "Verify again" needs no re-upload.
    pub(super) can_verify_again: bool,
    /// Where the upload's connection broke: `(bytes sent, file size)`.
    pub(super) cut: Option<(u64, u64)>,
}

/// The row's controller.
#[derive(Clone, Copy)]
pub(super) struct TransferRowController {
    /// The transfer's local id.
    pub(super) id: u64,
    transfers: Transfers,
    session: SessionContext,
    /// Progress figures (`None` once the transfer is gone from the list).
    pub(super) figures: Memo<Option<TransferFigures>>,
    /// Where the transfer is.
    pub(super) phase: Memo<Option<Phase>>,
    /// What the row says besides its phase.
    pub(super) notes: Memo<Option<RowNotes>>,
    /// Other images holding the same data.
    pub(super) duplicates: Memo<Duplicates>,
    /// The hashing workers' memory at its largest (for the tests' `data-worker-memory`).
    pub(super) worker_memory: Memo<Option<u64>>,
}

impl TransferRowController {
    /// The controller of transfer `id`, with the transfer as it is now (its name, image and
    /// size never change); `None` when there is no such transfer.
    pub(super) fn new(id: u64) -> Option<(Self, Transfer)> {
        let transfers = use_transfers();
        let session = use_session();
        let get = move || {
            transfers
                .items
                .with(|v| v.iter().find(|t| t.id == id).cloned())
        };
        let first = transfers
            .items
            .with_untracked(|v| v.iter().find(|t| t.id == id).cloned())?;
        let figures = Memo::new(move |_| {
            get().map(|t| {
                let now = t.finished_ms.unwrap_or_else(js_sys::Date::now);
                TransferFigures::new(t.sent, t.hashed, t.total, now - t.started_ms, t.is_active())
            })
        });
        let phase = Memo::new(move |_| get().map(|t| t.phase));
        let notes = Memo::new(move |_| {
            get().map(|t| RowNotes {
                record_error: t.record_error,
                action_error: t.action_error,
                deactivated: t.deactivated,
                can_verify_again: t.local.is_some(),
                cut: t.cut_at.map(|sent| (sent, t.total)),
            })
        });
        let duplicates = Memo::new(move |_| get().map(|t| t.duplicates).unwrap_or_default());
        let worker_memory = Memo::new(move |_| get().map(|t| t.worker_memory));
        let ctl = TransferRowController {
            id,
            transfers,
            session,
            figures,
            phase,
            notes,
            duplicates,
            worker_memory,
        };
        Some((ctl, first))
    }

    /// Stops the upload; the image stays `queued`.
    pub(super) fn cancel(self) {
        self.transfers.cancel(self.id);
    }

    /// Sends the file again into the same image.
    pub(super) fn retry(self) {
        self.transfers
            .retry(self.id, self.session.client_untracked());
    }

    /// Deletes the image.
    pub(super) fn delete(self) {
        self.transfers
            .delete_image(self.id, self.session.client_untracked());
    }

    /// Deactivates the image (after a mismatch).
    pub(super) fn deactivate(self) {
        self.transfers
            .deactivate_image(self.id, self.session.client_untracked());
    }

    /// Reads the image back again and compares (the local digests are kept).
    pub(super) fn verify_again(self) {
        self.transfers
            .verify_again(self.id, self.session.client_untracked());
    }

    /// Looks for other images with the same data again.
    pub(super) fn check_duplicates(self) {
        self.transfers
            .check_duplicates(self.id, self.session.client_untracked());
    }

    /// Whether the image has been deactivated from the panel.
    pub(super) fn deactivated(self) -> bool {
        self.notes.get().is_some_and(|n| n.deactivated)
    }
}
