//! The top bar: product name, navigation, project switcher, language switcher, the user, and
//! log out.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::components::button::{Button, ButtonKind};
use crate::i18n::{Key, Lang, Text};
use crate::model::filters::first_page_url;
use crate::routes;
use crate::state::my_projects::use_my_projects;
use crate::state::preferences::use_lang;
use crate::state::session::use_session;
use crate::state::toasts::{use_toasts, ToastKind, ToastText};

/// Project choices offered by the switcher: `(id, name)` pairs.
#[derive(Clone, Debug, PartialEq)]
struct ProjectChoice {
    id: String,
    name: String,
}

/// Renders the header.
#[component]
pub fn AppHeader() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let toasts = use_toasts();
    let my_projects = use_my_projects().0;
    let projects = Memo::new(move |_| {
        my_projects.get().map(|r| {
            r.map(|list| {
                let mut choices: Vec<ProjectChoice> = list
                    .projects
                    .into_iter()
                    .filter(|p| p.enabled)
                    .map(|p| ProjectChoice {
                        id: p.id,
                        name: p.name,
                    })
                    .collect();
                choices.sort_by(|a, b| a.name.cmp(&b.name));
                choices
            })
        })
    });
    // The project list feeds only the switcher, so its failure would go unnoticed: say so. A
    // 401 needs no toast; the login is already back.
    Effect::new(move |_| {
        if let Some(Err(e)) = projects.get() {
            if !e.is_unauthorized() {
                toasts.push(
                    ToastKind::Error,
                    ToastText::failure(Text::new(Key::ProjectListFailed, &[]), e),
                );
            }
        }
    });
    let location = use_location();
    let navigate = use_navigate();
    let navigate = StoredValue::new(navigate);
    // Rescoping: pending = the switcher is disabled. A failure is a toast: the header has
    // no room for an error box, and the old project stays in use.
    let switch = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            match session.switch_project(&id).await {
                // The list restarts at its first page: a marker is an image of the old
                // project's view, which Glance refuses (400) in the new one.
                Ok(()) => {
                    let path = location.pathname.get_untracked();
                    if let Some(url) = first_page_url(&path, &location.search.get_untracked()) {
                        let options = NavigateOptions {
                            replace: true,
                            ..NavigateOptions::default()
                        };
                        navigate.with_value(|nav| nav(&url, options));
                    }
                }
                Err(e) => toasts.push(
                    ToastKind::Error,
                    ToastText::failure(Text::new(Key::ProjectSwitchFailed, &[]), e),
                ),
            }
        }
    });
    let on_project = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if session
            .current
            .with_untracked(|s| s.as_ref().map(|s| s.project_id == id))
            == Some(true)
        {
            return;
        }
        switch.dispatch_local(id);
    };
    // Logging out revokes every token of the session: pending = the button is disabled, so
    // a second click cannot race the first.
    let log_out = Action::new_local(move |_: &()| async move {
        match session.log_out().await {
            Ok(()) => toasts.push(ToastKind::Info, Text::new(Key::LoggedOut, &[])),
            Err(e) => toasts.push(
                ToastKind::Error,
                ToastText::failure(Text::new(Key::LogoutFailed, &[]), e),
            ),
        }
    });
    let on_lang = move |ev: leptos::ev::Event| lang.set(Lang::from_tag(&event_target_value(&ev)));
    view! {
        <header class="gp-header">
            <a class="gp-skip" href="#main">
                {move || lang.t(Key::SkipToContent)}
            </a>
            <a class="gp-header__brand" href=routes::images()>
                {move || lang.t(Key::AppTitle)}
            </a>
            <Show when=move || session.current.with(|s| s.is_some())>
                <nav class="gp-header__nav" aria-label=move || lang.t(Key::MainNav)>
                    <a href=routes::images() class="gp-header__link">
                        {move || lang.t(Key::NavImages)}
                    </a>
                    <a href=routes::new_image() class="gp-header__link" id="gp-nav-new">
                        {move || lang.t(Key::NewImage)}
                    </a>
                    <a href=routes::shared() class="gp-header__link" id="gp-nav-shared">
                        {move || lang.t(Key::NavShared)}
                    </a>
                </nav>
            </Show>
            <div class="gp-header__tools">
                <Show when=move || session.current.with(|s| s.is_some())>
                    <label class="gp-header__project">
                        <span class="gp-visually-hidden">{move || lang.t(Key::SwitchProject)}</span>
                        <select
                            class="gp-select"
                            id="gp-project"
                            disabled=move || switch.pending().get()
                            on:change=on_project
                        >
                            {move || {
                                let current = session
                                    .current
                                    .with(|s| {
                                        s.as_ref()
                                            .map(|s| (s.project_id.clone(), s.project_name.clone()))
                                    });
                                let (cur_id, cur_name) = current.unwrap_or_default();
                                let mut list = projects
                                    .get()
                                    .and_then(|r| r.ok())
                                    .unwrap_or_default();
                                if !list.iter().any(|p| p.id == cur_id) {
                                    list.insert(
                                        0,
                                        ProjectChoice {
                                            id: cur_id.clone(),
                                            name: cur_name,
                                        },
                                    );
                                }
                                list.into_iter()
                                    .map(|p| {
                                        let selected = p.id == cur_id;
                                        view! {
                                            <option value=p.id selected=selected>
                                                {p.name}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                    <span class="gp-header__user">
                        {move || {
                            let name = session
                                .current
                                .with(|s| {
                                    s.as_ref().map(|s| s.user_name.clone()).unwrap_or_default()
                                });
                            lang.get().tf(Key::SignedInAs, &[&name])
                        }}
                    </span>
                    <Button
                        kind=ButtonKind::Quiet
                        busy=log_out.pending()
                        attr:id="gp-logout"
                        on:click=move |_| {
                            log_out.dispatch_local(());
                        }
                    >
                        {move || lang.t(Key::Logout)}
                    </Button>
                </Show>
                <label class="gp-header__lang">
                    <span class="gp-visually-hidden">{move || lang.t(Key::Language)}</span>
                    <select class="gp-select" id="gp-lang" on:change=on_lang>
                        {Lang::ALL
                            .iter()
                            .map(|l| {
                                let l = *l;
                                view! {
                                    <option value=l.tag() selected=move || lang.get() == l>
                                        {l.native_name()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
        </header>
    }
}
