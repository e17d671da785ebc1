//! The Edit tab: the schema's writable properties as a form, with drafts kept across
//! navigation, the policy's withheld fields named, and saving through the conflict check.

use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::components::policy_hint::PolicyHint;
use crate::components::property_field::PropertyField;
use crate::components::schema_panel::SECTIONS;
use crate::flows::save_edit::image_map;
use crate::i18n::{Key, Text};
use crate::model::image::Image;
use crate::model::image_edit::{property_schema, EditDraft};
use crate::model::patch::PatchOp;
use crate::model::policy::editor_schema;
use crate::model::schema::{
    display_value, section_of, ImageSchema, KeyProblem, Section, Violation,
};
use crate::state::browser_regexp::BrowserPatterns;
use crate::state::drafts::use_drafts;
use crate::state::policy::use_policy;
use crate::state::preferences::use_lang;
use crate::state::toasts::{use_toasts, ToastKind};

use super::mutator::{Mutation, Mutator};

/// A value as the user typed or sees it (not as JSON: no quotes, no escapes); a dash for
/// "not set".
fn shown(value: &Value) -> String {
    match display_value(value) {
        text if text.is_empty() => "—".to_string(),
        text => text,
    }
}

/// The form over every mutable property, custom properties included.
#[component]
pub(super) fn EditTab(image: Image, schema: ImageSchema, mutator: Mutator) -> impl IntoView {
    let lang = use_lang();
    let drafts = use_drafts();
    let toasts = use_toasts();
    let image_id = image.id.clone();
    let base = image_map(&image);
    // What this user may not set (public, owner) is not offered; the hints say which rule.
    let policy = use_policy();
    let (schema, withheld) = editor_schema(&schema, &base, |a| policy.allows(a, &image));
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
    // Problems are kept typed and worded when shown, so they follow a language switch.
    let errors = RwSignal::new(std::collections::HashMap::<String, Violation>::new());
    let notice = RwSignal::new(None::<Key>);
    let conflict = RwSignal::new(None::<Map<String, Value>>);
    let new_key = RwSignal::new(String::new());
    let new_value = RwSignal::new(String::new());
    let key_error = RwSignal::new(None::<KeyProblem>);

    let check = move |key: &str| {
        let result = draft
            .with_untracked(|d| schema.with_value(|s| d.check_field(key, s, &BrowserPatterns)));
        errors.update(|e| match result {
            Ok(_) => {
                e.remove(key);
            }
            Err(v) => {
                e.insert(key.to_string(), v);
            }
        });
    };

    let field = move |key: String| {
        let prop = schema.with_value(|s| property_schema(&key, s).cloned());
        let removable = draft.with_untracked(|d| schema.with_value(|s| d.can_remove(&key, s)));
        let prop = prop.unwrap_or_default();
        let k_value = key.clone();
        let k_error = key.clone();
        let k_input = key.clone();
        let k_remove = key.clone();
        let on_remove = removable.then(|| {
            Callback::new(move |_: ()| {
                draft.update(|d| d.remove(&k_remove));
                errors.update(|e| {
                    e.remove(&k_remove);
                });
            })
        });
        view! {
            <PropertyField
                key=key
                prop=prop
                value=Signal::derive(move || {
                    draft.with(|d| d.texts.get(&k_value).cloned().unwrap_or_default())
                })
                error=Signal::derive(move || {
                    errors.with(|e| e.get(&k_error).map(|v| v.message(lang.get())))
                })
                on_input=Callback::new(move |text: String| {
                    draft.update(|d| d.set(&k_input, text));
                    check(&k_input);
                })
                on_remove=on_remove
            />
        }
    };

    let sections = SECTIONS
        .iter()
        .filter(|(section, _)| *section != Section::Custom)
        .filter_map(|(section, heading)| {
            let keys: Vec<String> = draft.with_untracked(|d| {
                schema.with_value(|s| {
                    s.properties
                        .iter()
                        .map(|(k, _)| k.clone())
                        .filter(|k| d.texts.contains_key(k) && section_of(k, s) == *section)
                        .collect()
                })
            });
            if keys.is_empty() {
                return None;
            }
            let heading = *heading;
            Some(view! {
                <fieldset class="gp-edit__section">
                    <legend>{move || lang.t(heading)}</legend>
                    {keys.into_iter().map(field).collect_view()}
                </fieldset>
            })
        })
        .collect_view();

    let add_custom = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key = new_key.get_untracked();
        let mut outcome = Ok(());
        draft.update(|d| {
            outcome = schema.with_value(|s| d.add_custom(&key, new_value.get_untracked(), s))
        });
        match outcome {
            Ok(()) => {
                key_error.set(None);
                check(key.trim());
                new_key.set(String::new());
                new_value.set(String::new());
            }
            Err(problem) => key_error.set(Some(problem)),
        }
    };

    let save_id = image_id.clone();
    let save = move |_| {
        notice.set(None);
        let ops = draft.with_untracked(|d| schema.with_value(|s| d.ops(s, &BrowserPatterns)));
        let ops: Vec<PatchOp> = match ops {
            Ok(ops) => ops,
            Err(field_errors) => {
                errors.set(
                    field_errors
                        .into_iter()
                        .map(|f| (f.key, f.violation))
                        .collect(),
                );
                notice.set(Some(Key::FixErrors));
                return;
            }
        };
        if ops.is_empty() {
            notice.set(Some(Key::NoChanges));
            return;
        }
        let image_id = save_id.clone();
        let forget_id = save_id.clone();
        // Saving over someone else's change must be the user's decision.
        let base_time = draft.with_untracked(|d| d.base_updated_at().map(str::to_string));
        mutator.dispatch(Mutation::Save {
            image_id,
            ops,
            base_time,
            on_saved: Callback::new(move |_| {
                drafts.forget(&forget_id);
                toasts.push(ToastKind::Info, Text::new(Key::Saved, &[]));
            }),
            on_conflict: Callback::new(move |remote| conflict.set(Some(remote))),
        });
    };
    let discard_id = image_id.clone();
    let discard_base = base.clone();
    let discard = move |_| {
        drafts.forget(&discard_id);
        errors.set(Default::default());
        notice.set(None);
        draft.set(schema.with_value(|s| EditDraft::new(discard_base.clone(), s)));
    };
    let keep_mine = move |_| {
        if let Some(remote) = conflict.get_untracked() {
            draft.update(|d| *d = schema.with_value(|s| d.rebase(remote, s)));
            conflict.set(None);
        }
    };
    let take_theirs_id = image_id.clone();
    let take_theirs = move |_| {
        if let Some(remote) = conflict.get_untracked() {
            drafts.forget(&take_theirs_id);
            draft.set(schema.with_value(|s| EditDraft::new(remote, s)));
            conflict.set(None);
            mutator.reload();
        }
    };

    view! {
        <div class="gp-edit">
            <Show when=move || draft.with(EditDraft::is_dirty)>
                <p class="gp-notice gp-notice--warn gp-edit__dirty" role="status">
                    {move || lang.t(Key::UnsavedChanges)}
                </p>
            </Show>
            {move || {
                conflict
                    .get()
                    .map(|remote| {
                        let changes = draft.with_untracked(|d| d.remote_changes(&remote));
                        view! {
                            <div class="gp-conflict" role="alert">
                                <p class="gp-conflict__title">
                                    {move || lang.t(Key::ConflictTitle)}
                                </p>
                                <table class="gp-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{move || lang.t(Key::PropertyKey)}</th>
                                            <th scope="col">{move || lang.t(Key::Ours)}</th>
                                            <th scope="col">{move || lang.t(Key::Theirs)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {changes
                                            .into_iter()
                                            .map(|(k, ours, theirs)| {
                                                view! {
                                                    <tr data-key=k.clone()>
                                                        <td>
                                                            <code>{k.clone()}</code>
                                                        </td>
                                                        <td>{shown(&ours)}</td>
                                                        <td>{shown(&theirs)}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                <div class="gp-conflict__actions">
                                    <button
                                        type="button"
                                        class="gp-btn gp-btn--primary"
                                        id="gp-keep-mine"
                                        on:click=keep_mine
                                    >
                                        {move || lang.t(Key::KeepMine)}
                                    </button>
                                    <button
                                        type="button"
                                        class="gp-btn"
                                        id="gp-take-theirs"
                                        on:click=take_theirs.clone()
                                    >
                                        {move || lang.t(Key::TakeTheirs)}
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            {sections}
            {withheld
                .into_iter()
                .map(|w| {
                    let what = Signal::derive(move || match &w.value {
                        Some(v) => lang.get().tf(Key::VisibilityValue, &[v]),
                        None => lang.t(Key::OwnerField).to_string(),
                    });
                    view! { <PolicyHint what=what action=w.action /> }
                })
                .collect_view()}
            <fieldset class="gp-edit__section gp-edit__custom">
                <legend>{move || lang.t(Key::SectionCustom)}</legend>
                {move || {
                    draft
                        .with(|d| schema.with_value(|s| d.custom_keys(s)))
                        .into_iter()
                        .map(field)
                        .collect_view()
                }}
                // A closed schema (`additionalProperties: false`) takes no new keys.
                <Show when=move || schema.with_value(|s| s.allows_custom)>
                    <form class="gp-edit__add" on:submit=add_custom>
                        <input
                            class="gp-input"
                            id="gp-new-key"
                            aria-label=move || lang.t(Key::PropertyKey)
                            placeholder=move || lang.t(Key::PropertyKey)
                            prop:value=move || new_key.get()
                            on:input=move |ev| new_key.set(event_target_value(&ev))
                        />
                        <input
                            class="gp-input"
                            id="gp-new-value"
                            aria-label=move || lang.t(Key::PropertyValue)
                            placeholder=move || lang.t(Key::PropertyValue)
                            prop:value=move || new_value.get()
                            on:input=move |ev| new_value.set(event_target_value(&ev))
                        />
                        <button type="submit" class="gp-btn">
                            {move || lang.t(Key::AddProperty)}
                        </button>
                    </form>
                </Show>
                {move || {
                    key_error
                        .get()
                        .map(|e| {
                            view! {
                                <p class="gp-field__error" role="alert">
                                    {move || e.message(lang.get())}
                                </p>
                            }
                        })
                }}
            </fieldset>
            {move || {
                notice
                    .get()
                    .map(|k| {
                        view! {
                            <p class="gp-notice gp-notice--warn gp-edit__notice" role="alert">
                                {move || lang.t(k)}
                            </p>
                        }
                    })
            }}
            <div class="gp-edit__actions">
                <button
                    type="button"
                    class="gp-btn gp-btn--primary"
                    id="gp-save"
                    disabled=move || mutator.busy().get()
                    on:click=save
                >
                    {move || {
                        if mutator.busy().get() { lang.t(Key::Saving) } else { lang.t(Key::Save) }
                    }}
                </button>
                <button type="button" class="gp-btn" id="gp-discard" on:click=discard>
                    {move || lang.t(Key::DiscardChanges)}
                </button>
            </div>
        </div>
    }
}
