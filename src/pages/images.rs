//! The image list (`/images`): one Glance page at a time, with every filter, sort and the
//! paging trail in the URL, so reload, back/forward and shared links reproduce the view.
//! Only the requested page is ever loaded: 10,000 images cost what 10 do.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::error::ApiError;
use crate::api::glance::images::{list_images, ImagePage};
use crate::api::transport::Transport;
use crate::components::cli_hint::CliHint;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::error_view::ErrorView;
use crate::components::image_filters::ImageFilters;
use crate::components::image_table::ImageTable;
use crate::components::lazy_page::use_pages_on_demand;
use crate::components::pager::Pager;
use crate::components::resource_view::{answer_of, ResourceView};
use crate::i18n::{Key, Text};
use crate::model::cli_equivalent::steps_command;
use crate::model::filters::{property_keys, FilterDraft, ImageListQuery};
use crate::model::image::Image;
use crate::model::operation::Operation;
use crate::model::query::build_query;
use crate::routes;
use crate::state::my_projects::use_my_projects;
use crate::state::portal_scope::portal_scope;
use crate::state::preferences::use_lang;
use crate::state::session::use_session;
use crate::state::toasts::{use_toasts, ToastKind};

/// Case-insensitive substring match over name, id and tags: the "search this page" box.
pub fn matches_search(image: &Image, needle: &str) -> bool {
    let needle = needle.trim().to_lowercase();
    if needle.is_empty() {
        return true;
    }
    image.display_name().to_lowercase().contains(&needle)
        || image.id.to_lowercase().contains(&needle)
        || image
            .tags
            .iter()
            .any(|t| t.to_lowercase().contains(&needle))
}

