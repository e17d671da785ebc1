//! The filter form for every filter Glance supports on `GET /v2/images`. It edits a draft and
//! emits a validated query; nothing reaches the URL until the draft is valid. Loaded on demand
//! when the filters are first opened (`super::ImageFilters`).

use leptos::prelude::*;

use crate::i18n::{Key, Lang};
use crate::model::filters::{DraftError, FilterDraft, MEMBER_STATUS_FILTERS, VISIBILITY_FILTERS};
use crate::model::image::{ContainerFormat, DiskFormat, ImageStatus};
use crate::state::preferences::use_lang;

use super::inputs::{multi_select, raw_options, select_input, text_input, time_input, Label};
use super::rows::{property_rows, sort_rows};
use super::FilterContext;

/// Renders the filter form for the [`FilterContext`] its disclosure provides.
#[component]
pub fn FilterForm() -> impl IntoView {
    let FilterContext {
        query,
        on_apply,
        property_keys,
    } = expect_context::<FilterContext>();
    let lang = use_lang();
    let draft = RwSignal::new(FilterDraft::from_query(&query.get_untracked()));
    // Back/forward or a link changes the URL: the form follows it. Only the part Glance sees:
    // the page search box is in the URL too, and typing there must not wipe unapplied edits.
    let server_query = Memo::new(move |_| {
        let mut q = query.get();
        q.search.clear();
        q
    });
    Effect::new(move |_| draft.set(FilterDraft::from_query(&server_query.get())));
    let errors = RwSignal::new(Vec::<DraftError>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.get_untracked().apply(&query.get_untracked()) {
            Ok(q) => {
                errors.set(Vec::new());
                on_apply.run(q);
            }
            Err(e) => errors.set(e),
        }
    };
    let clear = move |_| {
        errors.set(Vec::new());
        let base = query.get_untracked();
        if let Ok(q) = FilterDraft::default().apply(&base) {
            on_apply.run(q);
        }
    };
    let statuses = raw_options(ImageStatus::KNOWN.iter().map(|s| s.as_str().to_string()))
        .into_iter()
        .map(|(v, _)| {
            let wire = v.clone();
            (v, Box::new(move |l: Lang| l.status(&wire)) as Label)
        })
        .collect();
    let visibilities = VISIBILITY_FILTERS
        .iter()
        .map(|v| {
            let wire = v.to_string();
            (
                wire.clone(),
                Box::new(move |l: Lang| l.visibility(&wire)) as Label,
            )
        })
        .collect();
    let member_statuses = MEMBER_STATUS_FILTERS
        .iter()
        .map(|v| {
            let wire = v.to_string();
            (
                wire.clone(),
                Box::new(move |l: Lang| l.member_status(&wire)) as Label,
            )
        })
        .collect();
    view! {
        <form class="gp-filters__form" on:submit=submit novalidate=true>
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
            {text_input(draft, "f-ids", Key::FilterIds, |d| &mut d.ids, "text")}
            {multi_select(draft, "f-status", Key::FilterStatus, |d| &mut d.status, statuses)}
            {select_input(
                draft,
                "f-visibility",
                Key::FilterVisibility,
                |d| &mut d.visibility,
                Key::Any,
                visibilities,
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
                member_statuses,
            )}
            {select_input(
                draft,
                "f-hidden",
                Key::FilterHidden,
                |d| &mut d.os_hidden,
                Key::HiddenDefault,
                vec![
                    (
                        "true".to_string(),
                        Box::new(|l: Lang| l.t(Key::HiddenOnly).to_string()) as Label,
                    ),
                ],
            )}
            {select_input(
                draft,
                "f-protected",
                Key::FilterProtected,
                |d| &mut d.protected,
                Key::Any,
                vec![
                    ("true".to_string(), Box::new(|l: Lang| l.t(Key::Yes).to_string()) as Label),
                    ("false".to_string(), Box::new(|l: Lang| l.t(Key::No).to_string())),
                ],
            )}
            {property_rows(draft, property_keys)}
            {sort_rows(draft)}
            <ul class="gp-filters__errors" role="alert">
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|e| {
                            let l = lang.get();
                            let text = match e {
                                DraftError::NotANumber(f) => {
                                    l.tf(Key::FilterInvalid, &[l.t(f), l.t(Key::NotANumber)])
                                }
                                DraftError::NotATime(f) => {
                                    l.tf(Key::FilterInvalid, &[l.t(f), l.t(Key::NotATime)])
                                }
                                DraftError::NotHex(f) => {
                                    l.tf(Key::FilterInvalid, &[l.t(f), l.t(Key::NotHex)])
                                }
                                DraftError::NotMd5(f) => {
                                    l.tf(Key::FilterInvalid, &[l.t(f), l.t(Key::NotMd5)])
                                }
                                DraftError::ReservedProperty(k) => {
                                    l.tf(Key::PropertyReserved, &[&k])
                                }
                                DraftError::PropertyWithoutValue(k) => {
                                    l.tf(Key::PropertyNoValue, &[&k])
                                }
                                DraftError::PropertyWithoutKey(v) => l.tf(Key::PropertyNoKey, &[&v]),
                            };
                            view! { <li>{text}</li> }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="gp-filters__actions">
                <button type="submit" class="gp-btn gp-btn--primary">
                    {move || lang.t(Key::Apply)}
                </button>
                <button type="button" class="gp-btn" on:click=clear>
                    {move || lang.t(Key::ClearFilters)}
                </button>
            </div>
        </form>
    }
}
