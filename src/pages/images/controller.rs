//! The image list's state and what it does, apart from its markup: the URL's view of the
//! list, the one page loaded for it, the owner names, the selection and its batch delete, and
//! every navigation the page makes (the URL is the list's state, so changing the view is
//! navigating).

use crate::model::filters::list_query_from_url;
use std::collections::{HashMap, HashSet};
use std::future::Future;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::glance::images::list_images;
use crate::api::transport::Transport;
use crate::components::lazy_page::use_pages_on_demand;
use crate::components::resource_view::answer_with_query;
use crate::i18n::{Key, Text};
use crate::model::batch_delete::{
    batch_delete_command, confirm_names, deletes, name_or_id, names_by_id,
};
use crate::model::cli_equivalent::steps_command;
use crate::model::filters::{property_keys, FilterDraft, ImageListQuery, QueryProblem};
use crate::model::image_page::ImagePage;
use crate::model::image_table::{chosen_columns, stored_choice, ColumnId};
use crate::problem::Problem;
use crate::routes;
use crate::state::browser_storage::{self, Area};
use crate::state::my_projects::{use_my_projects, MyProjects};
use crate::state::portal_scope::portal_scope;
use crate::state::session::{use_session, SessionContext};
use crate::state::toasts::{use_toasts, ToastKind, Toasts};
use crate::state::transfers::{use_transfers, Transfers};

/// A loaded page with the query it answers.
pub(super) type ListAnswer = (ImageListQuery, Result<ImagePage, Problem>);

/// The router's navigate function, kept where a `Copy` controller can reach it.
type Navigate = Box<dyn Fn(&str, NavigateOptions) + Send + Sync>;

/// What a batch delete did: the images Glance refused, by name, and the CLI lines.
#[derive(Clone)]
pub(super) struct BatchOutcome {
    /// Each refused image's name (id when the page did not know it) and Glance's error.
    pub(super) failures: Vec<(String, Problem)>,
    /// The `openstack` command of the whole batch.
    pub(super) cli: String,
}

/// The image list page's state, resources and actions.
#[derive(Clone, Copy)]
pub(super) struct ImagesController {
    /// The URL's view of the list, and what in the URL could not be used.
    pub(super) parsed: Memo<(ImageListQuery, Vec<QueryProblem>)>,
    /// The URL's view of the list, page search included.
    pub(super) query: Memo<ImageListQuery>,
    /// What is asked of Glance: the view without the page search.
    pub(super) server_query: Memo<ImageListQuery>,
    /// The one page loaded, with the query it answers.
    pub(super) page: LocalResource<ListAnswer>,
    /// The projects the user can see, for the owner names.
    projects: MyProjects,
    /// The session, for the current project.
    session: SessionContext,
    /// Selected image ids, for the batch delete.
    pub(super) selected: RwSignal<HashSet<String>>,
    /// Whether the batch delete's confirmation is open.
    pub(super) confirm_batch: RwSignal<bool>,
    /// The batch delete: pending while it runs; the value is what it did.
    pub(super) batch: Action<Vec<String>, BatchOutcome>,
    /// Set while a newer page loads and the previous one is still shown.
    pub(super) pending: RwSignal<bool>,
    /// The transfers panel, where checks of stored data run.
    transfers: Transfers,
    /// Where every change of view goes: the URL.
    navigate: StoredValue<Navigate>,
    /// The columns the user chose, remembered per browser (`gp.columns`).
    pub(super) columns: RwSignal<Vec<ColumnId>>,
}

/// Where the chosen columns are kept.
const COLUMNS_KEY: &str = "gp.columns";

impl ImagesController {
    /// The page's controller: reads the URL and starts loading its page.
    pub(super) fn new() -> Self {
        let session = use_session();
        let location = use_location();
        let navigate: Navigate = Box::new(use_navigate());
        let parsed = Memo::new(move |_| list_query_from_url(&location.search.get()));
        let query = Memo::new(move |_| parsed.get().0);
        // The local search box must not refetch: the server query ignores it.
        let server_query = Memo::new(move |_| {
            let mut q = query.get();
            q.search.clear();
            q
        });
        let page = load_page(session, server_query);
        refetch_when_settled_stale(page, server_query);
        let projects = use_my_projects();
        let toasts = use_toasts();
        let selected = RwSignal::new(HashSet::<String>::new());
        let confirm_batch = RwSignal::new(false);
        // A selection belongs to the rows it was made on: once the page, filters, sort or search
        // change, checked rows may no longer be visible, and deleting what the user cannot see is
        // not what they confirmed.
        Effect::new(move |_| {
            query.track();
            selected.set(HashSet::new());
        });
        let batch = batch_delete(session, page, selected, toasts);
        ImagesController {
            parsed,
            query,
            server_query,
            page,
            projects,
            session,
            selected,
            confirm_batch,
            batch,
            // While a newer page loads, the previous one stays on screen, marked busy, and
            // cannot be paged from (its marker belongs to the old query).
            pending: RwSignal::new(false),
            transfers: use_transfers(),
            navigate: StoredValue::new(navigate),
            columns: RwSignal::new(chosen_columns(
                browser_storage::get(Area::Local, COLUMNS_KEY).as_deref(),
            )),
        }
    }

