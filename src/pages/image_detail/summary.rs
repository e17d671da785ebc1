//! The image page's header: what a person asks first — is it ready, what OS, how big, which
//! formats, who can see it, is it intact, how is it tagged — and the actions taken most
//! (download, edit, copy the id or the CLI line, delete). The other actions stay on the
//! Actions tab; the facts come from `model::image_summary`.

use leptos::prelude::*;

use crate::components::button::{Button, ButtonKind};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::copy_button::CopyButton;
use crate::components::property_words::{ByteSize, ProjectName};
use crate::components::status_badge::StatusBadge;
use crate::i18n::Key;
use crate::model::image::Image;
use crate::model::image_summary::Summary;
use crate::model::size::human_size;
use crate::routes::{self, ImageTab};
use crate::state::preferences::use_lang;

use super::actions_controller::ActionsController;
use super::actions_tab::DownloadNotices;
use super::mutator::Mutator;

/// The header of a loaded image; `integrity` is the verdict view, shown among the facts.
#[component]
pub(super) fn ImageSummary(
    image: Image,
    mutator: Mutator,
    /// Whether Glance would take a change to the image from this user.
    may_modify: bool,
    /// The integrity verdict (rendered by the page, which has the import tasks).
    integrity: AnyView,
) -> impl IntoView {
    let lang = use_lang();
    let facts = Summary::of(&image);
    let ctrl = ActionsController::new(&image, mutator);
    let question_name = image.display_name().to_string();
    let os = facts.os.clone();
    let size = match facts.size {
        Some(bytes) => {
            let virtual_size = facts.virtual_size.filter(|v| Some(*v) != facts.size);
            view! {
                <ByteSize
                    bytes=bytes
                    what=Signal::derive(move || lang.t(Key::PropSize).to_string())
                />
                {virtual_size
                    .map(|v| {
                        view! {
                            <span class="gp-summary__aside">
                                {move || lang.get().tf(Key::SummaryVirtual, &[&human_size(v)])}
                            </span>
                        }
                    })}
            }
            .into_any()
        }
        None => {
            view! { <span class="gp-summary__muted">{move || lang.t(Key::SummaryNoData)}</span> }
                .into_any()
        }
    };
    let visibility = image.visibility.as_str().to_string();
    // Glance keeps tags as a set and answers them in any order: sorted, they stay put.
    let mut tags = image.tags.clone();
    tags.sort();
    let owner = image.owner.clone().filter(|o| !o.is_empty());
    let show_cli = format!("openstack image show {}", image.id);
    let edit_href = routes::image_tab(&image.id, ImageTab::Edit);
    view! {
        <section class="gp-summary" aria-labelledby="gp-image-name">
            <div class="gp-summary__head">
                <h1 class="gp-detail__name" id="gp-image-name">
                    {image.display_name().to_string()}
                </h1>
                <StatusBadge status=image.status.as_str().to_string() />
            </div>
            <div
                class="gp-summary__actions"
                role="group"
                aria-label=move || lang.t(Key::ImageMainActions)
            >
                {ctrl
                    .can_download
                    .then(|| {
                        view! {
                            <Button
                                kind=ButtonKind::Primary
                                id="gp-download"
                                title=move || lang.t(Key::DownloadTitle)
                                on_click=Callback::new(move |_| ctrl.start_download())
                            >
                                {move || lang.t(Key::Download)}
                            </Button>
                        }
                    })}
                {may_modify
                    .then(|| {
                        view! {
                            <a class="gp-btn" href=edit_href>
                                {move || lang.t(Key::TabEdit)}
                            </a>
                        }
                    })}
                <CopyButton
                    text=image.id.clone()
                    what=Signal::derive(move || lang.t(Key::CopyIdWhat).to_string())
                    named=true
                />
                <CopyButton
                    text=show_cli
                    what=Signal::derive(move || lang.t(Key::CopyShowWhat).to_string())
                    named=true
                />
                {ctrl
                    .may_delete
                    .then(|| {
                        view! {
                            <Button
                                kind=ButtonKind::Danger
                                id="gp-delete"
                                disabled=Signal::derive(move || ctrl.protected || ctrl.busy())
                                on_click=Callback::new(move |_| ctrl.confirm_open.set(true))
                            >
                                {move || lang.t(Key::Delete)}
                            </Button>
                        }
                    })}
            </div>
            <DownloadNotices ctrl=ctrl />
            <dl class="gp-summary__facts">
                <div class="gp-summary__fact" data-fact="os">
                    <dt>{move || lang.t(Key::SummaryOs)}</dt>
                    <dd>
                        {match os {
                            Some(os) => view! { <span>{os}</span> }.into_any(),
                            None => {
                                view! {
                                    <span class="gp-summary__muted">
                                        {move || lang.t(Key::SummaryNoOs)}
                                    </span>
                                }
                                    .into_any()
                            }
                        }}
                    </dd>
                </div>
                <div class="gp-summary__fact" data-fact="size">
                    <dt>{move || lang.t(Key::PropSize)}</dt>
                    <dd>{size}</dd>
                </div>
                <div class="gp-summary__fact" data-fact="formats">
                    <dt>{move || lang.t(Key::SummaryFormats)}</dt>
                    <dd>{facts.formats.clone().unwrap_or_else(|| "—".to_string())}</dd>
                </div>
                <div class="gp-summary__fact" data-fact="visibility">
                    <dt>{move || lang.t(Key::PropVisibility)}</dt>
                    <dd>{move || lang.get().visibility(&visibility)}</dd>
                </div>
                {owner
                    .map(|owner| {
                        view! {
                            <div class="gp-summary__fact" data-fact="owner">
                                <dt>{move || lang.t(Key::PropOwner)}</dt>
                                <dd>
                                    <ProjectName id=owner />
                                </dd>
                            </div>
                        }
                    })}
                <div class="gp-summary__fact" data-fact="tags">
                    <dt>{move || lang.t(Key::PropTags)}</dt>
                    <dd>
                        {if tags.is_empty() {
                            view! {
                                <span class="gp-summary__muted">
                                    {move || lang.t(Key::SummaryNoTags)}
                                </span>
                            }
                                .into_any()
                        } else {
                            view! {
                                <ul class="gp-tags">
                                    {tags
                                        .into_iter()
                                        .map(|t| view! { <li class="gp-tag">{t}</li> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    </dd>
                </div>
            </dl>
            {integrity}
            <ConfirmDialog
                open=ctrl.confirm_open
                question=Signal::derive(move || {
                    lang.get().tf(Key::DeleteConfirm, &[&question_name])
                })
                command=Signal::stored(ctrl.delete_cli())
                on_confirm=ctrl.delete_now
            />
        </section>
    }
}
