//! The verdict of a checksum comparison, the same everywhere it appears (upload, download,
//! and the recorded digests on an image's details): verified, mismatch (loud, with both
//! digests), converted by the cloud (data rewritten on import: calm, with the digests as
//! sent, and never the actions a mismatch calls for), or not verified with the reason.

use leptos::prelude::*;

use crate::i18n::Key;
use crate::i18n::Lang;
use crate::model::checksum::{NotVerifiedReason, Verification};
use crate::model::conversion::{Conversion, Evidence};
use crate::model::size::human_size;
use crate::state::preferences::use_lang;

/// The headline for a conversion: from what to what, or only the method when the portal
/// recorded nothing (an image imported by another client).
fn conversion_headline(lang: Lang, c: &Conversion) -> String {
    let to =
        c.to.clone()
            .unwrap_or_else(|| lang.t(Key::ConvertedUnknown).to_string());
    match (&c.evidence, &c.from) {
        (Evidence::ImportTask { method }, _) => lang.tf(Key::ConvertedByMethod, &[method, &to]),
        (Evidence::Compared, Some(from)) if c.format_changed() => {
            lang.tf(Key::ConvertedFormat, &[from, &to])
        }
        (Evidence::Compared, _) => lang.tf(Key::ConvertedRewritten, &[&to]),
    }
}

/// Which comparison the verdict is about; it picks the wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifiedWhat {
    /// The user's file against what Glance stored after an upload.
    Upload,
    /// A downloaded file against what Glance recorded.
    Download,
    /// The uploader's recorded digests against Glance's.
    Recorded,
    /// The data Glance serves now against the digests it recorded at upload.
    Stored,
}

/// Renders `verification`; `children`, when given, follow a mismatch (the actions it calls
/// for, such as delete or deactivate).
#[component]
pub fn VerificationView(
    /// The verdict.
    verification: Verification,
    /// What was compared.
    what: VerifiedWhat,
    /// Actions offered on a mismatch.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let lang = use_lang();
    match verification {
        Verification::Verified { algorithm } => {
            let key = match what {
                VerifiedWhat::Upload => Key::VerifiedUpload,
                VerifiedWhat::Download => Key::VerifiedDownload,
                VerifiedWhat::Recorded => Key::VerifiedRecorded,
                VerifiedWhat::Stored => Key::VerifiedStored,
            };
            view! {
                <p class="gp-verify gp-verify--ok" data-verify="verified">
                    {move || lang.get().tf(key, &[&algorithm])}
                </p>
            }
            .into_any()
        }
        Verification::Mismatch {
            field,
            local,
            remote,
        } => {
            let key = match what {
                VerifiedWhat::Upload => Key::MismatchUpload,
                VerifiedWhat::Download => Key::MismatchDownload,
                VerifiedWhat::Recorded => Key::MismatchRecorded,
                VerifiedWhat::Stored => Key::MismatchStored,
            };
            view! {
                <div class="gp-verify gp-verify--bad" data-verify="mismatch" role="alert">
                    <strong>{move || lang.t(key)}</strong>
                    <span class="gp-verify__detail">
                        {move || lang.get().tf(Key::MismatchDetail, &[&field, &local, &remote])}
                    </span>
                    {children.map(|c| view! { <div class="gp-verify__actions">{c()}</div> })}
                </div>
            }
            .into_any()
        }
        // Children (a mismatch's actions) are deliberately not rendered: nothing is wrong.
        Verification::Converted { conversion, sent } => {
            let from = conversion.from.clone().unwrap_or_default();
            let to = conversion.to.clone().unwrap_or_default();
            let sizes = match (conversion.sent_size, conversion.stored_size) {
                (Some(a), Some(b)) if a != b => Some((human_size(a), human_size(b))),
                _ => None,
            };
            let headline = move || conversion_headline(lang.get(), &conversion);
            let sent = (!sent.is_empty()).then(|| {
                view! {
                    <span class="gp-verify__detail gp-verify__sent">
                        {move || lang.t(Key::ConvertedSent)}" "
                        {sent
                            .iter()
                            .map(|(algorithm, hex)| format!("{algorithm} {hex}"))
                            .collect::<Vec<_>>()
                            .join(" · ")}
                    </span>
                }
            });
            view! {
                <div
                    class="gp-verify gp-verify--info"
                    data-verify="converted"
                    data-from=from
                    data-to=to
                    role="status"
                >
                    <strong>{headline}</strong>
                    <span class="gp-verify__explain">{move || lang.t(Key::ConvertedExplain)}</span>
                    {sizes
                        .map(|(a, b)| {
                            view! {
                                <span class="gp-verify__explain">
                                    {move || lang.get().tf(Key::ConvertedSizes, &[&a, &b])}
                                </span>
                            }
                        })}
                    {sent}
                </div>
            }
            .into_any()
        }
        Verification::NotVerified { reason } => {
            let text = move || {
                let lang = lang.get();
                match &reason {
                    NotVerifiedReason::Algorithm {
                        algorithm,
                        md5_matched,
                    } => {
                        let mut text = lang.tf(Key::NotVerifiedAlgorithm, &[algorithm]);
                        if *md5_matched == Some(true) {
                            text.push(' ');
                            text.push_str(lang.t(Key::NotVerifiedMd5Only));
                        }
                        text
                    }
                    NotVerifiedReason::NoDigests => lang.t(Key::NotVerifiedNoDigests).to_string(),
                    NotVerifiedReason::MalformedContentMd5 { header } => {
                        lang.tf(Key::NotVerifiedMalformedMd5, &[&format!("{header:?}")])
                    }
                }
            };
            view! {
                <p class="gp-verify gp-verify--warn" data-verify="not-verified">
                    {text}
                </p>
            }
            .into_any()
        }
    }
}
