//! Code the Web Workers run. The worker entry points are binaries (`src/workers/hasher.rs`,
//! built by trunk from index.html); what they compute lives here so it is tested in the
//! browser like the rest of the library.

pub mod blob_hash;
pub mod protocol;
pub mod unpack;
pub mod unpack_protocol;

use std::future::Future;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// A worker's entry: installs the panic hook and a message handler that runs `handle` on each
/// message's data, then posts `ready` (a job posted before the handler listens would be lost).
pub fn serve<F, Fut>(handle: F, ready: &JsValue)
where
    F: Fn(DedicatedWorkerGlobalScope, JsValue) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
        wasm_bindgen_futures::spawn_local(handle(reply_to.clone(), ev.data()));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(ready);
}
