//! "3 h ago" with the exact UTC timestamp on hover and for assistive technology.

use leptos::prelude::*;

use crate::model::time::{age, parse_timestamp};
use crate::state::preferences::use_lang;

/// Renders a timestamp relative to now.
#[component]
pub fn RelativeTime(
    /// ISO 8601 timestamp.
    #[prop(into)]
    timestamp: String,
) -> impl IntoView {
    let lang = use_lang();
    let parsed = parse_timestamp(&timestamp);
    let exact = timestamp.clone();
    let text = move || match parsed {
        Some(then) => lang
            .get()
            .text(&age((js_sys::Date::now() / 1000.0) as i64, then).text()),
        None => exact.clone(),
    };
    view! {
        <time datetime=timestamp.clone() title=timestamp>
            {text}
        </time>
    }
}