    /// Shows or hides a column, and remembers the choice in this browser.
    pub(super) fn set_column(self, id: ColumnId, shown: bool) {
        self.columns.update(|c| {
            c.retain(|&x| x != id);
            if shown {
                c.push(id);
            }
        });
        browser_storage::set(
            Area::Local,
            COLUMNS_KEY,
            &self.columns.with_untracked(|c| stored_choice(c)),
        );
    }

    /// The loaded page, or its error: what the results show. The query travels with its
    /// answer (see `page`): a failed answer is shown as the error.
    pub(super) fn load(
        self,
    ) -> impl Future<Output = Result<(ImageListQuery, ImagePage), Problem>> + Send + 'static {
        answer_with_query(self.page)
    }

    /// Loads the page again (Refresh, Retry).
    pub(super) fn refetch(self) {
        self.page.refetch();
    }

    /// How many images the loaded page holds (0 before it loads or when it failed).
    pub(super) fn images_on_page(self) -> usize {
        self.page.with(|p| match p {
            Some((_, Ok(p))) => p.images.len(),
            _ => 0,
        })
    }

    /// The property keys the loaded page's images carry, offered by the filter form.
    pub(super) fn property_keys(self) -> Vec<String> {
        self.page.with(|p| match p {
            Some((_, Ok(p))) => property_keys(&p.images),
            _ => Vec::new(),
        })
    }

    /// Project id → name, `None` while loading. Owner names are a nicety (ids are shown
    /// without them), but a failed lookup is still reported, so the user knows why the column
    /// shows ids.
    pub(super) fn owners(self) -> Option<Result<HashMap<String, String>, Problem>> {
        self.projects.0.get().map(|r| {
            r.map(|l| {
                l.projects
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect::<HashMap<_, _>>()
            })
        })
    }

    /// Asks for the project names again.
    pub(super) fn refetch_owners(self) {
        self.projects.0.refetch();
    }

    /// The session's project id (its images' owner cell says "this project").
    pub(super) fn current_project(self) -> String {
        self.session
            .current
            .with_untracked(|s| s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default())
    }

    /// What the batch would delete, as the confirmation names it: the selected images by name
    /// (id when the page does not know it), in page order.
    pub(super) fn selected_names(self) -> Vec<String> {
        let picked = self.selected.get();
        self.page.with(|p| match p {
            Some((_, Ok(p))) => confirm_names(&p.images, &picked),
            _ => confirm_names(&[], &picked),
        })
    }

    /// The `openstack` command for deleting the selection.
    pub(super) fn selected_command(self) -> String {
        batch_delete_command(self.selected.get())
    }

    /// Checks the stored data of the selected images, one after another, in the transfers
    /// panel (in page order), which runs them.
    pub(super) fn verify_selected(self) {
        let picked = self.selected.get_untracked();
        let images = self.page.with_untracked(|p| match p {
            Some((_, Ok(p))) => p
                .images
                .iter()
                .filter(|i| picked.contains(&i.id))
                .cloned()
                .collect(),
            _ => Vec::new(),
        });
        self.transfers.verify_stored(images);
    }

    /// Deletes the selected images (the confirmation was accepted).
    pub(super) fn delete_selected(self) {
        self.batch
            .dispatch_local(self.selected.get_untracked().into_iter().collect());
    }

    /// Shows the list as `q` describes, as a new history entry.
    pub(super) fn go(self, q: ImageListQuery) {
        self.navigate
            .with_value(|navigate| navigate(&routes::image_list(&q), NavigateOptions::default()));
    }

    /// Filters the page by `search`.
    pub(super) fn search(self, search: String) {
        let mut q = self.query.get_untracked();
        q.search = search;
        // Typing is not navigation: replace the entry instead of flooding history.
        self.navigate.with_value(|navigate| {
            navigate(
                &routes::image_list(&q),
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..NavigateOptions::default()
                },
            )
        });
    }

    /// Opens the image `id`.
    pub(super) fn open(self, id: String) {
        self.navigate
            .with_value(|navigate| navigate(&routes::image(&id), NavigateOptions::default()));
    }

    /// Sorts by `key` alone (or flips it when it already leads).
    pub(super) fn sort_by(self, key: String) {
        self.go(self.query.get_untracked().sorted_by(&key));
    }

    /// Adds `key` as a further sort key.
    pub(super) fn then_sort_by(self, key: String) {
        self.go(self.query.get_untracked().then_sorted_by(&key));
    }

    /// The same view from its first page.
    pub(super) fn first_page(self) {
        self.go(self.query.get_untracked().first_page());
    }

    /// The same view from its first page, `limit` images a page.
    pub(super) fn set_page_size(self, limit: u32) {
        let mut p = self.query.get_untracked().first_page();
        p.limit = limit;
        self.go(p)
    }

    /// Drops every server-side filter.
    pub(super) fn clear_filters(self) {
        let base = self.query.get_untracked();
        if let Ok(cleared) = FilterDraft::default().apply(&base) {
            self.go(cleared)
        }
    }
}

