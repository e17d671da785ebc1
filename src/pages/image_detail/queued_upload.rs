//! Data for an image that has none yet (`queued`: created by the CLI, or left by an upload
//! that stopped): pick the file and send it, directly or staged and imported, to the default
//! store or a chosen one, with the same hashing, progress and verification as the create
//! page (the transfer appears in the transfers panel). The file's format is checked against
//! the image's `disk_format` first, as Glance 33 refuses data that does not match it.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::components::button::{Button, ButtonKind};
use crate::components::field::Field;
use crate::components::notice::{Announce, Notice};
use crate::components::store_select::StoreSelect;
use crate::components::upload_method_select::UploadMethodSelect;
use crate::i18n::Key;
use crate::i18n::Lang;
use crate::model::disk_sniff::{format_warning, FormatWarning};
use crate::model::image::Image;
use crate::model::operation::ImportMethod;
use crate::state::cloud_info::use_cloud_info;
use crate::state::file_sniff::sniff_file;
use crate::state::preferences::use_lang;
use crate::state::session::use_session;
use crate::state::transfers::use_transfers;

/// Why nothing was sent, kept typed and worded when shown (it follows a language switch).
#[derive(Clone, Debug)]
enum NotSent {
    /// No file was chosen.
    NoFile,
    /// The browser could not read the file; its message.
    Unreadable(String),
    /// The file and the image's `disk_format` do not go together.
    Format(FormatWarning),
}

impl NotSent {
    fn message(&self, lang: Lang) -> String {
        match self {
            NotSent::NoFile => lang.t(Key::QueuedPickFile).to_string(),
            NotSent::Unreadable(detail) => detail.clone(),
            NotSent::Format(warning) => warning.message(lang),
        }
    }
}

/// Renders the upload form for a queued image.
#[component]
pub(super) fn QueuedUpload(
    /// The queued image.
    image: Image,
) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let transfers = use_transfers();
    let cloud = use_cloud_info();
    let glance_direct = move || cloud.supports(&ImportMethod::GlanceDirect);
    let image_id = StoredValue::new(image.id.clone());
    let disk_format = StoredValue::new(image.disk_format.as_ref().map(|f| f.as_str().to_string()));
    let problem = RwSignal::new(None::<NotSent>);
    let started = RwSignal::new(false);
    // Reading the file's header before anything is sent: pending = Send is disabled. Glance
    // 33 answers 415 for data that does not match disk_format, so a mismatch is said here
    // instead of after sending gigabytes.
    let check_then_send = Action::new_local(move |file: &web_sys::File| {
        let file = file.clone();
        async move {
            match sniff_file(&file).await {
                Err(e) => problem.set(Some(NotSent::Unreadable(e))),
                Ok(sniffed) => match disk_format
                    .get_value()
                    .and_then(|f| format_warning(&f, &sniffed))
                {
                    Some(warning) => problem.set(Some(NotSent::Format(warning))),
                    None => {
                        transfers.start_upload(
                            session.client_untracked(),
                            image_id.get_value(),
                            file,
                            None,
                        );
                        started.set(true);
                    }
                },
            }
        }
    });
    let busy = check_then_send.pending();
    let input = NodeRef::<leptos::html::Input>::new();
    let send = move |_| {
        let Some(file) = input
            .get_untracked()
            .and_then(|i: HtmlInputElement| i.files())
            .and_then(|f| f.get(0))
        else {
            problem.set(Some(NotSent::NoFile));
            return;
        };
        problem.set(None);
        check_then_send.dispatch_local(file);
    };
    view! {
        <section class="gp-queued-upload" aria-labelledby="gp-queued-upload-title">
            <h2 id="gp-queued-upload-title">{move || lang.t(Key::QueuedUploadTitle)}</h2>
            <p class="gp-field__hint">{move || lang.t(Key::QueuedUploadHint)}</p>
            <Field id="gp-queued-file" label=move || lang.t(Key::QueuedPickFile)>
                <input type="file" id="gp-queued-file" node_ref=input />
            </Field>
            <Show when=glance_direct>
                <UploadMethodSelect id="gp-queued-method" />
            </Show>
            <StoreSelect
                id="gp-queued-store"
                value=Signal::derive(move || transfers.store())
                on_change=Callback::new(move |store| transfers.set_store(store))
            />
            <Button
                kind=ButtonKind::Primary
                busy=busy
                disabled=started
                id="gp-queued-send"
                on_click=Callback::new(send)
            >
                {move || lang.t(Key::QueuedSend)}
            </Button>
            {move || {
                problem
                    .get()
                    .map(|p| {
                        view! {
                            <p class="gp-field__error" role="alert">
                                {move || p.message(lang.get())}
                            </p>
                        }
                    })
            }}
            {move || {
                started
                    .get()
                    .then(|| {
                        view! {
                            <Notice announce=Announce::Polite class="gp-queued-upload__started">
                                {move || lang.t(Key::QueuedStarted)}
                            </Notice>
                        }
                    })
            }}
        </section>
    }
}