/// Renders the image list page.
#[component]
pub fn ImagesPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let parsed = Memo::new(move |_| ImageListQuery::from_url_query(&location.search.get()));
    let query = Memo::new(move |_| parsed.get().0);
    // The local search box must not refetch: the server query ignores it.
    let server_query = Memo::new(move |_| {
        let mut q = query.get();
        q.search.clear();
        q
    });
    let page = LocalResource::new(move || {
        let client = session.client();
        let q = server_query.get();
        async move {
            let result = client.json::<ImagePage>(&list_images(&q)).await;
            // The data travels with the query it answers: paging from a stale page would pair
            // one page's marker with another page's trail.
            (q, result)
        }
    });
    // Two navigations in quick succession (a column click, then a shift-click before the
    // first page arrived) can leave the resource settled on the first query: leptos 0.8.23's
    // async loop awaits the first fetch and, measured in Chromium, does not start the second,
    // so the page stayed greyed out with the older view for good. When a value settles for a
    // query that is no longer the URL's, fetch again; a normal navigation never settles stale,
    // so this costs nothing there.
    Effect::new(move |_| {
        if let Some((loaded, _)) = page.get() {
            if loaded != server_query.get_untracked() {
                page.refetch();
            }
        }
    });
    // The other pages' code is fetched in the background once the list is on screen, so a
    // click on an image costs no wait on a good link (the timeout lets the list render first).
    let pages = use_pages_on_demand();
    let scope = portal_scope();
    Effect::new(move |_| {
        let shown = page.with(|p| matches!(p, Some((_, Ok(_)))));
        if let (Some(pages), true) = (pages, shown) {
            let scope = scope.clone();
            set_timeout(move || pages.prefetch(scope), std::time::Duration::ZERO);
        }
    });
    // Owner names are a nicety (ids are shown without them), but a failed lookup is still
    // reported, so the user knows why the column shows ids.
    let projects = use_my_projects().0;
    let owners = move || {
        projects.get().map(|r| {
            r.map(|l| {
                l.projects
                    .into_iter()
                    .map(|p| (p.id, p.name))
                    .collect::<HashMap<_, _>>()
            })
        })
    };

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
    // What the batch would delete, as the confirmation names it: the selected images by name
    // (id when the page does not know it), in page order.
    let selected_names = Signal::derive(move || {
        let picked = selected.get();
        let loaded: Vec<(String, String)> = page
            .get()
            .and_then(|(_, r)| r.ok())
            .map(|p| {
                p.images
                    .iter()
                    .filter(|i| picked.contains(&i.id))
                    .map(|i| (i.id.clone(), i.display_name().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let mut names: Vec<String> = loaded.iter().map(|(_, n)| n.clone()).collect();
        names.extend(
            picked
                .iter()
                .filter(|id| !loaded.iter().any(|(l, _)| l == *id))
                .cloned(),
        );
        names
    });
    let selected_cli = Signal::derive(move || {
        let mut image_ids: Vec<String> = selected.get().into_iter().collect();
        image_ids.sort();
        steps_command(&deletes(image_ids))
    });
    // Deletes one at a time: each failure is reported by image, and a small sqlite-backed
    // Glance is not flooded. Pending = the batch is running; the value = what it did.
    let batch = Action::new_local(move |ids: &Vec<String>| {
        let ids = ids.clone();
        let names: HashMap<String, String> = page
            .get_untracked()
            .and_then(|(_, r)| r.ok())
            .map(|p| {
                p.images
                    .iter()
                    .map(|i| (i.id.clone(), i.display_name().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let client = session.client_untracked();
        async move {
            let ops = deletes(ids.clone());
            let mut failures = Vec::new();
            for (id, op) in ids.iter().zip(&ops) {
                match client.perform(op).await {
                    Ok(_) => selected.update(|s| {
                        s.remove(id);
                    }),
                    Err(e) => {
                        let name = names.get(id).cloned().unwrap_or_else(|| id.clone());
                        failures.push((name, e));
                    }
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
    });
    let delete_selected = Callback::new(move |_: ()| {
        batch.dispatch_local(selected.get_untracked().into_iter().collect());
    });

    let go = {
        let navigate = navigate.clone();
        move |q: ImageListQuery| navigate(&routes::image_list(&q), NavigateOptions::default())
    };
    let go = StoredValue::new(go);
    let nav = move |q: ImageListQuery| go.with_value(|f| f(q));
    let search_navigate = navigate.clone();
    let on_search = move |ev: leptos::ev::Event| {
        let mut q = query.get_untracked();
        q.search = event_target_value(&ev);
        // Typing is not navigation: replace the entry instead of flooding history.
        search_navigate(
            &routes::image_list(&q),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };
    let open_navigate = navigate.clone();
    let on_open = Callback::new(move |id: String| {
        open_navigate(&routes::image(&id), NavigateOptions::default())
    });

    // While a newer page loads, the previous one stays on screen, marked busy, and cannot be
    // paged from (its marker belongs to the old query).
    let pending = RwSignal::new(false);
    // The query travels with its answer (see `page`): a failed answer is shown as the error.
    let load = move || async move {
        let (loaded, result) = answer_of(page).await;
        result.map(|data| (loaded, data))
    };
    let render = move |(loaded, data): (ImageListQuery, ImagePage)| {
        let stale = Signal::derive({
            let loaded = loaded.clone();
            move || pending.get() || loaded != server_query.get()
        });
        let loaded_key = build_query(&loaded.to_url_pairs());
        let search = query.get().search;
        let q = ImageListQuery { search, ..loaded };
        let next_marker = data.next_marker();
        let total_on_page = data.images.len();
        let shown: Vec<Image> = data
            .images
            .into_iter()
            .filter(|i| matches_search(i, &q.search))
            .collect();
        // Glance links a next page whenever a page is exactly full, so the page after
        // the last full one is empty: that is the end of the list, not an empty project.
        let past_the_end = total_on_page == 0 && q.marker.is_some();
        let empty = if past_the_end {
            let first = routes::image_list(&q.first_page());
            Some(
                view! {
                    <div class="gp-empty" data-empty="no-more">
                        <p>{move || lang.t(Key::EmptyNoMore)}</p>
                        <p class="gp-empty__hint">{move || lang.t(Key::EmptyNoMoreHint)}</p>
                        <a class="gp-btn" id="gp-back-to-first" href=first>
                            {move || lang.t(Key::FirstPage)}
                        </a>
                    </div>
                }
                .into_any(),
            )
        } else if total_on_page == 0 {
            Some(if q.has_filters() {
                view! {
                    <div class="gp-empty" data-empty="no-match">
                        <p>{move || lang.t(Key::EmptyNoMatch)}</p>
                        <button
                            type="button"
                            class="gp-btn"
                            on:click=move |_| {
                                let base = query.get_untracked();
                                if let Ok(cleared) = FilterDraft::default().apply(&base) {
                                    nav(cleared)
                                }
                            }
                        >
                            {move || lang.t(Key::ClearFilters)}
                        </button>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <div class="gp-empty" data-empty="no-images">
                        <p>{move || lang.t(Key::EmptyNoImages)}</p>
                        <p class="gp-empty__hint">{move || lang.t(Key::EmptyNoImagesHint)}</p>
                    </div>
                }
                .into_any()
            })
        } else if shown.is_empty() {
            let needle = q.search.clone();
            Some(
                view! {
                    <div class="gp-empty" data-empty="no-search-match">
                        <p>{move || lang.get().tf(Key::EmptyNoSearchMatch, &[&needle])}</p>
                    </div>
                }
                .into_any(),
            )
        } else {
            None
        };
        let owner_names = owners().and_then(Result::ok).unwrap_or_default();
        let current_project = session
            .current
            .with_untracked(|s| s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default());
        let table = (!shown.is_empty()).then(|| {
            view! {
                <ImageTable
                    images=shown
                    sort_key=q.primary_sort().key
                    sort_dir=q.primary_sort().dir
                    owner_names=owner_names
                    current_project=current_project
                    on_sort=Callback::new(move |key: String| nav(
                        query.get_untracked().sorted_by(&key),
                    ))
                    on_then_sort=Callback::new(move |key: String| nav(
                        query.get_untracked().then_sorted_by(&key),
                    ))
                    on_open=on_open
                    selected=selected
                />
            }
        });
        let has_previous = {
            let first_page = q.marker.is_none();
            Signal::derive(move || !first_page && !stale.get())
        };
        let has_next = {
            let more = next_marker.is_some() && !past_the_end;
            Signal::derive(move || more && !stale.get())
        };
        let next_q = q.clone();
        let prev_q = q.clone();
        view! {
            <div class="gp-results" data-loaded-for=loaded_key aria-busy=move || stale.get().to_string()
                class:gp-results--stale=move || stale.get()>
                <p class="gp-results__count" role="status">
                    {move || lang.get().tf(Key::OnThisPage, &[&total_on_page.to_string()])}
                </p>
                {table}
                {empty}
                <Pager page=q.page_number() has_previous=has_previous has_next=has_next limit=q.limit
                    on_first=Callback::new(move |_| nav(query.get_untracked().first_page()))
                    on_previous=Callback::new(move |_| {
                        if let Some(p) = prev_q.previous_page() { nav(p) }
                    })
                    on_next=Callback::new(move |_| {
                        if let Some(m) = &next_marker { nav(next_q.next_page(m)) }
                    })
                    on_limit=Callback::new(move |n: u32| {
                        let mut p = query.get_untracked().first_page();
                        p.limit = n;
                        nav(p)
                    })/>
            </div>
        }
    };

    view! {
        <section class="gp-page gp-images" aria-labelledby="gp-images-title">
            <div class="gp-page__head">
                <h1 id="gp-images-title">{move || lang.t(Key::ImagesTitle)}</h1>
                <button
                    type="button"
                    class="gp-btn"
                    id="gp-refresh"
                    on:click=move |_| page.refetch()
                >
                    {move || lang.t(Key::Refresh)}
                </button>
            </div>
            <ul class="gp-notices">
                {move || {
                    parsed
                        .get()
                        .1
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li class="gp-notice gp-notice--warn">
                                    {move || {
                                        let l = lang.get();
                                        l.tf(Key::UrlProblem, &[&p.param, &l.text(&p.message)])
                                    }}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {move || match owners() {
                Some(Err(e)) if !e.is_unauthorized() => {
                    Some(
                        // A 401 has already brought the login back.
                        view! {
                            <div class="gp-owner-names-error">
                                <ErrorView
                                    error=e
                                    title=Key::OwnerNamesFailed
                                    on_retry=Callback::new(move |_| projects.refetch())
                                />
                            </div>
                        },
                    )
                }
                _ => None,
            }}
            <ImageFilters
                query=Signal::derive(move || query.get())
                on_apply=Callback::new(nav)
                property_keys=Signal::derive(move || {
                    page.get()
                        .and_then(|(_, r)| r.ok())
                        .map(|p| property_keys(&p.images))
                        .unwrap_or_default()
                })
            />
            <div class="gp-batch">
                <button
                    type="button"
                    class="gp-btn gp-btn--danger"
                    id="gp-delete-selected"
                    disabled=move || selected.with(|s| s.is_empty()) || batch.pending().get()
                    on:click=move |_| confirm_batch.set(true)
                >
                    {move || {
                        lang.get()
                            .tf(Key::DeleteSelected, &[&selected.with(|s| s.len()).to_string()])
                    }}
                </button>
                <ConfirmDialog
                    open=confirm_batch
                    question=Signal::derive(move || {
                        lang.get()
                            .tf(Key::BatchDeleteConfirm, &[&selected.with(|s| s.len()).to_string()])
                    })
                    items=selected_names
                    command=selected_cli
                    on_confirm=delete_selected
                />
                <ul class="gp-batch__failures" role="alert">
                    {move || {
                        batch
                            .value()
                            .get()
                            .map(|b| b.failures)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|(name, e)| {
                                view! {
                                    <li class="gp-notice gp-notice--error">
                                        {move || {
                                            let l = lang.get();
                                            l.tf(Key::BatchDeleteFailed, &[&name, &e.summary_in(l)])
                                        }}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                {move || batch.value().get().map(|b| view! { <CliHint command=b.cli /> })}
            </div>
            <div class="gp-field gp-search">
                <label class="gp-field__label" for="gp-search">
                    {move || lang.t(Key::SearchPage)}
                </label>
                <input
                    class="gp-input"
                    id="gp-search"
                    type="search"
                    aria-describedby="gp-search-hint"
                    prop:value=move || query.get().search
                    on:input=on_search
                />
                <p class="gp-field__hint" id="gp-search-hint">
                    {move || {
                        let n = page
                            .get()
                            .and_then(|(_, r)| r.ok())
                            .map(|p| p.images.len())
                            .unwrap_or(0);
                        lang.get().tf(Key::SearchPageHint, &[&n.to_string()])
                    }}
                </p>
            </div>
            <ResourceView
                load=load
                retry=Callback::new(move |_| page.refetch())
                pending=pending
                let:answer
            >
                {render(answer)}
            </ResourceView>
        </section>
    }
}

/// What a batch delete did: the images Glance refused, by name, and the CLI lines.
#[derive(Clone)]
struct BatchOutcome {
    failures: Vec<(String, ApiError)>,
    cli: String,
}

/// One delete operation per image, in order.
fn deletes(image_ids: Vec<String>) -> Vec<Operation> {
    image_ids
        .into_iter()
        .map(|image_id| Operation::Delete { image_id })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(name: &str, tags: &[&str]) -> Image {
        serde_json::from_value(serde_json::json!({
            "id": "0b7d-ID", "name": name, "status": "active", "visibility": "private",
            "tags": tags, "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }))
        .unwrap()
    }

    #[test]
    fn search_matches_name_id_and_tags_case_insensitively() {
        let img = image("Ubuntu 24.04", &["LTS"]);
        for needle in ["ubuntu", "24.0", "0B7D", "lts", "  "] {
            assert!(matches_search(&img, needle), "{needle}");
        }
        assert!(!matches_search(&img, "debian"));
    }
}
