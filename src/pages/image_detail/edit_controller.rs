//! The Edit tab's state and what its controls do: the draft (kept across navigation), the
//! problems found in it, the conflict a save ran into, and the form that adds a custom
//! property. The view (`edit_tab.rs`) renders these and calls the methods.

use std::collections::HashMap;

use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::i18n::{Key, Text};
use crate::model::image::Image;
use crate::model::image_edit::{property_schema, EditDraft, SavePlan};
use crate::model::policy::{editor_schema, Withheld};
use crate::model::schema::{ImageSchema, KeyProblem, PropertySchema, Section, Violation};
use crate::state::browser_regexp::BrowserPatterns;
use crate::state::drafts::{use_drafts, Drafts};
use crate::state::policy::use_policy;
use crate::state::toasts::{use_toasts, ToastKind, Toasts};

use super::mutator::{Mutation, Mutator};

/// The Edit tab's state; every field is a handle, so the controller is `Copy`.
#[derive(Clone, Copy)]
pub(super) struct EditController {
    /// The edit as the user has it.
    pub(super) draft: RwSignal<EditDraft>,
    /// The schema as this user may edit it.
    schema: StoredValue<ImageSchema>,
    /// Problems are kept typed and worded when shown, so they follow a language switch.
    errors: RwSignal<HashMap<String, Violation>>,
    /// Why the last save sent nothing.
    pub(super) notice: RwSignal<Option<Key>>,
    /// The image as someone else saved it, when a save found it changed.
    pub(super) conflict: RwSignal<Option<Map<String, Value>>>,
    /// The new custom property's key, as typed.
    pub(super) new_key: RwSignal<String>,
    /// The new custom property's value, as typed.
    pub(super) new_value: RwSignal<String>,
    /// Why the new custom key was refused.
    pub(super) key_error: RwSignal<Option<KeyProblem>>,
    image_id: StoredValue<String>,
    /// The image as loaded, for "discard".
    base: StoredValue<Map<String, Value>>,
    /// What the policy keeps from this user, for the hints.
    withheld: StoredValue<Vec<Withheld>>,
    drafts: Drafts,
    toasts: Toasts,
    mutator: Mutator,
}

impl EditController {
    /// The controller for editing `image`; the draft kept from an earlier visit, if any, is
    /// where the edit resumes.
    pub(super) fn new(image: &Image, schema: &ImageSchema, mutator: Mutator) -> Self {
        let drafts = use_drafts();
        let toasts = use_toasts();
        let image_id = image.id.clone();
        let base = image.to_map();
        // What this user may not set (public, owner) is not offered; the hints say which rule.
        let policy = use_policy();
        let (schema, withheld) = editor_schema(schema, &base, |a| policy.allows(a, image));
        let schema = StoredValue::new(schema);
        let initial = drafts
            .get(&image_id)
            .unwrap_or_else(|| schema.with_value(|s| EditDraft::new(base.clone(), s)));
        let draft = RwSignal::new(initial);
        let id_for_keep = image_id.clone();
        Effect::new(move |_| {
            let d = draft.get();
            drafts.put(&id_for_keep, d);
        });
        Self {
            draft,
            schema,
            errors: RwSignal::new(HashMap::new()),
            notice: RwSignal::new(None),
            conflict: RwSignal::new(None),
            new_key: RwSignal::new(String::new()),
            new_value: RwSignal::new(String::new()),
            key_error: RwSignal::new(None),
            image_id: StoredValue::new(image_id),
            base: StoredValue::new(base),
            withheld: StoredValue::new(withheld),
            drafts,
            toasts,
            mutator,
        }
    }

    /// Checks one field as typed, and keeps (or clears) its problem.
    fn check(&self, key: &str) {
        let schema = self.schema;
        let result = self
            .draft
            .with_untracked(|d| schema.with_value(|s| d.check_field(key, s, &BrowserPatterns)));
        self.errors.update(|e| match result {
            Ok(_) => {
                e.remove(key);
            }
            Err(v) => {
                e.insert(key.to_string(), v);
            }
        });
    }

    /// The schema `key`'s value must satisfy (an open one when the schema has none).
    pub(super) fn property(&self, key: &str) -> PropertySchema {
        self.schema
            .with_value(|s| property_schema(key, s).cloned())
            .unwrap_or_default()
    }

    /// Whether the user may remove `key` (see `EditDraft::can_remove`).
    pub(super) fn can_remove(&self, key: &str) -> bool {
        let schema = self.schema;
        self.draft
            .with_untracked(|d| schema.with_value(|s| d.can_remove(key, s)))
    }

    /// The field's text (tracked).
    pub(super) fn text(&self, key: &str) -> String {
        self.draft
            .with(|d| d.texts.get(key).cloned().unwrap_or_default())
    }

    /// The field's problem, if it has one (tracked).
    pub(super) fn error(&self, key: &str) -> Option<Violation> {
        self.errors.with(|e| e.get(key).cloned())
    }

