//! Every URL inside the portal, built in one place, so a link, a navigation and the route table
//! in `app.rs` cannot drift apart one call site at a time. Pure (no Leptos, no browser): each
//! URL is checked natively, down to its encoding.
//!
//! The route table itself stays in `app.rs`, because the router's `path!` patterns must be
//! literals; the tests here pin the same paths.

use crate::i18n::Key;
use crate::model::filters::ImageListQuery;
use crate::model::member::MemberStatus;
use crate::model::query::{build_query, encode_component};

/// A tab of the image page, as `?tab=` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageTab {
    /// Every property, by schema section (the default).
    Details,
    /// The schema-generated edit form.
    Edit,
    /// Adding and removing tags.
    Tags,
    /// Visibility and members.
    Sharing,
    /// Deactivate, download, copy to stores, delete.
    Actions,
}

impl ImageTab {
    /// Every tab, in the order the page shows them.
    pub const ALL: [ImageTab; 5] = [
        ImageTab::Details,
        ImageTab::Edit,
        ImageTab::Tags,
        ImageTab::Sharing,
        ImageTab::Actions,
    ];

    /// The `?tab=` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ImageTab::Details => "details",
            ImageTab::Edit => "edit",
            ImageTab::Tags => "tags",
            ImageTab::Sharing => "sharing",
            ImageTab::Actions => "actions",
        }
    }

    /// The tab's label.
    pub fn label(self) -> Key {
        match self {
            ImageTab::Details => Key::TabDetails,
            ImageTab::Edit => Key::TabEdit,
            ImageTab::Tags => Key::TabTags,
            ImageTab::Sharing => Key::TabSharing,
            ImageTab::Actions => Key::TabActions,
        }
    }

    /// The tabs a user is offered: Edit and Tags only where Glance would take the change
    /// (`may_modify`), so an image of another project (or a rule the operator tightened)
    /// gets no edit controls.
    pub fn offered(may_modify: bool) -> Vec<ImageTab> {
        ImageTab::ALL
            .into_iter()
            .filter(|t| may_modify || !matches!(t, ImageTab::Edit | ImageTab::Tags))
            .collect()
    }

    /// The tab shown for a link asking for `requested`: itself when offered, else Details.
    pub fn shown(requested: ImageTab, may_modify: bool) -> ImageTab {
        if ImageTab::offered(may_modify).contains(&requested) {
            requested
        } else {
            ImageTab::Details
        }
    }

    /// The tab a `?tab=` value names; `None` for anything else, which the page shows as
    /// [`ImageTab::Details`] rather than an error, since the value came from a hand-edited or
    /// outdated link.
    pub fn from_param(value: &str) -> Option<ImageTab> {
        ImageTab::ALL.into_iter().find(|t| t.as_str() == value)
    }
}

/// `path` with `pairs` as its query; no `?` when there are none, so default views keep short
/// URLs that compare equal whichever way they were reached.
fn with_query(path: &str, pairs: &[(String, String)]) -> String {
    let query = build_query(pairs);
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    }
}

/// `/images`: the image list as it opens, and where the portal starts.
pub fn images() -> String {
    "/images".to_string()
}

/// `/images?…`: the image list showing `query` (filters, sort, page and its trail, search).
pub fn image_list(query: &ImageListQuery) -> String {
    with_query("/images", &query.to_url_pairs())
}

/// `/images?tag=…`: the image list filtered by one tag.
pub fn images_tagged(tag: &str) -> String {
    with_query("/images", &[("tag".to_string(), tag.to_string())])
}

/// `/images/new`: the create form.
pub fn new_image() -> String {
    "/images/new".to_string()
}

/// How the create page makes images: from files the browser sends, or from a URL Glance
/// fetches (`?from=url`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewImageMode {
    /// Files chosen or dropped here.
    Files,
    /// A URL for Glance's web-download import.
    Url,
}

impl NewImageMode {
    /// The mode `?from=` names; files for anything else.
    pub fn parse(from: Option<&str>) -> Self {
        match from {
            Some("url") => NewImageMode::Url,
            _ => NewImageMode::Files,
        }
    }

    /// The create page in this mode.
    pub fn href(self) -> String {
        match self {
            NewImageMode::Files => new_image(),
            NewImageMode::Url => with_query(&new_image(), &[("from".into(), "url".into())]),
        }
    }
}

