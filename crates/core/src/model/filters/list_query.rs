//! The image list's view as one value — filters, sort, page size and paging trail — and the
//! query pairs it makes for the portal's URL and for Glance.

use super::property_keys::is_property_key;
use super::sort::{sort_param, SortDir, SortKey};
use super::values::{any_of_param, NameFilter, TimeFilter};

/// Glance's `api_limit_max` default (Glance 33; the dev cloud keeps it). Measured: a larger
/// `limit` is not refused but silently cut to this many images, with a `next` link.
pub const API_LIMIT_MAX: u32 = 1000;

/// Page sizes the list offers, up to [`API_LIMIT_MAX`]. A cloud configured with a lower
/// maximum answers fewer images per page, and its `next` link keeps paging correct.
pub const PAGE_SIZES: [u32; 6] = [25, 50, 100, 200, 500, API_LIMIT_MAX];

/// Page size when the URL names none.
pub const DEFAULT_PAGE_SIZE: u32 = 25;

/// Values of the `visibility` filter (`all` is a filter value, not an image visibility).
pub const VISIBILITY_FILTERS: [&str; 5] = ["public", "private", "shared", "community", "all"];

/// Values of the `member_status` filter.
pub const MEMBER_STATUS_FILTERS: [&str; 4] = ["pending", "accepted", "rejected", "all"];

/// Everything that defines one view of the image list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageListQuery {
    /// Name filter.
    pub name: Option<NameFilter>,
    /// Image ids; an image must be one of them (`id=in:…`).
    pub ids: Vec<String>,
    /// Statuses, any of (open: a cloud may have more statuses).
    pub status: Vec<String>,
    /// Visibility filter, including `all`.
    pub visibility: Option<String>,
    /// Owner project id.
    pub owner: Option<String>,
    /// Tags; an image must carry all of them.
    pub tags: Vec<String>,
    /// Disk formats, any of.
    pub disk_format: Vec<String>,
    /// Container formats, any of.
    pub container_format: Vec<String>,
    /// Glance's md5 `checksum`, lowercase hex.
    pub checksum: Option<String>,
    /// Glance's `os_hash_value` (the digest of its `os_hash_algo`, sha512 by default).
    pub os_hash_value: Option<String>,
    /// Property filters `key=value`, each key once; an image must match them all. Glance
    /// compares the text exactly (measured: `os_distro=UBUNTU` does not find `ubuntu`, and
    /// `in:` is not an operator for properties), and of a repeated key keeps the last value.
    pub properties: Vec<(String, String)>,
    /// Minimum size in bytes.
    pub size_min: Option<u64>,
    /// Maximum size in bytes.
    pub size_max: Option<u64>,
    /// Creation time comparison.
    pub created_at: Option<TimeFilter>,
    /// Update time comparison.
    pub updated_at: Option<TimeFilter>,
    /// Member status (for images shared with the project).
    pub member_status: Option<String>,
    /// Hidden images: `Some(true)` lists only hidden ones; Glance hides them by default.
    pub os_hidden: Option<bool>,
    /// Protected filter.
    pub protected: Option<bool>,
    /// Sort keys, most significant first (never empty).
    pub sort: Vec<SortKey>,
    /// Page size.
    pub limit: u32,
    /// Marker: id of the last image of the previous page; `None` on the first page.
    pub marker: Option<String>,
    /// Markers of the pages before the current one (excluding the first, which has none),
    /// so "Previous" works from a copied link too.
    pub trail: Vec<String>,
    /// Substring search over the loaded page only (not sent to Glance).
    pub search: String,
}

impl Default for ImageListQuery {
    fn default() -> Self {
        ImageListQuery {
            name: None,
            ids: Vec::new(),
            status: Vec::new(),
            visibility: None,
            owner: None,
            tags: Vec::new(),
            disk_format: Vec::new(),
            container_format: Vec::new(),
            checksum: None,
            os_hash_value: None,
            properties: Vec::new(),
            size_min: None,
            size_max: None,
            created_at: None,
            updated_at: None,
            member_status: None,
            os_hidden: None,
            protected: None,
            sort: vec![SortKey::new("created_at", SortDir::Desc)],
            limit: DEFAULT_PAGE_SIZE,
            marker: None,
            trail: Vec::new(),
            search: String::new(),
        }
    }
}

