//! Downloads to the browser's own downloads, for browsers without `showSaveFilePicker`
//! (Firefox, Safari): the page's half of `public/download-sw.js`.
//!
//! Memory would stop at 2 GiB, so the page hands each chunk (fetched, resumed and hashed as
//! for any download) to the portal's service worker, and a hidden frame navigates to a URL
//! under the worker's scope, which the worker answers with a stream of those chunks; the
//! browser saves that stream as a file. The page never holds more than the worker's small
//! queue, the digests cover exactly the bytes handed to the browser, and a cancel in the
//! browser's downloads list stops the download here too.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageChannel, MessageEvent, MessagePort, ServiceWorker};

use crate::flows::download::SaveTarget;
use crate::i18n::Key;
use crate::model::download::SaveMethod;
use crate::problem::{Refusal, RefusalReason};
use crate::state::download::js_error;

/// The worker's script, at the root (the portal is served at the root of its host).
const WORKER_URL: &str = "/download-sw.js";
/// The worker's scope: only the download URLs, so it controls none of the portal's pages.
const SCOPE: &str = "/__gp_download/";
/// Chunks handed over and not yet taken by the browser, at most (the worker's queue).
const IN_FLIGHT: u32 = 16;
/// How long the worker and then the browser have to take up a new download.
const START_TIMEOUT_MS: f64 = 15_000.0;
/// How long the hidden frame stays after the last byte (removing it sooner could stop a
/// browser that is still writing).
const FRAME_KEPT_MS: i32 = 60_000;

thread_local! {
    static REGISTRATION: RefCell<Option<web_sys::ServiceWorkerRegistration>> =
        const { RefCell::new(None) };
    static REGISTERING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the browser lets the portal write a file the user picks.
pub fn has_save_picker() -> bool {
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &"showSaveFilePicker".into()).ok())
        .is_some_and(|f| f.is_function())
}

/// Registers the download worker, where the browser has no file picker (elsewhere it is not
/// needed, and no worker is installed). A browser without service workers (a private window
/// in some) keeps the in-memory path and its limit.
pub fn register_download_worker() {
    if has_save_picker() || REGISTERING.with(|r| r.replace(true)) {
        return;
    }
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    let container = Reflect::get(&navigator, &"serviceWorker".into()).unwrap_or_default();
    if container.is_undefined() || container.is_null() {
        return;
    }
    let container: web_sys::ServiceWorkerContainer = container.unchecked_into();
    let options = web_sys::RegistrationOptions::new();
    options.set_scope(SCOPE);
    let registering = container.register_with_options(WORKER_URL, &options);
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(registering).await {
            Ok(registration) => {
                REGISTRATION.with(|r| *r.borrow_mut() = Some(registration.unchecked_into()))
            }
            Err(e) => {
                // Not pending any more: downloads go to memory without waiting.
                REGISTERING.with(|r| r.set(false));
                web_sys::console::warn_2(
                &"glance-portal: the download worker could not be registered; downloads stay in memory:".into(),
                &e,
                )
            }
        }
    });
}

/// The download worker, once it is active: waits up to [`START_TIMEOUT_MS`] for one still
/// being registered or installed; `None` where there is none (no service workers, or it
/// failed to install).
pub async fn active_worker() -> Option<ServiceWorker> {
    let deadline = js_sys::Date::now() + START_TIMEOUT_MS;
    loop {
        let active = REGISTRATION.with(|r| r.borrow().as_ref().and_then(|r| r.active()));
        let pending = REGISTERING.with(|r| r.get())
            && REGISTRATION.with(|r| {
                r.borrow()
                    .as_ref()
                    .is_none_or(|r| r.installing().is_some() || r.waiting().is_some())
            });
        if active.is_some() || !pending || js_sys::Date::now() > deadline {
            return active;
        }
        let tick = Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
            }
        });
        let _ = JsFuture::from(tick).await;
    }
}

