//! The rules of the "Shared with me" page (`/shared`): which images other projects shared with
//! this one it lists for the tab in the URL (pending, accepted, rejected), which of them are
//! really shared *with* this project, and which answers a row offers.

use crate::i18n::Key;
use crate::model::filters::list_query_from_url;
use crate::model::filters::ImageListQuery;
use crate::model::image::Image;
use crate::model::member::{member_answers, MemberStatus};
use crate::model::schema::ImageSchema;

/// The page's tabs, in order: the `member_status` each lists and its label.
pub const SHARED_TABS: [(&str, Key); 3] = [
    ("pending", Key::MemberPending),
    ("accepted", Key::MemberAccepted),
    ("rejected", Key::MemberRejected),
];

/// The query for one tab: images shared with the project in that member status. The page
/// keeps Glance's paging; other filters stay with the main list.
pub fn shared_query(url_query: &str) -> ImageListQuery {
    let (mut q, _) = list_query_from_url(url_query);
    let status = q
        .member_status
        .clone()
        .filter(|s| SHARED_TABS.iter().any(|(t, _)| t == s))
        .unwrap_or_else(|| "pending".to_string());
    ImageListQuery {
        visibility: Some("shared".into()),
        member_status: Some(status),
        sort: std::mem::take(&mut q.sort),
        limit: q.limit,
        marker: q.marker.take(),
        trail: std::mem::take(&mut q.trail),
        ..ImageListQuery::default()
    }
}

/// The images of a page that are shared with `my_project`: visibility=shared also lists this
/// project's own shared images; they are not "shared with me". The empty state is about what
/// is shown, not what Glance returned.
pub fn shared_with_me(images: &[Image], my_project: &str) -> Vec<Image> {
    images
        .iter()
        .filter(|i| i.owner.as_deref() != Some(my_project))
        .cloned()
        .collect()
}

/// The answers a row offers on the tab listing `tab`: those the cloud takes (its member
/// schema), less the tab's own.
pub fn answers_offered(
    member_schema: Option<&ImageSchema>,
    tab: &MemberStatus,
) -> Vec<MemberStatus> {
    member_answers(member_schema)
        .into_iter()
        .filter(|a| a != tab)
        .collect()
}

/// The start of an owner's project id, enough to tell owners apart in a narrow column (the
/// whole id is the cell's title).
pub fn short_owner(owner: &str) -> String {
    owner.chars().take(8).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::routes;

    #[test]
    fn tabs_default_to_pending_and_force_shared_visibility() {
        let q = shared_query("");
        assert_eq!(q.member_status.as_deref(), Some("pending"));
        assert_eq!(q.visibility.as_deref(), Some("shared"));
        let q = shared_query("member_status=accepted&visibility=public&tag=x");
        assert_eq!(q.member_status.as_deref(), Some("accepted"));
        assert_eq!(q.visibility.as_deref(), Some("shared"));
        assert!(q.tags.is_empty());
        assert_eq!(
            shared_query("member_status=all").member_status.as_deref(),
            Some("pending")
        );
        assert_eq!(routes::shared_list(&q), "/shared?member_status=accepted");
    }

    fn image(id: &str, owner: Option<&str>) -> Image {
        serde_json::from_value(json!({
            "id": id,
            "status": "active",
            "visibility": "shared",
            "owner": owner,
            "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2024-01-01T00:00:00Z",
        }))
        .unwrap()
    }

    #[test]
    fn the_projects_own_shared_images_are_not_shared_with_it() {
        let page = [
            image("a", Some("mine")),
            image("b", Some("theirs")),
            image("c", None),
        ];
        let ids: Vec<_> = shared_with_me(&page, "mine")
            .into_iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(ids, ["b", "c"]);
    }

    #[test]
    fn a_row_offers_the_answers_the_cloud_takes_but_the_tabs_own() {
        assert_eq!(
            answers_offered(None, &MemberStatus::Pending),
            [MemberStatus::Accepted, MemberStatus::Rejected]
        );
        assert_eq!(
            answers_offered(None, &MemberStatus::Accepted),
            [MemberStatus::Rejected, MemberStatus::Pending]
        );
        let two = ImageSchema::parse(&json!({"properties": {"status": {
            "type": "string", "enum": ["pending", "accepted"]
        }}}))
        .unwrap();
        assert_eq!(
            answers_offered(Some(&two), &MemberStatus::Pending),
            [MemberStatus::Accepted]
        );
    }

    #[test]
    fn an_owner_shows_by_its_first_eight_characters() {
        assert_eq!(short_owner("0123456789abcdef"), "01234567");
        assert_eq!(short_owner("short"), "short");
        assert_eq!(short_owner("项目项目项目项目项目"), "项目项目项目项目");
        assert_eq!(short_owner(""), "");
    }
}
