//! The "Shared with me" page's state and what it does, apart from its markup: the tab and
//! page in the URL, the one page of images loaded for them, the member schema that says which
//! answers the cloud takes, the answer action, and the navigation between tabs and pages (the
//! URL is the page's state).

use std::future::Future;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::glance::images::list_images;
use crate::api::transport::Transport;
use crate::components::resource_view::answer_with_query;
use crate::model::cli_equivalent::cli_command;
use crate::model::filters::ImageListQuery;
use crate::model::image_page::ImagePage;
use crate::model::member::MemberStatus;
use crate::model::operation::Operation;
use crate::model::schema::ImageSchema;
use crate::model::shared_with_me::{answers_offered, shared_query};
use crate::problem::Problem;
use crate::routes;
use crate::state::schema_cache::use_member_schema;
use crate::state::session::{use_session, SessionContext};

/// The router's navigate function, kept where a `Copy` controller can reach it.
type Navigate = Box<dyn Fn(&str, NavigateOptions) + Send + Sync>;

/// The page's state, resources and actions.
#[derive(Clone, Copy)]
pub(super) struct SharedController {
    /// The tab and page the URL asks for.
    pub(super) query: Memo<ImageListQuery>,
    /// The one page loaded, with the query it answers.
    page: LocalResource<(ImageListQuery, Result<ImagePage, Problem>)>,
    /// Set while a newer page loads and the previous one is still shown.
    pub(super) pending: RwSignal<bool>,
    /// An answer (accept, reject, back to pending): pending = the buttons are disabled; the
    /// value is the CLI line of the answer Glance took, or the error.
    answer_action: Action<(String, MemberStatus), Result<String, Problem>>,
    /// Whether an answer is on its way.
    busy: Memo<bool>,
    /// The cloud's member schema: which answers it takes.
    member_schema: LocalResource<Result<ImageSchema, Problem>>,
    /// The session, for the current project.
    session: SessionContext,
    /// Where every change of tab or page goes: the URL.
    navigate: StoredValue<Navigate>,
}

impl SharedController {
    /// The page's controller: reads the URL and starts loading its page.
    pub(super) fn new() -> Self {
        let session = use_session();
        let location = use_location();
        let navigate: Navigate = Box::new(use_navigate());
        let query = Memo::new(move |_| shared_query(&location.search.get()));
        let page = LocalResource::new(move || {
            let client = session.client();
            let q = query.get();
            async move {
                let r = client
                    .json::<ImagePage>(&list_images(&q))
                    .await
                    .map_err(Problem::from);
                (q, r)
            }
        });
        let pending = RwSignal::new(false);
        let answer_action =
            Action::new_local(move |(image_id, status): &(String, MemberStatus)| {
                let op = Operation::SetMemberStatus {
                    image_id: image_id.clone(),
                    project_id: my_project(session),
                    status: status.clone(),
                };
                let client = session.client_untracked();
                async move {
                    client.perform(&op).await?;
                    page.refetch();
                    Ok::<_, Problem>(cli_command(&op))
                }
            });
        let busy = answer_action.pending();
        SharedController {
            query,
            page,
            pending,
            answer_action,
            busy,
            member_schema: use_member_schema().0,
            session,
            navigate: StoredValue::new(navigate),
        }
    }

    /// The loaded page with the query it answers, for `ResourceView`.
    pub(super) fn load(
        self,
    ) -> impl Future<Output = Result<(ImageListQuery, ImagePage), Problem>> + Send + 'static {
        answer_with_query(self.page)
    }

    /// Loads the page again.
    pub(super) fn reload(self) {
        self.page.refetch();
    }

    /// The tab shown: the `member_status` the URL asks for.
    pub(super) fn current_status(self) -> String {
        self.query.get().member_status.unwrap_or_default()
    }

    /// Answers for this project on `image_id`.
    pub(super) fn answer(self, image_id: String, status: MemberStatus) {
        self.answer_action.dispatch_local((image_id, status));
    }

    /// Whether an answer is on its way (every answer button is disabled).
    pub(super) fn busy(self) -> bool {
        self.busy.get()
    }

    /// The last answer's error, if it failed.
    pub(super) fn answer_error(self) -> Option<Problem> {
        self.answer_action.value().get().and_then(Result::err)
    }

    /// The CLI line of the last answer Glance took.
    pub(super) fn answer_command(self) -> Option<String> {
        self.answer_action.value().get().and_then(Result::ok)
    }

    /// Why the member schema could not be read, if it could not.
    pub(super) fn schema_error(self) -> Option<Problem> {
        self.member_schema.get().and_then(|r| r.err())
    }

    /// Reads the member schema again.
    pub(super) fn reload_schema(self) {
        self.member_schema.refetch();
    }

    /// The answers each row of `loaded`'s tab offers. The member schema is read tracked, and
    /// the page reads it where the answer renders (not in a component, whose body is
    /// untracked), so that a schema arriving after the page renders the rows again with the
    /// answers it takes.
    pub(super) fn answers_on(self, loaded: &ImageListQuery) -> Vec<MemberStatus> {
        let tab = MemberStatus::from(loaded.member_status.as_deref().unwrap_or_default());
        answers_offered(self.member_schema.get().and_then(|r| r.ok()).as_ref(), &tab)
    }

    /// The current project's id (empty when there is no session).
    pub(super) fn my_project_untracked(self) -> String {
        my_project(self.session)
    }

    /// Shows `q`.
    pub(super) fn go(self, q: ImageListQuery) {
        self.navigate
            .with_value(|navigate| navigate(&routes::shared_list(&q), NavigateOptions::default()));
    }
}

fn my_project(session: SessionContext) -> String {
    session
        .current
        .with_untracked(|s| s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default())
}
