//! Import from a URL with Glance's `web-download` method: Glance fetches the data itself, so
//! nothing passes through the browser. Shown only when the cloud enables the method; the
//! import's progress is polled until the image is active or the import failed. A failure
//! shows Glance's reason from the import task; an image the cloud converted (its
//! `disk_format` is not the one chosen here) says so, and the chosen format is recorded on it
//! (`model::conversion`) so the image page says so too.

mod controller;

use leptos::prelude::*;

use crate::components::button::{Button, ButtonKind};
use crate::components::cli_hint::CliHint;
use crate::components::error_view::ErrorView;
use crate::components::field::Field;
use crate::components::store_select::StoreSelect;
use crate::components::verification_view::{VerificationView, VerifiedWhat};
use crate::i18n::Key;
use crate::model::checksum::Verification;
use crate::model::image::Image;
use crate::routes;
use crate::state::preferences::use_lang;

use controller::{ImportState, WebDownloadController};

/// Renders the web-download form.
#[component]
pub fn WebDownloadImport(
    /// Disk formats offered (from the schema).
    disk_formats: Vec<String>,
    /// A queued image to import into instead of creating one: its name and disk_format stand.
    #[prop(optional)]
    into: Option<Image>,
) -> impl IntoView {
    let ctl = WebDownloadController::new(into);
    let creates = ctl.creates();
    let lang = use_lang();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ctl.submit();
    };
    view! {
        <Show when=move || ctl.supported()>
            <section class="gp-import" aria-labelledby="gp-import-title">
                <h2 id="gp-import-title">{move || lang.t(Key::ImportFromUrl)}</h2>
                <p class="gp-field__hint">{move || lang.t(Key::ImportFromUrlHint)}</p>
                <form class="gp-import__form" on:submit=submit>
                    <div class="gp-field">
                        <label class="gp-field__label" for="gp-import-url">
                            "URL"
                        </label>
                        <input
                            class="gp-input"
                            id="gp-import-url"
                            type="url"
                            prop:value=move || ctl.url.get()
                            on:input=move |ev| ctl.url.set(event_target_value(&ev))
                        />
                    </div>
                    // Into a queued image, its own name and disk_format stand.
                    {creates
                        .then(|| {
                            view! { <NewImageFields ctl=ctl disk_formats=disk_formats.clone() /> }
                        })}
                    <StoreSelect
                        id="gp-import-store"
                        value=ctl.store
                        on_change=Callback::new(move |s| ctl.store.set(s))
                    />
                    <Button
                        kind=ButtonKind::Primary
                        submit=true
                        id="gp-import-submit"
                        disabled=Signal::derive(move || ctl.pending())
                    >
                        {move || lang.t(Key::ImportStart)}
                    </Button>
                </form>
                {move || ctl.error().map(|e| view! { <ErrorView error=e /> })}
                {move || ctl.cli.get().map(|c| view! { <CliHint command=c /> })}
                <ImportStateLine ctl=ctl />
            </section>
        </Show>
    }
}

/// The new image's name and disk format (not asked when importing into a queued image).
#[component]
fn NewImageFields(ctl: WebDownloadController, disk_formats: Vec<String>) -> impl IntoView {
    let lang = use_lang();
    let disk_format = ctl.disk_format;
    view! {
        <Field id="gp-import-name" label=move || lang.t(Key::ColName)>
            <input
                class="gp-input"
                id="gp-import-name"
                prop:value=move || ctl.name.get()
                on:input=move |ev| ctl.name.set(event_target_value(&ev))
            />
        </Field>
        <Field id="gp-import-format" label=move || lang.t(Key::ColDiskFormat)>
            <select
                class="gp-select"
                id="gp-import-format"
                on:change=move |ev| disk_format.set(event_target_value(&ev))
            >
                {disk_formats
                    .iter()
                    .map(|f| {
                        let v = f.clone();
                        view! {
                            <option value=v.clone() selected=move || disk_format.get() == v>
                                {f.clone()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </Field>
    }
}

/// Where the import stands: running (with Glance's status), imported (and converted, if the
/// cloud did), or failed.
#[component]
fn ImportStateLine(ctl: WebDownloadController) -> impl IntoView {
    let lang = use_lang();
    move || match ctl.state() {
        ImportState::Idle => ().into_any(),
        ImportState::Running { image_id, status } => view! {
            <p class="gp-import__state" data-state="running" data-image=image_id>
                {move || lang.t(Key::Importing)}
                " ("
                {status.clone()}
                ")"
            </p>
        }
        .into_any(),
        ImportState::Active {
            image_id,
            conversion,
        } => view! {
            <p
                class="gp-import__state gp-verify gp-verify--ok"
                data-state="active"
                data-image=image_id.clone()
            >
                {move || lang.t(Key::Imported)}
                " "
                <a href=routes::image(&image_id)>{image_id.clone()}</a>
            </p>
            {conversion
                .map(|conversion| {
                    view! {
                        <VerificationView
                            verification=Verification::Converted {
                                conversion,
                                sent: Vec::new(),
                            }
                            what=VerifiedWhat::Upload
                        />
                    }
                })}
        }
        .into_any(),
        ImportState::Failed { image_id, detail } => view! {
            <p
                class="gp-import__state gp-verify gp-verify--bad"
                data-state="failed"
                data-image=image_id
                role="alert"
            >
                {move || lang.t(Key::ImportFailed)}
                " "
                {detail.clone()}
            </p>
        }
        .into_any(),
    }
}
