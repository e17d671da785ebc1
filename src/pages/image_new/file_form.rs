//! One chosen file's form on the create page: the schema's main fields first, the others
//! behind "more", tags, custom properties, and what reading the file's header found.

use leptos::prelude::*;

use crate::components::button::{Button, ButtonKind};
use crate::components::error_view::ErrorView;
use crate::components::notice::{Announce, Notice, NoticeTone};
use crate::components::property_field::PropertyField;
use crate::i18n::Key;
use crate::model::decompression::UnpackState;
use crate::model::new_image::{main_fields, more_fields, FormProblem, Sniff};
use crate::model::schema::{ImageSchema, PropertySchema};
use crate::model::size::human_size;
use crate::routes;
use crate::state::preferences::use_lang;

use super::controller::{Entry, EntryError};
use super::file_form_controller::FileFormController;

/// One file's form. Every value is read reactively from `entries`, so the form is built
/// once per file and keeps focus while the user types.
#[component]
pub(super) fn FileForm(
    key: u64,
    entries: RwSignal<Vec<Entry>, LocalStorage>,
    schema: ImageSchema,
) -> impl IntoView {
    let lang = use_lang();
    let form = FileFormController::new(key, entries, schema.clone());
    let Some((file_name, size)) = form.file_untracked() else {
        return ().into_any();
    };
    let prefix = format!("f{key}-");
    let field = move |(name, prop): (String, PropertySchema)| {
        view! { <SchemaField form=form prefix=prefix.clone() name=name prop=prop /> }
    };
    let main = main_fields(&schema)
        .into_iter()
        .map(field.clone())
        .collect_view();
    let more = more_fields(&schema).into_iter().map(field).collect_view();
    let custom_allowed = schema.additional_properties.is_some();
    // The name and size follow the file: a compressed one becomes the disk inside it.
    let shown = move || form.file().unwrap_or_default();
    view! {
        // data-file stays the name as chosen: the entry is the same whatever its file becomes.
        <article class="gp-new__file" data-file=file_name.clone() aria-label=file_name.clone()>
            <header class="gp-new__file-head">
                <strong class="gp-new__file-name">{move || shown().0}</strong>
                <span class="gp-new__file-size">{move || human_size(shown().1)}</span>
                <Button kind=ButtonKind::Quiet on_click=Callback::new(move |_| form.remove_file())>
                    {move || lang.t(Key::RemoveFile)}
                </Button>
            </header>
            <UnpackStatus form=form />
            <HeaderFindings form=form />
            // Said as soon as the file is chosen, not only when Create is pressed.
            {(size == 0)
                .then(|| {
                    view! {
                        <Notice
                            tone=NoticeTone::Warn
                            announce=Announce::Urgent
                            class="gp-new__empty"
                        >
                            {move || FormProblem::EmptyFile.message(lang.get())}
                        </Notice>
                    }
                })}
            <div class="gp-new__fields">{main}</div>
            <TagsField form=form />
            <details class="gp-new__more">
                <summary>{move || lang.t(Key::MoreProperties)}</summary>
                <div class="gp-new__fields">{more}</div>
            </details>
            {custom_allowed.then(|| view! { <CustomProperties form=form /> })}
            <EntryOutcome form=form />
        </article>
    }
    .into_any()
}

/// One schema property's field in the file's form.
#[component]
fn SchemaField(
    form: FileFormController,
    prefix: String,
    name: String,
    prop: PropertySchema,
) -> impl IntoView {
    let lang = use_lang();
    let (kv, ki, kc) = (name.clone(), name.clone(), name.clone());
    view! {
        <PropertyField
            key=name
            prop=prop
            id_prefix=prefix
            value=Signal::derive(move || form.field(&kv))
            // Checked as Glance will check it, while typing: a name over 255
            // characters is caught here, not by Glance's 400 after the click.
            error=Signal::derive(move || form.field_problem(&kc).map(|v| v.message(lang.get())))
            on_input=Callback::new(move |text: String| form.set_field(ki.clone(), text))
        />
    }
}

/// A compressed file's decompression: how far it has come (with Cancel), what it made, or
/// why it stopped (with Decompress again).
#[component]
fn UnpackStatus(form: FileFormController) -> impl IntoView {
    let lang = use_lang();
    let state = Memo::new(move |_| form.unpack_state());
    let wire = move || match state.get() {
        UnpackState::NotNeeded => "",
        UnpackState::Checking(_) => "checking",
        UnpackState::Running(..) => "running",
        UnpackState::Done { .. } => "done",
        UnpackState::Failed(_) => "failed",
        UnpackState::Cancelled => "cancelled",
        UnpackState::Unavailable(_) => "unavailable",
        UnpackState::ToCloud(_) => "to-cloud",
    };
    view! {
        <Show when=move || state.get() != UnpackState::NotNeeded>
            <div class="gp-new__unpack" data-unpack=wire>
                {move || {
                    state
                        .get()
                        .describe(lang.get())
                        .map(|_| {
                            view! {
                                <p class="gp-new__unpack-line" role="status">
                                    {move || state.get().describe(lang.get())}
                                </p>
                            }
                        })
                }}
                {move || match state.get() {
                    UnpackState::Running(_, p) => {
                        Some(
                            view! {
                                <progress
                                    class="gp-new__unpack-bar"
                                    max="100"
                                    value=p.percent().to_string()
                                ></progress>
                            }
                                .into_any(),
                        )
                    }
                    UnpackState::Failed(refusal) => {
                        Some(
                            view! {
                                <ErrorView
                                    error=refusal
                                    on_retry=Callback::new(move |_| form.unpack_again())
                                />
                            }
                                .into_any(),
                        )
                    }
                    _ => None,
                }}
                <Show when=move || state.get().is_running()>
                    <Button
                        class="gp-new__unpack-cancel"
                        on_click=Callback::new(move |_| form.cancel_unpack())
                    >
                        {move || lang.t(Key::CancelDecompression)}
                    </Button>
                </Show>
                <Show when=move || form.offers_cloud()>
                    <Button
                        class="gp-new__unpack-to-cloud"
                        on_click=Callback::new(move |_| form.send_compressed())
                    >
                        {move || lang.t(Key::SendCompressed)}
                    </Button>
                </Show>
                <Show when=move || matches!(state.get(), UnpackState::ToCloud(_))>
                    <Button
                        class="gp-new__unpack-here"
                        on_click=Callback::new(move |_| form.unpack_again())
                    >
                        {move || lang.t(Key::DecompressHere)}
                    </Button>
                </Show>
                <Show when=move || state.get() == UnpackState::Cancelled>
                    <Button
                        class="gp-new__unpack-again"
                        on_click=Callback::new(move |_| form.unpack_again())
                    >
                        {move || lang.t(Key::DecompressAgain)}
                    </Button>
                </Show>
            </div>
        </Show>
    }
}

