//! The `openstack` CLI command equivalent to what the user just did (or is about to do), so
//! the portal also teaches the CLI and scripts can repeat it.

use leptos::prelude::*;

use crate::components::copy_button::CopyButton;
use crate::i18n::Key;
use crate::state::preferences::use_lang;

/// Renders a command with a copy button.
#[component]
pub fn CliHint(
    /// The command line.
    #[prop(into)]
    command: String,
) -> impl IntoView {
    let lang = use_lang();
    let copy = command.clone();
    view! {
        <div class="gp-cli" role="group" aria-label=move || lang.t(Key::CliEquivalent)>
            <span class="gp-cli__label">{move || lang.t(Key::CliEquivalent)}</span>
            <code class="gp-cli__command">{command}</code>
            <CopyButton text=copy what="CLI".to_string() />
        </div>
    }
}
