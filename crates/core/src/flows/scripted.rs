//! A transport that plays a script, for native tests of the flows: each expected request
//! (method and path, with its query) and the answer to give. A request out of order, or one
//! the script did not expect, fails the test; so does an answer left unused
//! ([`Scripted::finish`]). Sleeps are recorded, not slept.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use serde_json::Value;

use crate::api::data::{ByteStream, Cancel, DataTransport, OpenedDownload, UploadError};
use crate::api::error::ApiError;
use crate::api::request::{ApiRequest, Method};
use crate::api::transport::{RawResponse, Transport};
use crate::flows::download::{SaveTarget, StreamHasher};
use crate::flows::hashing::{HashProgress, HashTask, Hasher};
use crate::flows::upload::TransferBoard;
use crate::i18n::Key;
use crate::model::checksum::{LocalDigests, MultiHasher};
use crate::model::download::SaveMethod;
use crate::model::transfer::{Phase, Transfer};
use crate::problem::{Refusal, RefusalReason};

/// One expected request and its answer.
struct Step {
    method: Method,
    path: String,
    answer: Result<RawResponse, ApiError>,
    /// For an upload: the bytes that get through before the answer (`None`: all of them).
    arrives: Option<u64>,
    /// For a download: its body and `Content-MD5`, and where the connection breaks.
    body: Option<ScriptedBody>,
}

/// A download's scripted body.
struct ScriptedBody {
    bytes: Vec<u8>,
    content_md5: Option<String>,
    breaks: Option<(u64, ApiError)>,
    /// Whether a `Range: bytes=N-` gets 206 and the rest (Glance does), or 200 and all.
    honours_range: bool,
}

/// The script, and what the flow sent.
#[derive(Default)]
pub struct Scripted {
    steps: RefCell<VecDeque<Step>>,
    /// Bodies of the requests sent, in order (`None` for bodiless ones).
    pub bodies: RefCell<Vec<Option<Value>>>,
    /// The sleeps asked for, in milliseconds.
    pub sleeps: RefCell<Vec<u32>>,
    /// Uploads the flow's cancel switch aborted (what an XHR's `abort()` would do).
    pub aborted: Rc<Cell<u32>>,
}

impl Scripted {
    /// An empty script.
    pub fn new() -> Self {
        Self::default()
    }

    /// Expects `method path` and answers 200 with `body`.
    pub fn ok(self, method: Method, path: &str, body: Value) -> Self {
        self.answer(method, path, Ok(ok_response(200, &body)))
    }

    /// Expects `method path` and answers 204 No Content.
    pub fn no_content(self, method: Method, path: &str) -> Self {
        self.answer(method, path, Ok(empty_response(204)))
    }

    /// Expects `method path` and answers 202 Accepted with no body (an import Glance has
    /// taken on, to be followed on the image).
    pub fn accepted(self, method: Method, path: &str) -> Self {
        self.answer(method, path, Ok(empty_response(202)))
    }

    /// Expects `method path` and answers with the HTTP error `status` and a Glance-style body.
    pub fn fails(self, method: Method, path: &str, status: u16, message: &str) -> Self {
        let body = serde_json::json!({"message": message, "code": status}).to_string();
        let error = ApiError::from_response(status, &body, Some(format!("req-{status}")));
        self.answer(method, path, Err(error))
    }

    /// Expects `method path` and gives `answer`.
    pub fn answer(self, method: Method, path: &str, answer: Result<RawResponse, ApiError>) -> Self {
        self.steps.borrow_mut().push_back(Step {
            method,
            path: path.to_string(),
            answer,
            arrives: None,
            body: None,
        });
        self
    }

    /// Expects the download `GET path` and answers as Glance does: 200 with `bytes` (or,
    /// for `Range: bytes=N-`, 206 with the bytes from N), read in quarters, with
    /// `content_md5` as that header; `breaks` cuts the connection once that many bytes of
    /// this answer came.
    pub fn download(
        self,
        path: &str,
        bytes: Vec<u8>,
        content_md5: Option<String>,
        breaks: Option<(u64, ApiError)>,
    ) -> Self {
        let scripted = self.answer(Method::Get, path, Ok(empty_response(200)));
        if let Some(step) = scripted.steps.borrow_mut().back_mut() {
            step.body = Some(ScriptedBody {
                bytes,
                content_md5,
                breaks,
                honours_range: true,
            });
        }
        scripted
    }

