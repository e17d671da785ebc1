//! The Sharing tab: the owner's side manages members; a member answers for its project.

use leptos::prelude::*;
use serde_json::Value;

use crate::api::error::ApiErrorKind;
use crate::api::glance::members::get_member;
use crate::api::transport::Transport;
use crate::components::error_view::ErrorView;
use crate::components::member_status::{member_status_label, AnswerButton};
use crate::components::notice::Notice;
use crate::i18n::Key;
use crate::model::image::Image;
use crate::model::member::{member_answers, Member, MemberStatus};
use crate::model::operation::Operation;
use crate::model::patch::PatchOp;
use crate::model::policy::Action;
use crate::state::policy::use_policy;
use crate::state::preferences::use_lang;
use crate::state::schema_cache::use_member_schema;
use crate::state::session::use_session;

use super::member_editor::MemberEditor;
use super::mutator::Mutator;

/// Sharing: the owner manages members; a member answers.
#[component]
pub(super) fn SharingTab(image: Image, mutator: Mutator) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let project = session
        .current
        .with_untracked(|s| s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default());
    let owner = image.owner.clone().unwrap_or_default();
    let id = image.id.clone();
    // The owner's side when this user may manage members (the owner's members, or an admin);
    // otherwise the member's side: its own answer.
    if owner == project || use_policy().allows(Action::AddMember, &image) {
        let make_shared = Callback::new(move |_: ()| {
            let ops = vec![PatchOp::Replace {
                path: "/visibility".into(),
                value: Value::from("shared"),
            }];
            mutator.run(Operation::Update {
                image_id: id.clone(),
                ops,
            });
        });
        return view! {
            <MemberEditor
                image_id=image.id.clone()
                visibility=image.visibility.as_str().to_string()
                on_make_shared=make_shared
            />
        }
        .into_any();
    }
    let me = project.clone();
    let member_id = id.clone();
    let mine = LocalResource::new(move || {
        let client = session.client();
        let (image_id, me) = (member_id.clone(), me.clone());
        async move { client.json::<Member>(&get_member(&image_id, &me)).await }
    });
    let member_schema = use_member_schema().0;
    let answer = move |status: MemberStatus| {
        let op = Operation::SetMemberStatus {
            image_id: id.clone(),
            project_id: project.clone(),
            status,
        };
        mutator.run_then(op, move || mine.refetch());
    };
    let answer = StoredValue::new(answer);
    view! {
        <div class="gp-sharing-member">
            <Notice>{move || lang.t(Key::NotOwner)}</Notice>
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
                mine.get()
                    .map(|r| match r {
                        Ok(m) => {
                            let status = m.status.clone();
                            let current = m.status.clone();
                            let answers: Vec<MemberStatus> = member_answers(
                                    member_schema.get().and_then(|r| r.ok()).as_ref(),
                                )
                                .into_iter()
                                .filter(|a| *a != current)
                                .collect();
                            // The cloud's own list of answers (member schema), less the current one.
                            view! {
                                <p
                                    class="gp-sharing-member__status"
                                    data-status=m.status.as_str().to_string()
                                >
                                    {move || {
                                        lang.get()
                                            .tf(
                                                Key::YourAnswer,
                                                &[&member_status_label(lang.get(), &status)],
                                            )
                                    }}
                                </p>
                                <div class="gp-actions">
                                    {answers
                                        .into_iter()
                                        .map(|a| {
                                            view! {
                                                <AnswerButton
                                                    answer=a
                                                    busy=mutator.busy()
                                                    on_answer=Callback::new(move |a| {
                                                        answer.with_value(|f| f(a))
                                                    })
                                                />
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            }
                                .into_any()
                        }
                        Err(e) if e.kind == ApiErrorKind::NotFound => {
                            // Not a member (a public or community image): there is nothing to answer.
                            view! {
                                <p class="gp-field__hint gp-sharing-member__none">
                                    {move || lang.t(Key::NotAMember)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! {
                                <ErrorView
                                    error=e
                                    on_retry=Callback::new(move |_| mine.refetch())
                                />
                            }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
    .into_any()
}
