//! The data paths under the seam: an upload whose body is the user's file (and cancelling
//! it), and a download whose body is read as a stream. [`DataTransport`] extends
//! [`Transport`] with them, so the upload and download flows ([`crate::flows::upload`],
//! [`crate::flows::download`]) run over the browser's XHR and `fetch` in the app and over a
//! script of answers and bytes in `cargo test`, like every JSON call.

use std::cell::RefCell;
use std::rc::Rc;

use super::error::ApiError;
use super::request::ApiRequest;
use super::transport::{RawResponse, Transport};

/// Why an upload did not complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadError {
    /// The user (or the portal, on logout) cancelled it.
    Cancelled,
    /// The service refused it, or the connection broke.
    Failed(ApiError),
}

#[derive(Default)]
struct CancelState {
    cancelled: bool,
    on_cancel: Option<Box<dyn FnOnce()>>,
}

/// A transfer's cancel switch, shared by whoever may cancel (a button) and the request it
/// stops: the transport hangs its abort on it ([`Cancel::on_cancel`]). Cheap to clone; one
/// thread, like the browser's.
#[derive(Clone, Default)]
pub struct Cancel(Rc<RefCell<CancelState>>);

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Cancel").field(&self.is_cancelled()).finish()
    }
}

impl Cancel {
    /// A switch not yet thrown.
    pub fn new() -> Self {
        Self::default()
    }

    /// Throws the switch: runs the abort hung on it, once.
    pub fn cancel(&self) {
        let hook = {
            let mut state = self.0.borrow_mut();
            state.cancelled = true;
            state.on_cancel.take()
        };
        if let Some(abort) = hook {
            abort();
        }
    }

    /// Whether the switch has been thrown.
    pub fn is_cancelled(&self) -> bool {
        self.0.borrow().cancelled
    }

    /// What cancelling does now (aborting the request in flight); run at once when the
    /// switch was thrown before the request started. Replaces an earlier hook: one request
    /// runs at a time.
    pub fn on_cancel(&self, abort: impl FnOnce() + 'static) {
        if self.is_cancelled() {
            abort();
        } else {
            self.0.borrow_mut().on_cancel = Some(Box::new(abort));
        }
    }

    /// Unhooks the finished request's abort, so a late click aborts nothing.
    pub fn clear(&self) {
        self.0.borrow_mut().on_cancel = None;
    }
}

/// A download's body, read chunk by chunk as it arrives.
#[allow(async_fn_in_trait)]
pub trait ByteStream {
    /// One piece of the body: a JS `Uint8Array` in the browser, bytes in a test.
    type Chunk;

    /// The next chunk, `None` at the end; an error when the connection breaks.
    async fn next(&mut self) -> Result<Option<Self::Chunk>, ApiError>;

    /// A chunk's length in bytes.
    fn chunk_len(chunk: &Self::Chunk) -> u64;
}

/// A download that has its answer, its body still to read.
pub struct OpenedDownload<S> {
    /// 200 for the whole body, 206 for the part a `Range` asked for.
    pub status: u16,
    /// The body.
    pub body: S,
    /// The answer's `Content-MD5` header (Glance 33 sends the checksum's hex digits).
    pub content_md5: Option<String>,
}

/// A transport that also sends and receives a file's data.
#[allow(async_fn_in_trait)]
pub trait DataTransport: Transport {
    /// What an upload sends: a `File` in the browser, bytes in a test.
    type Body;

    /// What a download's body is read through.
    type Stream: ByteStream;

    /// The body's length in bytes.
    fn body_len(body: &Self::Body) -> u64;

    /// Sends `req` with `body` as its data, reporting the bytes sent so far to `on_progress`;
    /// [`Cancel::cancel`] stops it with [`UploadError::Cancelled`]. A non-2xx answer is an
    /// error with its status, message and request id, and a 401 reaches the client's
    /// unauthorized hook, as for any request.
    async fn upload(
        &self,
        req: &ApiRequest,
        body: &Self::Body,
        cancel: &Cancel,
        on_progress: Box<dyn Fn(u64)>,
    ) -> Result<RawResponse, UploadError>;

    /// Sends `req` and returns the answer with its body unread; a non-2xx answer is read
    /// whole and is the error (with a 401 reaching the client's hook). [`Cancel::cancel`]
    /// aborts the request and the body's reading.
    async fn open_download(
        &self,
        req: &ApiRequest,
        cancel: &Cancel,
    ) -> Result<OpenedDownload<Self::Stream>, ApiError>;
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    #[test]
    fn cancelling_runs_the_hook_once_and_a_late_hook_at_once() {
        let cancel = Cancel::new();
        let runs = Rc::new(Cell::new(0));
        let counted = runs.clone();
        cancel.on_cancel(move || counted.set(counted.get() + 1));
        cancel.cancel();
        cancel.cancel();
        assert_eq!(runs.get(), 1);
        assert!(cancel.is_cancelled());
        let late = runs.clone();
        cancel.on_cancel(move || late.set(late.get() + 10));
        assert_eq!(
            runs.get(),
            11,
            "a request started after the click is aborted at once"
        );
    }

    #[test]
    fn a_cleared_hook_is_not_run() {
        let cancel = Cancel::new();
        let runs = Rc::new(Cell::new(0));
        let counted = runs.clone();
        cancel.on_cancel(move || counted.set(counted.get() + 1));
        cancel.clear();
        cancel.cancel();
        assert_eq!(runs.get(), 0);
    }
}
