//! A download as data: how its bytes were saved, why it started over, its outcome, and the
//! record the transfers panel shows while it runs and after. The flow that fills them is
//! `flows::download`.

use crate::i18n::Key;
use crate::model::checksum::Verification;
use crate::model::operation::Operation;
use crate::problem::Problem;

/// How the bytes reached the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveMethod {
    /// Streamed to a file the user picked.
    Streamed,
    /// Collected in memory, then saved through the browser's download.
    InMemory,
    /// Streamed to the browser's own downloads (through the portal's service worker), where
    /// there is no file picker: the browser writes the file, the portal hashes what it hands
    /// over.
    BrowserDownloads,
    /// Read through and checked only, nothing saved: a check of the data Glance serves.
    NotKept,
}

/// Why a download started over instead of resuming.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restart {
    /// The image's data changed during the download (its checksum or `os_hash_value`).
    ImageChanged,
    /// The server answered the `Range` with the whole body.
    RangeIgnored,
}

impl Restart {
    /// What the user is told.
    pub fn key(self) -> Key {
        match self {
            Restart::ImageChanged => Key::DownloadRestartedImageChanged,
            Restart::RangeIgnored => Key::DownloadRestartedRangeIgnored,
        }
    }
}

/// The outcome of a download.
#[derive(Clone, Debug, PartialEq)]
pub struct Downloaded {
    /// Bytes in the file.
    pub bytes: u64,
    /// Breaks resumed where they stopped.
    pub resumed: u32,
    /// Times it started over, and why.
    pub restarts: Vec<Restart>,
    /// How they were saved.
    pub method: SaveMethod,
    /// The comparison with Glance's hashes.
    pub verification: Verification,
    /// What was done, for its CLI line.
    pub operation: Operation,
}

/// How a download ended, when nothing went wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum DownloadEnd {
    /// All of it arrived, with the verdict (boxed: it is large beside `Cancelled`).
    Done(Box<Downloaded>),
    /// The user cancelled it; what was written is dropped.
    Cancelled,
}

/// Where a download in the panel is.
#[derive(Clone, Debug, PartialEq)]
pub enum DownloadPhase {
    /// A check of stored data waiting for the checks queued before it: one runs at a time,
    /// so a selection of fifty images does not start a hundred hashing workers at once.
    Waiting,
    /// Bytes are coming.
    Running,
    /// All arrived, with the verdict.
    Done(Box<Downloaded>),
    /// It stopped on a problem; nothing partial was kept.
    Failed(Problem),
    /// The user cancelled it; nothing was kept.
    Cancelled,
}

/// One download in the transfers panel.
#[derive(Clone, Debug, PartialEq)]
pub struct DownloadRecord {
    /// Local id (shared with uploads' ids, so a panel row is one id).
    pub id: u64,
    /// The image.
    pub image_id: String,
    /// The image's name, as the file is named.
    pub name: String,
    /// The image's size when Glance knows it.
    pub total: Option<u64>,
    /// Only reading the data through to check it, saving nothing ("Verify stored data").
    pub check_only: bool,
    /// Bytes kept so far.
    pub received: u64,
    /// Start time (ms since epoch).
    pub started_ms: f64,
    /// End time, once finished.
    pub finished_ms: Option<f64>,
    /// Where it is.
    pub phase: DownloadPhase,
}

impl DownloadRecord {
    /// Whether it still needs the page.
    pub fn is_active(&self) -> bool {
        matches!(self.phase, DownloadPhase::Running | DownloadPhase::Waiting)
    }

    /// The operation, for its CLI line.
    pub fn operation(&self) -> Operation {
        Operation::Download {
            image_id: self.image_id.clone(),
            file_name: self.name.clone(),
        }
    }

    /// Ends it: the flow's outcome as a phase.
    pub fn end(&mut self, outcome: Result<DownloadEnd, Problem>, now_ms: f64) {
        self.phase = match outcome {
            Ok(DownloadEnd::Done(done)) => {
                // The progress shown may lag (it is throttled); the outcome has the count.
                self.received = done.bytes;
                DownloadPhase::Done(done)
            }
            Ok(DownloadEnd::Cancelled) => DownloadPhase::Cancelled,
            Err(problem) => DownloadPhase::Failed(problem),
        };
        self.finished_ms = Some(now_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::error::ApiError;

    fn running() -> DownloadRecord {
        DownloadRecord {
            id: 3,
            image_id: "i".into(),
            name: "disk.qcow2".into(),
            total: Some(10),
            check_only: false,
            received: 4,
            started_ms: 1.0,
            finished_ms: None,
            phase: DownloadPhase::Running,
        }
    }

    #[test]
    fn a_download_holds_the_page_until_it_ends_whichever_way() {
        let mut cancelled = running();
        assert!(cancelled.is_active());
        cancelled.end(Ok(DownloadEnd::Cancelled), 9.0);
        assert_eq!(
            (cancelled.phase.clone(), cancelled.finished_ms),
            (DownloadPhase::Cancelled, Some(9.0))
        );
        assert!(!cancelled.is_active());
        let waiting = DownloadRecord {
            phase: DownloadPhase::Waiting,
            ..running()
        };
        assert!(
            waiting.is_active(),
            "a queued check is lost with the page too"
        );
        let mut failed = running();
        let gone = ApiError::from_response(404, "No image found", None);
        failed.end(Err(gone.clone().into()), 9.0);
        assert_eq!(failed.phase, DownloadPhase::Failed(gone.into()));
    }

    #[test]
    fn a_finished_download_shows_every_byte_it_kept() {
        let mut done = running();
        let downloaded = Downloaded {
            bytes: 10,
            resumed: 0,
            restarts: vec![],
            method: SaveMethod::InMemory,
            verification: Verification::NotVerified {
                reason: crate::model::checksum::NotVerifiedReason::NoDigests,
            },
            operation: done.operation(),
        };
        done.end(Ok(DownloadEnd::Done(Box::new(downloaded))), 9.0);
        assert_eq!(done.received, 10);
    }

    #[test]
    fn its_cli_line_saves_to_a_file_named_after_the_image() {
        assert_eq!(
            running().operation(),
            Operation::Download {
                image_id: "i".into(),
                file_name: "disk.qcow2".into()
            }
        );
    }
}
