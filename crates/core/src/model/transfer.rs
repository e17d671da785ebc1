//! One upload as data: where it is ([`Phase`]), what it found ([`Duplicates`]), and the
//! operations it performs, from which both its requests and its CLI line come. The upload
//! flow (`flows::upload`) changes it; the app keeps it in the transfers panel's signal.

use crate::api::error::ApiError;
use crate::model::checksum::{LocalDigests, Verification};
use crate::model::operation::{DataFile, Operation, UploadMethod};
use crate::problem::Problem;

/// Where a transfer is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Sending and hashing.
    Running,
    /// Both done; reading the image back to compare.
    Verifying,
    /// Finished, with the comparison's outcome.
    Done(Verification),
    /// Failed before the data was sent; the image is left as Glance has it (usually
    /// `queued`), so Retry can send it again.
    Failed(Problem),
    /// The data was sent and hashed, but reading the image back (or the import) failed, e.g.
    /// on an expired token. The local digests are kept: "Verify again" needs no re-upload.
    Unverified(Problem),
    /// Retry refused: Glance takes an image's data once, and the image is no longer
    /// `queued` (the status is given).
    NotQueued(String),
    /// The user deleted the image from the panel.
    Deleted,
    /// Cancelled by the user; the image stays `queued`.
    Cancelled,
}

/// Whether other images the user can see already hold the upload's data, looked up by its
/// sha512 (`GET /v2/images?os_hash_value=…`) as soon as the hashing is done. The lookup runs
/// beside the verification and never holds it up.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Duplicates {
    /// The sha512 is not known yet.
    #[default]
    NotYet,
    /// Asking Glance.
    Checking,
    /// Other images with the same `os_hash_value`, as `(id, name)`; empty when none.
    Found(Vec<(String, String)>),
    /// The lookup failed (shown with a retry, not swallowed).
    Failed(Problem),
}

/// One upload.
#[derive(Clone, Debug, PartialEq)]
pub struct Transfer {
    /// Local id.
    pub id: u64,
    /// Glance image id.
    pub image_id: String,
    /// File name.
    pub name: String,
    /// File size in bytes.
    pub total: u64,
    /// Bytes the browser has sent.
    pub sent: u64,
    /// Bytes hashed.
    pub hashed: u64,
    /// Start time (ms since epoch).
    pub started_ms: f64,
    /// End time, once finished.
    pub finished_ms: Option<f64>,
    /// Phase.
    pub phase: Phase,
    /// Local digests, once hashed.
    pub local: Option<LocalDigests>,
    /// How the data is sent (kept per transfer, so a retry sends the same way).
    pub method: UploadMethod,
    /// The store the data goes to; `None` = the cloud's default store.
    pub store: Option<String>,
    /// Recording the digests on the image failed (the verdict stands; later viewers just
    /// cannot re-check it).
    pub record_error: Option<Problem>,
    /// The last delete/deactivate from the panel failed.
    pub action_error: Option<Problem>,
    /// Deactivated from the panel after a mismatch.
    pub deactivated: bool,
    /// The hashing workers' wasm memory, both together, at its largest so far (bytes).
    pub worker_memory: u64,
    /// Other images already holding the same data.
    pub duplicates: Duplicates,
    /// The image's `disk_format` as read before its glance-direct import (an import plugin
    /// may change it), so the verdict can tell a conversion from a mismatch.
    pub sent_format: Option<String>,
    /// The create that made the image for this upload; `None` when the data goes into an
    /// image that already existed (a queued image's page).
    pub created: Option<Operation>,
    /// The bytes the browser had sent when the upload's connection broke (no answer, or a
    /// proxy's 502/503/504 instead of Glance's), so the row can say the file did not arrive
    /// whole; `None` for every other outcome.
    pub cut_at: Option<u64>,
}

/// What starts an upload: the image it fills and the file it sends.
#[derive(Clone, Debug, PartialEq)]
pub struct NewTransfer {
    /// Local id.
    pub id: u64,
    /// Glance image id.
    pub image_id: String,
    /// File name.
    pub name: String,
    /// File size in bytes.
    pub total: u64,
    /// How the data is sent.
    pub method: UploadMethod,
    /// The store the data goes to; `None` = the cloud's default store.
    pub store: Option<String>,
    /// The create that made the image for this upload, if the portal made it.
    pub created: Option<Operation>,
}

