//! `/shared`: images other projects shared with this one, by the answer given (pending,
//! accepted, rejected), with Accept, Reject and Back to pending. The tab is in the URL.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::error::ApiError;
use crate::api::glance::images::{list_images, ImagePage};
use crate::api::transport::Transport;
use crate::components::cli_hint::CliHint;
use crate::components::error_view::ErrorView;
use crate::components::member_status::answer_label;
use crate::components::pager::Pager;
use crate::components::relative_time::RelativeTime;
use crate::components::resource_view::{answer_of, ResourceView};
use crate::components::status_badge::StatusBadge;
use crate::i18n::Key;
use crate::model::cli_equivalent::cli_command;
use crate::model::filters::ImageListQuery;
use crate::model::image::{member_answers, MemberStatus};
use crate::model::operation::Operation;
use crate::routes;
use crate::state::preferences::use_lang;
use crate::state::schema_cache::use_member_schema;
use crate::state::session::use_session;

const TABS: [(&str, Key); 3] = [
    ("pending", Key::MemberPending),
    ("accepted", Key::MemberAccepted),
    ("rejected", Key::MemberRejected),
];

/// The query for one tab: images shared with the project in that member status. The page
/// keeps Glance's paging; other filters stay with the main list.
pub fn shared_query(url_query: &str) -> ImageListQuery {
    let (mut q, _) = ImageListQuery::from_url_query(url_query);
    let status = q
        .member_status
        .clone()
        .filter(|s| TABS.iter().any(|(t, _)| t == s))
        .unwrap_or_else(|| "pending".to_string());
    ImageListQuery {
        visibility: Some("shared".into()),
        member_status: Some(status),
        sort: std::mem::take(&mut q.sort),
        limit: q.limit,
        marker: q.marker.take(),
        trail: std::mem::take(&mut q.trail),
        ..ImageListQuery::default()
    }
}

