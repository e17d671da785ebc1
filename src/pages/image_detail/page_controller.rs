//! The image page's state apart from its markup: which image and tab the URL names, the
//! image, its schema and its import tasks, and the mutator every tab changes it through.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::glance::images::get_image;
use crate::api::glance::imports::get_image_tasks;
use crate::api::transport::Transport;
use crate::components::resource_view::answer_of;
use crate::i18n::Key;
use crate::model::image::{is_image_id, Image};
use crate::model::import_task::ImageTasks;
use crate::model::schema::ImageSchema;
use crate::problem::{Problem, Refusal, RefusalReason};
use crate::routes::ImageTab;
use crate::state::schema_cache::use_schema_cache;
use crate::state::session::use_session;

use super::mutator::Mutator;

/// The image page's state and resources.
#[derive(Clone, Copy)]
pub(super) struct ImagePageController {
    /// The image id the URL names.
    pub(super) id: Memo<String>,
    /// The tab the URL asks for (Details when it names none or an unknown one).
    pub(super) tab: Memo<ImageTab>,
    /// The image.
    pub(super) image: LocalResource<Result<Image, Problem>>,
    /// Its import tasks (the Details tab lists them; the integrity verdict uses them).
    pub(super) tasks: LocalResource<Result<ImageTasks, Problem>>,
    /// The cloud's image schema.
    schema: LocalResource<Result<ImageSchema, Problem>>,
    /// Every change the tabs make goes through it.
    pub(super) mutator: Mutator,
}

impl ImagePageController {
    /// The page's controller: reads the URL and starts loading the image and its tasks.
    pub(super) fn new() -> Self {
        let session = use_session();
        let schema = use_schema_cache().0;
        let params = use_params_map();
        let query = use_query_map();
        let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
        let tab = Memo::new(move |_| {
            query
                .with(|q| q.get("tab"))
                .and_then(|t| ImageTab::from_param(&t))
                .unwrap_or(ImageTab::Details)
        });
        let image = LocalResource::new(move || {
            let client = session.client();
            let id = id.get();
            async move {
                if !is_image_id(&id) {
                    return Err(not_an_id(&id));
                }
                Ok(client.json::<Image>(&get_image(&id)).await?)
            }
        });
        let tasks = LocalResource::new(move || {
            let client = session.client();
            let id = id.get();
            async move {
                if !is_image_id(&id) {
                    return Err(not_an_id(&id));
                }
                Ok(client.json::<ImageTasks>(&get_image_tasks(&id)).await?)
            }
        });
        let mutator = Mutator::new(image);
        // A new tab starts without the previous tab's outcome.
        Effect::new(move |_| {
            tab.track();
            mutator.clear();
        });
        ImagePageController {
            id,
            tab,
            image,
            tasks,
            schema,
            mutator,
        }
    }

    /// Awaits the image `shown_id` names and the schema. The previous image's answer, before
    /// the new request started, is waited past: the resource's change wakes the view.
    pub(super) async fn load(self, shown_id: String) -> Result<(Image, ImageSchema), Problem> {
        let img = answer_of(self.image).await?;
        let sch = answer_of(self.schema).await?;
        if img.id != shown_id {
            std::future::pending::<()>().await;
        }
        Ok((img, sch))
    }

    /// Reads the image and the schema again (Retry).
    pub(super) fn retry(self) {
        self.image.refetch();
        self.schema.refetch();
    }
}

/// An address that cannot name an image is answered here: sent on, it could name another
/// resource of Glance's once nginx has decoded it (see `is_image_id`).
fn not_an_id(id: &str) -> Problem {
    Refusal::new(RefusalReason::Input, Key::NotAnImageId, &[id]).into()
}
