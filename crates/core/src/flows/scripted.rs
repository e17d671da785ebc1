//! A transport that plays a script, for native tests of the flows: each expected request
//! (method and path, with its query) and the answer to give. A request out of order, or one
//! the script did not expect, fails the test; so does an answer left unused
//! ([`Scripted::finish`]). Sleeps are recorded, not slept.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use serde_json::Value;

use crate::api::error::ApiError;
use crate::api::request::{ApiRequest, Method};
use crate::api::transport::{RawResponse, Transport};

/// One expected request and its answer.
struct Step {
    method: Method,
    path: String,
    answer: Result<RawResponse, ApiError>,
}

/// The script, and what the flow sent.
#[derive(Default)]
pub struct Scripted {
    steps: RefCell<VecDeque<Step>>,
    /// Bodies of the requests sent, in order (`None` for bodiless ones).
    pub bodies: RefCell<Vec<Option<Value>>>,
    /// The sleeps asked for, in milliseconds.
    pub sleeps: RefCell<Vec<u32>>,
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
        });
        self
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
        step.answer
    }

    async fn sleep_ms(&self, ms: u32) {
        self.sleeps.borrow_mut().push(ms);
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