    /// The user typed into a field.
    pub(super) fn set(&self, key: &str, text: String) {
        self.draft.update(|d| d.set(key, text));
        self.check(key);
    }

    /// The user removed a property.
    pub(super) fn remove(&self, key: &str) {
        self.draft.update(|d| d.remove(key));
        self.errors.update(|e| {
            e.remove(key);
        });
    }

    /// The schema properties of `section` this draft edits, as they are now (not tracked:
    /// the schema's fields do not come and go).
    pub(super) fn section_keys(&self, section: Section) -> Vec<String> {
        let schema = self.schema;
        self.draft
            .with_untracked(|d| schema.with_value(|s| d.keys_in_section(s, section)))
    }

    /// The custom properties in the draft (tracked: they come and go).
    pub(super) fn custom_keys(&self) -> Vec<String> {
        let schema = self.schema;
        self.draft.with(|d| schema.with_value(|s| d.custom_keys(s)))
    }

    /// Whether the schema takes new keys (a closed one, `additionalProperties: false`, does
    /// not).
    pub(super) fn allows_custom(&self) -> bool {
        self.schema.with_value(|s| s.allows_custom)
    }

    /// Whether anything is unsaved (tracked).
    pub(super) fn is_dirty(&self) -> bool {
        self.draft.with(EditDraft::is_dirty)
    }

    /// What the policy keeps from this user.
    pub(super) fn withheld(&self) -> Vec<Withheld> {
        self.withheld.get_value()
    }

    /// The conflict's table: `(key, ours, theirs)` for each property someone else changed.
    pub(super) fn remote_changes(
        &self,
        remote: &Map<String, Value>,
    ) -> Vec<(String, Value, Value)> {
        self.draft.with_untracked(|d| d.remote_changes(remote))
    }

    /// Whether a change is on its way.
    pub(super) fn busy(&self) -> bool {
        self.mutator.busy().get()
    }

    /// Adds the custom property typed into the form; a refused key is said why.
    pub(super) fn add_custom(&self) {
        let key = self.new_key.get_untracked();
        let value = self.new_value.get_untracked();
        let schema = self.schema;
        let mut outcome = Ok(());
        self.draft
            .update(|d| outcome = schema.with_value(|s| d.add_custom(&key, value, s)));
        match outcome {
            Ok(()) => {
                self.key_error.set(None);
                self.check(key.trim());
                self.new_key.set(String::new());
                self.new_value.set(String::new());
            }
            Err(problem) => self.key_error.set(Some(problem)),
        }
    }

    /// Saves the draft: every problem is shown instead, and nothing changed says so.
    pub(super) fn save(&self) {
        self.notice.set(None);
        let schema = self.schema;
        let plan = self
            .draft
            .with_untracked(|d| schema.with_value(|s| d.save_plan(s, &BrowserPatterns)));
        let ops = match plan {
            SavePlan::Invalid(field_errors) => {
                self.errors.set(
                    field_errors
                        .into_iter()
                        .map(|f| (f.key, f.violation))
                        .collect(),
                );
                self.notice.set(Some(Key::FixErrors));
                return;
            }
            SavePlan::NoChanges => {
                self.notice.set(Some(Key::NoChanges));
                return;
            }
            SavePlan::Send(ops) => ops,
        };
        let image_id = self.image_id.get_value();
        let forget_id = image_id.clone();
        let (drafts, toasts, conflict) = (self.drafts, self.toasts, self.conflict);
        // Saving over someone else's change must be the user's decision.
        let base_time = self
            .draft
            .with_untracked(|d| d.base_updated_at().map(str::to_string));
        self.mutator.dispatch(Mutation::Save {
            image_id,
            ops,
            base_time,
            on_saved: Callback::new(move |_| {
                drafts.forget(&forget_id);
                toasts.push(ToastKind::Info, Text::new(Key::Saved, &[]));
            }),
            on_conflict: Callback::new(move |remote| conflict.set(Some(remote))),
        });
    }

    /// Drops the edit: the form shows the image as loaded.
    pub(super) fn discard(&self) {
        self.drafts.forget(&self.image_id.get_value());
        self.errors.set(Default::default());
        self.notice.set(None);
        let schema = self.schema;
        let base = self.base.get_value();
        self.draft
            .set(schema.with_value(|s| EditDraft::new(base, s)));
    }

    /// "Keep mine": the same edits on top of the image as it is now.
    pub(super) fn keep_mine(&self) {
        if let Some(remote) = self.conflict.get_untracked() {
            let schema = self.schema;
            self.draft
                .update(|d| *d = schema.with_value(|s| d.rebase(remote, s)));
            self.conflict.set(None);
        }
    }

    /// "Take theirs": the edit is dropped for the image as it is now, read again.
    pub(super) fn take_theirs(&self) {
        if let Some(remote) = self.conflict.get_untracked() {
            self.drafts.forget(&self.image_id.get_value());
            let schema = self.schema;
            self.draft
                .set(schema.with_value(|s| EditDraft::new(remote, s)));
            self.conflict.set(None);
            self.mutator.reload();
        }
    }
}
