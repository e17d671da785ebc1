//! One row of the image list table: the selection checkbox, the name link with the tags, and
//! a cell per shown column, whose texts [`RowCells`] spells. Clicking anywhere else on the row opens the image.

use std::collections::HashSet;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::relative_time::RelativeTime;
use crate::components::status_badge::StatusBadge;
use crate::i18n::Key;
use crate::model::image::Image;
use crate::model::image_table::{Column, ColumnId, OwnerCell, RowCells};
use crate::routes;
use crate::state::preferences::use_lang;

/// Renders one image as a table row.
#[component]
pub(super) fn ImageRow(
    /// The image.
    image: Image,
    /// Its cells' texts.
    cells: RowCells,
    /// The columns shown, in order.
    columns: Vec<&'static Column>,
    /// Emitted with the image id when the row (not its link or checkbox) is clicked.
    on_open: Callback<String>,
    /// Selected image ids; the checkbox adds or removes this one.
    selected: RwSignal<HashSet<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let id = image.id.clone();
    let href = routes::image(&image.id);
    let open_id = id.clone();
    let check_id = id.clone();
    let toggle_id = id.clone();
    let row_name = cells.name.clone();
    let owner = cells.owner.clone();
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
    let status = image.status.as_str().to_string();
    let visibility = image.visibility.as_str().to_string();
    let (protected, hidden) = (image.protected, image.os_hidden);
    let (created, updated) = (image.created_at.clone(), image.updated_at.clone());
    let hash_title = image.os_hash_value.clone();
    let cell = move |id: ColumnId| -> AnyView {
        match id {
            ColumnId::Name => ().into_any(),
            ColumnId::Status => view! { <StatusBadge status=status.clone() /> }.into_any(),
            ColumnId::Visibility => {
                let v = visibility.clone();
                (move || lang.get().visibility(&v)).into_any()
            }
            ColumnId::Os => cells.os.clone().into_any(),
            ColumnId::DiskFormat => cells.disk_format.clone().into_any(),
            ColumnId::ContainerFormat => cells.container_format.clone().into_any(),
            ColumnId::Size => {
                view! { <span title=cells.size_title.clone()>{cells.size.clone()}</span> }
                    .into_any()
            }
            ColumnId::MinDisk => cells.min_disk.clone().into_any(),
            ColumnId::MinRam => cells.min_ram.clone().into_any(),
            ColumnId::Hash => {
                view! { <code title=hash_title.clone()>{cells.hash.clone()}</code> }.into_any()
            }
            ColumnId::Owner => {
                let owner = owner.clone();
                view! {
                    <span title=cells
                        .owner_title
                        .clone()>
                        {move || match &owner {
                            OwnerCell::ThisProject => lang.t(Key::ThisProject).to_string(),
                            OwnerCell::Name(name) => name.clone(),
                            OwnerCell::ShortId(short) => short.clone(),
                        }}
                    </span>
                }
                .into_any()
            }
            ColumnId::Created => view! { <RelativeTime timestamp=created.clone() /> }.into_any(),
            ColumnId::Updated => view! { <RelativeTime timestamp=updated.clone() /> }.into_any(),
            ColumnId::Flags => view! {
                {protected
                    .then(|| {
                        view! {
                            <RowFlag
                                modifier="gp-flag--protected"
                                icon="🔒"
                                label=Key::Protected
                            />
                        }
                    })}
                {hidden
                    .then(|| {
                        view! {
                            <RowFlag modifier="gp-flag--hidden" icon="👁" label=Key::Hidden />
                        }
                    })}
            }
            .into_any(),
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
                    {cells.name}
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
            {columns
                .into_iter()
                .filter(|c| c.id != ColumnId::Name)
                .map(|column| view! { <td class=column.class>{cell(column.id)}</td> })
                .collect_view()}
        </tr>
    }
}

/// A flag of the flags column: an icon, worded for screen readers and in its title.
#[component]
fn RowFlag(
    /// The flag's modifier class (`gp-flag--…`).
    modifier: &'static str,
    /// The icon shown.
    icon: &'static str,
    /// What the flag means.
    label: Key,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class=format!("gp-flag {modifier}") title=move || lang.t(label)>
            {icon}
            <span class="gp-visually-hidden">{move || lang.t(label)}</span>
        </span>
    }
}
