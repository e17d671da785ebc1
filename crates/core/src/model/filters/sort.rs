//! Sorting the list: the columns Glance sorts on, `sort=key:dir,…`, and the view re-sorted
//! by a column click.

use crate::i18n::{Key, Text};

use super::list_query::ImageListQuery;

/// Columns Glance can sort on (its `_available_sort_keys`).
pub const SORT_KEYS: [&str; 8] = [
    "name",
    "status",
    "container_format",
    "disk_format",
    "size",
    "id",
    "created_at",
    "updated_at",
];

/// Sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortDir {
    /// Ascending.
    Asc,
    /// Descending (Glance's default).
    Desc,
}

impl SortDir {
    /// Wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            SortDir::Asc => "asc",
            SortDir::Desc => "desc",
        }
    }
    /// The other direction.
    pub fn flipped(self) -> Self {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }
}

/// One key of a (possibly multi-key) sort, as Glance's `sort=key:dir,…` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortKey {
    /// Column, one of [`SORT_KEYS`].
    pub key: String,
    /// Direction.
    pub dir: SortDir,
}

impl SortKey {
    /// A sort key.
    pub fn new(key: &str, dir: SortDir) -> Self {
        SortKey {
            key: key.to_string(),
            dir,
        }
    }
}

/// Parses one `key[:dir]` of Glance's new-style `sort`; a missing direction is `desc`, as in
/// Glance (measured: `sort=disk_format` sorts descending).
pub(super) fn parse_sort_key(s: &str) -> Result<SortKey, Text> {
    let (key, dir) = match s.split_once(':') {
        Some((k, d)) => (k.trim(), d.trim()),
        None => (s.trim(), "desc"),
    };
    if !SORT_KEYS.contains(&key) {
        return Err(Text::new(Key::UrlBadSortKey, &[key]));
    }
    let dir = match dir {
        "asc" => SortDir::Asc,
        "desc" => SortDir::Desc,
        _ => return Err(Text::new(Key::UrlBadSortDir, &[dir])),
    };
    Ok(SortKey::new(key, dir))
}

/// `name:asc,created_at:desc`.
pub fn sort_param(sort: &[SortKey]) -> String {
    let parts: Vec<String> = sort
        .iter()
        .map(|k| format!("{}:{}", k.key, k.dir.as_str()))
        .collect();
    parts.join(",")
}

impl ImageListQuery {
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
