//! The filter form's state and actions: the draft being edited (following the URL when it
//! changes under it), the problems of the last refused draft, and Apply and Clear, which emit
//! the new query for the list to navigate to.

use leptos::prelude::*;

use crate::components::image_filters::FilterContext;
use crate::model::filters::{DraftError, FilterDraft, ImageListQuery};

/// The filter form's controller.
#[derive(Clone, Copy)]
pub(super) struct FilterFormController {
    /// The filters as edited, not applied yet.
    pub(super) draft: RwSignal<FilterDraft>,
    /// Why the last Apply was refused (empty when it was not).
    pub(super) errors: RwSignal<Vec<DraftError>>,
    /// Property keys to suggest.
    pub(super) property_keys: Signal<Vec<String>>,
    /// The query currently shown.
    query: Signal<ImageListQuery>,
    /// Emitted with the new query.
    on_apply: Callback<ImageListQuery>,
}

impl FilterFormController {
    /// The controller for the [`FilterContext`] the disclosure provides; the draft starts from
    /// the query shown.
    pub(super) fn new() -> Self {
        let FilterContext {
            query,
            on_apply,
            property_keys,
        } = expect_context::<FilterContext>();
        let draft = RwSignal::new(FilterDraft::from_query(&query.get_untracked()));
        // Back/forward or a link changes the URL: the form follows it. Only the part Glance
        // sees: the page search box is in the URL too, and typing there must not wipe
        // unapplied edits.
        let server_query = Memo::new(move |_| {
            let mut q = query.get();
            q.search.clear();
            q
        });
        Effect::new(move |_| draft.set(FilterDraft::from_query(&server_query.get())));
        FilterFormController {
            draft,
            errors: RwSignal::new(Vec::new()),
            property_keys,
            query,
            on_apply,
        }
    }

    /// Applies the draft, or keeps it with what is wrong with it.
    pub(super) fn apply(self) {
        match self
            .draft
            .get_untracked()
            .apply(&self.query.get_untracked())
        {
            Ok(q) => {
                self.errors.set(Vec::new());
                self.on_apply.run(q);
            }
            Err(e) => self.errors.set(e),
        }
    }

    /// Drops every filter (the sort and page size stay as shown).
    pub(super) fn clear(self) {
        self.errors.set(Vec::new());
        let base = self.query.get_untracked();
        if let Ok(q) = FilterDraft::default().apply(&base) {
            self.on_apply.run(q);
        }
    }
}