    /// Expects the download `GET path` from a server that ignores `Range`: 200 and all of
    /// `bytes`.
    pub fn download_ignoring_range(self, path: &str, bytes: Vec<u8>) -> Self {
        let scripted = self.download(path, bytes, None, None);
        if let Some(body) = scripted
            .steps
            .borrow_mut()
            .back_mut()
            .and_then(|s| s.body.as_mut())
        {
            body.honours_range = false;
        }
        scripted
    }

    /// Expects an upload to `method path`: its whole body arrives (reported in quarters)
    /// and Glance answers 204.
    pub fn upload_ok(self, method: Method, path: &str) -> Self {
        self.answer(method, path, Ok(empty_response(204)))
    }

    /// Expects an upload to `method path` whose first `at` bytes get through before
    /// `answer`: a cut connection (no answer, or a proxy's 502), or Glance refusing it.
    pub fn upload_stops(self, method: Method, path: &str, at: u64, answer: ApiError) -> Self {
        let scripted = self.answer(method, path, Err(answer));
        if let Some(step) = scripted.steps.borrow_mut().back_mut() {
            step.arrives = Some(at);
        }
        scripted
    }

    fn next_step(&self, req: &ApiRequest) -> Step {
        let sent = req.url("");
        let step = self
            .steps
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| panic!("unexpected request {} {sent}", req.method.as_str()));
        assert_eq!(
            (req.method, sent.as_str()),
            (step.method, step.path.as_str()),
            "request out of script"
        );
        self.bodies.borrow_mut().push(
            req.body
                .as_deref()
                .map(|b| serde_json::from_str(b).unwrap()),
        );
        step
    }

    /// Asserts that every scripted request was sent.
    pub fn finish(&self) {
        let left: Vec<String> = self
            .steps
            .borrow()
            .iter()
            .map(|s| format!("{} {}", s.method.as_str(), s.path))
            .collect();
        assert!(left.is_empty(), "requests never sent: {left:?}");
    }
}

fn empty_response(status: u16) -> RawResponse {
    RawResponse {
        status,
        body: String::new(),
        subject_token: None,
        request_id: Some(format!("req-{status}")),
    }
}

fn ok_response(status: u16, body: &Value) -> RawResponse {
    RawResponse {
        status,
        body: body.to_string(),
        subject_token: None,
        request_id: Some(format!("req-{status}")),
    }
}

impl Transport for Scripted {
    async fn send(&self, req: &ApiRequest) -> Result<RawResponse, ApiError> {
        self.next_step(req).answer
    }

    async fn sleep_ms(&self, ms: u32) {
        self.sleeps.borrow_mut().push(ms);
    }
}

/// Uploads play their step: the body goes out in quarters, each reported, and a cancel
/// thrown meanwhile (by a test's board, as a user's click would) aborts it there.
impl DataTransport for Scripted {
    type Body = Vec<u8>;
    type Stream = ScriptedStream;

    fn body_len(body: &Vec<u8>) -> u64 {
        body.len() as u64
    }

    async fn upload(
        &self,
        req: &ApiRequest,
        body: &Vec<u8>,
        cancel: &Cancel,
        on_progress: Box<dyn Fn(u64)>,
    ) -> Result<RawResponse, UploadError> {
        let step = self.next_step(req);
        let aborted = self.aborted.clone();
        cancel.on_cancel(move || aborted.set(aborted.get() + 1));
        let total = body.len() as u64;
        let arrives = step.arrives.unwrap_or(total).min(total);
        for quarter in 1..=4u64 {
            if cancel.is_cancelled() {
                return Err(UploadError::Cancelled);
            }
            let sent = (total * quarter / 4).min(arrives);
            on_progress(sent);
            if sent >= arrives {
                break;
            }
        }
        if cancel.is_cancelled() {
            return Err(UploadError::Cancelled);
        }
        step.answer.map_err(UploadError::Failed)
    }

