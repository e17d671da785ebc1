//! The list's toolbar, one row: the page search, the Filters button with the active filters
//! as removable chips, the columns the user shows, the page size and "Create image". The
//! selection's actions are in `batch_bar.rs`, shown once rows are selected.

use leptos::prelude::*;

use super::controller::ImagesController;
use crate::components::image_filters::FILTER_PANEL_ID;
use crate::components::pager::PageSize;
use crate::i18n::{Key, Lang};
use crate::model::filters::{filter_chips, ChipLabel, ChipValue, FilterChip};
use crate::model::image_table::{ColumnId, COLUMNS};
use crate::routes;
use crate::state::preferences::use_lang;

/// Renders the toolbar and, under it, the active filters.
#[component]
pub(super) fn Toolbar(
    /// The page's controller.
    ctl: ImagesController,
    /// Whether the filter panel is open.
    filters_open: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let limit = Memo::new(move |_| ctl.query.with(|q| q.limit));
    // Worked out once per view: the badge counts them, the row under the toolbar shows them.
    let chips = Memo::new(move |_| ctl.query.with(filter_chips));
    view! {
        <div class="gp-toolbar">
            <div class="gp-toolbar__search">
                <input
                    class="gp-input"
                    id="gp-search"
                    type="search"
                    aria-label=move || lang.t(Key::SearchPage)
                    placeholder=move || lang.t(Key::SearchPage)
                    aria-describedby="gp-search-hint"
                    title=move || search_hint(lang.get(), ctl)
                    prop:value=move || ctl.query.get().search
                    on:input=move |ev| ctl.search(event_target_value(&ev))
                />
                <span class="gp-visually-hidden" id="gp-search-hint">
                    {move || search_hint(lang.get(), ctl)}
                </span>
            </div>
            <button
                type="button"
                class="gp-btn gp-toolbar__filters"
                aria-expanded=move || filters_open.get().to_string()
                aria-controls=FILTER_PANEL_ID
                on:click=move |_| filters_open.update(|o| *o = !*o)
            >
                <span>{move || lang.t(Key::Filters)}</span>
                {move || {
                    let n = chips.with(Vec::len);
                    (n > 0)
                        .then(|| {
                            view! {
                                <span class="gp-badge" aria-hidden="true">
                                    {n.to_string()}
                                </span>
                            }
                        })
                }}
            </button>
            <ColumnChooser ctl=ctl />
            {move || {
                let limit = limit.get();
                view! {
                    <PageSize
                        limit=limit
                        on_limit=Callback::new(move |n: u32| ctl.set_page_size(n))
                    />
                }
            }}
            <a class="gp-btn gp-btn--primary gp-toolbar__create" href=routes::new_image()>
                {move || lang.t(Key::NewImage)}
            </a>
        </div>
        <FilterChips ctl=ctl chips=chips />
    }
}

/// What the search box searches: the loaded page only.
fn search_hint(lang: Lang, ctl: ImagesController) -> String {
    lang.tf(Key::SearchPageHint, &[&ctl.images_on_page().to_string()])
}

/// The active filters, each with a button that removes it; Clear filters with two or more.
#[component]
fn FilterChips(
    /// The page's controller.
    ctl: ImagesController,
    /// The active filters.
    chips: Memo<Vec<FilterChip>>,
) -> impl IntoView {
    let lang = use_lang();
    move || {
        let chips = chips.get();
        if chips.is_empty() {
            return None;
        }
        let several = chips.len() > 1;
        let items = chips
            .into_iter()
            .map(|chip| view! { <Chip ctl=ctl chip=chip /> })
            .collect_view();
        Some(view! {
            <ul class="gp-chips" aria-label=move || lang.t(Key::ActiveFilters)>
                {items}
                {several
                    .then(|| {
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="gp-btn gp-btn--small gp-chips__clear"
                                    on:click=move |_| ctl.clear_filters()
                                >
                                    {move || lang.t(Key::ClearFilters)}
                                </button>
                            </li>
                        }
                    })}
            </ul>
        })
    }
}

/// One active filter: "Status: active, queued ×".
#[component]
fn Chip(ctl: ImagesController, chip: FilterChip) -> impl IntoView {
    let lang = use_lang();
    let FilterChip {
        param,
        label,
        value,
        without,
    } = chip;
    let text = move || {
        let l = lang.get();
        let label = match &label {
            ChipLabel::Named(key) => l.t(*key).to_string(),
            ChipLabel::Key(key) => key.clone(),
        };
        l.tf(Key::ChipText, &[&label, &chip_value(l, &value)])
    };
    let without = StoredValue::new(without);
    view! {
        <li class="gp-chip" data-filter=param>
            <span class="gp-chip__text">{text.clone()}</span>
            <button
                type="button"
                class="gp-chip__remove"
                aria-label=move || lang.get().tf(Key::RemoveFilter, &[&text()])
                on:click=move |_| ctl.go(without.get_value())
            >
                "×"
            </button>
        </li>
    }
}

fn chip_value(lang: Lang, value: &ChipValue) -> String {
    match value {
        ChipValue::Text(t) => t.clone(),
        ChipValue::Statuses(s) => s
            .iter()
            .map(|s| lang.status(s))
            .collect::<Vec<_>>()
            .join(", "),
        ChipValue::Visibility(v) => lang.visibility(v),
        ChipValue::Flag(b) => lang.t(if *b { Key::Yes } else { Key::No }).to_string(),
        ChipValue::AtLeast(size) => format!("≥ {size}"),
        ChipValue::AtMost(size) => format!("≤ {size}"),
        ChipValue::Time(sign, at) => format!("{sign} {at}"),
    }
}

/// The columns the user shows: a checkbox per column (the name is always shown).
#[component]
fn ColumnChooser(
    /// The page's controller.
    ctl: ImagesController,
) -> impl IntoView {
    let lang = use_lang();
    let boxes = COLUMNS
        .iter()
        .filter(|c| c.id != ColumnId::Name)
        .map(|column| {
            let id = column.id;
            let label = column.label;
            view! {
                <label class="gp-columns__choice">
                    <input
                        type="checkbox"
                        data-column=column.name
                        prop:checked=move || ctl.columns.with(|c| c.contains(&id))
                        on:change=move |ev| ctl.set_column(id, event_target_checked(&ev))
                    />
                    {move || lang.t(label)}
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="gp-columns">
            <summary class="gp-btn">{move || lang.t(Key::Columns)}</summary>
            <fieldset class="gp-columns__list">
                <legend class="gp-visually-hidden">{move || lang.t(Key::Columns)}</legend>
                {boxes}
            </fieldset>
        </details>
    }
}
