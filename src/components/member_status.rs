//! How a member status and the answers to a share are worded (the cloud's own word for one
//! the portal does not know), and the button that gives an answer, on the image's Sharing tab
//! and on Shared with me alike.

use leptos::prelude::*;

use crate::i18n::{Key, Lang};
use crate::model::member::MemberStatus;
use crate::state::preferences::use_lang;

/// The label of a member status.
pub fn member_status_label(lang: Lang, status: &MemberStatus) -> String {
    match status {
        MemberStatus::Pending => lang.t(Key::MemberPending).to_string(),
        MemberStatus::Accepted => lang.t(Key::MemberAccepted).to_string(),
        MemberStatus::Rejected => lang.t(Key::MemberRejected).to_string(),
        other => other.as_str().to_string(),
    }
}

/// The button that gives an answer: "Accept", "Reject", "Back to pending", or the cloud's own
/// word for an answer the portal does not know.
pub fn answer_label(lang: Lang, status: &MemberStatus) -> String {
    match status {
        MemberStatus::Accepted => lang.t(Key::Accept).to_string(),
        MemberStatus::Rejected => lang.t(Key::Reject).to_string(),
        MemberStatus::Pending => lang.t(Key::BackToPending).to_string(),
        other => other.as_str().to_string(),
    }
}

/// The button that gives `answer` (`data-answer` names it for scripts and tests). A plain
/// `<button>`, not `Button`: it carries a data attribute, which `Button` does not forward.
#[component]
pub fn AnswerButton(
    /// The answer this button gives.
    answer: MemberStatus,
    /// Whether an answer is being sent.
    #[prop(into)]
    busy: Signal<bool>,
    /// Gives the answer.
    on_answer: Callback<MemberStatus>,
) -> impl IntoView {
    let lang = use_lang();
    let wire = answer.as_str().to_string();
    let label = answer.clone();
    view! {
        <button
            type="button"
            class="gp-btn"
            data-answer=wire
            disabled=move || busy.get()
            on:click=move |_| on_answer.run(answer.clone())
        >
            {move || answer_label(lang.get(), &label)}
        </button>
    }
}
