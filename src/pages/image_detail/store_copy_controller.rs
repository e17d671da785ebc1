//! The copy-to-stores form's state and what it does: the stores chosen, the copy (sent, then
//! watched until every chosen store has the data or is listed as failed), and its CLI line.
//! The view (`store_copy.rs`) renders these and calls the methods.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::api::transport::Transport;
use crate::flows::import::watch_import;
use crate::model::cli_equivalent::cli_command;
use crate::model::image::Image;
use crate::model::import::{import_progress, StoreInfo};
use crate::model::operation::ImportMethod;
use crate::model::store_copy::{can_be_copied, copy_operation, stores_to_offer, CopyDone};
use crate::problem::Problem;
use crate::state::cloud_info::{use_cloud_info, CloudInfo};
use crate::state::session::use_session;

/// The copy form's state; every field is a handle or a flag, so the controller is `Copy`.
#[derive(Clone, Copy)]
pub(super) struct StoreCopyController {
    image_id: StoredValue<String>,
    /// Whether the image can be copied at all (it is active).
    copyable: bool,
    /// The stores that hold the image's data.
    held: StoredValue<Vec<String>>,
    cloud: CloudInfo,
    /// The stores the user ticked.
    pub(super) chosen: RwSignal<BTreeSet<String>>,
    /// The stores Glance is still copying to, as the watch last read them.
    copying_to: RwSignal<Vec<String>>,
    /// The copy: pending while Glance copies; the value is what it did, or the error.
    copy: Action<Vec<String>, Result<CopyDone, Problem>>,
    /// The stores of the copy under way, or of the last one (for its CLI line).
    last_stores: RwSignal<Option<Vec<String>>>,
}

impl StoreCopyController {
    /// The controller for copying `image`.
    pub(super) fn new(image: &Image) -> Self {
        let session = use_session();
        let cloud = use_cloud_info();
        let id = StoredValue::new(image.id.clone());
        let held = StoredValue::new(import_progress(image).stores);
        let chosen = RwSignal::new(BTreeSet::<String>::new());
        let copying_to = RwSignal::new(Vec::<String>::new());
        let copy = Action::new_local(move |ids: &Vec<String>| {
            let client = session.client_untracked();
            let image_id = id.get_value();
            let op = copy_operation(image_id.clone(), ids.clone());
            copying_to.set(ids.clone());
            async move {
                client.perform(&op).await?;
                let image = watch_import(&client, &image_id, 1000, |_, progress| {
                    if progress.in_progress() {
                        copying_to.set(progress.importing_to.clone());
                    }
                })
                .await?;
                chosen.set(BTreeSet::new());
                Ok::<_, Problem>(CopyDone::of(&image))
            }
        });
        Self {
            image_id: id,
            copyable: can_be_copied(image),
            held,
            cloud,
            chosen,
            copying_to,
            copy,
            last_stores: RwSignal::new(None),
        }
    }

    /// The stores that hold the image's data, as the page shows them.
    pub(super) fn held_label(&self) -> String {
        self.held.with_value(|h| h.join(", "))
    }

    /// Whether the form is offered: the image is active, and the cloud enables the method
    /// and has more than one writable store (tracked: the cloud's info loads).
    pub(super) fn available(&self) -> bool {
        self.copyable && self.cloud.supports(&ImportMethod::CopyImage) && self.cloud.multi_store()
    }

    /// The writable stores that lack the image (tracked).
    pub(super) fn missing(&self) -> Vec<StoreInfo> {
        self.held
            .with_value(|h| stores_to_offer(self.cloud.writable_stores(), h))
    }

    /// Ticks or unticks a store.
    pub(super) fn toggle(&self, store: &str, on: bool) {
        self.chosen.update(|c| {
            if on {
                c.insert(store.to_string());
            } else {
                c.remove(store);
            }
        });
    }

    /// Whether `store` is ticked (tracked).
    pub(super) fn is_chosen(&self, store: &str) -> bool {
        self.chosen.with(|c| c.contains(store))
    }

    /// Whether the submit button is disabled: nothing ticked, or a copy under way.
    pub(super) fn cannot_submit(&self) -> bool {
        self.chosen.with(|c| c.is_empty()) || self.copy.pending().get()
    }

    /// Copies into the ticked stores.
    pub(super) fn submit(&self) {
        let ids: Vec<String> = self.chosen.get_untracked().into_iter().collect();
        if ids.is_empty() {
            return;
        }
        self.last_stores.set(Some(ids.clone()));
        self.copy.dispatch_local(ids);
    }

    /// Whether a copy is under way (tracked).
    pub(super) fn copying(&self) -> bool {
        self.copy.pending().get()
    }

    /// The stores the copy under way still writes to (tracked).
    pub(super) fn copying_to(&self) -> Vec<String> {
        self.copying_to.get()
    }

    /// The last copy's outcome: what it did, or its error (tracked).
    pub(super) fn outcome(&self) -> Option<Result<CopyDone, Problem>> {
        self.copy.value().get()
    }

    /// The CLI line of the copy under way, or of the last one (tracked).
    pub(super) fn cli(&self) -> Option<String> {
        let image_id = self.image_id;
        self.last_stores
            .get()
            .map(|ids| cli_command(&copy_operation(image_id.get_value(), ids)))
    }
}