impl Transfer {
    /// A transfer about to send, started at `now_ms`.
    pub fn new(start: NewTransfer, now_ms: f64) -> Self {
        Transfer {
            id: start.id,
            image_id: start.image_id,
            name: start.name,
            total: start.total,
            sent: 0,
            hashed: 0,
            started_ms: now_ms,
            finished_ms: None,
            phase: Phase::Running,
            local: None,
            method: start.method,
            store: start.store,
            record_error: None,
            action_error: None,
            deactivated: false,
            worker_memory: 0,
            duplicates: Duplicates::NotYet,
            sent_format: None,
            created: start.created,
            cut_at: None,
        }
    }

    /// Back to the start for a retry into the same image, at `now_ms`: nothing sent or
    /// hashed, no digests, no duplicates, no cut.
    pub fn restart(&mut self, now_ms: f64) {
        self.sent = 0;
        self.hashed = 0;
        self.started_ms = now_ms;
        self.finished_ms = None;
        self.phase = Phase::Running;
        self.local = None;
        self.duplicates = Duplicates::NotYet;
        self.cut_at = None;
    }

    /// The operation that sends the data: the upload, or the stage of a glance-direct.
    pub fn data_operation(&self) -> Operation {
        let file = DataFile {
            name: self.name.clone(),
            size: self.total,
        };
        let image_id = self.image_id.clone();
        match self.method {
            UploadMethod::Direct => Operation::Upload {
                image_id,
                file,
                store: self.store.clone(),
            },
            UploadMethod::GlanceDirect => Operation::Stage { image_id, file },
        }
    }

    /// Every step of the transfer in order (create, upload; or create, stage, import), for
    /// its CLI line.
    pub fn operations(&self) -> Vec<Operation> {
        let mut ops: Vec<Operation> = self.created.iter().cloned().collect();
        ops.push(self.data_operation());
        if self.method == UploadMethod::GlanceDirect {
            ops.push(Operation::glance_direct_import(
                &self.image_id,
                self.store.as_deref(),
            ));
        }
        ops
    }

    /// Whether it still needs the page.
    pub fn is_active(&self) -> bool {
        matches!(self.phase, Phase::Running | Phase::Verifying)
    }

    /// Whether the file may still be sent: while it is, and while Retry can send it again
    /// (after a failure or a cancel). Once Glance holds the data, or the image is gone or no
    /// longer takes data, the file is not needed (a decompressed copy can be removed).
    pub fn may_send_again(&self) -> bool {
        matches!(
            self.phase,
            Phase::Running | Phase::Verifying | Phase::Failed(_) | Phase::Cancelled
        )
    }
}

