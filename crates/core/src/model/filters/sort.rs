//! Sorting the list: the columns Glance sorts on, `sort=key:dir,…`, and the view re-sorted
//! by a column click.

use crate::i18n::{Key, Text};

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