/// `/images/<id>`: the image page on its default tab.
pub fn image(id: &str) -> String {
    format!("/images/{}", encode_component(id))
}

/// `/images/<id>?tab=…`: the image page on `tab`.
pub fn image_tab(id: &str, tab: ImageTab) -> String {
    with_query(&image(id), &[("tab".to_string(), tab.as_str().to_string())])
}

/// `/shared`: images shared with the project, on the pending tab.
pub fn shared() -> String {
    "/shared".to_string()
}

/// `/shared?member_status=…`: images shared with the project, answered `status`.
pub fn shared_tab(status: &MemberStatus) -> String {
    with_query(
        "/shared",
        &[("member_status".to_string(), status.as_str().to_string())],
    )
}

/// `/shared?…`: the shared-with-me list showing `query`. Its `visibility=shared` is implied by
/// the page, so it stays out of the URL.
pub fn shared_list(query: &ImageListQuery) -> String {
    let pairs: Vec<(String, String)> = query
        .to_url_pairs()
        .into_iter()
        .filter(|(k, _)| k != "visibility")
        .collect();
    with_query("/shared", &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_pages() {
        assert_eq!(images(), "/images");
        assert_eq!(new_image(), "/images/new");
        assert_eq!(NewImageMode::Url.href(), "/images/new?from=url");
        assert_eq!(NewImageMode::parse(Some("url")), NewImageMode::Url);
        assert_eq!(NewImageMode::parse(Some("other")), NewImageMode::Files);
        assert_eq!(NewImageMode::parse(None).href(), "/images/new");
        assert_eq!(shared(), "/shared");
    }

    #[test]
    fn image_list_is_short_by_default() {
        assert_eq!(image_list(&ImageListQuery::default()), "/images");
        let q = ImageListQuery::default().sorted_by("name");
        assert_eq!(image_list(&q), "/images?sort=name%3Aasc");
        assert_eq!(
            image_list(&q.next_page("m1")),
            "/images?sort=name%3Aasc&marker=m1"
        );
    }

    #[test]
    fn ids_and_tags_are_encoded() {
        assert_eq!(
            image("0b7d6f1e-7a0e-4c3b-9d6b-7f0c1d2e3f4a"),
            "/images/0b7d6f1e-7a0e-4c3b-9d6b-7f0c1d2e3f4a"
        );
        // An id from a hand-edited URL stays one path segment.
        assert_eq!(image("a/b?c"), "/images/a%2Fb%3Fc");
        assert_eq!(images_tagged("e2e"), "/images?tag=e2e");
        assert_eq!(
            images_tagged("镜像 a&b"),
            "/images?tag=%E9%95%9C%E5%83%8F%20a%26b"
        );
    }

    #[test]
    fn image_tabs_round_trip() {
        assert_eq!(image_tab("i", ImageTab::Actions), "/images/i?tab=actions");
        for tab in ImageTab::ALL {
            assert_eq!(ImageTab::from_param(tab.as_str()), Some(tab));
        }
        assert_eq!(ImageTab::from_param(""), None);
        assert_eq!(ImageTab::from_param("Details"), None);
    }

    #[test]
    fn shared_tabs_and_lists() {
        assert_eq!(
            shared_tab(&MemberStatus::Rejected),
            "/shared?member_status=rejected"
        );
        let q = ImageListQuery {
            visibility: Some("shared".into()),
            member_status: Some("accepted".into()),
            ..ImageListQuery::default()
        };
        assert_eq!(shared_list(&q), "/shared?member_status=accepted");
    }

    #[test]
    fn edit_and_tags_are_offered_only_to_who_may_modify() {
        assert_eq!(ImageTab::offered(true), ImageTab::ALL);
        assert_eq!(
            ImageTab::offered(false),
            [ImageTab::Details, ImageTab::Sharing, ImageTab::Actions]
        );
        assert_eq!(ImageTab::shown(ImageTab::Edit, true), ImageTab::Edit);
        assert_eq!(ImageTab::shown(ImageTab::Edit, false), ImageTab::Details);
        assert_eq!(ImageTab::shown(ImageTab::Tags, false), ImageTab::Details);
        assert_eq!(ImageTab::shown(ImageTab::Actions, false), ImageTab::Actions);
        let labels: std::collections::HashSet<Key> =
            ImageTab::ALL.iter().map(|t| t.label()).collect();
        assert_eq!(labels.len(), ImageTab::ALL.len());
    }
}