impl ImageListQuery {
    /// Sets the property filter `key` to `value`, replacing an earlier value of the same key
    /// (Glance, too, keeps the last one). Reserved keys are not properties and are ignored.
    pub fn set_property(&mut self, key: &str, value: &str) {
        if !is_property_key(key) {
            return;
        }
        match self.properties.iter_mut().find(|(k, _)| k == key) {
            Some(existing) => existing.1 = value.to_string(),
            None => self.properties.push((key.to_string(), value.to_string())),
        }
    }

    /// The filter pairs shared by the portal URL and the Glance request.
    pub(super) fn filter_pairs(&self) -> Vec<(String, String)> {
        let mut p: Vec<(String, String)> = Vec::new();
        let mut push = |k: &str, v: String| p.push((k.to_string(), v));
        if let Some(n) = &self.name {
            push("name", n.to_param());
        }
        let lists = [
            ("id", &self.ids),
            ("status", &self.status),
            ("disk_format", &self.disk_format),
            ("container_format", &self.container_format),
        ];
        for (k, values) in lists {
            if let Some(v) = any_of_param(values) {
                push(k, v);
            }
        }
        let optional = [
            ("visibility", &self.visibility),
            ("owner", &self.owner),
            ("member_status", &self.member_status),
            ("checksum", &self.checksum),
            ("os_hash_value", &self.os_hash_value),
        ];
        for (k, v) in optional {
            if let Some(v) = v {
                push(k, v.clone());
            }
        }
        for tag in &self.tags {
            push("tag", tag.clone());
        }
        if let Some(n) = self.size_min {
            push("size_min", n.to_string());
        }
        if let Some(n) = self.size_max {
            push("size_max", n.to_string());
        }
        if let Some(f) = &self.created_at {
            push("created_at", f.to_param());
        }
        if let Some(f) = &self.updated_at {
            push("updated_at", f.to_param());
        }
        if let Some(b) = self.os_hidden {
            push("os_hidden", b.to_string());
        }
        if let Some(b) = self.protected {
            push("protected", b.to_string());
        }
        for (k, v) in &self.properties {
            push(k, v.clone());
        }
        p
    }

    /// Pairs for the portal's own URL: only what differs from the defaults, so links stay short.
    /// The sort is written in Glance's new syntax, also when it came from an old-style link.
    pub fn to_url_pairs(&self) -> Vec<(String, String)> {
        let defaults = ImageListQuery::default();
        let mut p = self.filter_pairs();
        if self.sort != defaults.sort {
            p.push(("sort".into(), sort_param(&self.sort)));
        }
        if self.limit != defaults.limit {
            p.push(("limit".into(), self.limit.to_string()));
        }
        if let Some(m) = &self.marker {
            p.push(("marker".into(), m.clone()));
            if !self.trail.is_empty() {
                p.push(("trail".into(), self.trail.join(",")));
            }
        }
        if !self.search.is_empty() {
            p.push(("q".into(), self.search.clone()));
        }
        p
    }

    /// Pairs for `GET /v2/images`.
    pub fn to_glance_pairs(&self) -> Vec<(String, String)> {
        let mut p = self.filter_pairs();
        p.push(("limit".into(), self.limit.to_string()));
        p.push(("sort".into(), sort_param(&self.sort)));
        if let Some(m) = &self.marker {
            p.push(("marker".into(), m.clone()));
        }
        p
    }

    /// 1-based page number.
    pub fn page_number(&self) -> usize {
        match self.marker {
            None => 1,
            Some(_) => self.trail.len() + 2,
        }
    }

    /// The view of the next page, given the marker Glance's `next` link carries.
    pub fn next_page(&self, next_marker: &str) -> Self {
        let mut q = self.clone();
        if let Some(m) = q.marker.take() {
            q.trail.push(m);
        }
        q.marker = Some(next_marker.to_string());
        q
    }

    /// The view of the previous page, or `None` on the first page.
    pub fn previous_page(&self) -> Option<Self> {
        self.marker.as_ref()?;
        let mut q = self.clone();
        q.marker = q.trail.pop();
        Some(q)
    }

