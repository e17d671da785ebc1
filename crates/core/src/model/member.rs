//! An image's members: the projects it is shared with, each one's answer, and which answers
//! the cloud takes. The requests are [`crate::api::glance::members`].

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::schema::ImageSchema;

crate::open_enum! {
    /// A member's answer to a shared image.
    MemberStatus {
        /// Not answered yet.
        Pending => "pending",
        /// Accepted: the image appears in the member's list.
        Accepted => "accepted",
        /// Rejected.
        Rejected => "rejected",
        /// Filter value: every status.
        All => "all",
    }
}

/// The answers a member can give, from the member schema's `status` enum: a cloud may take
/// fewer or more than Glance's three, and a button for an answer it refuses is a 400 waiting
/// to happen. Glance's three when the schema is unknown or lists none. Known answers come in
/// the order the buttons read best (accept, reject, back to pending), others after them.
pub fn member_answers(member_schema: Option<&ImageSchema>) -> Vec<MemberStatus> {
    const USUAL: [MemberStatus; 3] = [
        MemberStatus::Accepted,
        MemberStatus::Rejected,
        MemberStatus::Pending,
    ];
    let listed: Vec<MemberStatus> = member_schema
        .and_then(|s| s.property("status"))
        .map(|p| {
            p.enum_values
                .iter()
                .filter_map(Value::as_str)
                .map(MemberStatus::from)
                .filter(|m| *m != MemberStatus::All)
                .collect()
        })
        .unwrap_or_default();
    if listed.is_empty() {
        return USUAL.to_vec();
    }
    let mut answers: Vec<MemberStatus> = USUAL
        .iter()
        .filter(|m| listed.contains(m))
        .cloned()
        .collect();
    answers.extend(listed.into_iter().filter(|m| !USUAL.contains(m)));
    answers
}

/// One member of an image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The member project's id.
    pub member_id: String,
    /// The shared image.
    pub image_id: String,
    /// The member's answer.
    pub status: MemberStatus,
    /// When the member was added (ISO 8601).
    pub created_at: String,
    /// When the status last changed (ISO 8601).
    pub updated_at: String,
}

/// `{"members": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberList {
    /// The members.
    pub members: Vec<Member>,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn member_answers_follow_the_member_schema() {
        let glance = ImageSchema::parse_str(include_str!(
            "../../tests/fixtures/glance_schema_member.json"
        ))
        .unwrap();
        let usual = vec![
            MemberStatus::Accepted,
            MemberStatus::Rejected,
            MemberStatus::Pending,
        ];
        assert_eq!(member_answers(Some(&glance)), usual);
        assert_eq!(member_answers(None), usual);
        let odd = ImageSchema::parse(&serde_json::json!({"properties": {"status": {
            "type": "string", "enum": ["pending", "accepted", "revoked"]
        }}}))
        .unwrap();
        assert_eq!(
            member_answers(Some(&odd)),
            vec![
                MemberStatus::Accepted,
                MemberStatus::Pending,
                MemberStatus::Unknown("revoked".into())
            ]
        );
    }

    #[test]
    fn member_decodes_with_unknown_status_and_extra_fields() {
        let list: MemberList = serde_json::from_value(json!({
            "members": [{
                "member_id": "p", "image_id": "i", "status": "weird",
                "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-02T00:00:00Z",
                "schema": "/v2/schemas/member"
            }],
            "schema": "/v2/schemas/members"
        }))
        .unwrap();
        assert_eq!(
            list.members[0].status,
            MemberStatus::Unknown("weird".into())
        );
        assert_eq!(list.members[0].updated_at, "2026-01-02T00:00:00Z");
    }
}
