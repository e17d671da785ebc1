//! The Edit tab: the schema's writable properties as a form, with drafts kept across
//! navigation, the policy's withheld fields named, and saving through the conflict check.
//! The state and what the controls do are in `edit_controller.rs`.

use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::components::button::{Button, ButtonKind};
use crate::components::notice::{Announce, Notice, NoticeTone};
use crate::components::policy_hint::PolicyHint;
use crate::components::property_field::PropertyField;
use crate::i18n::Key;
use crate::model::image::Image;
use crate::model::image_edit::shown_value;
use crate::model::schema::{ImageSchema, Section};
use crate::state::preferences::use_lang;

use super::edit_controller::EditController;
use super::mutator::Mutator;

/// The form over every mutable property, custom properties included.
#[component]
pub(super) fn EditTab(image: Image, schema: ImageSchema, mutator: Mutator) -> impl IntoView {
    let lang = use_lang();
    let ctrl = EditController::new(&image, &schema, mutator);

    let sections = Section::ALL
        .iter()
        .filter(|section| **section != Section::Custom)
        .filter_map(|section| {
            let keys = ctrl.section_keys(*section);
            if keys.is_empty() {
                return None;
            }
            let heading = section.heading();
            Some(view! {
                <fieldset class="gp-edit__section">
                    <legend>{move || lang.t(heading)}</legend>
                    {keys
                        .into_iter()
                        .map(|key| view! { <EditField ctrl=ctrl key=key /> })
                        .collect_view()}
                </fieldset>
            })
        })
        .collect_view();

    view! {
        <div class="gp-edit">
            <Show when=move || ctrl.is_dirty()>
                <Notice tone=NoticeTone::Warn announce=Announce::Polite class="gp-edit__dirty">
                    {move || lang.t(Key::UnsavedChanges)}
                </Notice>
            </Show>
            {move || {
                ctrl.conflict
                    .get()
                    .map(|remote| view! { <ConflictPanel ctrl=ctrl remote=remote /> })
            }}
            {sections}
            {ctrl
                .withheld()
                .into_iter()
                .map(|w| {
                    let what = Signal::derive(move || match &w.value {
                        Some(v) => lang.get().tf(Key::VisibilityValue, &[v]),
                        None => lang.t(Key::OwnerField).to_string(),
                    });
                    view! { <PolicyHint what=what action=w.action /> }
                })
                .collect_view()}
            <CustomSection ctrl=ctrl />
            {move || {
                ctrl.notice
                    .get()
                    .map(|k| {
                        view! {
                            <Notice
                                tone=NoticeTone::Warn
                                announce=Announce::Urgent
                                class="gp-edit__notice"
                            >
                                {move || lang.t(k)}
                            </Notice>
                        }
                    })
            }}
            <div class="gp-edit__actions">
                <Button
                    kind=ButtonKind::Primary
                    id="gp-save"
                    busy=Signal::derive(move || ctrl.busy())
                    busy_label=move || lang.t(Key::Saving)
                    on_click=Callback::new(move |_| ctrl.save())
                >
                    {move || lang.t(Key::Save)}
                </Button>
                <Button id="gp-discard" on_click=Callback::new(move |_| ctrl.discard())>
                    {move || lang.t(Key::DiscardChanges)}
                </Button>
            </div>
        </div>
    }
}

/// One property's field: typing checks it, and a removable property has a remove button.
#[component]
fn EditField(ctrl: EditController, key: String) -> impl IntoView {
    let lang = use_lang();
    let prop = ctrl.property(&key);
    let k_value = key.clone();
    let k_error = key.clone();
    let k_input = key.clone();
    let k_remove = key.clone();
    let on_remove = ctrl
        .can_remove(&key)
        .then(|| Callback::new(move |_: ()| ctrl.remove(&k_remove)));
    view! {
        <PropertyField
            key=key
            prop=prop
            value=Signal::derive(move || ctrl.text(&k_value))
            error=Signal::derive(move || ctrl.error(&k_error).map(|v| v.message(lang.get())))
            on_input=Callback::new(move |text: String| ctrl.set(&k_input, text))
            on_remove=on_remove
        />
    }
}

/// Someone else saved the image first: what they changed, beside what the user had, and
/// the choice of whose version to go on from.
#[component]
fn ConflictPanel(ctrl: EditController, remote: Map<String, Value>) -> impl IntoView {
    let lang = use_lang();
    let rows = ctrl
        .remote_changes(&remote)
        .into_iter()
        .map(|(k, ours, theirs)| {
            view! {
                <tr data-key=k.clone()>
                    <td>
                        <code>{k.clone()}</code>
                    </td>
                    <td>{shown_value(&ours)}</td>
                    <td>{shown_value(&theirs)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="gp-conflict" role="alert">
            <p class="gp-conflict__title">{move || lang.t(Key::ConflictTitle)}</p>
            <table class="gp-table">
                <thead>
                    <tr>
                        <th scope="col">{move || lang.t(Key::PropertyKey)}</th>
                        <th scope="col">{move || lang.t(Key::Ours)}</th>
                        <th scope="col">{move || lang.t(Key::Theirs)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="gp-conflict__actions">
                <Button
                    kind=ButtonKind::Primary
                    id="gp-keep-mine"
                    on_click=Callback::new(move |_| ctrl.keep_mine())
                >
                    {move || lang.t(Key::KeepMine)}
                </Button>
                <Button id="gp-take-theirs" on_click=Callback::new(move |_| ctrl.take_theirs())>
                    {move || lang.t(Key::TakeTheirs)}
                </Button>
            </div>
        </div>
    }
}

/// The custom properties, and the form that adds one where the schema takes new keys.
#[component]
fn CustomSection(ctrl: EditController) -> impl IntoView {
    let lang = use_lang();
    let add_custom = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ctrl.add_custom();
    };
    view! {
        <fieldset class="gp-edit__section gp-edit__custom">
            <legend>{move || lang.t(Key::SectionCustom)}</legend>
            {move || {
                ctrl.custom_keys()
                    .into_iter()
                    .map(|key| view! { <EditField ctrl=ctrl key=key /> })
                    .collect_view()
            }}
            // A closed schema (`additionalProperties: false`) takes no new keys.
            <Show when=move || ctrl.allows_custom()>
                <form class="gp-edit__add" on:submit=add_custom>
                    <input
                        class="gp-input"
                        id="gp-new-key"
                        aria-label=move || lang.t(Key::PropertyKey)
                        placeholder=move || lang.t(Key::PropertyKey)
                        prop:value=move || ctrl.new_key.get()
                        on:input=move |ev| ctrl.new_key.set(event_target_value(&ev))
                    />
                    <input
                        class="gp-input"
                        id="gp-new-value"
                        aria-label=move || lang.t(Key::PropertyValue)
                        placeholder=move || lang.t(Key::PropertyValue)
                        prop:value=move || ctrl.new_value.get()
                        on:input=move |ev| ctrl.new_value.set(event_target_value(&ev))
                    />
                    <Button submit=true>{move || lang.t(Key::AddProperty)}</Button>
                </form>
            </Show>
            {move || {
                ctrl.key_error
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
    }
}
