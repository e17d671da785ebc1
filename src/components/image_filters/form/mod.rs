//! The filter form for every filter Glance supports on `GET /v2/images`. It edits a draft and
//! emits a validated query; nothing reaches the URL until the draft is valid. Loaded on demand
//! when the filters are first opened (`super::ImageFilters`).

mod controller;

use leptos::prelude::*;

use crate::components::button::{Button, ButtonKind};
use crate::i18n::{Key, Lang};
use crate::model::filter_draft_text::draft_error_text;
use crate::model::filters::{FilterDraft, MEMBER_STATUS_FILTERS, VISIBILITY_FILTERS};
use crate::model::image::{ContainerFormat, DiskFormat, ImageStatus};
use crate::state::preferences::use_lang;

use super::inputs::{multi_select, raw_options, select_input, text_input, time_input, Label};
use super::rows::{property_rows, sort_rows};
use controller::FilterFormController;

/// Renders the filter form for the [`super::FilterContext`] its disclosure provides.
#[component]
pub fn FilterForm() -> impl IntoView {
    let ctl = FilterFormController::new();
    let lang = use_lang();
    let draft = ctl.draft;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ctl.apply();
    };
    view! {
        <form class="gp-filters__form" on:submit=submit novalidate=true>
            <NameFilter draft />
            {text_input(draft, "f-ids", Key::FilterIds, |d| &mut d.ids, "text")}
            {multi_select(
                draft,
                "f-status",
                Key::FilterStatus,
                |d| &mut d.status,
                status_options(),
            )}
            {select_input(
                draft,
                "f-visibility",
                Key::FilterVisibility,
                |d| &mut d.visibility,
                Key::Any,
                worded_options(&VISIBILITY_FILTERS, Lang::visibility),
            )}
            {text_input(draft, "f-owner", Key::FilterOwner, |d| &mut d.owner, "text")}
            {text_input(draft, "f-tags", Key::FilterTags, |d| &mut d.tags, "text")}
            {multi_select(
                draft,
                "f-disk-format",
                Key::FilterDiskFormat,
                |d| &mut d.disk_format,
                raw_options(DiskFormat::KNOWN.iter().map(|s| s.as_str().to_string())),
            )}
            {multi_select(
                draft,
                "f-container-format",
                Key::FilterContainerFormat,
                |d| &mut d.container_format,
                raw_options(ContainerFormat::KNOWN.iter().map(|s| s.as_str().to_string())),
            )}
            <div class="gp-filters__digests">
                {text_input(draft, "f-checksum", Key::FilterChecksum, |d| &mut d.checksum, "text")}
                {text_input(
                    draft,
                    "f-os-hash-value",
                    Key::FilterHashValue,
                    |d| &mut d.os_hash_value,
                    "text",
                )} <p class="gp-field__hint">{move || lang.t(Key::FilterDigestHint)}</p>
            </div>
            {text_input(draft, "f-size-min", Key::FilterSizeMin, |d| &mut d.size_min, "number")}
            {text_input(draft, "f-size-max", Key::FilterSizeMax, |d| &mut d.size_max, "number")}
            {time_input(
                draft,
                "f-created",
                Key::FilterCreated,
                |d| &mut d.created_op,
                |d| &mut d.created_at,
            )}
            {time_input(
                draft,
                "f-updated",
                Key::FilterUpdated,
                |d| &mut d.updated_op,
                |d| &mut d.updated_at,
            )}
            {select_input(
                draft,
                "f-member-status",
                Key::FilterMemberStatus,
                |d| &mut d.member_status,
                Key::Any,
                worded_options(&MEMBER_STATUS_FILTERS, Lang::member_status),
            )}
            {select_input(
                draft,
                "f-hidden",
                Key::FilterHidden,
                |d| &mut d.os_hidden,
                Key::HiddenDefault,
                keyed_options(&[("true", Key::HiddenOnly)]),
            )}
            {select_input(
                draft,
                "f-protected",
                Key::FilterProtected,
                |d| &mut d.protected,
                Key::Any,
                keyed_options(&[("true", Key::Yes), ("false", Key::No)]),
            )}
            {property_rows(draft, ctl.property_keys)}
            {sort_rows(draft)}
            <DraftErrors ctl />
            <div class="gp-filters__actions">
                <Button kind=ButtonKind::Primary submit=true>
                    {move || lang.t(Key::Apply)}
                </Button>
                <button type="button" class="gp-btn" on:click=move |_| ctl.clear()>
                    {move || lang.t(Key::ClearFilters)}
                </button>
            </div>
        </form>
    }
}

/// The name filter: one name exactly, or any of a list.
#[component]
fn NameFilter(draft: RwSignal<FilterDraft>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="gp-field gp-field--name">
            <label class="gp-field__label" for="f-name">
                {move || lang.t(Key::FilterName)}
            </label>
            <div class="gp-field__row">
                <select
                    class="gp-select"
                    id="f-name-mode"
                    aria-label=move || lang.t(Key::NameMatch)
                    on:change=move |ev| {
                        draft.update(|d| d.name_any_of = event_target_value(&ev) == "in")
                    }
                >
                    <option value="eq" selected=move || !draft.with(|d| d.name_any_of)>
                        {move || lang.t(Key::NameExact)}
                    </option>
                    <option value="in" selected=move || draft.with(|d| d.name_any_of)>
                        {move || lang.t(Key::NameAnyOf)}
                    </option>
                </select>
                <input
                    class="gp-input"
                    id="f-name"
                    name="name"
                    type="text"
                    prop:value=move || draft.with(|d| d.name.clone())
                    on:input=move |ev| draft.update(|d| d.name = event_target_value(&ev))
                />
            </div>
        </div>
    }
}

/// Why the last Apply was refused, one item per problem, in the current language.
#[component]
fn DraftErrors(ctl: FilterFormController) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="gp-filters__errors" role="alert">
            {move || {
                ctl.errors
                    .get()
                    .into_iter()
                    .map(|e| {
                        let text = lang.get().text(&draft_error_text(&e));
                        view! { <li>{text}</li> }
                    })
                    .collect_view()
            }}
        </ul>
    }
}

/// The image statuses Glance knows, each labelled in the current language.
fn status_options() -> Vec<(String, Label)> {
    raw_options(ImageStatus::KNOWN.iter().map(|s| s.as_str().to_string()))
        .into_iter()
        .map(|(v, _)| {
            let wire = v.clone();
            (v, Box::new(move |l: Lang| l.status(&wire)) as Label)
        })
        .collect()
}

/// `values`, each labelled by `word` in the current language.
fn worded_options(values: &[&str], word: fn(Lang, &str) -> String) -> Vec<(String, Label)> {
    values
        .iter()
        .map(|v| {
            let wire = v.to_string();
            (
                wire.clone(),
                Box::new(move |l: Lang| word(l, &wire)) as Label,
            )
        })
        .collect()
}

/// Fixed values, each labelled by its catalog entry.
fn keyed_options(values: &[(&str, Key)]) -> Vec<(String, Label)> {
    values
        .iter()
        .map(|&(v, key)| {
            (
                v.to_string(),
                Box::new(move |l: Lang| l.t(key).to_string()) as Label,
            )
        })
        .collect()
}
