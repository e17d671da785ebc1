//! The image list table: sortable headers for the columns Glance can sort on, one row per
//! image; clicking a row (or its name link, for keyboards) opens the image.
//!
//! The columns (those the user chose that are not empty on the page) and the cells' texts
//! are the core model's ([`crate::model::image_table`]);
//! a row is [`row::ImageRow`].

mod row;

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use crate::i18n::Key;
use crate::model::filters::SortDir;
use crate::model::image::Image;
use crate::model::image_table::{Column, HeaderSort, RowCells};
use crate::state::preferences::use_lang;
use row::ImageRow;

/// Renders images as a table.
#[component]
pub fn ImageTable(
    /// Images to show, in server order.
    images: Vec<Image>,
    /// Current sort column.
    sort_key: String,
    /// Current sort direction.
    sort_dir: SortDir,
    /// Project id → name, for the owner column.
    owner_names: HashMap<String, String>,
    /// The session's project id (shown as "this project").
    current_project: String,
    /// Emitted with a sort key when a sortable header is activated.
    #[prop(into)]
    on_sort: Callback<String>,
    /// Emitted with a sort key on a shift-click: a further sort key after the current ones.
    #[prop(into, optional)]
    on_then_sort: Option<Callback<String>>,
    /// Emitted with an image id when a row is clicked.
    #[prop(into)]
    on_open: Callback<String>,
    /// Selected image ids (checkbox column) for batch actions.
    selected: RwSignal<HashSet<String>>,
    /// The columns to show, in order (the name is always first).
    columns: Vec<&'static Column>,
) -> impl IntoView {
    let lang = use_lang();
    let page_ids: Vec<String> = images.iter().map(|i| i.id.clone()).collect();
    let all_ids = page_ids.clone();
    let all_selected = move || {
        let ids = all_ids.clone();
        selected.with(|s| !ids.is_empty() && ids.iter().all(|i| s.contains(i)))
    };
    let select_all = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        selected.update(|s| {
            for id in &page_ids {
                if on {
                    s.insert(id.clone());
                } else {
                    s.remove(id);
                }
            }
        });
    };
    let headers = columns
        .iter()
        .map(|&column| {
            view! {
                <ColumnHeader
                    column=column
                    sort=column
                        .sort_key
                        .map_or(
                            HeaderSort::Unsorted,
                            |key| HeaderSort::of(key, &sort_key, sort_dir),
                        )
                    on_sort=on_sort
                    on_then_sort=on_then_sort
                />
            }
        })
        .collect_view();
    let rows = images
        .into_iter()
        .map(|image| {
            let cells = RowCells::of(&image, &current_project, &owner_names);
            let columns = columns.clone();
            view! { <ImageRow image=image cells=cells columns=columns on_open=on_open selected=selected /> }
        })
        .collect_view();
    view! {
        <div class="gp-table-wrap">
            <table class="gp-table">
                <thead>
                    <tr>
                        <th scope="col" class="gp-col-select">
                            <input
                                type="checkbox"
                                id="gp-select-all"
                                aria-label=move || lang.t(Key::SelectAll)
                                prop:checked=all_selected
                                on:change=select_all
                            />
                        </th>
                        {headers}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One column header; a sortable one is a button that sorts by its column (a shift-click
/// adds it as a further key, when the table offers that).
#[component]
fn ColumnHeader(
    /// The column.
    column: &'static Column,
    /// How it shows the current sort (only a sortable column shows it).
    sort: HeaderSort,
    /// Emitted with the column's sort key on a click.
    on_sort: Callback<String>,
    /// Emitted with the column's sort key on a shift-click.
    on_then_sort: Option<Callback<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let label = column.label;
    match column.sort_key {
        Some(key) => view! {
            <th scope="col" class=column.class aria-sort=sort.aria_sort()>
                <button
                    type="button"
                    class="gp-table__sort"
                    data-sort=key
                    title=move || {
                        let l = lang.get();
                        let by = l.tf(Key::SortBy, &[l.t(label)]);
                        if on_then_sort.is_some() {
                            format!("{by} {}", l.t(Key::SortShiftHint))
                        } else {
                            by
                        }
                    }
                    on:click=move |ev: leptos::ev::MouseEvent| match on_then_sort {
                        Some(then) if ev.shift_key() => then.run(key.to_string()),
                        _ => on_sort.run(key.to_string()),
                    }
                >
                    {move || lang.t(label)}
                    {sort.arrow()}
                </button>
            </th>
        }
        .into_any(),
        None => view! {
            <th scope="col" class=column.class>
                {move || lang.t(label)}
            </th>
        }
        .into_any(),
    }
}
