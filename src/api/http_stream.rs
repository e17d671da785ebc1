//! The executor's two data paths, for bodies too large to hold as text: an upload whose body
//! is the user's file, sent with `XMLHttpRequest` (the one browser API that reports upload
//! progress; `fetch` cannot), and a download whose body is read as a stream. Both take an
//! [`ApiRequest`] and go through the same URL join, token header, error mapping and 401 hook
//! as every JSON call ([`BrowserClient::send`]), so an expired token during a multi-GiB upload brings
//! the login back like any other request.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

use super::client::{browser_refused, no_answer, REQUEST_ID_HEADER};
use super::error::{ApiError, ApiErrorKind};
use super::http::BrowserClient;
use super::request::ApiRequest;
use super::transport::RawResponse;
use crate::i18n::{Key, Text};

/// Why an upload did not complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UploadError {
    /// The user (or the portal, on logout) aborted it.
    Cancelled,
    /// The service refused it, or the connection broke.
    Failed(ApiError),
}

/// Aborts a running upload; cheap to clone and keep beside the transfer.
#[derive(Clone, Debug)]
pub struct UploadAbort(XmlHttpRequest);

impl UploadAbort {
    /// Stops sending; the upload then ends with [`UploadError::Cancelled`].
    pub fn abort(&self) {
        let _ = self.0.abort();
    }
}

/// The connection broke while the body was going out (the XHR's `error` event).
fn upload_lost(req: &ApiRequest, url: &str) -> ApiError {
    ApiError::portal(
        ApiErrorKind::Network,
        Text::new(Key::ErrUploadLost, &[req.method.as_str(), url]),
    )
}

impl BrowserClient {
    /// Sends `req` with `body` as its data. `on_start` receives the abort handle once the
    /// request is open; `on_progress` the bytes sent so far.
    pub async fn upload(
        &self,
        req: &ApiRequest,
        body: &Blob,
        on_start: impl FnOnce(UploadAbort),
        on_progress: impl Fn(u64) + 'static,
    ) -> Result<RawResponse, UploadError> {
        let result = self.upload_inner(req, body, on_start, on_progress).await;
        if let Err(UploadError::Failed(e)) = &result {
            self.after_failure(req, e);
        }
        result
    }

    async fn upload_inner(
        &self,
        req: &ApiRequest,
        body: &Blob,
        on_start: impl FnOnce(UploadAbort),
        on_progress: impl Fn(u64) + 'static,
    ) -> Result<RawResponse, UploadError> {
        let url = req.url(self.base_for(req.service).map_err(UploadError::Failed)?);
        let refused = || UploadError::Failed(browser_refused(req, &url));
        let xhr = XmlHttpRequest::new().map_err(|_| refused())?;
        xhr.open(req.method.as_str(), &url).map_err(|_| refused())?;
        let _ = xhr.set_request_header("Accept", "application/json");
        if let Some(ct) = req.content_type {
            let _ = xhr.set_request_header("Content-Type", ct);
        }
        for (name, value) in &req.headers {
            let _ = xhr.set_request_header(name, value);
        }
        if req.authenticated {
            if let Some(token) = &self.token {
                let _ = xhr.set_request_header("X-Auth-Token", token);
            }
        }
        let on_progress = Closure::<dyn Fn(ProgressEvent)>::new(move |ev: ProgressEvent| {
            on_progress(ev.loaded() as u64)
        });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        }
        let done = Promise::new(&mut |resolve, _| {
            for event in ["load", "error", "abort", "timeout"] {
                let resolve = resolve.clone();
                let cb = Closure::once_into_js(move || {
                    let _ = resolve.call1(&JsValue::NULL, &event.into());
                });
                let _ = xhr.add_event_listener_with_callback(event, cb.unchecked_ref());
            }
        });
        on_start(UploadAbort(xhr.clone()));
        xhr.send_with_opt_blob(Some(body)).map_err(|_| refused())?;
        let outcome = JsFuture::from(done)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        drop(on_progress);
        let request_id = xhr.get_response_header(REQUEST_ID_HEADER).ok().flatten();
        match outcome.as_str() {
            "load" => {
                let status = xhr.status().unwrap_or(0);
                let text = xhr.response_text().ok().flatten().unwrap_or_default();
                if (200..300).contains(&status) {
                    Ok(RawResponse {
                        status,
                        body: text,
                        subject_token: None,
                        request_id,
                    })
                } else {
                    Err(UploadError::Failed(ApiError::from_response(
                        status, &text, request_id,
                    )))
                }
            }
            "abort" => Err(UploadError::Cancelled),
            _ => Err(UploadError::Failed(upload_lost(req, &url))),
        }
    }

    /// Sends `req` and returns the open response, its body not yet read, for the caller to
    /// stream. A non-2xx answer is read whole and becomes the error.
    pub async fn open_stream(&self, req: &ApiRequest) -> Result<web_sys::Response, ApiError> {
        let result = self.open_stream_inner(req).await;
        if let Err(e) = &result {
            self.after_failure(req, e);
        }
        result
    }

    async fn open_stream_inner(&self, req: &ApiRequest) -> Result<web_sys::Response, ApiError> {
        let url = req.url(self.base_for(req.service)?);
        let refused = || browser_refused(req, &url);
        let init = web_sys::RequestInit::new();
        init.set_method(req.method.as_str());
        let headers = web_sys::Headers::new().map_err(|_| refused())?;
        for (name, value) in &req.headers {
            let _ = headers.set(name, value);
        }
        if req.authenticated {
            if let Some(token) = &self.token {
                let _ = headers.set("X-Auth-Token", token);
            }
        }
        init.set_headers(&headers);
        let request =
            web_sys::Request::new_with_str_and_init(&url, &init).map_err(|_| refused())?;
        let window = web_sys::window().ok_or_else(refused)?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|e| {
                let detail = js_sys::Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_default();
                no_answer(req, &url, &detail)
            })?
            .unchecked_into();
        let status = response.status();
        if (200..300).contains(&status) {
            return Ok(response);
        }
        let request_id = response.headers().get(REQUEST_ID_HEADER).ok().flatten();
        let body = match response.text() {
            Ok(p) => JsFuture::from(p)
                .await
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        Err(ApiError::from_response(status, &body, request_id))
    }
}
