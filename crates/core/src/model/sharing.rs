//! The owner's side of sharing, as rules: whether members can see the image at its current
//! visibility, whether switching to `shared` takes it away from someone, and when a member
//! answered. The editor that applies them is `pages/image_detail/member_editor.rs`.

use crate::model::member::Member;

/// Whether the image's members see it: only a `shared` image is listed for its members.
pub fn members_see_it(visibility: &str) -> bool {
    visibility == "shared"
}

/// Whether switching to `shared` narrows who sees the image. Public and community images are
/// visible to every project now: narrowing that takes the image away from whoever uses it,
/// so it is confirmed first. Private is one click.
pub fn sharing_narrows(visibility: &str) -> bool {
    matches!(visibility, "public" | "community")
}

/// When the member answered, if it has. Glance sets `updated_at` with `created_at`; only a
/// later one is an answer.
pub fn answered_at(member: &Member) -> Option<&str> {
    (member.updated_at != member.created_at).then_some(member.updated_at.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::member::MemberStatus;

    fn member(created_at: &str, updated_at: &str) -> Member {
        Member {
            member_id: "p1".into(),
            image_id: "i1".into(),
            status: MemberStatus::Pending,
            created_at: created_at.into(),
            updated_at: updated_at.into(),
        }
    }

    #[test]
    fn only_shared_images_are_seen_by_members() {
        assert!(members_see_it("shared"));
        for visibility in ["private", "public", "community", ""] {
            assert!(!members_see_it(visibility), "{visibility}");
        }
    }

    #[test]
    fn sharing_narrows_public_and_community_images_only() {
        assert!(sharing_narrows("public"));
        assert!(sharing_narrows("community"));
        assert!(!sharing_narrows("private"));
        assert!(!sharing_narrows("shared"));
    }

    #[test]
    fn a_member_has_answered_once_updated_after_it_was_added() {
        assert_eq!(
            answered_at(&member("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")),
            None
        );
        assert_eq!(
            answered_at(&member("2024-01-01T00:00:00Z", "2024-02-03T10:00:00Z")),
            Some("2024-02-03T10:00:00Z")
        );
    }
}