    async fn open_download(
        &self,
        req: &ApiRequest,
        cancel: &Cancel,
    ) -> Result<OpenedDownload<ScriptedStream>, ApiError> {
        let step = self.next_step(req);
        let aborted = self.aborted.clone();
        cancel.on_cancel(move || aborted.set(aborted.get() + 1));
        step.answer?;
        let body = step.body.expect("a download step (Scripted::download)");
        let from = req
            .headers
            .iter()
            .find(|(name, _)| name == "Range")
            .map(|(_, value)| {
                let n = value.trim_start_matches("bytes=").trim_end_matches('-');
                n.parse::<u64>()
                    .expect("a Range the portal sends: bytes=N-")
            })
            .unwrap_or(0);
        let content_md5 = body.content_md5.clone();
        let (status, body) = body.answer(from);
        Ok(OpenedDownload {
            status,
            content_md5,
            body,
        })
    }
}

/// A scripted download body: quarters of the bytes, then the end or the break.
pub struct ScriptedStream {
    chunks: VecDeque<Result<Vec<u8>, ApiError>>,
}

impl ByteStream for ScriptedStream {
    type Chunk = Vec<u8>;

    async fn next(&mut self) -> Result<Option<Vec<u8>>, ApiError> {
        self.chunks.pop_front().transpose()
    }

    fn chunk_len(chunk: &Vec<u8>) -> u64 {
        chunk.len() as u64
    }
}

impl ScriptedBody {
    /// The answer to a request for the bytes from `from`: its status and body.
    fn answer(self, from: u64) -> (u16, ScriptedStream) {
        let (status, from) = match (from, self.honours_range) {
            (0, _) | (_, false) => (200, 0),
            (from, true) => (206, from as usize),
        };
        let rest = self.bytes[from.min(self.bytes.len())..].to_vec();
        let body = ScriptedBody {
            bytes: rest,
            ..self
        };
        (status, body.into_stream())
    }

    fn into_stream(self) -> ScriptedStream {
        let quarter = self.bytes.len().div_ceil(4).max(1);
        let mut chunks = VecDeque::new();
        let mut came = 0u64;
        for piece in self.bytes.chunks(quarter) {
            if let Some((at, _)) = &self.breaks {
                if came >= *at {
                    break;
                }
            }
            came += piece.len() as u64;
            chunks.push_back(Ok(piece.to_vec()));
        }
        if let Some((_, error)) = self.breaks {
            chunks.push_back(Err(error));
        }
        ScriptedStream { chunks }
    }
}

/// A save target in memory, with an optional limit, that can be told to refuse writes.
#[derive(Clone, Default)]
pub struct MemoryTarget {
    limit: Option<u64>,
    written: Rc<RefCell<Vec<u8>>>,
    /// The file once closed.
    pub saved: Rc<RefCell<Option<Vec<u8>>>>,
    /// Whether the download dropped what it wrote.
    pub abandoned: Rc<RefCell<bool>>,
    /// Makes every write fail, as a full disk would.
    pub refuse_writes: Rc<RefCell<bool>>,
}

impl MemoryTarget {
    /// A target holding at most `limit` bytes, or any number.
    pub fn new(limit: Option<u64>) -> Self {
        MemoryTarget {
            limit,
            ..Self::default()
        }
    }
}

impl MemoryTarget {
    /// Whether the download dropped what it wrote and saved no file.
    pub fn kept_nothing(&self) -> bool {
        *self.abandoned.borrow() && self.saved.borrow().is_none()
    }
}

impl SaveTarget<Vec<u8>> for MemoryTarget {
    fn method(&self) -> SaveMethod {
        SaveMethod::InMemory
    }

    fn capacity(&self) -> Option<u64> {
        self.limit
    }

    async fn write(&mut self, chunk: &Vec<u8>) -> Result<(), Refusal> {
        if *self.refuse_writes.borrow() {
            return Err(Refusal::new(
                RefusalReason::Browser,
                Key::ErrSaveFailed,
                &["disk full"],
            ));
        }
        self.written.borrow_mut().extend_from_slice(chunk);
        Ok(())
    }

    async fn rewind(&mut self) -> Result<(), Refusal> {
        self.written.borrow_mut().clear();
        Ok(())
    }

    async fn close(self) -> Result<(), Refusal> {
        *self.saved.borrow_mut() = Some(self.written.take());
        Ok(())
    }

