//! The owner's side of sharing: who the image is shared with and their answers, add a project
//! (by id, or by a name the user can resolve), remove one. It also explains and offers the
//! switch to `shared` visibility, without which members see nothing. The state and the
//! changes are in `member_controller.rs`.

use leptos::prelude::*;

use crate::components::button::{Button, ButtonKind};
use crate::components::cli_hint::CliHint;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_view::ErrorView;
use crate::components::member_status::member_status_label;
use crate::components::property_words::ProjectName;
use crate::components::relative_time::RelativeTime;
use crate::components::resource_view::{answer_of, ResourceView};
use crate::i18n::Key;
use crate::model::member::Member;
use crate::model::sharing::{answered_at, members_see_it};
use crate::state::preferences::use_lang;

use super::member_controller::MemberController;

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
    let ctrl = MemberController::new(image_id, &visibility, on_make_shared);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ctrl.add();
    };
    view! {
        <div class="gp-members">
            {(!members_see_it(&visibility))
                .then(|| view! { <VisibilityNotice ctrl=ctrl visibility=visibility.clone() /> })}
            {ctrl
                .narrows
                .then(|| {
                    let confirm_vis = visibility.clone();
                    view! {
                        <ConfirmDialog
                            open=ctrl.confirm_open
                            question=Signal::derive(move || {
                                let l = lang.get();
                                l.tf(Key::MakeSharedConfirm, &[&l.visibility(&confirm_vis)])
                            })
                            on_confirm=ctrl.on_make_shared()
                        />
                    }
                })} <h2>{move || lang.t(Key::MembersTitle)}</h2>
            <ResourceView
                load=move || answer_of(ctrl.members)
                retry=Callback::new(move |_| ctrl.members.refetch())
                let:list
            >
                {if list.members.is_empty() {
                    view! {
                        <p class="gp-empty__hint" data-empty="no-members">
                            {move || lang.t(Key::MembersEmpty)}
                        </p>
                    }
                        .into_any()
                } else {
                    view! { <MemberTable ctrl=ctrl members=list.members /> }.into_any()
                }}
            </ResourceView> <form class="gp-members__add" on:submit=add>
                <label class="gp-field__label" for="gp-member-project">
                    {move || lang.t(Key::MemberAdd)}
                </label>
                <div class="gp-field__row">
                    <input
                        class="gp-input"
                        id="gp-member-project"
                        aria-describedby="gp-member-hint"
                        prop:value=move || ctrl.input.get()
                        on:input=move |ev| ctrl.input.set(event_target_value(&ev))
                    />
                    <Button
                        kind=ButtonKind::Primary
                        submit=true
                        disabled=Signal::derive(move || ctrl.busy())
                    >
                        {move || lang.t(Key::MemberAdd)}
                    </Button>
                </div>
                <p class="gp-field__hint" id="gp-member-hint">
                    {move || lang.t(Key::MemberProjectHint)}
                </p>
            </form> {move || ctrl.error().map(|e| view! { <ErrorView error=e /> })}
            {move || ctrl.cli().map(|c| view! { <CliHint command=c /> })}
        </div>
    }
}

/// Members see nothing until the image is `shared`: says so, and offers the switch.
#[component]
fn VisibilityNotice(ctrl: MemberController, visibility: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="gp-notice gp-notice--warn gp-members__visibility">
            <span>
                {move || {
                    let l = lang.get();
                    l.tf(Key::MakeShared, &[&l.visibility(&visibility)])
                }}
            </span>
            <Button id="gp-make-shared" on_click=Callback::new(move |_| ctrl.make_shared())>
                {move || lang.t(Key::MakeSharedButton)}
            </Button>
        </div>
    }
}

/// The members with their answers, each with a remove button.
#[component]
fn MemberTable(ctrl: MemberController, members: Vec<Member>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <table class="gp-table gp-members__table">
            <thead>
                <tr>
                    <th scope="col">{move || lang.t(Key::MemberProject)}</th>
                    <th scope="col">{move || lang.t(Key::ColStatus)}</th>
                    <th scope="col">{move || lang.t(Key::MemberSince)}</th>
                    <th scope="col">{move || lang.t(Key::MemberAnswered)}</th>
                    <th scope="col">
                        <span class="gp-visually-hidden">{move || lang.t(Key::Remove)}</span>
                    </th>
                </tr>
            </thead>
            <tbody>
                {members
                    .into_iter()
                    .map(|member| view! { <MemberRow ctrl=ctrl member=member /> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// One member: its project, its answer and when it gave it, and its remove button.
#[component]
fn MemberRow(ctrl: MemberController, member: Member) -> impl IntoView {
    let lang = use_lang();
    let project = member.member_id.clone();
    let status = member.status.clone();
    let answered = answered_at(&member).map(str::to_string);
    view! {
        <tr
            class="gp-members__row"
            data-member=member.member_id.clone()
            data-status=member.status.as_str().to_string()
        >
            // The project's name where the user may see it (their own projects), the id beside.
            <td>
                <ProjectName id=member.member_id.clone() />
            </td>
            <td>{move || member_status_label(lang.get(), &status)}</td>
            <td>
                <RelativeTime timestamp=member.created_at.clone() />
            </td>
            <td class="gp-members__answered">
                {match answered {
                    Some(t) => view! { <RelativeTime timestamp=t /> }.into_any(),
                    None => {
                        view! { <span title=move || lang.t(Key::NotAnswered)>"—"</span> }
                            .into_any()
                    }
                }}
            </td>
            <td>
                <Button
                    class="gp-members__remove"
                    disabled=Signal::derive(move || ctrl.busy())
                    on_click=Callback::new(move |_| ctrl.remove(project.clone()))
                >
                    {move || lang.t(Key::Remove)}
                </Button>
            </td>
        </tr>
    }
}
