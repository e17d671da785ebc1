//! A moment as a person reads it: the date and time in the user's language and time zone
//! (`Intl.DateTimeFormat`), then its age ("3 hours ago"), with
//! the exact UTC timestamp Glance wrote on hover and in `datetime` for assistive technology.

use leptos::prelude::*;

use crate::components::relative_time::{local_text, relative_text};
use crate::model::time::{age, parse_timestamp};
use crate::state::preferences::use_lang;

/// Renders an ISO 8601 timestamp; text that is not one is shown as it is.
#[component]
pub fn Timestamp(
    /// ISO 8601 timestamp.
    #[prop(into)]
    timestamp: String,
) -> impl IntoView {
    let lang = use_lang();
    let Some(then) = parse_timestamp(&timestamp) else {
        return view! { <span class="gp-props__text">{timestamp}</span> }.into_any();
    };
    let text = move || {
        let lang = lang.get();
        let local = local_text(lang, then);
        let ago = relative_text(lang, age((js_sys::Date::now() / 1000.0) as i64, then));
        format!("{local} · {ago}")
    };
    view! {
        <time class="gp-props__text gp-timestamp" datetime=timestamp.clone() title=timestamp>
            {text}
        </time>
    }
    .into_any()
}
