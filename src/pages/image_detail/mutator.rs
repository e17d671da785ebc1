//! What a mutation from any tab shares with the page: run the operation, report its error,
//! show its CLI line, reload the image.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::error::ApiError;
use crate::api::transport::Transport;
use crate::model::cli_equivalent::cli_command;
use crate::model::image::Image;
use crate::model::operation::Operation;
use crate::state::session::use_session;

/// What a mutation shares with the page: run it, report errors, show its CLI equivalent.
#[derive(Clone, Copy)]
pub(super) struct Mutator {
    pub(super) busy: RwSignal<bool>,
    pub(super) error: RwSignal<Option<ApiError>>,
    pub(super) cli: RwSignal<Option<String>>,
    pub(super) image: LocalResource<Result<Image, ApiError>>,
}

impl Mutator {
    pub(super) fn run(&self, op: Operation) {
        self.run_then(op, || {});
    }

    /// Like `run`, and `after_success` once Glance has accepted the change (reloading a
    /// resource before that would show the old state). The request and the CLI line shown
    /// after it both come from `op`.
    pub(super) fn run_then(&self, op: Operation, after_success: impl FnOnce() + 'static) {
        let this = *self;
        let session = use_session();
        let cli = cli_command(&op);
        this.busy.set(true);
        spawn_local(async move {
            match session.client_untracked().perform(&op).await {
                Ok(_) => {
                    this.error.set(None);
                    this.cli.set(Some(cli));
                    this.image.refetch();
                    after_success();
                }
                Err(e) => {
                    this.error.set(Some(e));
                }
            }
            this.busy.set(false);
        });
    }
}
