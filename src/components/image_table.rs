//! The image list table: sortable headers for the columns Glance can sort on, one row per
//! image; clicking a row (or its name link, for keyboards) opens the image.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::relative_time::RelativeTime;
use crate::components::status_badge::StatusBadge;
use crate::i18n::Key;
use crate::model::filters::SortDir;
use crate::model::image::Image;
use crate::model::size::{grouped, human_size};
use crate::routes;
use crate::state::preferences::use_lang;

/// A column: its label, and the Glance sort key when sortable.
struct Column {
    label: Key,
    sort_key: Option<&'static str>,
    class: &'static str,
}

const COLUMNS: [Column; 10] = [
    Column {
        label: Key::ColName,
        sort_key: Some("name"),
        class: "gp-col-name",
    },
    Column {
        label: Key::ColStatus,
        sort_key: Some("status"),
        class: "gp-col-status",
    },
    Column {
        label: Key::ColVisibility,
        sort_key: None,
        class: "gp-col-visibility",
    },
    Column {
        label: Key::ColDiskFormat,
        sort_key: Some("disk_format"),
        class: "gp-col-disk",
    },
    Column {
        label: Key::ColContainerFormat,
        sort_key: Some("container_format"),
        class: "gp-col-container",
    },
    Column {
        label: Key::ColSize,
        sort_key: Some("size"),
        class: "gp-col-size",
    },
    Column {
        label: Key::ColOwner,
        sort_key: None,
        class: "gp-col-owner",
    },
    Column {
        label: Key::ColCreated,
        sort_key: Some("created_at"),
        class: "gp-col-created",
    },
    Column {
        label: Key::ColUpdated,
        sort_key: Some("updated_at"),
        class: "gp-col-updated",
    },
    Column {
        label: Key::ColFlags,
        sort_key: None,
        class: "gp-col-flags",
    },
];

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
    let headers = COLUMNS
        .iter()
        .map(|col| {
            let label = col.label;
            match col.sort_key {
                Some(key) => {
                    let active = key == sort_key;
                    let aria = match (active, sort_dir) {
                        (false, _) => "none",
                        (true, SortDir::Asc) => "ascending",
                        (true, SortDir::Desc) => "descending",
                    };
                    let arrow = match (active, sort_dir) {
                        (false, _) => "",
                        (true, SortDir::Asc) => " ▲",
                        (true, SortDir::Desc) => " ▼",
                    };
                    view! {
                        <th scope="col" class=col.class aria-sort=aria>
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
                                {arrow}
                            </button>
                        </th>
                    }
                    .into_any()
                }
                None => view! {
                    <th scope="col" class=col.class>
                        {move || lang.t(label)}
                    </th>
                }
                .into_any(),
            }
        })
        .collect_view();
    let rows = images
        .into_iter()
        .map(|image| {
            let id = image.id.clone();
            let href = routes::image(&image.id);
            let owner = image.owner.clone().unwrap_or_default();
            let owner_label = if owner == current_project {
                None
            } else {
                owner_names.get(&owner).cloned()
            };
            let is_own = owner == current_project && !owner.is_empty();
            let owner_title = owner.clone();
            let size = image.size;
            let open_id = id.clone();
            let check_id = id.clone();
            let toggle_id = id.clone();
            let row_name = image.display_name().to_string();
            let on_row_click = move |ev: leptos::ev::MouseEvent| {
                // The name is a real link for keyboards and middle-click, and the checkbox
                // selects; let them do their job.
                let in_link = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest("a, input, label").ok().flatten())
                    .is_some();
                if !in_link {
                    on_open.run(open_id.clone());
                }
            };
            view! {
                <tr class="gp-table__row" data-id=id.clone() on:click=on_row_click>
                    <td class="gp-col-select">
                        <input
                            type="checkbox"
                            class="gp-row-select"
                            aria-label=move || lang.get().tf(Key::SelectRow, &[&row_name])
                            prop:checked=move || selected.with(|s| s.contains(&check_id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected
                                    .update(|s| {
                                        if on {
                                            s.insert(toggle_id.clone());
                                        } else {
                                            s.remove(&toggle_id);
                                        }
                                    });
                            }
                        />
                    </td>
                    <td class="gp-col-name">
                        <a class="gp-table__link" href=href>
                            {image.display_name().to_string()}
                        </a>
                        {(!image.tags.is_empty())
                            .then(|| {
                                view! {
                                    <ul class="gp-tags" aria-label=move || lang.t(Key::TagsLabel)>
                                        {image
                                            .tags
                                            .iter()
                                            .map(|t| view! { <li class="gp-tag">{t.clone()}</li> })
                                            .collect_view()}
                                    </ul>
                                }
                            })}
                    </td>
                    <td class="gp-col-status">
                        <StatusBadge status=image.status.as_str().to_string() />
                    </td>
                    <td class="gp-col-visibility">
                        {
                            let v = image.visibility.as_str().to_string();
                            move || lang.get().visibility(&v)
                        }
                    </td>
                    <td class="gp-col-disk">
                        {image
                            .disk_format
                            .as_ref()
                            .map(|d| d.as_str().to_string())
                            .unwrap_or_default()}
                    </td>
                    <td class="gp-col-container">
                        {image
                            .container_format
                            .as_ref()
                            .map(|c| c.as_str().to_string())
                            .unwrap_or_default()}
                    </td>
                    <td class="gp-col-size" title=size.map(|s| format!("{} B", grouped(s)))>
                        {size.map(human_size).unwrap_or_else(|| "—".into())}
                    </td>
                    <td class="gp-col-owner" title=owner_title>
                        {move || match (&owner_label, is_own) {
                            (_, true) => lang.t(Key::ThisProject).to_string(),
                            (Some(name), false) => name.clone(),
                            (None, false) => owner.chars().take(8).collect::<String>(),
                        }}
                    </td>
                    <td class="gp-col-created">
                        <RelativeTime timestamp=image.created_at.clone() />
                    </td>
                    <td class="gp-col-updated">
                        <RelativeTime timestamp=image.updated_at.clone() />
                    </td>
                    <td class="gp-col-flags">
                        {image
                            .protected
                            .then(|| {
                                view! {
                                    <span
                                        class="gp-flag gp-flag--protected"
                                        title=move || lang.t(Key::Protected)
                                    >
                                        "🔒"
                                        <span class="gp-visually-hidden">
                                            {move || lang.t(Key::Protected)}
                                        </span>
                                    </span>
                                }
                            })}
                        {image
                            .os_hidden
                            .then(|| {
                                view! {
                                    <span
                                        class="gp-flag gp-flag--hidden"
                                        title=move || lang.t(Key::Hidden)
                                    >
                                        "👁"
                                        <span class="gp-visually-hidden">
                                            {move || lang.t(Key::Hidden)}
                                        </span>
                                    </span>
                                }
                            })}
                    </td>
                </tr>
            }
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
