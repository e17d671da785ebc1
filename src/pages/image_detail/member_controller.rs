//! The member editor's state and what its controls do: the member list (read again after
//! each change), the project typed to add, adding (a name is resolved first) and removing
//! members, and the switch to `shared` visibility. The view (`member_editor.rs`) renders
//! these and calls the methods.

use leptos::prelude::*;

use crate::api::glance::members::list_members;
use crate::api::transport::Transport;
use crate::flows::member::resolve_project;
use crate::i18n::Key;
use crate::model::cli_equivalent::cli_command;
use crate::model::member::MemberList;
use crate::model::operation::Operation;
use crate::model::sharing::sharing_narrows;
use crate::problem::{Problem, Refusal, RefusalReason};
use crate::state::session::use_session;

/// A change to the member list.
#[derive(Clone)]
enum MemberChange {
    /// A project, by id or by a name the user can resolve, as typed.
    Add(String),
    /// A member's project id.
    Remove(String),
}

/// The member editor's state; every field is a handle or a flag, so the controller is `Copy`.
#[derive(Clone, Copy)]
pub(super) struct MemberController {
    /// The image's members (`None` while loading).
    pub(super) members: LocalResource<Result<MemberList, Problem>>,
    /// The project to add, as typed.
    pub(super) input: RwSignal<String>,
    /// Adding or removing a member: pending = the buttons are disabled; the value is the CLI
    /// line of the change Glance took (the list is read again), or the error.
    change: Action<MemberChange, Result<String, Problem>>,
    /// Whether switching to `shared` narrows who sees the image, so it is confirmed first.
    pub(super) narrows: bool,
    /// The confirmation of a narrowing switch is open.
    pub(super) confirm_open: RwSignal<bool>,
    /// Asks the page to switch visibility to `shared`.
    on_make_shared: Callback<()>,
}

impl MemberController {
    /// The controller for `image_id`'s members; `visibility` is the image's now.
    pub(super) fn new(image_id: String, visibility: &str, on_make_shared: Callback<()>) -> Self {
        let session = use_session();
        let id = StoredValue::new(image_id);
        let members = LocalResource::new(move || {
            let client = session.client();
            let image_id = id.get_value();
            async move {
                client
                    .json::<MemberList>(&list_members(&image_id))
                    .await
                    .map_err(Problem::from)
            }
        });
        let input = RwSignal::new(String::new());
        let change = Action::new_local(move |change: &MemberChange| {
            let change = change.clone();
            let client = session.client_untracked();
            let image_id = id.get_value();
            async move {
                let op = match change {
                    MemberChange::Add(typed) => {
                        let Some(project_id) = resolve_project(&client, &typed).await? else {
                            return Err(Refusal::new(
                                RefusalReason::Input,
                                Key::ProjectNotFound,
                                &[typed.trim()],
                            )
                            .into());
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
        Self {
            members,
            input,
            change,
            narrows: sharing_narrows(visibility),
            confirm_open: RwSignal::new(false),
            on_make_shared,
        }
    }

    /// Whether a change is on its way (tracked).
    pub(super) fn busy(&self) -> bool {
        self.change.pending().get()
    }

    /// Adds the project typed, if anything is.
    pub(super) fn add(&self) {
        let typed = self.input.get_untracked();
        if !typed.trim().is_empty() {
            self.change.dispatch_local(MemberChange::Add(typed));
        }
    }

    /// Removes the member `project`.
    pub(super) fn remove(&self, project: String) {
        self.change.dispatch_local(MemberChange::Remove(project));
    }

    /// The "make shared" button: a narrowing switch asks first, any other is made now.
    pub(super) fn make_shared(&self) {
        if self.narrows {
            self.confirm_open.set(true)
        } else {
            self.on_make_shared.run(())
        }
    }

    /// The confirmed switch to `shared`.
    pub(super) fn on_make_shared(&self) -> Callback<()> {
        self.on_make_shared
    }

    /// The last change's error, if it failed (tracked).
    pub(super) fn error(&self) -> Option<Problem> {
        self.change.value().get().and_then(Result::err)
    }

    /// The CLI line of the last change Glance took (tracked).
    pub(super) fn cli(&self) -> Option<String> {
        self.change.value().get().and_then(Result::ok)
    }
}
