//! Short notices ("logged out", an action's failure) shown in a polite live region. A notice
//! is kept as what it says (a catalog [`Text`] and the error it reports), not as words, so it
//! follows a language switch while it is on screen.

use leptos::prelude::*;

use crate::i18n::{Lang, Text};
use crate::problem::Problem;

/// How a toast looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    /// Success or information.
    Info,
    /// A failure the user should read.
    Error,
}

/// What a notice says: a catalog message, and the error it reports, whose one-line summary
/// (message, status, request id) fills the message's last placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToastText {
    /// The catalog message.
    pub text: Text,
    /// The failure it reports, if any.
    pub error: Option<Problem>,
}

impl ToastText {
    /// A message that reports `error` in its last placeholder.
    pub fn failure(text: Text, error: impl Into<Problem>) -> Self {
        ToastText {
            text,
            error: Some(error.into()),
        }
    }

    /// The notice in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        let mut text = self.text.clone();
        if let Some(error) = &self.error {
            text = text.with_arg(&error.summary_in(lang));
        }
        lang.text(&text)
    }
}

impl From<Text> for ToastText {
    fn from(text: Text) -> Self {
        ToastText { text, error: None }
    }
}

/// One notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    /// Unique id, for dismissal.
    pub id: u64,
    /// Look.
    pub kind: ToastKind,
    /// What it says, worded when rendered.
    pub text: ToastText,
}

/// The toast list.
#[derive(Clone, Copy)]
pub struct Toasts {
    /// Current notices, oldest first.
    pub items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toasts {
    /// Shows a notice; errors stay until dismissed, information also (the user decides when it
    /// has been read, which matters for screen-reader users).
    pub fn push(&self, kind: ToastKind, text: impl Into<ToastText>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let text = text.into();
        self.items.update(|v| v.push(Toast { id, kind, text }));
    }

    /// Removes a notice.
    pub fn dismiss(&self, id: u64) {
        self.items.update(|v| v.retain(|t| t.id != id));
    }
}

/// Provides the toast list.
pub fn provide_toasts() -> Toasts {
    let toasts = Toasts {
        items: RwSignal::new(Vec::new()),
        next_id: StoredValue::new(1),
    };
    provide_context(toasts);
    toasts
}

/// The toast list.
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}