/// A download into the browser's downloads, opened at its first byte (so an image Glance
/// refuses leaves no failed entry in the browser's list).
pub struct BrowserDownloadTarget {
    worker: ServiceWorker,
    name: String,
    size: Option<u64>,
    stream: Option<WorkerStream>,
}

impl BrowserDownloadTarget {
    /// A target named `name` (what the browser saves it as), of `size` bytes when known.
    pub fn new(worker: ServiceWorker, name: String, size: Option<u64>) -> Self {
        BrowserDownloadTarget {
            worker,
            name,
            size,
            stream: None,
        }
    }

    async fn stream(&mut self) -> Result<&mut WorkerStream, Refusal> {
        if self.stream.is_none() {
            self.stream = Some(WorkerStream::open(&self.worker, &self.name, self.size).await?);
        }
        Ok(self.stream.as_mut().expect("opened above"))
    }
}

impl SaveTarget<Uint8Array> for BrowserDownloadTarget {
    fn method(&self) -> SaveMethod {
        SaveMethod::BrowserDownloads
    }

    fn capacity(&self) -> Option<u64> {
        None
    }

    async fn write(&mut self, chunk: &Uint8Array) -> Result<(), Refusal> {
        self.stream().await?.send(chunk).await
    }

    async fn rewind(&mut self) -> Result<(), Refusal> {
        // The browser's file cannot be emptied: that one is dropped, and the next byte
        // opens a new one.
        if let Some(stream) = self.stream.take() {
            stream.finish("abort");
        }
        Ok(())
    }

    async fn close(mut self) -> Result<(), Refusal> {
        let stream = self.stream().await?;
        stream.check_not_cancelled()?;
        if let Some(stream) = self.stream.take() {
            stream.finish("end");
        }
        Ok(())
    }

    async fn abandon(self) {
        if let Some(stream) = self.stream {
            stream.finish("abort");
        }
    }
}

/// What the worker said about one download.
#[derive(Default)]
struct Heard {
    opened: bool,
    started: bool,
    cancelled: bool,
    acks: u32,
    /// Resolves the wait under way, if any.
    wake: Option<js_sys::Function>,
}

