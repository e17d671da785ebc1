//! A status or alert line (`gp-notice`): one shape for the notices pages show above or beside
//! what they concern, so the look and the live-region role are chosen, not retyped.

use leptos::prelude::*;

/// How a notice looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NoticeTone {
    /// Information.
    #[default]
    Info,
    /// Something the user should know before going on.
    Warn,
    /// Something failed.
    Error,
}

/// Whether assistive technology announces the notice when it appears.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Announce {
    /// Not announced: a standing notice, read with the page.
    #[default]
    Never,
    /// Announced when the reader is idle (`role="status"`): the result of what the user did.
    Polite,
    /// Announced at once (`role="alert"`): a problem that stops the user.
    Urgent,
}

impl Announce {
    /// The ARIA role that asks for this.
    pub fn role(self) -> Option<&'static str> {
        match self {
            Announce::Never => None,
            Announce::Polite => Some("status"),
            Announce::Urgent => Some("alert"),
        }
    }
}

/// One notice paragraph.
#[component]
pub fn Notice(
    /// The look.
    #[prop(optional)]
    tone: NoticeTone,
    /// Whether it is announced.
    #[prop(optional)]
    announce: Announce,
    /// An extra BEM class for the notice's place (`gp-edit__dirty`).
    #[prop(optional)]
    class: &'static str,
    /// What it says.
    children: Children,
) -> impl IntoView {
    let tone = match tone {
        NoticeTone::Info => "gp-notice",
        NoticeTone::Warn => "gp-notice gp-notice--warn",
        NoticeTone::Error => "gp-notice gp-notice--error",
    };
    let class = if class.is_empty() {
        tone.to_string()
    } else {
        format!("{tone} {class}")
    };
    view! {
        <p class=class role=announce.role()>
            {children()}
        </p>
    }
}
