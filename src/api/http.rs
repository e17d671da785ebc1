//! The one HTTP executor: turns an [`ApiRequest`] into a `fetch`, adds the token, resolves the
//! service base URL, aborts when the caller drops the future (a page left or a resource
//! superseded), and maps every failure to an [`ApiError`] with status, message and request id.
//!
//! Its three ways of sending share that setup: JSON calls ([`BrowserClient::send`], through
//! gloo-net); uploads whose body is the user's file ([`BrowserClient::upload`]), sent with
//! `XMLHttpRequest`, the one browser API that reports upload progress (`fetch` cannot); and
//! downloads whose body is read as a stream ([`BrowserClient::open_stream`]). So an expired
//! token during a multi-GiB upload brings the login back like any other request.

use std::ops::Deref;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ProgressEvent, XmlHttpRequest};

use super::client::{browser_refused, no_answer, Client, REQUEST_ID_HEADER};
use super::data::{ByteStream, Cancel, DataTransport, OpenedDownload, UploadError};
use super::error::{ApiError, ApiErrorKind};
use super::keystone::SUBJECT_TOKEN_HEADER;
use super::request::{ApiRequest, Method};
use super::transport::{RawResponse, Transport};
use crate::config::{ConfigProblem, PortalConfig};
use crate::i18n::{Key, Text};

/// A [`Client`] that sends through the browser: the app's transport. A newtype because the
/// client and the [`Transport`] trait live in the core crate, which has no browser to send
/// with; it reads as a `Client` everywhere else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrowserClient(pub Client);

impl Deref for BrowserClient {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.0
    }
}

impl From<Client> for BrowserClient {
    fn from(client: Client) -> Self {
        BrowserClient(client)
    }
}

/// Aborts the fetch if the future is dropped before it finished.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.0.take() {
            controller.abort();
        }
    }
}

impl BrowserClient {
    /// A client for logging in: Keystone only, no token.
    pub fn anonymous(config: &PortalConfig) -> Self {
        BrowserClient(Client::anonymous(config))
    }

    /// A client for Keystone alone, with no session token and no 401 callback
    /// ([`Client::identity_only`]).
    pub fn identity_only(identity_base: &str) -> Self {
        BrowserClient(Client::identity_only(identity_base))
    }