/// Renders the page.
#[component]
pub fn SharedWithMePage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let query = Memo::new(move |_| shared_query(&location.search.get()));
    let page = LocalResource::new(move || {
        let client = session.client();
        let q = query.get();
        async move {
            let r = client.json::<ImagePage>(&list_images(&q)).await;
            (q, r)
        }
    });
    let pending = RwSignal::new(false);
    // An answer (accept, reject, back to pending): pending = the buttons are disabled; the
    // value is the CLI line of the answer Glance took, or the error.
    let answer_action = Action::new_local(move |(image_id, status): &(String, MemberStatus)| {
        let op = Operation::SetMemberStatus {
            image_id: image_id.clone(),
            project_id: session
                .current
                .with_untracked(|s| s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default()),
            status: status.clone(),
        };
        let client = session.client_untracked();
        async move {
            client.perform(&op).await?;
            page.refetch();
            Ok::<_, ApiError>(cli_command(&op))
        }
    });
    let busy = move || answer_action.pending().get();
    let answer = move |image_id: String, status: MemberStatus| {
        answer_action.dispatch_local((image_id, status));
    };
    let go = StoredValue::new(move |q: ImageListQuery| {
        navigate(&routes::shared_list(&q), NavigateOptions::default())
    });
    let nav = move |q: ImageListQuery| go.with_value(|f| f(q));
    let member_schema = use_member_schema().0;
    let current_status = move || query.get().member_status.unwrap_or_default();

    view! {
        <section class="gp-page gp-shared" aria-labelledby="gp-shared-title">
            <div class="gp-page__head">
                <h1 id="gp-shared-title">{move || lang.t(Key::SharedTitle)}</h1>
            </div>
            <p class="gp-field__hint">{move || lang.t(Key::SharedHint)}</p>
            <nav class="gp-tabs" role="tablist">
                {TABS
                    .iter()
                    .map(|(status, label)| {
                        let status = *status;
                        let label = *label;
                        let href = routes::shared_tab(&MemberStatus::from(status));
                        view! {
                            <a class="gp-tabs__tab" role="tab" href=href data-tab=status
                            aria-selected=move || (current_status() == status).to_string()
                            class:gp-tabs__tab--active=move || current_status() == status>{move || lang.t(label)}</a>
                        }
                    })
                    .collect_view()}
            </nav>
            {move || {
                answer_action
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| view! { <ErrorView error=e /> })
            }}
            {move || {
                member_schema
                    .get()
                    .and_then(|r| r.err())
                    .map(|e| {
                        view! {
                            <ErrorView
                                error=e
                                on_retry=Callback::new(move |_| member_schema.refetch())
                            />
                        }
                    })
            }}
            {move || {
                answer_action
                    .value()
                    .get()
                    .and_then(Result::ok)
                    .map(|c| view! { <CliHint command=c /> })
            }}
            <ResourceView
                load=move || async move {
                    let (loaded, result) = answer_of(page).await;
                    result.map(|data| (loaded, data))
                }
                retry=Callback::new(move |_| page.refetch())
                pending=pending
                let:loaded_page
            >
                {
                    let (loaded, data) = loaded_page;
                    let me = session
                        .current
                        .with_untracked(|s| {
                            s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default()
                        });
                    let images: Vec<_> = data
                        .images
                        .iter()
                        .filter(|i| i.owner.as_deref() != Some(me.as_str()))
                        .cloned()
                        .collect();
                    let next_marker = data.next_marker();
                    let stale = {
                        let loaded = loaded.clone();
                        Signal::derive(move || pending.get() || loaded != query.get())
                    };
                    let prev_q = loaded.clone();
                    let next_q = loaded.clone();
                    let nothing_shown = images.is_empty();
                    let current = MemberStatus::from(
                        loaded.member_status.as_deref().unwrap_or_default(),
                    );
                    let answers: Vec<MemberStatus> = member_answers(
                            member_schema.get().and_then(|r| r.ok()).as_ref(),
                        )
                        .into_iter()
                        .filter(|a| *a != current)
                        .collect();
                    let rows = images
                        .into_iter()
                        .map(|img| {
                            let href = routes::image(&img.id);
                            let buttons = answers
                                .iter()
                                .cloned()
                                .map(|a| {
                                    let image_id = img.id.clone();
                                    let label = a.clone();
                                    let wire = a.as_str().to_string();
                                    // visibility=shared also lists this project's own shared images; they are not "shared with me".
                                    // The empty state is about what is shown, not what Glance returned.
                                    // Answers the cloud takes (its member schema), less the tab's own.
                                    view! {
                                        <button
                                            type="button"
                                            class="gp-btn"
                                            data-answer=wire
                                            disabled=busy
                                            on:click=move |_| answer(image_id.clone(), a.clone())
                                        >
                                            {move || answer_label(lang.get(), &label)}
                                        </button>
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
                                    <td title=img.owner.clone().unwrap_or_default()>
                                        <code>
                                            {img
                                                .owner
                                                .clone()
                                                .unwrap_or_default()
                                                .chars()
                                                .take(8)
                                                .collect::<String>()}
                                        </code>
                                    </td>
                                    <td>
                                        <RelativeTime timestamp=img.created_at.clone() />
                                    </td>
                                    <td class="gp-shared__actions">{buttons}</td>
                                </tr>
                            }
                        })
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
                                on_first=Callback::new(move |_| nav(
                                    query.get_untracked().first_page(),
                                ))
                                on_previous=Callback::new(move |_| {
                                    if let Some(p) = prev_q.previous_page() {
                                        nav(p)
                                    }
                                })
                                on_next=Callback::new(move |_| {
                                    if let Some(m) = &next_marker {
                                        nav(next_q.next_page(m))
                                    }
                                })
                                on_limit=Callback::new(move |n: u32| {
                                    let mut p = query.get_untracked().first_page();
                                    p.limit = n;
                                    nav(p)
                                })
                            />
                        </div>
                    }
                }
            </ResourceView>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_default_to_pending_and_force_shared_visibility() {
        let q = shared_query("");
        assert_eq!(q.member_status.as_deref(), Some("pending"));
        assert_eq!(q.visibility.as_deref(), Some("shared"));
        let q = shared_query("member_status=accepted&visibility=public&tag=x");
        assert_eq!(q.member_status.as_deref(), Some("accepted"));
        assert_eq!(q.visibility.as_deref(), Some("shared"));
        assert!(q.tags.is_empty());
        assert_eq!(
            shared_query("member_status=all").member_status.as_deref(),
            Some("pending")
        );
        assert_eq!(routes::shared_list(&q), "/shared?member_status=accepted");
    }
}