/// One download the worker streams to the browser.
struct WorkerStream {
    id: String,
    worker: ServiceWorker,
    port: MessagePort,
    heard: Rc<RefCell<Heard>>,
    frame: web_sys::Element,
    sent: u32,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl WorkerStream {
    /// Announces the download to the worker, then navigates a hidden frame to it.
    async fn open(worker: &ServiceWorker, name: &str, size: Option<u64>) -> Result<Self, Refusal> {
        let not_started = |detail: &str| {
            Refusal::new(
                RefusalReason::Browser,
                Key::ErrBrowserDownloadNotStarted,
                &[detail],
            )
        };
        let js = |e: JsValue| js_error(Key::ErrBrowserDownloadNotStarted, e);
        let id = format!(
            "{:x}{:x}",
            (js_sys::Math::random() * 4e9) as u64,
            js_sys::Date::now() as u64
        );
        let channel = MessageChannel::new().map_err(js)?;
        let port = channel.port1();
        let heard = Rc::new(RefCell::new(Heard::default()));
        let on_message = {
            let heard = heard.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                let kind = Reflect::get(&event.data(), &"type".into())
                    .ok()
                    .and_then(|t| t.as_string())
                    .unwrap_or_default();
                let wake = {
                    let mut heard = heard.borrow_mut();
                    match kind.as_str() {
                        "opened" => heard.opened = true,
                        "started" => heard.started = true,
                        "ack" => heard.acks += 1,
                        "cancelled" => heard.cancelled = true,
                        _ => {}
                    }
                    heard.wake.take()
                };
                if let Some(wake) = wake {
                    let _ = wake.call0(&JsValue::NULL);
                }
            })
        };
        port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let message = Object::new();
        let _ = Reflect::set(&message, &"type".into(), &"open".into());
        let _ = Reflect::set(&message, &"id".into(), &id.as_str().into());
        let _ = Reflect::set(&message, &"name".into(), &name.into());
        if let Some(size) = size {
            let _ = Reflect::set(&message, &"size".into(), &(size as f64).into());
        }
        worker
            .post_message_with_transferable(&message, &Array::of1(&channel.port2()))
            .map_err(js)?;
        if !wait_until(&heard, |h| h.opened, START_TIMEOUT_MS).await {
            return Err(not_started("the download worker did not answer"));
        }
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| not_started("no document"))?;
        let frame = document.create_element("iframe").map_err(js)?;
        let _ = frame.set_attribute("hidden", "");
        let _ = frame.set_attribute("title", name);
        let _ = frame.set_attribute("src", &format!("{SCOPE}{id}"));
        document
            .body()
            .ok_or_else(|| not_started("no document body"))?
            .append_child(&frame)
            .map_err(js)?;
        if !wait_until(&heard, |h| h.started, START_TIMEOUT_MS).await {
            frame.remove();
            return Err(not_started("the browser did not ask for the file"));
        }
        Ok(WorkerStream {
            id,
            worker: worker.clone(),
            port,
            heard,
            frame,
            sent: 0,
            _on_message: on_message,
        })
    }

    fn check_not_cancelled(&self) -> Result<(), Refusal> {
        match self.heard.borrow().cancelled {
            true => Err(Refusal::new(
                RefusalReason::Browser,
                Key::ErrCancelledInBrowser,
                &[],
            )),
            false => Ok(()),
        }
    }

    /// Hands `chunk` to the worker once its queue has room (a copy: the chunk is hashed too).
    async fn send(&mut self, chunk: &Uint8Array) -> Result<(), Refusal> {
        let sent = self.sent;
        wait_until(
            &self.heard,
            |h| h.cancelled || sent - h.acks.min(sent) < IN_FLIGHT,
            f64::INFINITY,
        )
        .await;
        self.check_not_cancelled()?;
        let copy = chunk.slice(0, chunk.length());
        let bytes = copy.buffer();
        let message = self.message("chunk");
        let _ = Reflect::set(&message, &"bytes".into(), &bytes);
        self.worker
            .post_message_with_transferable(&message, &Array::of1(&bytes))
            .map_err(|e| js_error(Key::ErrSaveFailed, e))?;
        self.sent += 1;
        Ok(())
    }

    fn message(&self, kind: &str) -> Object {
        let message = Object::new();
        let _ = Reflect::set(&message, &"type".into(), &kind.into());
        let _ = Reflect::set(&message, &"id".into(), &self.id.as_str().into());
        message
    }

    /// Ends the browser's file: `end` completes it, `abort` makes the browser drop it.
    fn finish(self, kind: &str) {
        let _ = self.worker.post_message(&self.message(kind));
        self.port.set_onmessage(None);
        self.port.close();
        let frame = self.frame;
        let remove = Closure::once_into_js(move || frame.remove());
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                remove.unchecked_ref(),
                FRAME_KEPT_MS,
            );
        }
    }
}

/// Waits until `ready` holds for what the worker said, or `timeout_ms` passed; whether it
/// holds.
async fn wait_until(
    heard: &Rc<RefCell<Heard>>,
    ready: impl Fn(&Heard) -> bool,
    timeout_ms: f64,
) -> bool {
    let deadline = js_sys::Date::now() + timeout_ms;
    loop {
        if ready(&heard.borrow()) {
            return true;
        }
        let left = deadline - js_sys::Date::now();
        if left <= 0.0 {
            return false;
        }
        let waiting = Promise::new(&mut |resolve, _| {
            if left.is_finite() {
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        &resolve,
                        left.min(i32::MAX as f64) as i32,
                    );
                }
            }
            heard.borrow_mut().wake = Some(resolve);
        });
        let _ = JsFuture::from(waiting).await;
    }
}
