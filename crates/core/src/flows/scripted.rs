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

use crate::api::data::{Cancel, DataTransport, UploadError};
use crate::api::error::ApiError;
use crate::api::request::{ApiRequest, Method};
use crate::api::transport::{RawResponse, Transport};
use crate::flows::hashing::{HashProgress, HashTask, Hasher};
use crate::flows::upload::TransferBoard;
use crate::model::checksum::LocalDigests;
use crate::model::transfer::{Phase, Transfer};
use crate::problem::Refusal;

/// One expected request and its answer.
struct Step {
    method: Method,
    path: String,
    answer: Result<RawResponse, ApiError>,
    /// For an upload: the bytes that get through before the answer (`None`: all of them).
    arrives: Option<u64>,
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
        });
        self
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
