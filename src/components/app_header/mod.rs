//! The top bar: product name, navigation, project switcher, language switcher, the user, and
//! log out. On a narrow screen (under 640 px, `layout.css`) all but the name fold into a menu
//! behind one button, which closes again when the page changes.

mod controller;

use leptos::prelude::*;

use crate::components::button::{Button, ButtonKind};
use crate::i18n::{Key, Lang};
use crate::routes;
use crate::state::preferences::use_lang;
use controller::HeaderController;

/// Renders the header.
#[component]
pub fn AppHeader() -> impl IntoView {
    let lang = use_lang();
    let header = HeaderController::new();
    let menu_open = RwSignal::new(false);
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        location.pathname.track();
        location.search.track();
        menu_open.set(false);
    });
    view! {
        <header class="gp-header" class:gp-header--open=move || menu_open.get()>
            <a class="gp-skip" href="#main">
                {move || lang.t(Key::SkipToContent)}
            </a>
            <a class="gp-header__brand" href=routes::images()>
                {move || lang.t(Key::AppTitle)}
            </a>
            <button
                type="button"
                class="gp-btn gp-header__menu-button"
                aria-expanded=move || menu_open.get().to_string()
                aria-controls="gp-header-menu"
                on:click=move |_| menu_open.update(|o| *o = !*o)
            >
                {move || lang.t(Key::Menu)}
            </button>
            <div class="gp-header__menu" id="gp-header-menu">
            <Show when=move || header.logged_in()>
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
                <Show when=move || header.logged_in()>
                    <ProjectSwitcher header=header />
                    <span class="gp-header__user">
                        {move || lang.get().tf(Key::SignedInAs, &[&header.user_name()])}
                    </span>
                    <Button
                        kind=ButtonKind::Quiet
                        busy=header.logging_out()
                        id="gp-logout"
                        on_click=Callback::new(move |_| header.log_out())
                    >
                        {move || lang.t(Key::Logout)}
                    </Button>
                </Show>
                <LanguageSwitcher />
            </div>
            </div>
        </header>
    }
}

/// The project switcher: the user's projects, the current one selected.
#[component]
fn ProjectSwitcher(header: HeaderController) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label class="gp-header__project">
            <span class="gp-visually-hidden">{move || lang.t(Key::SwitchProject)}</span>
            <select
                class="gp-select"
                id="gp-project"
                disabled=move || header.switching().get()
                on:change=move |ev| header.choose_project(event_target_value(&ev))
            >
                {move || {
                    let current = header.current_project();
                    header
                        .choices
                        .get()
                        .into_iter()
                        .map(|p| {
                            let selected = p.id == current;
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
    }
}

/// The language switcher, shown logged in or not.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let lang = use_lang();
    let on_lang = move |ev: leptos::ev::Event| lang.set(Lang::from_tag(&event_target_value(&ev)));
    view! {
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
    }
}
