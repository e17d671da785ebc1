//! How a member status and the answers to a share are worded: the cloud's own word for one
//! the portal does not know.

use crate::i18n::{Key, Lang};
use crate::model::member::MemberStatus;

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