/// What reading the file's header found, and a warning when the chosen format does not fit.
#[component]
fn HeaderFindings(form: FileFormController) -> impl IntoView {
    let lang = use_lang();
    view! {
        <p
            class="gp-new__detected"
            data-detected=move || {
                form.detected().and_then(|d| d.format.disk_format()).unwrap_or("")
            }
        >
            {move || form.sniff().unwrap_or(Sniff::Pending).describe(lang.get())}
        </p>
        {move || {
            form.format_warning()
                .map(|w| {
                    view! {
                        <Notice
                            tone=NoticeTone::Warn
                            announce=Announce::Urgent
                            class="gp-new__warning"
                        >
                            {move || w.message(lang.get())}
                        </Notice>
                    }
                })
        }}
    }
}

/// The tags field: comma separated.
#[component]
fn TagsField(form: FileFormController) -> impl IntoView {
    let lang = use_lang();
    let tags_id = format!("f{}-tags", form.key());
    view! {
        <div class="gp-field gp-new__tags">
            <label class="gp-field__label" for=tags_id.clone()>
                {move || lang.t(Key::TabTags)}
            </label>
            <input
                class="gp-input"
                id=tags_id
                prop:value=move || form.tags()
                on:input=move |ev| form.set_tags(event_target_value(&ev))
            />
            <p class="gp-field__hint">{move || lang.t(Key::TagsCommaHint)}</p>
        </div>
    }
}

/// The custom properties (offered when the schema allows properties of its own), one row each.
#[component]
fn CustomProperties(form: FileFormController) -> impl IntoView {
    let lang = use_lang();
    view! {
        <fieldset class="gp-new__custom">
            <legend>{move || lang.t(Key::CustomProperties)}</legend>
            <For
                each=move || form.custom_rows()
                key=|r| *r
                children=move |row| view! { <CustomRow form=form row=row /> }
            />
            <Button
                class="gp-new__custom-add"
                on_click=Callback::new(move |_| form.add_custom_row())
            >
                {move || lang.t(Key::AddProperty)}
            </Button>
        </fieldset>
    }
}

/// One custom property: its name, its value, Remove, and what is wrong with the name.
#[component]
fn CustomRow(form: FileFormController, row: u64) -> impl IntoView {
    let lang = use_lang();
    let problem = move || form.custom_problem(row);
    let key_id = format!("f{}-custom-{row}-key", form.key());
    let value_id = format!("f{}-custom-{row}-value", form.key());
    view! {
        <div class="gp-new__custom-row" data-row=row.to_string()>
            <label class="gp-visually-hidden" for=key_id.clone()>
                {move || lang.t(Key::PropertyKey)}
            </label>
            <input
                class="gp-input gp-new__custom-key"
                id=key_id
                placeholder=move || lang.t(Key::PropertyKey)
                aria-invalid=move || problem().is_some().to_string()
                prop:value=move || form.custom_cell(row, true)
                on:input=move |ev| form.set_custom_cell(row, event_target_value(&ev), true)
            />
            <label class="gp-visually-hidden" for=value_id.clone()>
                {move || lang.t(Key::PropertyValue)}
            </label>
            <input
                class="gp-input gp-new__custom-value"
                id=value_id
                placeholder=move || lang.t(Key::PropertyValue)
                prop:value=move || form.custom_cell(row, false)
                on:input=move |ev| form.set_custom_cell(row, event_target_value(&ev), false)
            />
            <Button
                kind=ButtonKind::Quiet
                on_click=Callback::new(move |_| form.remove_custom_row(row))
            >
                {move || lang.t(Key::Remove)}
            </Button>
            {move || {
                problem()
                    .map(|p| {
                        view! {
                            <p class="gp-field__error" role="alert">
                                {p.message(lang.get())}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// Why the file's image was not created, or a link to the image made for it.
#[component]
fn EntryOutcome(form: FileFormController) -> impl IntoView {
    let lang = use_lang();
    view! {
        {move || {
            form.error()
                .map(|e| match e {
                    EntryError::Api(e) => view! { <ErrorView error=e /> }.into_any(),
                    EntryError::Form(problem) => {
                        view! {
                            <Notice tone=NoticeTone::Error announce=Announce::Urgent>
                                {move || problem.message(lang.get())}
                            </Notice>
                        }
                            .into_any()
                    }
                })
        }}
        {move || {
            form.created()
                .map(|id| {
                    view! {
                        <p class="gp-new__created" data-image=id.clone()>
                            <a href=routes::image(&id)>{id.clone()}</a>
                        </p>
                    }
                })
        }}
    }
}
