//! The owner's side of sharing: who the image is shared with and their answers, add a project
//! (by id, or by a name the user can resolve), remove one. It also explains and offers the
//! switch to `shared` visibility, without which members see nothing.

use leptos::prelude::*;

use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::glance::members::{list_members, MemberList};
use crate::api::transport::Transport;
use crate::components::cli_hint::CliHint;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_view::ErrorView;
use crate::components::member_status::member_status_label;
use crate::components::relative_time::RelativeTime;
use crate::flows::member::resolve_project;
use crate::i18n::{Key, Text};
use crate::model::cli_equivalent::cli_command;
use crate::model::operation::Operation;
use crate::state::preferences::use_lang;
use crate::state::session::use_session;

/// A change to the member list.
#[derive(Clone)]
enum MemberChange {
    /// A project, by id or by a name the user can resolve, as typed.
    Add(String),
    /// A member's project id.
    Remove(String),
}

/// Renders the member editor.
#[component]
pub(super) fn MemberEditor(
    /// Image id.
    #[prop(into)]
    image_id: String,
    /// Image visibility (wire value).
    #[prop(into)]
    visibility: String,
    /// Asks the page to switch visibility to `shared`.
    #[prop(into)]
    on_make_shared: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let id = StoredValue::new(image_id);
    let members = LocalResource::new(move || {
        let client = session.client();
        let image_id = id.get_value();
        async move { client.json::<MemberList>(&list_members(&image_id)).await }
    });
    let input = RwSignal::new(String::new());
    // Adding or removing a member: pending = the buttons are disabled; the value is the CLI
    // line of the change Glance took (the list is read again), or the error.
    let change = Action::new_local(move |change: &MemberChange| {
        let change = change.clone();
        let client = session.client_untracked();
        let image_id = id.get_value();
        async move {
            let op = match change {
                MemberChange::Add(typed) => {
                    let Some(project_id) = resolve_project(&client, &typed).await? else {
                        return Err(ApiError::portal(
                            ApiErrorKind::NotFound,
                            Text::new(Key::ProjectNotFound, &[typed.trim()]),
                        ));
                    };
                    Operation::AddMember {
                        image_id,
                        project_id,
                    }
                }
                MemberChange::Remove(project_id) => Operation::RemoveMember {
                    image_id,
                    project_id,
                },
            };
            client.perform(&op).await?;
            if matches!(op, Operation::AddMember { .. }) {
                input.set(String::new());
            }
            members.refetch();
            Ok(cli_command(&op))
        }
    });
    let busy = move || change.pending().get();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = input.get_untracked();
        if !typed.trim().is_empty() {
            change.dispatch_local(MemberChange::Add(typed));
        }
    };
    let remove = move |project: String| {
        change.dispatch_local(MemberChange::Remove(project));
    };
    let not_shared = visibility != "shared";
    // Public and community images are visible to every project now: narrowing that takes
    // the image away from whoever uses it, so it is confirmed first. Private is one click.
    let narrows = matches!(visibility.as_str(), "public" | "community");
    let confirm_open = RwSignal::new(false);
    let vis = visibility.clone();
    let confirm_vis = visibility.clone();
    view! {
        <div class="gp-members">
            {not_shared
                .then(|| {
                    view! {
                        <div class="gp-notice gp-notice--warn gp-members__visibility">
                            <span>
                                {move || {
                                    let l = lang.get();
                                    l.tf(Key::MakeShared, &[&l.visibility(&vis)])
                                }}
                            </span>
                            <button
                                type="button"
                                class="gp-btn"
                                id="gp-make-shared"
                                on:click=move |_| {
                                    if narrows {
                                        confirm_open.set(true)
                                    } else {
                                        on_make_shared.run(())
                                    }
                                }
                            >
                                {move || lang.t(Key::MakeSharedButton)}
                            </button>
                        </div>
                    }
                })}
            {narrows
                .then(|| {
                    view! {
                        <ConfirmDialog
                            open=confirm_open
                            question=Signal::derive(move || {
                                let l = lang.get();
                                l.tf(Key::MakeSharedConfirm, &[&l.visibility(&confirm_vis)])
                            })
                            on_confirm=on_make_shared
                        />
                    }
                })} <h2>{move || lang.t(Key::MembersTitle)}</h2>
            {move || match members.get() {
                None => {
                    view! { <p class="gp-loading">{move || lang.t(Key::Loading)}</p> }.into_any()
                }
                Some(Err(e)) => view! { <ErrorView error=e /> }.into_any(),
                Some(Ok(list)) if list.members.is_empty() => {
                    view! {
                        <p class="gp-empty__hint" data-empty="no-members">
                            {move || lang.t(Key::MembersEmpty)}
                        </p>
                    }
                        .into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <table class="gp-table gp-members__table">
                            <thead>
                                <tr>
                                    <th scope="col">{move || lang.t(Key::MemberProject)}</th>
                                    <th scope="col">{move || lang.t(Key::ColStatus)}</th>
                                    <th scope="col">{move || lang.t(Key::MemberSince)}</th>
                                    <th scope="col">{move || lang.t(Key::MemberAnswered)}</th>
                                    <th scope="col">
                                        <span class="gp-visually-hidden">
                                            {move || lang.t(Key::Remove)}
                                        </span>
                                    </th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .members
                                    .into_iter()
                                    .map(|m| {
                                        let project = m.member_id.clone();
                                        let status = m.status.clone();
                                        let answered = (m.updated_at != m.created_at)
                                            .then(|| m.updated_at.clone());
                                        // Glance sets updated_at with created_at; only a later one is an answer.
                                        view! {
                                            <tr
                                                class="gp-members__row"
                                                data-member=m.member_id.clone()
                                                data-status=m.status.as_str().to_string()
                                            >
                                                <td>
                                                    <code>{m.member_id.clone()}</code>
                                                </td>
                                                <td>{move || member_status_label(lang.get(), &status)}</td>
                                                <td>
                                                    <RelativeTime timestamp=m.created_at.clone() />
                                                </td>
                                                <td class="gp-members__answered">
                                                    {match answered {
                                                        Some(t) => view! { <RelativeTime timestamp=t /> }.into_any(),
                                                        None => {
                                                            view! {
                                                                <span title=move || lang.t(Key::NotAnswered)>"—"</span>
                                                            }
                                                                .into_any()
                                                        }
                                                    }}
                                                </td>
                                                <td>
                                                    <button
                                                        type="button"
                                                        class="gp-btn gp-members__remove"
                                                        disabled=busy
                                                        on:click=move |_| remove(project.clone())
                                                    >
                                                        {move || lang.t(Key::Remove)}
                                                    </button>
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }
            }} <form class="gp-members__add" on:submit=add>
                <label class="gp-field__label" for="gp-member-project">
                    {move || lang.t(Key::MemberAdd)}
                </label>
                <div class="gp-field__row">
                    <input
                        class="gp-input"
                        id="gp-member-project"
                        aria-describedby="gp-member-hint"
                        prop:value=move || input.get()
                        on:input=move |ev| input.set(event_target_value(&ev))
                    />
                    <button type="submit" class="gp-btn gp-btn--primary" disabled=busy>
                        {move || lang.t(Key::MemberAdd)}
                    </button>
                </div>
                <p class="gp-field__hint" id="gp-member-hint">
                    {move || lang.t(Key::MemberProjectHint)}
                </p>
            </form>
            {move || {
                change.value().get().and_then(Result::err).map(|e| view! { <ErrorView error=e /> })
            }}
            {move || {
                change.value().get().and_then(Result::ok).map(|c| view! { <CliHint command=c /> })
            }}
        </div>
    }
}
