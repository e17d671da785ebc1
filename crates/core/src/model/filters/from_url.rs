//! Reading the view back from the portal's URL: every parameter the list writes, older
//! links' sort syntax, and a report of each value that cannot be used.

use crate::i18n::{Key, Text};
use crate::model::query::{build_query, parse_query};

use super::list_query::{ImageListQuery, MEMBER_STATUS_FILTERS, PAGE_SIZES, VISIBILITY_FILTERS};
use super::sort::{parse_sort_key, SortDir, SortKey, SORT_KEYS};
use super::values::{
    non_empty, normalize_digest, normalize_md5, parse_any_of, parse_bool, NameFilter, TimeFilter,
};

/// A URL parameter that could not be used, and why; the page shows these instead of
/// silently ignoring what the user typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryProblem {
    /// Parameter name.
    pub param: String,
    /// Explanation, worded by the view in the user's language.
    pub message: Text,
}

/// Reads the portal URL's query string; unusable values are reported, not fatal. A key
/// the portal does not type is a property filter (see [`RESERVED_KEYS`](super::RESERVED_KEYS)).
///
/// Sorting is read in Glance's new syntax (`sort=name:asc,created_at:desc`) and, so older
/// links keep working, in the old one (`sort_key=name&sort_dir=asc`, repeatable). Glance
/// refuses the two together (measured: 400 "Old and new sorting syntax cannot be
/// combined"), so with both, `sort` wins and the old keys are reported.
pub fn list_query_from_url(query: &str) -> (ImageListQuery, Vec<QueryProblem>) {
    let mut q = ImageListQuery::default();
    let mut problems = Vec::new();
    let mut problem = |param: &str, message: Text| {
        problems.push(QueryProblem {
            param: param.to_string(),
            message,
        })
    };
    let mut sort: Option<Vec<SortKey>> = None;
    let (mut old_keys, mut old_dirs) = (Vec::<String>::new(), Vec::<SortDir>::new());
    for (key, value) in parse_query(query) {
        let v = value.trim();
        if v.is_empty() && key != "q" {
            continue;
        }
        match key.as_str() {
            "name" => q.name = Some(NameFilter::parse(v)),
            "id" => q.ids = parse_any_of(v),
            "status" => q.status = parse_any_of(v),
            "visibility" => {
                if VISIBILITY_FILTERS.contains(&v) {
                    q.visibility = Some(v.to_string())
                } else {
                    problem(&key, Text::new(Key::UrlUnknownVisibility, &[v]))
                }
            }
            "owner" => q.owner = non_empty(v),
            "tag" => q.tags.push(v.to_string()),
            "disk_format" => q.disk_format = parse_any_of(v),
            "container_format" => q.container_format = parse_any_of(v),
            "checksum" => match normalize_md5(v) {
                Some(d) => q.checksum = Some(d),
                None => problem(&key, Text::new(Key::UrlNotMd5, &[v])),
            },
            "os_hash_value" => match normalize_digest(v) {
                Some(d) => q.os_hash_value = Some(d),
                None => problem(&key, Text::new(Key::UrlNotHex, &[v])),
            },
            "size_min" | "size_max" => match v.parse::<u64>() {
                Ok(n) if key == "size_min" => q.size_min = Some(n),
                Ok(n) => q.size_max = Some(n),
                Err(_) => problem(&key, Text::new(Key::UrlNotBytes, &[v])),
            },
            "created_at" | "updated_at" => match TimeFilter::parse(v) {
                Some(f) if key == "created_at" => q.created_at = Some(f),
                Some(f) => q.updated_at = Some(f),
                None => problem(&key, Text::new(Key::UrlNotTimestamp, &[v])),
            },
            "member_status" => {
                if MEMBER_STATUS_FILTERS.contains(&v) {
                    q.member_status = Some(v.to_string())
                } else {
                    problem(&key, Text::new(Key::UrlUnknownMemberStatus, &[v]))
                }
            }
            "os_hidden" | "protected" => match parse_bool(v) {
                Some(b) if key == "os_hidden" => q.os_hidden = Some(b),
                Some(b) => q.protected = Some(b),
                None => problem(&key, Text::new(Key::UrlNotBool, &[v])),
            },
            "sort" => {
                let mut keys: Vec<SortKey> = Vec::new();
                for part in v.split(',').filter(|p| !p.trim().is_empty()) {
                    match parse_sort_key(part) {
                        Ok(k) if keys.iter().any(|s| s.key == k.key) => {}
                        Ok(k) => keys.push(k),
                        Err(message) => problem(&key, message),
                    }
                }
                if !keys.is_empty() {
                    sort = Some(keys);
                }
            }
            "sort_key" => {
                if SORT_KEYS.contains(&v) {
                    old_keys.push(v.to_string())
                } else {
                    problem(&key, Text::new(Key::UrlBadSortKey, &[v]))
                }
            }
            "sort_dir" => match v {
                "asc" => old_dirs.push(SortDir::Asc),
                "desc" => old_dirs.push(SortDir::Desc),
                _ => problem(&key, Text::new(Key::UrlBadSortDir, &[v])),
            },
            "limit" => match v.parse::<u32>() {
                Ok(n) if PAGE_SIZES.contains(&n) => q.limit = n,
                _ => {
                    let sizes: Vec<String> = PAGE_SIZES.iter().map(u32::to_string).collect();
                    problem(
                        &key,
                        Text::new(Key::UrlBadPageSize, &[&sizes.join(", "), v]),
                    )
                }
            },
            "marker" => q.marker = non_empty(v),
            "trail" => q.trail = v.split(',').filter_map(non_empty).collect(),
            "q" => q.search = value,
            _ => q.set_property(&key, v),
        }
    }
    match sort {
        Some(keys) => {
            q.sort = keys;
            if !old_keys.is_empty() || !old_dirs.is_empty() {
                problem("sort_key", Text::new(Key::UrlSortConflict, &[]));
            }
        }
        None if !old_keys.is_empty() => {
            // Glance pairs the n-th sort_key with the n-th sort_dir; one direction
            // applies to every key.
            let last = old_dirs.last().copied().unwrap_or(SortDir::Desc);
            let mut keys: Vec<SortKey> = Vec::new();
            for (i, k) in old_keys.iter().enumerate() {
                if !keys.iter().any(|s| &s.key == k) {
                    keys.push(SortKey::new(k, old_dirs.get(i).copied().unwrap_or(last)));
                }
            }
            q.sort = keys;
        }
        None => {
            if let Some(dir) = old_dirs.last() {
                q.sort = vec![SortKey::new("created_at", *dir)];
            }
        }
    }
    if let (Some(min), Some(max)) = (q.size_min, q.size_max) {
        if min > max {
            problem(
                "size_max",
                Text::new(Key::UrlSizeRange, &[&max.to_string(), &min.to_string()]),
            );
        }
    }
    if q.marker.is_none() {
        q.trail.clear();
    }
    (q, problems)
}

