//! The Actions tab's state and what its buttons do: which actions this user is offered for
//! the image (policy, schema and status decide), the download with its progress and verdict,
//! and the confirmed delete. The view (`actions_tab.rs`) renders these and calls the methods.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::i18n::{Key, Text};
use crate::model::cli_equivalent::cli_command;
use crate::model::image::Image;
use crate::model::image_actions::{awaits_data, has_downloadable_data, set_flag, Lifecycle};
use crate::model::operation::Operation;
use crate::model::policy::Action;
use crate::problem::Problem;
use crate::routes;
use crate::state::download::{pick_target, SaveTo};
use crate::state::policy::use_policy;
use crate::state::schema_cache::use_schema_cache;
use crate::state::session::{use_session, SessionContext};
use crate::state::toasts::{use_toasts, ToastKind};
use crate::state::transfers::{use_transfers, Transfers};

use super::mutator::{Mutation, Mutator};

/// The Actions tab's state; every field is a handle or a flag, so the controller is `Copy`.
#[derive(Clone, Copy)]
pub(super) struct ActionsController {
    /// The page's mutator: every change but the download goes through it.
    pub(super) mutator: Mutator,
    image_id: StoredValue<String>,
    /// Whether the image is protected now (it cannot be deleted while it is).
    pub(super) protected: bool,
    /// Whether the image is hidden from the default list now.
    pub(super) hidden: bool,
    /// Whether the protect toggle is offered.
    pub(super) can_protect: bool,
    /// Whether the hide toggle is offered.
    pub(super) can_hide: bool,
    /// The lifecycle step the image offers.
    pub(super) lifecycle: Lifecycle,
    /// Whether the policy lets the user take it.
    pub(super) may_lifecycle: bool,
    /// Whether the download button is offered.
    pub(super) can_download: bool,
    /// Whether the policy lets the user delete the image.
    pub(super) may_delete: bool,
    /// Whether the policy lets the user copy the image into more stores.
    pub(super) may_copy: bool,
    /// Whether the image waits for data this user may send.
    pub(super) offers_upload: bool,
    /// The delete confirmation is open.
    pub(super) confirm_open: RwSignal<bool>,
    /// The delete request, for the confirmation's CLI line and for sending.
    delete_op: StoredValue<Operation>,
    /// The image, for a download handed to the transfers panel.
    download_image: StoredValue<Image>,
    /// Where a download started here goes.
    transfers: Transfers,
    session: SessionContext,
    /// Why the last download could not start (no file chosen to save to, say).
    download_refused: RwSignal<Option<Problem>>,
    /// A download started from here is in the transfers panel.
    pub(super) download_started: RwSignal<bool>,
    /// Deletes the image (once confirmed) and leaves for the list.
    pub(super) delete_now: Callback<()>,
}

impl ActionsController {
    /// The controller for `image`'s actions.
    pub(super) fn new(image: &Image, mutator: Mutator) -> Self {
        let session = use_session();
        let toasts = use_toasts();
        let navigate = use_navigate();
        let policy = use_policy();
        let may = |action| policy.allows(action, image);
        let may_modify = may(Action::ModifyImage);
        // A flag the cloud's schema does not have (an older Glance has no os_hidden) would
        // only earn a 403 or 409: offer just the ones it publishes. The page renders this tab
        // only once the schema has loaded.
        let schema_has = |key: &str| {
            use_schema_cache()
                .0
                .get_untracked()
                .and_then(|r| r.ok())
                .is_some_and(|s| s.property(key).is_some())
        };
        let lifecycle = Lifecycle::of(image);
        let delete_op = StoredValue::new(Operation::Delete {
            image_id: image.id.clone(),
        });
        let download_image = StoredValue::new(image.clone());
        let name = image.display_name().to_string();
        let delete_now = Callback::new(move |_: ()| {
            let navigate = navigate.clone();
            let name = name.clone();
            let then = Callback::new(move |_: ()| {
                toasts.push(ToastKind::Info, Text::new(Key::Deleted, &[&name]));
                navigate(&routes::images(), NavigateOptions::default());
            });
            mutator.dispatch(Mutation::Delete {
                op: delete_op.get_value(),
                then,
            });
        });
        Self {
            mutator,
            image_id: StoredValue::new(image.id.clone()),
            protected: image.protected,
            hidden: image.os_hidden,
            can_protect: may_modify && schema_has("protected"),
            can_hide: may_modify && schema_has("os_hidden"),
            lifecycle,
            may_lifecycle: may(lifecycle.action()),
            can_download: has_downloadable_data(image) && may(Action::DownloadImage),
            may_delete: may(Action::DeleteImage),
            may_copy: may(Action::CopyImage),
            offers_upload: awaits_data(image) && may(Action::UploadImage),
            confirm_open: RwSignal::new(false),
            delete_op,
            download_image,
            transfers: use_transfers(),
            session,
            download_refused: RwSignal::new(None),
            download_started: RwSignal::new(false),
            delete_now,
        }
    }

    /// Whether a change is on its way.
    pub(super) fn busy(&self) -> bool {
        self.mutator.busy().get()
    }

    /// Turns protection on or off.
    pub(super) fn toggle_protected(&self) {
        self.mutator.run(set_flag(
            &self.image_id.get_value(),
            "protected",
            !self.protected,
        ));
    }

    /// Hides the image from the default list, or shows it again.
    pub(super) fn toggle_hidden(&self) {
        self.mutator.run(set_flag(
            &self.image_id.get_value(),
            "os_hidden",
            !self.hidden,
        ));
    }

    /// Deactivates or reactivates the image.
    pub(super) fn take_lifecycle_step(&self) {
        self.mutator
            .run(self.lifecycle.operation(self.image_id.get_value()));
    }

    /// Asks where to save (the save dialog needs this click), then hands the download to
    /// the transfers panel, where it goes on if the user leaves the page.
    pub(super) fn start_download(&self) {
        let image = self.download_image.get_value();
        let client = self.session.client_untracked();
        let transfers = self.transfers;
        let (refused, started) = (self.download_refused, self.download_started);
        refused.set(None);
        spawn_local(async move {
            match pick_target(image.display_name()).await {
                Ok(target) => {
                    transfers.start_download(client, image, target);
                    started.set(true);
                }
                Err(refusal) => refused.set(Some(refusal.into())),
            }
        });
    }

    /// Reads the image's data through without saving it and checks it against Glance's
    /// digests, in the transfers panel.
    pub(super) fn verify_stored(&self) {
        let image = self.download_image.get_value();
        let client = self.session.client_untracked();
        self.download_refused.set(None);
        self.transfers
            .start_download(client, image, SaveTo::Nowhere);
        self.download_started.set(true);
    }

    /// Why the last download could not start.
    pub(super) fn download_refused(&self) -> Option<Problem> {
        self.download_refused.get()
    }

    /// The delete request's CLI line, for the confirmation.
    pub(super) fn delete_cli(&self) -> String {
        self.delete_op.with_value(cli_command)
    }
}