/// Whether an upload's connection broke on the way ([`ApiError::connection_broke`]): Glance
/// then puts the image back to `queued` without data, and Retry sends it again.
pub fn connection_broke(problem: &Problem) -> bool {
    problem.api_error().is_some_and(ApiError::connection_broke)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::{ApiError, ApiErrorKind};
    use crate::i18n::{Key, Text};
    use crate::model::operation::{ImportMethod, StoreSelection};
    use crate::problem::{Refusal, RefusalReason};

    #[test]
    fn a_proxys_gateway_error_is_a_broken_connection_glances_own_answer_is_not() {
        let nginx = ApiError::from_response(502, "<h1>502 Bad Gateway</h1>", None);
        assert!(connection_broke(&nginx.into()));
        let timeout = ApiError::from_response(504, "", None);
        assert!(connection_broke(&timeout.into()));
        // Glance's own 503 (a store out of space) carries its request id: not a cut.
        let glance = ApiError::from_response(503, "", Some("req-1".into()));
        assert!(!connection_broke(&glance.into()));
        let size = ApiError::from_response(400, "Size mismatch", None);
        assert!(!connection_broke(&size.into()));
    }

    #[test]
    fn the_file_is_needed_until_glance_holds_the_data() {
        let start = NewTransfer {
            id: 1,
            image_id: "i".into(),
            name: "disk.raw".into(),
            total: 10,
            method: UploadMethod::Direct,
            store: None,
            created: None,
        };
        let mut t = Transfer::new(start, 0.0);
        let refusal = Refusal::new(RefusalReason::Browser, Key::ErrHashingFailed, &["x"]);
        for (phase, needed) in [
            (Phase::Running, true),
            (Phase::Verifying, true),
            (Phase::Failed(refusal.clone().into()), true),
            (Phase::Cancelled, true),
            (Phase::Unverified(refusal.into()), false),
            (Phase::NotQueued("active".into()), false),
            (Phase::Deleted, false),
        ] {
            t.phase = phase;
            assert_eq!(t.may_send_again(), needed, "{:?}", t.phase);
        }
    }

    #[test]
    fn no_answer_at_all_is_a_broken_connection_too() {
        let lost = ApiError::worded(
            ApiErrorKind::Network,
            Text::new(Key::ErrUploadLost, &["PUT", "/image/v2/images/i/file"]),
        );
        assert!(connection_broke(&lost.into()));
        let refused = ApiError::worded(
            ApiErrorKind::Network,
            Text::new(Key::ErrBrowserRefused, &["PUT", "/image/v2/images/i/file"]),
        );
        assert!(!connection_broke(&refused.into()), "nothing was sent");
        let hashing = Refusal::new(RefusalReason::Browser, Key::ErrHashingFailed, &["x"]);
        assert!(!connection_broke(&hashing.into()), "not the connection");
    }

    fn transfer(method: UploadMethod, store: Option<&str>) -> Transfer {
        let start = NewTransfer {
            id: 1,
            image_id: "i".into(),
            name: "disk.raw".into(),
            total: 10,
            method,
            store: store.map(str::to_string),
            created: Some(Operation::Create {
                properties: serde_json::json!({"name": "disk"}),
            }),
        };
        Transfer::new(start, 0.0)
    }

    #[test]
    fn a_restart_forgets_what_the_last_attempt_sent_and_found() {
        let mut t = transfer(UploadMethod::Direct, None);
        t.sent = 7;
        t.hashed = 5;
        t.cut_at = Some(7);
        t.phase = Phase::Cancelled;
        t.finished_ms = Some(3.0);
        t.duplicates = Duplicates::Checking;
        t.restart(9.0);
        let fresh = Transfer {
            started_ms: 9.0,
            ..transfer(UploadMethod::Direct, None)
        };
        assert_eq!(t, fresh);
    }

    #[test]
    fn a_direct_transfer_is_create_then_upload_to_its_store() {
        let t = transfer(UploadMethod::Direct, Some("fast"));
        let file = DataFile {
            name: "disk.raw".into(),
            size: 10,
        };
        assert_eq!(
            t.operations(),
            vec![
                t.created.clone().unwrap(),
                Operation::Upload {
                    image_id: "i".into(),
                    file,
                    store: Some("fast".into())
                }
            ]
        );
    }

    #[test]
    fn a_glance_direct_transfer_stages_then_imports_into_its_store() {
        let t = transfer(UploadMethod::GlanceDirect, Some("fast"));
        let ops = t.operations();
        assert!(matches!(&ops[1], Operation::Stage { image_id, .. } if image_id == "i"));
        assert_eq!(
            ops[2],
            Operation::Import {
                image_id: "i".into(),
                method: ImportMethod::GlanceDirect,
                stores: StoreSelection::Stores {
                    ids: vec!["fast".into()],
                    all_must_succeed: true
                }
            }
        );
        assert_eq!(t.data_operation(), ops[1]);
    }

    #[test]
    fn only_running_and_verifying_need_the_page() {
        let mut t = transfer(UploadMethod::Direct, None);
        for (phase, active) in [
            (Phase::Running, true),
            (Phase::Verifying, true),
            (Phase::Cancelled, false),
            (Phase::Deleted, false),
            (Phase::NotQueued("active".into()), false),
        ] {
            t.phase = phase;
            assert_eq!(t.is_active(), active, "{:?}", t.phase);
        }
    }
}