    /// The same filters from the first page: any change of filter, sort or size resets paging,
    /// because a marker from another ordering would skip or repeat images.
    pub fn first_page(&self) -> Self {
        let mut q = self.clone();
        q.marker = None;
        q.trail.clear();
        q
    }

    /// True when any server-side filter is set (the empty state then says "no match").
    pub fn has_filters(&self) -> bool {
        !self.filter_pairs().is_empty()
    }

    /// The most significant sort key (the table marks its column).
    pub fn primary_sort(&self) -> SortKey {
        self.sort
            .first()
            .cloned()
            .unwrap_or_else(|| SortKey::new("created_at", SortDir::Desc))
    }

    /// The view sorted by `key` alone: a new column sorts ascending, the primary column
    /// flips (keeping any further keys, which still break its ties).
    pub fn sorted_by(&self, key: &str) -> Self {
        let mut q = self.first_page();
        match q.sort.first_mut() {
            Some(first) if first.key == key => first.dir = first.dir.flipped(),
            _ => q.sort = vec![SortKey::new(key, SortDir::Asc)],
        }
        q
    }

    /// The view with `key` as a further sort key: added ascending after the others, or
    /// flipped where it already is (the table's shift-click).
    pub fn then_sorted_by(&self, key: &str) -> Self {
        let mut q = self.first_page();
        match q.sort.iter_mut().find(|k| k.key == key) {
            Some(existing) => existing.dir = existing.dir.flipped(),
            None => q.sort.push(SortKey::new(key, SortDir::Asc)),
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::filters::list_query_from_url;
    use crate::model::query::build_query;

    #[test]
    fn defaults_make_an_empty_url_and_a_full_glance_query() {
        let q = ImageListQuery::default();
        assert!(q.to_url_pairs().is_empty());
        assert_eq!(
            build_query(&q.to_glance_pairs()),
            "limit=25&sort=created_at%3Adesc"
        );
    }

    #[test]
    fn paging_walks_forward_and_back() {
        let p1 = ImageListQuery::default();
        assert_eq!(p1.page_number(), 1);
        assert!(p1.previous_page().is_none());
        let p2 = p1.next_page("a");
        let p3 = p2.next_page("b");
        assert_eq!((p2.page_number(), p3.page_number()), (2, 3));
        assert_eq!(p3.trail, vec!["a"]);
        assert_eq!(p3.previous_page().unwrap(), p2);
        assert_eq!(p2.previous_page().unwrap(), p1);
    }

    #[test]
    fn in_lists_for_ids_statuses_and_formats() {
        let (q, _) = list_query_from_url(
            "status=in:queued,active&disk_format=eq:qcow2&container_format=bare&id=in:a",
        );
        assert_eq!(q.status, vec!["queued", "active"]);
        assert_eq!(q.disk_format, vec!["qcow2"]);
        assert_eq!(
            build_query(&q.filter_pairs()),
            "id=a&status=in%3Aqueued%2Cactive&disk_format=qcow2&container_format=bare"
        );
        assert_eq!(any_of_param(&[]), None);
    }

    #[test]
    fn sorting_resets_paging_and_flips_direction() {
        let q = ImageListQuery::default().next_page("a").sorted_by("name");
        assert_eq!(
            (q.sort.clone(), q.marker.clone()),
            (vec![SortKey::new("name", SortDir::Asc)], None)
        );
        assert_eq!(q.sorted_by("name").primary_sort().dir, SortDir::Desc);
        let multi = q.next_page("b").then_sorted_by("size");
        assert_eq!(sort_param(&multi.sort), "name:asc,size:asc");
        assert_eq!(multi.marker, None);
        assert_eq!(
            sort_param(&multi.then_sorted_by("size").sort),
            "name:asc,size:desc"
        );
        // Flipping the primary key keeps the keys that break its ties.
        assert_eq!(
            sort_param(&multi.sorted_by("name").sort),
            "name:desc,size:asc"
        );
        assert_eq!(sort_param(&multi.sorted_by("status").sort), "status:asc");
    }
}
