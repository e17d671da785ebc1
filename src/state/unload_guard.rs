//! The "leave this page?" prompt: parts of the app that hold something the user would lose on
//! reload or close (unsaved edits, running transfers) register a check here.

use wasm_bindgen::prelude::*;

/// Asks the browser to confirm leaving the page whenever `at_risk()` says something would be
/// lost. The listener lives as long as the page.
pub fn warn_before_unload(at_risk: impl Fn() -> bool + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
        move |ev: web_sys::BeforeUnloadEvent| {
            if at_risk() {
                // Browsers show their own wording; cancelling the event is what triggers it.
                ev.prevent_default();
                ev.set_return_value("unsaved");
            }
        },
    );
    let _ =
        window.add_event_listener_with_callback("beforeunload", handler.as_ref().unchecked_ref());
    handler.forget();
}
