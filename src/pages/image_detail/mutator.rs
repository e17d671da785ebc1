//! What a change from any tab shares with the page: one Leptos `Action` runs it, so its
//! `pending` is the page's busy state and its `value` the outcome the page shows (the CLI
//! line of what Glance accepted, or the error). A tab never sets busy or error by hand.

use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::api::transport::Transport;
use crate::flows::save_edit::{save_edit, SaveOutcome};
use crate::model::cli_equivalent::cli_command;
use crate::model::image::Image;
use crate::model::operation::Operation;
use crate::model::patch::PatchOp;
use crate::problem::Problem;
use crate::state::session::use_session;

/// One change a tab asks for.
#[derive(Clone)]
pub(super) enum Mutation {
    /// One operation; the image is read again once Glance has accepted it, and `then` runs
    /// (reloading another resource before that would show the old state).
    Perform {
        op: Operation,
        then: Option<Callback<()>>,
    },
    /// The Edit tab's save: the patch goes only if the image is unchanged since `base_time`.
    Save {
        image_id: String,
        ops: Vec<PatchOp>,
        base_time: Option<String>,
        /// Glance took it.
        on_saved: Callback<()>,
        /// Someone else changed the image first: nothing was sent; the image as it is now.
        on_conflict: Callback<Map<String, Value>>,
    },
    /// Deleting the image: `then` leaves the page (there is nothing to read again).
    Delete { op: Operation, then: Callback<()> },
}

/// What a change shares with the page: run it, show its outcome, read the image again.
#[derive(Clone, Copy)]
pub(super) struct Mutator {
    /// The value is the CLI line of the accepted change (`None` when nothing was sent, as on
    /// a conflict), or the error.
    action: Action<Mutation, Result<Option<String>, Problem>>,
    image: LocalResource<Result<Image, Problem>>,
}

impl Mutator {
    /// The page's mutator; `image` is read again after each accepted change.
    pub(super) fn new(image: LocalResource<Result<Image, Problem>>) -> Self {
        let session = use_session();
        let action = Action::new_local(move |mutation: &Mutation| {
            let mutation = mutation.clone();
            let client = session.client_untracked();
            async move {
                match mutation {
                    Mutation::Perform { op, then } => {
                        client.perform(&op).await?;
                        image.refetch();
                        if let Some(then) = then {
                            then.run(());
                        }
                        Ok(Some(cli_command(&op)))
                    }
                    Mutation::Save {
                        image_id,
                        ops,
                        base_time,
                        on_saved,
                        on_conflict,
                    } => match save_edit(&client, &image_id, ops, base_time.as_deref()).await? {
                        SaveOutcome::Conflict(remote) => {
                            on_conflict.run(remote);
                            Ok(None)
                        }
                        SaveOutcome::Saved(op) => {
                            on_saved.run(());
                            image.refetch();
                            Ok(Some(cli_command(&op)))
                        }
                    },
                    Mutation::Delete { op, then } => {
                        client.perform(&op).await?;
                        then.run(());
                        Ok(Some(cli_command(&op)))
                    }
                }
            }
        });
        Self { action, image }
    }

    /// Runs one operation.
    pub(super) fn run(&self, op: Operation) {
        self.dispatch(Mutation::Perform { op, then: None });
    }

    /// Like `run`, and `after_success` once Glance has accepted the change.
    pub(super) fn run_then(&self, op: Operation, after_success: impl Fn() + Send + Sync + 'static) {
        self.dispatch(Mutation::Perform {
            op,
            then: Some(Callback::new(move |_| after_success())),
        });
    }

    /// Runs any change.
    pub(super) fn dispatch(&self, mutation: Mutation) {
        self.action.dispatch_local(mutation);
    }

    /// Whether a change is on its way: every control that changes the image is disabled.
    pub(super) fn busy(&self) -> Signal<bool> {
        self.action.pending().into()
    }

    /// The last change's error, if it failed.
    pub(super) fn error(&self) -> Option<Problem> {
        self.action.value().get().and_then(Result::err)
    }

    /// The CLI line of the last change Glance accepted.
    pub(super) fn cli(&self) -> Option<String> {
        self.action.value().get().and_then(Result::ok).flatten()
    }

    /// Reads the image again (the user took the other side's change of a conflict).
    pub(super) fn reload(&self) {
        self.image.refetch();
    }

    /// Forgets the last outcome (a new tab starts without the previous tab's).
    pub(super) fn clear(&self) {
        self.action.clear();
    }
}
