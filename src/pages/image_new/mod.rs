//! `/images/new`, in two modes with their own primary button: from files (pick or drop disk
//! image files; each becomes its own image) and, where the cloud offers web-download, from a
//! URL (`?from=url`). Before a file is sent, its first and last bytes are read to detect its
//! format (Glance 33 refuses data that does not match `disk_format`, and we would rather say
//! so before gigabytes travel). Fields come from the cloud's schema; uploads run in the
//! transfers panel. Files chosen stay while the URL mode is shown.

mod controller;
mod file_form;
mod file_form_controller;

use leptos::prelude::*;

use crate::components::button::{Button, ButtonKind};
use crate::components::resource_view::SectionView;
use crate::components::store_select::StoreSelect;
use crate::components::upload_method_select::UploadMethodSelect;
use crate::i18n::Key;
use crate::pages::web_download::WebDownloadImport;
use crate::routes::NewImageMode;
use crate::state::preferences::use_lang;
use leptos_router::hooks::use_query_map;

use controller::NewImageController;
use file_form::FileForm;

/// Renders the create page.
#[component]
pub fn ImageNewPage() -> impl IntoView {
    let lang = use_lang();
    let ctl = NewImageController::new();
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(list) = input.files() {
            ctl.add_files(list);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            ctl.add_files(list);
        }
    };
    let query = use_query_map();
    let mode = Memo::new(move |_| NewImageMode::parse(query.with(|q| q.get("from")).as_deref()));
    let files_shown = move || mode.get() == NewImageMode::Files;
    view! {
        <section class="gp-page gp-new" aria-labelledby="gp-new-title">
            <div class="gp-page__head">
                <h1 id="gp-new-title">{move || lang.t(Key::NewImageTitle)}</h1>
            </div>
            <ModeTabs ctl=ctl mode=mode />
            <Show when=move || {
                mode.get() == NewImageMode::Url
            }>
                {move || {
                    ctl.disk_formats()
                        .map(|formats| view! { <WebDownloadImport disk_formats=formats /> })
                }}
            </Show>
            // Hidden, not dropped, in the URL mode: the files chosen and their edits stay.
            <div class="gp-new__files" hidden=move || !files_shown()>
                <TokenShortNotice ctl=ctl />
                <label
                    class="gp-drop"
                    on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default()
                    on:drop=on_drop
                >
                    <span>{move || lang.t(Key::ChooseFiles)}</span>
                    <input type="file" id="gp-files" multiple=true on:change=on_pick />
                </label>
                <FileForms ctl=ctl />
                // The choices below the files and the button come together, once the schema and
                // what the cloud offers have answered: appearing one by one, they moved the button
                // under a pointer about to click it (an e2e click once landed on the page instead).
                <Show
                    when=move || ctl.choices_ready()
                    // The files' "Loading…" above speaks for the schema.
                    fallback=move || {
                        ctl.schema_answered()
                            .then(|| {
                                view! {
                                    <p class="gp-loading" role="status">
                                        {move || lang.t(Key::Loading)}
                                    </p>
                                }
                            })
                    }
                >
                    <CreateChoices ctl=ctl />
                </Show>
            </div>
        </section>
    }
}

/// The two modes as tabs; the URL mode only where the cloud offers web-download.
#[component]
fn ModeTabs(ctl: NewImageController, mode: Memo<NewImageMode>) -> impl IntoView {
    let lang = use_lang();
    let tab = move |this: NewImageMode, label: Key| {
        view! {
            <a
                class="gp-tabs__tab"
                href=this.href()
                role="tab"
                aria-selected=move || (mode.get() == this).to_string()
                class:gp-tabs__tab--active=move || mode.get() == this
            >
                {move || lang.t(label)}
            </a>
        }
    };
    view! {
        <Show when=move || ctl.offers_web_download()>
            <nav
                class="gp-tabs gp-new__modes"
                role="tablist"
                aria-label=move || lang.t(Key::NewModes)
            >
                {tab(NewImageMode::Files, Key::NewFromFiles)}
                {tab(NewImageMode::Url, Key::NewFromUrl)}
            </nav>
        </Show>
    }
}

/// The warning that the token may run out before the chosen files are sent, with a button
/// for a fresh one.
#[component]
fn TokenShortNotice(ctl: NewImageController) -> impl IntoView {
    let lang = use_lang();
    move || {
        ctl.token_minutes_short().map(|m| {
            view! {
                <div class="gp-notice gp-notice--warn gp-new__token" role="alert">
                    <span>{move || lang.get().tf(Key::TokenShortUpload, &[&m.to_string()])}</span>
                    " "
                    <Button id="gp-renew-token" on_click=Callback::new(move |_| ctl.renew_token())>
                        {move || lang.t(Key::RenewToken)}
                    </Button>
                </div>
            }
        })
    }
}

/// One form per chosen file, once the schema they are built from has loaded. A section, not
/// a page's `ResourceView`: the live "Loading…" below the files speaks for the schema.
#[component]
fn FileForms(ctl: NewImageController) -> impl IntoView {
    let entries = ctl.entries;
    let schema = ctl.schema;
    view! {
        <SectionView resource=schema retry=Callback::new(move |_| schema.refetch()) let:sch>
            // Keyed by file: typing re-renders one field's value, never the forms.
            <For
                each=move || ctl.keys()
                key=|k| *k
                children=move |key| {
                    view! { <FileForm key=key entries=entries schema=sch.clone() /> }
                }
            />
        </SectionView>
    }
}

/// What the files go with: the upload method, the store, and the button that creates the
/// images and starts their uploads.
#[component]
fn CreateChoices(ctl: NewImageController) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Show when=move || ctl.glance_direct()>
            <UploadMethodSelect id="gp-upload-method" class="gp-new__method" />
        </Show>
        <StoreSelect
            id="gp-upload-store"
            value=Signal::derive(move || ctl.store())
            on_change=Callback::new(move |store| ctl.set_store(store))
        />
        <Button
            kind=ButtonKind::Primary
            id="gp-create-upload"
            disabled=Signal::derive(move || ctl.create_disabled())
            on_click=Callback::new(move |_| ctl.submit())
        >
            {move || lang.t(Key::CreateAndUpload)}
        </Button>
    }
}
