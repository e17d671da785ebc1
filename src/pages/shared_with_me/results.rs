//! One loaded page of the "Shared with me" list: the table of images shared with this
//! project, each with the answers it can be given, the empty state, and the pager.

use leptos::prelude::*;

use crate::components::member_status::AnswerButton;
use crate::components::pager::Pager;
use crate::components::relative_time::RelativeTime;
use crate::components::status_badge::StatusBadge;
use crate::i18n::Key;
use crate::model::filters::ImageListQuery;
use crate::model::image::Image;
use crate::model::image_page::ImagePage;
use crate::model::member::MemberStatus;
use crate::model::shared_with_me::{shared_with_me, short_owner};
use crate::routes;
use crate::state::preferences::use_lang;

use super::controller::SharedController;

/// The page `data` that answers `loaded`; each row offers `answers`.
#[component]
pub(super) fn SharedResults(
    ctl: SharedController,
    loaded: ImageListQuery,
    data: ImagePage,
    answers: Vec<MemberStatus>,
) -> impl IntoView {
    let lang = use_lang();
    let images = shared_with_me(&data.images, &ctl.my_project_untracked());
    let next_marker = data.next_marker();
    let stale = {
        let loaded = loaded.clone();
        Signal::derive(move || ctl.pending.get() || loaded != ctl.query.get())
    };
    let nothing_shown = images.is_empty();
    let rows = images
        .into_iter()
        .map(|img| view! { <SharedRow ctl img answers=answers.clone() /> })
        .collect_view();
    view! {
        <div class="gp-results" aria-busy=move || stale.get().to_string()>
            <div class="gp-table-wrap">
                <table class="gp-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || lang.t(Key::ColName)}</th>
                            <th scope="col">{move || lang.t(Key::ColStatus)}</th>
                            <th scope="col">{move || lang.t(Key::ColOwner)}</th>
                            <th scope="col">{move || lang.t(Key::ColCreated)}</th>
                            <th scope="col">
                                <span class="gp-visually-hidden">
                                    {move || lang.t(Key::TabActions)}
                                </span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {nothing_shown
                .then(|| {
                    view! {
                        <p class="gp-empty" data-empty="no-shared">
                            {move || lang.t(Key::SharedEmpty)}
                        </p>
                    }
                })}
            <SharedPager ctl loaded next_marker stale />
        </div>
    }
}

/// One image shared with this project.
#[component]
fn SharedRow(ctl: SharedController, img: Image, answers: Vec<MemberStatus>) -> impl IntoView {
    let href = routes::image(&img.id);
    let owner = img.owner.clone().unwrap_or_default();
    let buttons = answers
        .into_iter()
        .map(|answer| {
            let image_id = img.id.clone();
            view! {
                <AnswerButton
                    answer
                    busy=Signal::derive(move || ctl.busy())
                    on_answer=Callback::new(move |a| ctl.answer(image_id.clone(), a))
                />
            }
        })
        .collect_view();
    view! {
        <tr class="gp-table__row gp-shared__row" data-id=img.id.clone()>
            <td>
                <a class="gp-table__link" href=href>
                    {img.display_name().to_string()}
                </a>
            </td>
            <td>
                <StatusBadge status=img.status.as_str().to_string() />
            </td>
            <td title=owner.clone()>
                <code>{short_owner(&owner)}</code>
            </td>
            <td>
                <RelativeTime timestamp=img.created_at.clone() />
            </td>
            <td class="gp-shared__actions">{buttons}</td>
        </tr>
    }
}

/// The pager under `loaded`; `next_marker` is Glance's link to the next page.
#[component]
fn SharedPager(
    ctl: SharedController,
    loaded: ImageListQuery,
    next_marker: Option<String>,
    stale: Signal<bool>,
) -> impl IntoView {
    let prev_q = loaded.clone();
    let next_q = loaded.clone();
    view! {
        <Pager
            page=loaded.page_number()
            has_previous={
                let first_page = loaded.marker.is_none();
                Signal::derive(move || !first_page && !stale.get())
            }
            has_next={
                let more = next_marker.is_some();
                Signal::derive(move || more && !stale.get())
            }
            limit=loaded.limit
            on_first=Callback::new(move |_| ctl.go(ctl.query.get_untracked().first_page()))
            on_previous=Callback::new(move |_| {
                if let Some(p) = prev_q.previous_page() {
                    ctl.go(p)
                }
            })
            on_next=Callback::new(move |_| {
                if let Some(m) = &next_marker {
                    ctl.go(next_q.next_page(m))
                }
            })
            on_limit=Callback::new(move |n: u32| {
                let mut p = ctl.query.get_untracked().first_page();
                p.limit = n;
                ctl.go(p)
            })
        />
    }
}
