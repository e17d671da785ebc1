//! Unsaved image edits, kept per image for the whole session in the app: leaving the detail
//! page and coming back finds the edit where it was, and closing or reloading the tab while an
//! edit is unsaved asks first.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::model::image_edit::EditDraft;
use crate::state::portal_scope::use_or_provide;
use crate::state::unload_guard::warn_before_unload;

/// Drafts by image id.
#[derive(Clone, Copy)]
pub struct Drafts(pub RwSignal<HashMap<String, EditDraft>>);

impl Drafts {
    /// The draft of an image, if one is kept.
    pub fn get(&self, id: &str) -> Option<EditDraft> {
        self.0.with_untracked(|m| m.get(id).cloned())
    }

    /// Keeps (or, when clean, forgets) a draft.
    pub fn put(&self, id: &str, draft: EditDraft) {
        self.0.update(|m| {
            if draft.is_dirty() {
                m.insert(id.to_string(), draft);
            } else {
                m.remove(id);
            }
        });
    }

    /// Forgets a draft (saved or discarded).
    pub fn forget(&self, id: &str) {
        self.0.update(|m| {
            m.remove(id);
        });
    }

    /// Whether any image has unsaved edits.
    pub fn any_dirty(&self) -> bool {
        self.0
            .with_untracked(|m| m.values().any(EditDraft::is_dirty))
    }
}

/// Provides the drafts and the before-unload warning.
fn provide_drafts() -> Drafts {
    let drafts = Drafts(RwSignal::new(HashMap::new()));
    provide_context(drafts);
    warn_before_unload(move || drafts.any_dirty());
    drafts
}

/// The drafts.
pub fn use_drafts() -> Drafts {
    use_or_provide(provide_drafts)
}