    /// The headers every way of sending sets: the request's own, its content type, and the
    /// token when the request is authenticated. `Accept: application/json` is added for the
    /// calls whose answer is JSON (not a streamed download's image data).
    fn headers_for<'a>(
        &'a self,
        req: &'a ApiRequest,
        json_answer: bool,
    ) -> Vec<(&'a str, &'a str)> {
        let mut headers = Vec::new();
        if json_answer {
            headers.push(("Accept", "application/json"));
        }
        if let Some(ct) = req.content_type {
            headers.push(("Content-Type", ct));
        }
        for (name, value) in &req.headers {
            headers.push((name.as_str(), value.as_str()));
        }
        if req.authenticated {
            if let Some(token) = &self.token {
                headers.push(("X-Auth-Token", token.as_str()));
            }
        }
        headers
    }

    /// Sends the request; non-2xx answers become errors, and a 401 also reaches the
    /// unauthorized callback.
    pub async fn send(&self, req: &ApiRequest) -> Result<RawResponse, ApiError> {
        let result = self.send_inner(req).await;
        if let Err(e) = &result {
            self.after_failure(req, e);
        }
        result
    }

    async fn send_inner(&self, req: &ApiRequest) -> Result<RawResponse, ApiError> {
        use gloo_net::http::{Method as M, RequestBuilder};

        let url = req.url(self.base_for(req.service)?);
        let method = match req.method {
            Method::Get => M::GET,
            Method::Head => M::HEAD,
            Method::Post => M::POST,
            Method::Put => M::PUT,
            Method::Patch => M::PATCH,
            Method::Delete => M::DELETE,
        };
        let controller = web_sys::AbortController::new().ok();
        let mut guard = AbortOnDrop(controller.clone());
        let mut builder = RequestBuilder::new(&url)
            .method(method)
            .abort_signal(controller.as_ref().map(|c| c.signal()).as_ref());
        for (name, value) in self.headers_for(req, true) {
            builder = builder.header(name, value);
        }
        let request = match &req.body {
            Some(body) => builder.body(body.as_str()),
            None => builder.build(),
        }
        .map_err(|_| browser_refused(req, &url))?;
        let response = request
            .send()
            .await
            .map_err(|e| no_answer(req, &url, &e.to_string()))?;
        let status = response.status();
        let headers = response.headers();
        let request_id = headers.get(REQUEST_ID_HEADER);
        let subject_token = headers.get(SUBJECT_TOKEN_HEADER);
        let body = response.text().await.unwrap_or_default();
        guard.0 = None;
        if !(200..300).contains(&status) {
            return Err(ApiError::from_response(status, &body, request_id));
        }
        Ok(RawResponse {
            status,
            body,
            subject_token,
            request_id,
        })
    }

    /// Sends `req` with `body` as its data ([`DataTransport::upload`]): `cancel` aborts the
    /// XHR, `on_progress` gets the bytes sent so far.
    pub async fn upload(
        &self,
        req: &ApiRequest,
        body: &Blob,
        cancel: &Cancel,
        on_progress: Box<dyn Fn(u64)>,
    ) -> Result<RawResponse, UploadError> {
        let result = self.upload_inner(req, body, cancel, on_progress).await;
        if let Err(UploadError::Failed(e)) = &result {
            self.after_failure(req, e);
        }
        result
    }

    async fn upload_inner(
        &self,
        req: &ApiRequest,
        body: &Blob,
        cancel: &Cancel,
        on_progress: Box<dyn Fn(u64)>,
    ) -> Result<RawResponse, UploadError> {
        let url = req.url(self.base_for(req.service).map_err(UploadError::Failed)?);
        let refused = || UploadError::Failed(browser_refused(req, &url));
        let xhr = XmlHttpRequest::new().map_err(|_| refused())?;
        xhr.open(req.method.as_str(), &url).map_err(|_| refused())?;
        for (name, value) in self.headers_for(req, true) {
            let _ = xhr.set_request_header(name, value);
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
        let aborted = xhr.clone();
        cancel.on_cancel(move || {
            let _ = aborted.abort();
        });
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
    pub async fn open_stream(
        &self,
        req: &ApiRequest,
        cancel: &Cancel,
    ) -> Result<web_sys::Response, ApiError> {
        let result = self.open_stream_inner(req, cancel).await;
        if let Err(e) = &result {
            self.after_failure(req, e);
        }
        result
    }

    async fn open_stream_inner(
        &self,
        req: &ApiRequest,
        cancel: &Cancel,
    ) -> Result<web_sys::Response, ApiError> {
        let url = req.url(self.base_for(req.service)?);
        let refused = || browser_refused(req, &url);
        let init = web_sys::RequestInit::new();
        init.set_method(req.method.as_str());
        let headers = web_sys::Headers::new().map_err(|_| refused())?;
        for (name, value) in self.headers_for(req, false) {
            let _ = headers.set(name, value);
        }
        init.set_headers(&headers);
        // Cancelling aborts the fetch, and with it the body still being read.
        if let Ok(controller) = web_sys::AbortController::new() {
            init.set_signal(Some(&controller.signal()));
            cancel.on_cancel(move || controller.abort());
        }
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

/// The connection broke while the body was going out (the XHR's `error` event).
fn upload_lost(req: &ApiRequest, url: &str) -> ApiError {
    ApiError::worded(
        ApiErrorKind::Network,
        Text::new(Key::ErrUploadLost, &[req.method.as_str(), url]),
    )
}

/// The browser's data path: an upload's body is the user's `File`.
impl DataTransport for BrowserClient {
    type Body = web_sys::File;
    type Stream = FetchStream;

    fn body_len(body: &web_sys::File) -> u64 {
        body.size() as u64
    }

    async fn upload(
        &self,
        req: &ApiRequest,
        body: &web_sys::File,
        cancel: &Cancel,
        on_progress: Box<dyn Fn(u64)>,
    ) -> Result<RawResponse, UploadError> {
        BrowserClient::upload(self, req, body, cancel, on_progress).await
    }

    async fn open_download(
        &self,
        req: &ApiRequest,
        cancel: &Cancel,
    ) -> Result<OpenedDownload<FetchStream>, ApiError> {
        let response = self.open_stream(req, cancel).await?;
        let content_md5 = response.headers().get("Content-MD5").ok().flatten();
        let body = response.body().ok_or_else(|| {
            ApiError::worded(ApiErrorKind::Decode, Text::new(Key::ErrDownloadNoBody, &[]))
        })?;
        let reader = body
            .get_reader()
            .dyn_into::<web_sys::ReadableStreamDefaultReader>()
            .map_err(|e| download_broke(e.into()))?;
        Ok(OpenedDownload {
            status: response.status(),
            body: FetchStream(reader),
            content_md5,
        })
    }
}

/// A `fetch` answer's body, read as it arrives.
pub struct FetchStream(web_sys::ReadableStreamDefaultReader);

impl ByteStream for FetchStream {
    type Chunk = js_sys::Uint8Array;

    async fn next(&mut self) -> Result<Option<js_sys::Uint8Array>, ApiError> {
        let step = JsFuture::from(self.0.read())
            .await
            .map_err(download_broke)?;
        let done = js_sys::Reflect::get(&step, &"done".into())
            .ok()
            .and_then(|d| d.as_bool());
        if done == Some(true) {
            return Ok(None);
        }
        let chunk = js_sys::Reflect::get(&step, &"value".into()).map_err(download_broke)?;
        Ok(Some(chunk.unchecked_into()))
    }

    fn chunk_len(chunk: &js_sys::Uint8Array) -> u64 {
        u64::from(chunk.length())
    }
}

/// The download's connection broke while the body was coming in.
fn download_broke(e: JsValue) -> ApiError {
    ApiError::worded(
        ApiErrorKind::Network,
        Text::new(Key::ErrDownloadBroke, &[&js_message(&e)]),
    )
}

/// The browser's own words for a failure it reports as a JS value: an `Error`'s message, a
/// thrown string, or the value as it prints.
pub fn js_message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// A JS error's `name` (`QuotaExceededError`, `NotFoundError`, …), when it has one.
pub fn js_error_name(e: &JsValue) -> Option<String> {
    js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
}

/// The browser's transport: [`BrowserClient::send`] and the window's timers.
impl Transport for BrowserClient {
    async fn send(&self, req: &ApiRequest) -> Result<RawResponse, ApiError> {
        BrowserClient::send(self, req).await
    }

    async fn sleep_ms(&self, ms: u32) {
        sleep_ms(ms).await
    }
}

/// Waits `ms` milliseconds on the window's timer, without blocking the page.
pub async fn sleep_ms(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let delay = i32::try_from(ms).unwrap_or(i32::MAX);
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Loads `/config.json`. Absolute, like trunk's asset links: a relative URL would resolve
/// against deep links such as `/images/<id>` and fetch the SPA fallback instead.
pub async fn fetch_config() -> Result<PortalConfig, ConfigProblem> {
    let response = gloo_net::http::Request::get("/config.json")
        .send()
        .await
        .map_err(|e| ConfigProblem::NotLoaded(e.to_string()))?;
    if !response.ok() {
        return Err(ConfigProblem::Status(response.status()));
    }
    let text = response
        .text()
        .await
        .map_err(|e| ConfigProblem::NotLoaded(e.to_string()))?;
    PortalConfig::parse(&text)
}