/// The page of `server_query`, refetched whenever it changes.
fn load_page(
    session: SessionContext,
    server_query: Memo<ImageListQuery>,
) -> LocalResource<ListAnswer> {
    LocalResource::new(move || {
        let client = session.client();
        let q = server_query.get();
        async move {
            let result = client
                .json::<ImagePage>(&list_images(&q))
                .await
                .map_err(Problem::from);
            // The data travels with the query it answers: paging from a stale page would pair
            // one page's marker with another page's trail.
            (q, result)
        }
    })
}

/// Two navigations in quick succession (a column click, then a shift-click before the
/// first page arrived) can leave the resource settled on the first query: leptos 0.8.23's
/// async loop awaits the first fetch and, measured in Chromium, does not start the second,
/// so the page stayed greyed out with the older view for good. When a value settles for a
/// query that is no longer the URL's, fetch again; a normal navigation never settles stale,
/// so this costs nothing there.
fn refetch_when_settled_stale(page: LocalResource<ListAnswer>, server_query: Memo<ImageListQuery>) {
    Effect::new(move |_| {
        if let Some((loaded, _)) = page.get() {
            if loaded != server_query.get_untracked() {
                page.refetch();
            }
        }
    });
}

/// The other pages' code is fetched in the background once the list is on screen, so a
/// click on an image costs no wait on a good link. `results` is the results' element: the
/// fetches start in the first animation frame that finds it in the document. (Its effect
/// alone is not enough: `Transition` builds the answer's view, and runs its effects, while
/// it still waits on other reads in it, such as the owners' names, before it puts the view
/// in the document; under load the fetches then began before the table was shown.)
pub(super) fn prefetch_pages_once_shown(results: NodeRef<leptos::html::Div>) {
    let Some(pages) = use_pages_on_demand() else {
        return;
    };
    let scope = portal_scope();
    Effect::new(move |_| {
        let scope = scope.clone();
        when_in_document(results, move || pages.prefetch(scope));
    });
}

/// Calls `then` in the first animation frame in which `element` is in the document; never,
/// if its view goes first (the node reference is then disposed).
fn when_in_document(element: NodeRef<leptos::html::Div>, then: impl FnOnce() + 'static) {
    request_animation_frame(move || match element.try_get_untracked() {
        None => {}
        Some(Some(el)) if el.is_connected() => then(),
        Some(_) => when_in_document(element, then),
    });
}

/// Deletes one at a time: each failure is reported by image, and a small sqlite-backed
/// Glance is not flooded. Pending = the batch is running; the value = what it did.
fn batch_delete(
    session: SessionContext,
    page: LocalResource<ListAnswer>,
    selected: RwSignal<HashSet<String>>,
    toasts: Toasts,
) -> Action<Vec<String>, BatchOutcome> {
    Action::new_local(move |ids: &Vec<String>| {
        let ids = ids.clone();
        let names: HashMap<String, String> = page.with_untracked(|p| match p {
            Some((_, Ok(p))) => names_by_id(&p.images),
            _ => HashMap::new(),
        });
        let client = session.client_untracked();
        async move {
            let ops = deletes(ids.clone());
            let mut failures = Vec::new();
            for (id, op) in ids.iter().zip(&ops) {
                match client.perform(op).await {
                    Ok(_) => selected.update(|s| {
                        s.remove(id);
                    }),
                    Err(e) => failures.push((name_or_id(&names, id), e)),
                }
            }
            let deleted = ids.len() - failures.len();
            toasts.push(
                ToastKind::Info,
                Text::new(
                    Key::BatchDeleted,
                    &[&deleted.to_string(), &ids.len().to_string()],
                ),
            );
            page.refetch();
            BatchOutcome {
                failures,
                cli: steps_command(&ops),
            }
        }
    })
}
