//! A coloured, labelled image status; colour is never the only signal (the word is there).

use leptos::prelude::*;

use crate::state::preferences::use_lang;

/// The BEM modifier for a status; unknown statuses share a neutral look.
pub fn status_modifier(status: &str) -> &'static str {
    match status {
        "active" => "gp-badge--ok",
        "queued" | "saving" | "uploading" | "importing" => "gp-badge--busy",
        "killed" | "deleted" | "pending_delete" => "gp-badge--bad",
        "deactivated" => "gp-badge--muted",
        _ => "gp-badge--unknown",
    }
}

/// Renders an image status badge.
#[component]
pub fn StatusBadge(
    /// The wire status.
    #[prop(into)]
    status: String,
) -> impl IntoView {
    let lang = use_lang();
    let class = format!("gp-badge {}", status_modifier(&status));
    let raw = status.clone();
    view! {
        <span class=class data-status=raw.clone() title=raw>
            {move || lang.get().status(&status)}
        </span>
    }
}