/// A list page's URL (`path` and `search`) at its first page: the same filters and sort
/// without the paging marker and trail. `None` when the URL is already on a first page.
///
/// Markers are image ids of one project's view; after a project switch they make Glance
/// answer 400, so the list restarts from its first page.
pub fn first_page_url(path: &str, search: &str) -> Option<String> {
    let pairs = parse_query(search);
    let kept: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "marker" && k != "trail")
        .cloned()
        .collect();
    if kept.len() == pairs.len() {
        return None;
    }
    let query = build_query(&kept);
    Some(if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::filters::{is_property_key, sort_param, TimeOp};

    #[test]
    fn every_filter_round_trips_through_the_url() {
        let url =
            "name=in%3Aa%2C%22b%2Cc%22&status=active&visibility=shared&owner=p1&tag=x&tag=y%20z\
            &disk_format=qcow2&container_format=bare&size_min=1&size_max=1024\
            &created_at=gte%3A2026-01-01T00%3A00%3A00Z&updated_at=lt%3A2026-02-01T00%3A00%3A00Z\
            &member_status=pending&os_hidden=true&protected=false&sort=name%3Aasc%2Csize%3Adesc\
            &limit=1000&marker=m3&trail=m1%2Cm2&q=ubu&id=in%3Ai1%2Ci2&checksum=ABCDEF0123456789abcdef0123456789\
            &os_hash_value=00ff&os_distro=ubuntu&os_version=24.04";
        let (q, problems) = list_query_from_url(url);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            q.name,
            Some(NameFilter::AnyOf(vec!["a".into(), "b,c".into()]))
        );
        assert_eq!(q.tags, vec!["x", "y z"]);
        assert_eq!(q.created_at.as_ref().unwrap().op, TimeOp::Gte);
        assert_eq!(q.page_number(), 4);
        assert_eq!(q.ids, vec!["i1", "i2"]);
        assert_eq!(
            q.checksum.as_deref(),
            Some("abcdef0123456789abcdef0123456789")
        );
        assert_eq!(
            q.properties,
            vec![
                ("os_distro".to_string(), "ubuntu".to_string()),
                ("os_version".to_string(), "24.04".to_string())
            ]
        );
        assert_eq!(
            q.sort,
            vec![
                SortKey::new("name", SortDir::Asc),
                SortKey::new("size", SortDir::Desc)
            ]
        );
        let again = list_query_from_url(&build_query(&q.to_url_pairs())).0;
        assert_eq!(again, q);
    }

    #[test]
    fn glance_query_has_filters_and_operators_but_no_portal_state() {
        let (q, _) = list_query_from_url(
            "created_at=gt:2026-01-01T00:00:00Z&tag=a&tag=b&marker=m2&trail=m1&q=x&name=in:u,v",
        );
        assert_eq!(
            build_query(&q.to_glance_pairs()),
            "name=in%3Au%2Cv&tag=a&tag=b&created_at=gt%3A2026-01-01T00%3A00%3A00Z\
             &limit=25&sort=created_at%3Adesc&marker=m2"
                .replace(' ', "")
        );
    }

    #[test]
    fn bad_values_are_reported_and_ignored() {
        let (q, problems) = list_query_from_url(
            "limit=7&sort_key=owner&size_min=lots&os_hidden=maybe&created_at=gt:yesterday&visibility=x\
             &checksum=abc&os_hash_value=xyz&sort=owner:asc,name:up",
        );
        assert_eq!(q, ImageListQuery::default());
        let params: Vec<_> = problems.iter().map(|p| p.param.as_str()).collect();
        assert_eq!(
            params,
            vec![
                "limit",
                "sort_key",
                "size_min",
                "os_hidden",
                "created_at",
                "visibility",
                "checksum",
                "os_hash_value",
                "sort",
                "sort"
            ]
        );
        assert_eq!(
            problems[0].message,
            Text::new(Key::UrlBadPageSize, &["25, 50, 100, 200, 500, 1000", "7"])
        );
        assert_eq!(problems[9].message, Text::new(Key::UrlBadSortDir, &["up"]));
        assert_eq!(
            problems[4].message,
            Text::new(Key::UrlNotTimestamp, &["gt:yesterday"])
        );
        let (_, problems) = list_query_from_url("size_min=10&size_max=5");
        assert_eq!(problems[0].param, "size_max");
        assert_eq!(
            crate::i18n::Lang::En.text(&problems[0].message),
            "the maximum size 5 is below the minimum size 10"
        );
    }

    #[test]
    fn trail_without_marker_is_dropped() {
        let (q, _) = list_query_from_url("trail=a,b");
        assert!(q.trail.is_empty());
    }

    #[test]
    fn first_page_url_drops_only_the_paging() {
        assert_eq!(
            first_page_url("/images", "?tag=e2e&marker=m2&trail=m1&q=x").as_deref(),
            Some("/images?tag=e2e&q=x")
        );
        assert_eq!(
            first_page_url("/shared", "marker=m1").as_deref(),
            Some("/shared")
        );
        assert_eq!(first_page_url("/images", "tag=e2e"), None);
        assert_eq!(first_page_url("/images", ""), None);
    }

    #[test]
    fn unknown_url_keys_are_property_filters_sent_to_glance() {
        let (q, problems) =
            list_query_from_url("os_distro=ubuntu&hw_disk_bus=virtio&os_distro=debian");
        assert!(problems.is_empty(), "{problems:?}");
        // A repeated key keeps its last value, as Glance does.
        assert_eq!(
            build_query(&q.to_glance_pairs()),
            "os_distro=debian&hw_disk_bus=virtio&limit=25&sort=created_at%3Adesc"
        );
        assert!(q.has_filters());
        assert!(!is_property_key("limit") && !is_property_key("trail") && !is_property_key(""));
    }

    #[test]
    fn old_sort_links_migrate_and_conflicts_are_reported() {
        let (q, problems) =
            list_query_from_url("sort_key=disk_format&sort_dir=asc&sort_key=name&sort_dir=desc");
        assert!(problems.is_empty());
        assert_eq!(sort_param(&q.sort), "disk_format:asc,name:desc");
        assert_eq!(
            build_query(&q.to_url_pairs()),
            "sort=disk_format%3Aasc%2Cname%3Adesc"
        );
        let (q, _) = list_query_from_url("sort_key=name&sort_key=size&sort_dir=asc");
        assert_eq!(sort_param(&q.sort), "name:asc,size:asc");
        let (q, problems) = list_query_from_url("sort=size&sort_key=name");
        assert_eq!(sort_param(&q.sort), "size:desc");
        assert_eq!(problems[0].message, Text::new(Key::UrlSortConflict, &[]));
    }
}
