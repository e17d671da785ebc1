//! Short notices ("logged out", an action's failure) shown in a polite live region.

use leptos::prelude::*;

/// How a toast looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToastKind {
    /// Success or information.
    Info,
    /// A failure the user should read.
    Error,
}

/// One notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    /// Unique id, for dismissal.
    pub id: u64,
    /// Look.
    pub kind: ToastKind,
    /// Text.
    pub text: String,
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
    pub fn push(&self, kind: ToastKind, text: impl Into<String>) {
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
