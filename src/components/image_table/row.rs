//! One row of the image list table: the selection checkbox, the name link with the tags, and
//! the cells whose texts [`RowCells`] spells. Clicking anywhere else on the row opens the image.

use std::collections::HashSet;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::relative_time::RelativeTime;
use crate::components::status_badge::StatusBadge;
use crate::i18n::Key;
use crate::model::image::Image;
use crate::model::image_table::{OwnerCell, RowCells};
use crate::routes;
use crate::state::preferences::use_lang;

/// Renders one image as a table row.
#[component]
pub(super) fn ImageRow(
    /// The image.
    image: Image,
    /// Its cells' texts.
    cells: RowCells,
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
    let owner = cells.owner;
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
            <td class="gp-col-status">
                <StatusBadge status=image.status.as_str().to_string() />
            </td>
            <td class="gp-col-visibility">
                {
                    let v = image.visibility.as_str().to_string();
                    move || lang.get().visibility(&v)
                }
            </td>
            <td class="gp-col-disk">{cells.disk_format}</td>
            <td class="gp-col-container">{cells.container_format}</td>
            <td class="gp-col-size" title=cells.size_title>
                {cells.size}
            </td>
            <td class="gp-col-owner" title=cells.owner_title>
                {move || match &owner {
                    OwnerCell::ThisProject => lang.t(Key::ThisProject).to_string(),
                    OwnerCell::Name(name) => name.clone(),
                    OwnerCell::ShortId(short) => short.clone(),
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
                            <RowFlag
                                modifier="gp-flag--protected"
                                icon="🔒"
                                label=Key::Protected
                            />
                        }
                    })}
                {image
                    .os_hidden
                    .then(|| {
                        view! {
                            <RowFlag modifier="gp-flag--hidden" icon="👁" label=Key::Hidden />
                        }
                    })}
            </td>
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