    async fn abandon(self) {
        self.written.borrow_mut().clear();
        *self.abandoned.borrow_mut() = true;
    }
}

/// Native md5 + sha512 over a test's chunks.
impl StreamHasher<Vec<u8>> for MultiHasher {
    async fn update(&mut self, chunk: &Vec<u8>) -> Result<(), Refusal> {
        MultiHasher::update(self, chunk);
        Ok(())
    }

    async fn finish(self) -> Result<LocalDigests, Refusal> {
        Ok(MultiHasher::finish(self))
    }
}

/// A hasher that hashes the bytes at once, natively, or fails as a worker can.
#[derive(Default)]
pub struct ScriptedHasher {
    /// The refusal to give instead of digests, if any.
    pub fails: Option<Refusal>,
    /// Jobs abandoned by the flow.
    pub abandoned: Rc<Cell<u32>>,
}

/// A job of [`ScriptedHasher`]: the digests it will give.
pub struct ScriptedJob {
    digests: Result<LocalDigests, Refusal>,
    abandoned: Rc<Cell<u32>>,
}

impl Hasher for ScriptedHasher {
    type Body = Vec<u8>;
    type Job = ScriptedJob;

    fn start(
        &self,
        body: &Vec<u8>,
        on_progress: Box<dyn Fn(HashProgress)>,
    ) -> Result<ScriptedJob, Refusal> {
        on_progress(HashProgress {
            hashed: body.len() as u64,
            memory: 1 << 20,
        });
        Ok(ScriptedJob {
            digests: match &self.fails {
                Some(refusal) => Err(refusal.clone()),
                None => Ok(LocalDigests::of(body)),
            },
            abandoned: self.abandoned.clone(),
        })
    }
}

impl HashTask for ScriptedJob {
    async fn finish(self) -> Result<LocalDigests, Refusal> {
        self.digests
    }

    fn abandon(self) {
        self.abandoned.set(self.abandoned.get() + 1);
    }
}

/// A transfer record in a cell, with the phases it was finished in and, optionally, a
/// user's cancel click once `at` bytes are sent.
#[derive(Clone)]
pub struct TestBoard {
    /// The record.
    pub record: Rc<RefCell<Transfer>>,
    /// Every phase the flow finished it in, in order.
    pub finished: Rc<RefCell<Vec<Phase>>>,
    /// Cancels this switch once the record's `sent` reaches the bytes given.
    pub cancel_at: Option<(u64, Cancel)>,
}

impl TestBoard {
    /// A board holding `transfer`.
    pub fn new(transfer: Transfer) -> Self {
        TestBoard {
            record: Rc::new(RefCell::new(transfer)),
            finished: Rc::default(),
            cancel_at: None,
        }
    }

    /// The record now.
    pub fn now(&self) -> Transfer {
        self.record.borrow().clone()
    }
}

impl TransferBoard for TestBoard {
    fn transfer(&self) -> Option<Transfer> {
        Some(self.now())
    }

    fn update(&self, change: &mut dyn FnMut(&mut Transfer)) {
        change(&mut self.record.borrow_mut());
        if let Some((at, cancel)) = &self.cancel_at {
            if self.record.borrow().sent >= *at {
                cancel.cancel();
            }
        }
    }

    fn finish(&self, phase: Phase) {
        self.finished.borrow_mut().push(phase.clone());
        let mut t = self.record.borrow_mut();
        t.phase = phase;
        t.finished_ms = Some(1.0);
    }
}

/// Runs a flow to its end. The scripted transport never waits, so a flow that is still
/// pending after one poll is waiting on something no test can provide: that is a failure.
pub fn run<F: Future>(flow: F) -> F::Output {
    let mut flow = pin!(flow);
    match flow.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("the flow waited on something other than the script"),
    }
}

/// The image captured from the real Glance (`tests/fixtures/glance_image.json`), with
/// `changes` applied: the flows' tests put it in whatever state their step needs.
pub fn captured_image(changes: Value) -> Value {
    let mut image: Value =
        serde_json::from_str(include_str!("../../tests/fixtures/glance_image.json")).unwrap();
    for (key, value) in changes.as_object().expect("changes are an object") {
        image[key] = value.clone();
    }
    image
}
