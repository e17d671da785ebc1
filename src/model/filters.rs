//! The image list's state — filters, sort, page size and paging trail — as one value that
//! round-trips through the portal's URL and turns into Glance's query parameters.
//!
//! Keeping it in the URL makes reload, back/forward and shared links reproduce the view.

use crate::i18n::{Key, Text};
use crate::model::query::{build_query, parse_query};

/// Glance's `api_limit_max` default (Glance 33; the dev cloud keeps it). Measured: a larger
/// `limit` is not refused but silently cut to this many images, with a `next` link.
pub const API_LIMIT_MAX: u32 = 1000;

/// Page sizes the list offers, up to [`API_LIMIT_MAX`]. A cloud configured with a lower
/// maximum answers fewer images per page, and its `next` link keeps paging correct.
pub const PAGE_SIZES: [u32; 6] = [25, 50, 100, 200, 500, API_LIMIT_MAX];

/// Keys that are not property filters in the portal's URL: the filters the portal types
/// itself, Glance's paging and sorting parameters, and the portal's own `trail` (paging
/// history) and `q` (search of the loaded page). Every other key is a property filter, as it
/// is to Glance (measured on Glance 33: `GET /v2/images?os_distro=ubuntu&os_version=24.04`
/// returns exactly the images holding both).
pub const RESERVED_KEYS: [&str; 24] = [
    "name",
    "id",
    "status",
    "visibility",
    "owner",
    "tag",
    "disk_format",
    "container_format",
    "size_min",
    "size_max",
    "created_at",
    "updated_at",
    "member_status",
    "os_hidden",
    "protected",
    "checksum",
    "os_hash_value",
    "limit",
    "marker",
    "sort",
    "sort_key",
    "sort_dir",
    "trail",
    "q",
];

/// Read-only keys of an image's JSON that are links or store details, not properties anyone
/// filters on; they are left out of the property key suggestions.
const NOT_PROPERTIES: [&str; 6] = [
    "self",
    "file",
    "schema",
    "locations",
    "direct_url",
    "stores",
];

/// Whether `key` may be a property filter (not one of [`RESERVED_KEYS`], not empty).
pub fn is_property_key(key: &str) -> bool {
    !key.is_empty() && !RESERVED_KEYS.contains(&key)
}

/// The property keys seen on `images` with a text, number or boolean value, sorted and
/// without repeats: the filter form suggests them.
pub fn property_keys<'a>(
    images: impl IntoIterator<Item = &'a crate::model::image::Image>,
) -> Vec<String> {
    let mut keys: Vec<String> = images
        .into_iter()
        .flat_map(|i| i.extra.iter())
        .filter(|(k, v)| {
            is_property_key(k)
                && !NOT_PROPERTIES.contains(&k.as_str())
                && (v.is_string() || v.is_number() || v.is_boolean())
        })
        .map(|(k, _)| k.clone())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// A digest as Glance stores it: lowercase hex. `None` when `s` holds anything but hex
/// digits (Glance compares exactly: measured, an uppercase sha512 finds nothing).
pub fn normalize_digest(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && t.chars().all(|c| c.is_ascii_hexdigit())).then(|| t.to_ascii_lowercase())
}

/// An md5 `checksum`: 32 hex digits, lowercased.
pub fn normalize_md5(s: &str) -> Option<String> {
    normalize_digest(s).filter(|d| d.len() == 32)
}
/// Page size when the URL names none.
pub const DEFAULT_PAGE_SIZE: u32 = 25;

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

/// Values of the `visibility` filter (`all` is a filter value, not an image visibility).
pub const VISIBILITY_FILTERS: [&str; 5] = ["public", "private", "shared", "community", "all"];

/// Values of the `member_status` filter.
pub const MEMBER_STATUS_FILTERS: [&str; 4] = ["pending", "accepted", "rejected", "all"];

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
fn parse_sort_key(s: &str) -> Result<SortKey, Text> {
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

/// Values of a filter that takes Glance's `in:` operator (`id`, `status`, `disk_format`,
/// `container_format`): `in:a,b` is a list, `eq:a` or `a` one value.
pub fn parse_any_of(s: &str) -> Vec<String> {
    if let Some(list) = s.strip_prefix("in:") {
        split_quoted_list(list)
    } else {
        let one = s.strip_prefix("eq:").unwrap_or(s).trim();
        if one.is_empty() {
            Vec::new()
        } else {
            vec![one.to_string()]
        }
    }
}

/// The wire value of an `in:`-capable filter: `None` for no values, the value itself for one
/// (with `eq:` when it holds a colon, see [`NameFilter::to_param`]), `in:…` for several.
/// Measured on Glance 33: `status=in:queued,active`, `disk_format=in:qcow2,ovf`,
/// `container_format=in:ovf,docker` and `id=in:<a>,<b>` each return the union.
pub fn any_of_param(values: &[String]) -> Option<String> {
    match values {
        [] => None,
        [one] => Some(NameFilter::Exact(one.clone()).to_param()),
        many => Some(NameFilter::AnyOf(many.to_vec()).to_param()),
    }
}

/// Comparison operators Glance accepts on `created_at` / `updated_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeOp {
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Gte,
    /// Less than.
    Lt,
    /// Less than or equal.
    Lte,
    /// Equal.
    Eq,
    /// Not equal.
    Neq,
}

impl TimeOp {
    /// All operators, in the order the UI offers them.
    pub const ALL: [TimeOp; 6] = [
        TimeOp::Gt,
        TimeOp::Gte,
        TimeOp::Lt,
        TimeOp::Lte,
        TimeOp::Eq,
        TimeOp::Neq,
    ];
    /// Wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeOp::Gt => "gt",
            TimeOp::Gte => "gte",
            TimeOp::Lt => "lt",
            TimeOp::Lte => "lte",
            TimeOp::Eq => "eq",
            TimeOp::Neq => "neq",
        }
    }
    /// Parses a wire value.
    pub fn parse(s: &str) -> Option<Self> {
        TimeOp::ALL.into_iter().find(|op| op.as_str() == s)
    }
}

/// A timestamp comparison, e.g. `created_at=gte:2026-01-01T00:00:00Z`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeFilter {
    /// Operator.
    pub op: TimeOp,
    /// ISO 8601 timestamp (UTC).
    pub value: String,
}

impl TimeFilter {
    /// Parses `op:timestamp` (a bare timestamp means `eq`, as in Glance); `None` when the
    /// timestamp cannot be read.
    pub fn parse(s: &str) -> Option<Self> {
        let (op, value) = match s.split_once(':') {
            Some((op, rest)) if TimeOp::parse(op).is_some() => (TimeOp::parse(op).unwrap(), rest),
            _ => (TimeOp::Eq, s),
        };
        crate::model::time::parse_timestamp(value)?;
        Some(TimeFilter {
            op,
            value: value.to_string(),
        })
    }
    /// Wire value.
    pub fn to_param(&self) -> String {
        format!("{}:{}", self.op.as_str(), self.value)
    }
}

/// How the name filter matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameFilter {
    /// Exactly this name.
    Exact(String),
    /// Any of these names (`in:`).
    AnyOf(Vec<String>),
}

impl NameFilter {
    /// Parses Glance's syntax: `in:a,"b,c"`, `eq:name` or a plain name.
    pub fn parse(s: &str) -> Self {
        if let Some(list) = s.strip_prefix("in:") {
            NameFilter::AnyOf(split_quoted_list(list))
        } else if let Some(name) = s.strip_prefix("eq:") {
            NameFilter::Exact(name.to_string())
        } else {
            NameFilter::Exact(s.to_string())
        }
    }
    /// Glance's syntax; names holding a comma or quote are quoted.
    ///
    /// Glance splits the value at its first `:` into operator and operand, so an exact name
    /// holding a colon (`in:x` would become a list, `a:b` a 400 "unknown operator 'a'") is
    /// sent with the explicit `eq:` operator, which keeps everything after it whole.
    pub fn to_param(&self) -> String {
        match self {
            NameFilter::Exact(name) if name.contains(':') => format!("eq:{name}"),
            NameFilter::Exact(name) => name.clone(),
            NameFilter::AnyOf(names) => {
                let quoted: Vec<String> = names
                    .iter()
                    .map(|n| {
                        if n.contains(',') || n.contains('"') {
                            format!("\"{}\"", n.replace('"', "\\\""))
                        } else {
                            n.clone()
                        }
                    })
                    .collect();
                format!("in:{}", quoted.join(","))
            }
        }
    }
}

/// Splits `a,"b,c",d` into `["a", "b,c", "d"]`, trimming blanks and dropping empties.
pub fn split_quoted_list(s: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted && chars.peek() == Some(&'"') => current.push(chars.next().unwrap()),
            '"' => quoted = !quoted,
            ',' if !quoted => items.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

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

/// A URL parameter that could not be used, and why; the page shows these instead of
/// silently ignoring what the user typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryProblem {
    /// Parameter name.
    pub param: String,
    /// Explanation, worded by the view in the user's language.
    pub message: Text,
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl ImageListQuery {
    /// Reads the portal URL's query string; unusable values are reported, not fatal. A key
    /// the portal does not type is a property filter (see [`RESERVED_KEYS`]).
    ///
    /// Sorting is read in Glance's new syntax (`sort=name:asc,created_at:desc`) and, so older
    /// links keep working, in the old one (`sort_key=name&sort_dir=asc`, repeatable). Glance
    /// refuses the two together (measured: 400 "Old and new sorting syntax cannot be
    /// combined"), so with both, `sort` wins and the old keys are reported.
    pub fn from_url_query(query: &str) -> (Self, Vec<QueryProblem>) {
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

    /// The most significant sort key (the table marks its column).
    pub fn primary_sort(&self) -> SortKey {
        self.sort
            .first()
            .cloned()
            .unwrap_or_else(|| SortKey::new("created_at", SortDir::Desc))
    }

    /// The filter pairs shared by the portal URL and the Glance request.
    fn filter_pairs(&self) -> Vec<(String, String)> {
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

    /// True when any server-side filter is set (the empty state then says "no match").
    pub fn has_filters(&self) -> bool {
        !self.filter_pairs().is_empty()
    }
}

/// The query for "which images already hold this data": every image the user can see
/// (`visibility=all`: public, community, shared and the project's own; hidden ones are left
/// out, as Glance lists them only on request) whose `os_hash_value` is `digest`. One page of
/// 100 is plenty to tell the user; more would only repeat the point.
pub fn same_data_query(digest: &str) -> ImageListQuery {
    ImageListQuery {
        os_hash_value: normalize_digest(digest),
        visibility: Some("all".into()),
        limit: 100,
        ..ImageListQuery::default()
    }
}

/// The images in `found` other than `own_id` (the upload's own image holds the same data by
/// definition), as `(id, name)`, where the name falls back to the id.
pub fn other_images(found: &[crate::model::image::Image], own_id: &str) -> Vec<(String, String)> {
    found
        .iter()
        .filter(|i| i.id != own_id)
        .map(|i| (i.id.clone(), i.display_name().to_string()))
        .collect()
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

/// The filter form's fields, as typed; [`FilterDraft::apply`] validates them into a query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterDraft {
    /// Name text.
    pub name: String,
    /// Whether `name` is a comma-separated `in:` list.
    pub name_any_of: bool,
    /// Image ids, separated by commas or blanks.
    pub ids: String,
    /// Statuses chosen (none = any).
    pub status: Vec<String>,
    /// Visibility (empty = Glance's default).
    pub visibility: String,
    /// Owner project id.
    pub owner: String,
    /// Comma-separated tags.
    pub tags: String,
    /// Disk formats chosen (none = any).
    pub disk_format: Vec<String>,
    /// Container formats chosen (none = any).
    pub container_format: Vec<String>,
    /// md5 checksum.
    pub checksum: String,
    /// `os_hash_value` digest.
    pub os_hash_value: String,
    /// Property filter rows `(key, value)`; blank rows are ignored, so the form can always
    /// offer an empty one.
    pub properties: Vec<(String, String)>,
    /// Minimum size text.
    pub size_min: String,
    /// Maximum size text.
    pub size_max: String,
    /// Created operator (`gt`…).
    pub created_op: String,
    /// Created time as a `datetime-local` value.
    pub created_at: String,
    /// Updated operator.
    pub updated_op: String,
    /// Updated time as a `datetime-local` value.
    pub updated_at: String,
    /// Member status.
    pub member_status: String,
    /// `""` (default: not hidden) or `"true"` (only hidden).
    pub os_hidden: String,
    /// `""`, `"true"` or `"false"`.
    pub protected: String,
    /// Sort rows `(key, "asc"|"desc")`, most significant first; rows with no key are
    /// ignored, and with none the query keeps its sort.
    pub sort: Vec<(String, String)>,
}

/// Which draft field is invalid, and why (the view words it); each names the field by its
/// label's catalog key, so the message shows the label the user sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftError {
    /// A size is not a whole number.
    NotANumber(Key),
    /// A time is not a date-time.
    NotATime(Key),
    /// A digest holds something other than hex digits.
    NotHex(Key),
    /// An md5 checksum is not 32 hex digits.
    NotMd5(Key),
    /// A property filter names a key the form has its own field for (or the portal's
    /// paging uses).
    ReservedProperty(String),
    /// A property filter key has no value.
    PropertyWithoutValue(String),
    /// A property filter value has no key.
    PropertyWithoutKey(String),
}

fn time_to_input(f: &Option<TimeFilter>) -> (String, String) {
    match f {
        Some(f) => (
            f.op.as_str().to_string(),
            f.value.trim_end_matches('Z').chars().take(19).collect(),
        ),
        None => ("gte".to_string(), String::new()),
    }
}

impl FilterDraft {
    /// The draft showing a query's filters and sort, with one blank property row and one
    /// blank sort row to type into.
    pub fn from_query(q: &ImageListQuery) -> Self {
        let (name, name_any_of) = match &q.name {
            Some(NameFilter::Exact(n)) => (n.clone(), false),
            Some(NameFilter::AnyOf(list)) => (list.join(", "), true),
            None => (String::new(), false),
        };
        let (created_op, created_at) = time_to_input(&q.created_at);
        let (updated_op, updated_at) = time_to_input(&q.updated_at);
        let text = |o: &Option<String>| o.clone().unwrap_or_default();
        let flag = |o: Option<bool>| o.map(|b| b.to_string()).unwrap_or_default();
        let mut properties = q.properties.clone();
        properties.push(Default::default());
        let mut sort: Vec<(String, String)> = q
            .sort
            .iter()
            .map(|k| (k.key.clone(), k.dir.as_str().to_string()))
            .collect();
        sort.push((String::new(), "asc".to_string()));
        FilterDraft {
            name,
            name_any_of,
            ids: q.ids.join(", "),
            status: q.status.clone(),
            visibility: text(&q.visibility),
            owner: text(&q.owner),
            tags: q.tags.join(", "),
            disk_format: q.disk_format.clone(),
            container_format: q.container_format.clone(),
            checksum: text(&q.checksum),
            os_hash_value: text(&q.os_hash_value),
            properties,
            size_min: q.size_min.map(|n| n.to_string()).unwrap_or_default(),
            size_max: q.size_max.map(|n| n.to_string()).unwrap_or_default(),
            created_op,
            created_at,
            updated_op,
            updated_at,
            member_status: text(&q.member_status),
            os_hidden: flag(q.os_hidden),
            protected: flag(q.protected),
            sort,
        }
    }

    /// The query these filters make, keeping `base`'s page size (and its sort when the draft
    /// names none) and starting at the first page; every invalid field is reported.
    pub fn apply(&self, base: &ImageListQuery) -> Result<ImageListQuery, Vec<DraftError>> {
        let mut errors = Vec::new();
        let mut q = base.first_page();
        let opt = |s: &str| non_empty(s);
        q.name = match (opt(&self.name), self.name_any_of) {
            (None, _) => None,
            (Some(n), false) => Some(NameFilter::Exact(n)),
            (Some(list), true) => Some(NameFilter::AnyOf(split_quoted_list(&list))),
        };
        q.ids = self
            .ids
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter_map(non_empty)
            .collect();
        q.status = self.status.clone();
        q.visibility = opt(&self.visibility);
        q.owner = opt(&self.owner);
        q.tags = split_quoted_list(&self.tags);
        q.disk_format = self.disk_format.clone();
        q.container_format = self.container_format.clone();
        q.checksum = match opt(&self.checksum) {
            None => None,
            Some(t) => normalize_md5(&t).or_else(|| {
                errors.push(if normalize_digest(&t).is_some() {
                    DraftError::NotMd5(Key::FilterChecksum)
                } else {
                    DraftError::NotHex(Key::FilterChecksum)
                });
                None
            }),
        };
        q.os_hash_value = match opt(&self.os_hash_value) {
            None => None,
            Some(t) => normalize_digest(&t).or_else(|| {
                errors.push(DraftError::NotHex(Key::FilterHashValue));
                None
            }),
        };
        q.properties = Vec::new();
        for (key, value) in &self.properties {
            match (opt(key), opt(value)) {
                (None, None) => {}
                (None, Some(v)) => errors.push(DraftError::PropertyWithoutKey(v)),
                (Some(k), None) => errors.push(DraftError::PropertyWithoutValue(k)),
                (Some(k), Some(_)) if !is_property_key(&k) => {
                    errors.push(DraftError::ReservedProperty(k))
                }
                // The value is sent as typed: Glance compares it exactly, blanks included.
                (Some(k), Some(_)) => q.set_property(&k, value),
            }
        }
        let mut size = |text: &str, field: Key| match opt(text) {
            None => None,
            Some(t) => match t.parse::<u64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(DraftError::NotANumber(field));
                    None
                }
            },
        };
        q.size_min = size(&self.size_min, Key::FilterSizeMin);
        q.size_max = size(&self.size_max, Key::FilterSizeMax);
        let mut time = |op: &str, text: &str, field: Key| match opt(text) {
            None => None,
            Some(t) => match crate::model::time::local_input_to_utc(&t) {
                Some(value) => Some(TimeFilter {
                    op: TimeOp::parse(op).unwrap_or(TimeOp::Gte),
                    value,
                }),
                None => {
                    errors.push(DraftError::NotATime(field));
                    None
                }
            },
        };
        q.created_at = time(&self.created_op, &self.created_at, Key::FilterCreated);
        q.updated_at = time(&self.updated_op, &self.updated_at, Key::FilterUpdated);
        q.member_status = opt(&self.member_status);
        q.os_hidden = parse_bool(&self.os_hidden);
        q.protected = parse_bool(&self.protected);
        let mut sort: Vec<SortKey> = Vec::new();
        for (key, dir) in &self.sort {
            let dir = if dir == "desc" {
                SortDir::Desc
            } else {
                SortDir::Asc
            };
            // The selects offer only Glance's keys; a repeated key adds nothing.
            if SORT_KEYS.contains(&key.as_str()) && !sort.iter().any(|k| &k.key == key) {
                sort.push(SortKey::new(key, dir));
            }
        }
        if !sort.is_empty() {
            q.sort = sort;
        }
        if errors.is_empty() {
            Ok(q)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn every_filter_round_trips_through_the_url() {
        let url =
            "name=in%3Aa%2C%22b%2Cc%22&status=active&visibility=shared&owner=p1&tag=x&tag=y%20z\
            &disk_format=qcow2&container_format=bare&size_min=1&size_max=1024\
            &created_at=gte%3A2026-01-01T00%3A00%3A00Z&updated_at=lt%3A2026-02-01T00%3A00%3A00Z\
            &member_status=pending&os_hidden=true&protected=false&sort=name%3Aasc%2Csize%3Adesc\
            &limit=1000&marker=m3&trail=m1%2Cm2&q=ubu&id=in%3Ai1%2Ci2&checksum=ABCDEF0123456789abcdef0123456789\
            &os_hash_value=00ff&os_distro=ubuntu&os_version=24.04";
        let (q, problems) = ImageListQuery::from_url_query(url);
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
        let again = ImageListQuery::from_url_query(&build_query(&q.to_url_pairs())).0;
        assert_eq!(again, q);
    }

    #[test]
    fn glance_query_has_filters_and_operators_but_no_portal_state() {
        let (q, _) = ImageListQuery::from_url_query(
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
        let (q, problems) = ImageListQuery::from_url_query(
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
        let (_, problems) = ImageListQuery::from_url_query("size_min=10&size_max=5");
        assert_eq!(problems[0].param, "size_max");
        assert_eq!(
            crate::i18n::Lang::En.text(&problems[0].message),
            "the maximum size 5 is below the minimum size 10"
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
    fn trail_without_marker_is_dropped() {
        let (q, _) = ImageListQuery::from_url_query("trail=a,b");
        assert!(q.trail.is_empty());
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

    #[test]
    fn quoted_lists() {
        assert_eq!(
            split_quoted_list(r#"a, "b,c" ,,"d\"e""#),
            vec!["a", "b,c", "d\"e"]
        );
        let n = NameFilter::AnyOf(vec!["x,y".into(), "z".into()]);
        assert_eq!(NameFilter::parse(&n.to_param()), n);
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
    fn exact_names_with_a_colon_are_sent_with_the_eq_operator() {
        for (name, param) in [
            ("in:lots", "eq:in:lots"),
            ("a:b", "eq:a:b"),
            ("eq:x", "eq:eq:x"),
            ("plain", "plain"),
        ] {
            let exact = NameFilter::Exact(name.into());
            assert_eq!(exact.to_param(), param);
            assert_eq!(NameFilter::parse(&exact.to_param()), exact);
        }
        let draft = FilterDraft {
            name: "in:lots".into(),
            ..FilterDraft::default()
        };
        let q = draft.apply(&ImageListQuery::default()).unwrap();
        assert_eq!(
            build_query(&q.to_glance_pairs()),
            "name=eq%3Ain%3Alots&limit=25&sort=created_at%3Adesc"
        );
        assert_eq!(FilterDraft::from_query(&q).name, "in:lots");
    }

    #[test]
    fn draft_round_trips_a_query_and_resets_paging() {
        let (q, _) = ImageListQuery::from_url_query(
            "name=in:a,b&tag=x&tag=y&size_min=5&created_at=lt:2026-01-31T12:00:00Z\
             &os_hidden=true&protected=false&sort_key=name&sort_dir=asc&limit=50&marker=m&trail=t\
             &status=in:active,queued&disk_format=qcow2&id=a1&os_distro=ubuntu&os_hash_value=ab",
        );
        let draft = FilterDraft::from_query(&q);
        assert_eq!(draft.created_at, "2026-01-31T12:00:00");
        assert_eq!(draft.tags, "x, y");
        let back = draft.apply(&q).unwrap();
        assert_eq!(back, q.first_page());
        assert_eq!((back.limit, back.primary_sort().key.as_str()), (50, "name"));
        assert_eq!(
            draft.properties.last(),
            Some(&(String::new(), String::new()))
        );
        assert_eq!(draft.status, vec!["active", "queued"]);
    }

    #[test]
    fn draft_reports_every_bad_field() {
        let draft = FilterDraft {
            size_min: "ten".into(),
            size_max: "-1".into(),
            created_at: "soon".into(),
            ..FilterDraft::default()
        };
        assert_eq!(
            draft.apply(&ImageListQuery::default()).unwrap_err(),
            vec![
                DraftError::NotANumber(Key::FilterSizeMin),
                DraftError::NotANumber(Key::FilterSizeMax),
                DraftError::NotATime(Key::FilterCreated)
            ]
        );
    }

    #[test]
    fn unknown_url_keys_are_property_filters_sent_to_glance() {
        let (q, problems) =
            ImageListQuery::from_url_query("os_distro=ubuntu&hw_disk_bus=virtio&os_distro=debian");
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
    fn in_lists_for_ids_statuses_and_formats() {
        let (q, _) = ImageListQuery::from_url_query(
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
    fn old_sort_links_migrate_and_conflicts_are_reported() {
        let (q, problems) = ImageListQuery::from_url_query(
            "sort_key=disk_format&sort_dir=asc&sort_key=name&sort_dir=desc",
        );
        assert!(problems.is_empty());
        assert_eq!(sort_param(&q.sort), "disk_format:asc,name:desc");
        assert_eq!(
            build_query(&q.to_url_pairs()),
            "sort=disk_format%3Aasc%2Cname%3Adesc"
        );
        let (q, _) = ImageListQuery::from_url_query("sort_key=name&sort_key=size&sort_dir=asc");
        assert_eq!(sort_param(&q.sort), "name:asc,size:asc");
        let (q, problems) = ImageListQuery::from_url_query("sort=size&sort_key=name");
        assert_eq!(sort_param(&q.sort), "size:desc");
        assert_eq!(problems[0].message, Text::new(Key::UrlSortConflict, &[]));
    }

    #[test]
    fn draft_validates_digests_properties_and_sort() {
        let draft = FilterDraft {
            checksum: "abc".into(),
            os_hash_value: "not-hex".into(),
            properties: vec![
                ("name".into(), "x".into()),
                ("os_distro".into(), " ".into()),
                ("".into(), "orphan".into()),
                ("".into(), "".into()),
            ],
            ..FilterDraft::default()
        };
        assert_eq!(
            draft.apply(&ImageListQuery::default()).unwrap_err(),
            vec![
                DraftError::NotMd5(Key::FilterChecksum),
                DraftError::NotHex(Key::FilterHashValue),
                DraftError::ReservedProperty("name".into()),
                DraftError::PropertyWithoutValue("os_distro".into()),
                DraftError::PropertyWithoutKey("orphan".into()),
            ]
        );
        let draft = FilterDraft {
            ids: "a1, a2 a3".into(),
            os_hash_value: " AB12 ".into(),
            properties: vec![("os_distro".into(), "ubuntu".into())],
            sort: vec![
                ("disk_format".into(), "asc".into()),
                ("disk_format".into(), "desc".into()),
                ("name".into(), "desc".into()),
                ("".into(), "asc".into()),
            ],
            ..FilterDraft::default()
        };
        let q = draft.apply(&ImageListQuery::default()).unwrap();
        assert_eq!(
            build_query(&q.to_glance_pairs()),
            "id=in%3Aa1%2Ca2%2Ca3&os_hash_value=ab12&os_distro=ubuntu&limit=25\
             &sort=disk_format%3Aasc%2Cname%3Adesc"
        );
        // Clearing the filters keeps the sort.
        let cleared = FilterDraft::default().apply(&q).unwrap();
        assert_eq!(cleared.sort, q.sort);
        assert!(!cleared.has_filters());
    }

    #[test]
    fn property_keys_are_suggested_from_loaded_images() {
        let image = |props: serde_json::Value| -> crate::model::image::Image {
            let mut v = serde_json::json!({
                "id": "i", "status": "active", "visibility": "private",
                "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
                "self": "/v2/images/i", "file": "/v2/images/i/file", "schema": "/v2/schemas/image"
            });
            v.as_object_mut()
                .unwrap()
                .extend(props.as_object().unwrap().clone());
            serde_json::from_value(v).unwrap()
        };
        let images = [
            image(serde_json::json!({"os_distro": "ubuntu", "stores": "fs", "nested": {"a": 1}})),
            image(serde_json::json!({"os_distro": "debian", "hw_disk_bus": "virtio"})),
        ];
        assert_eq!(property_keys(&images), vec!["hw_disk_bus", "os_distro"]);
    }

    #[test]
    fn same_data_lookup_asks_every_visible_image_and_skips_the_own_one() {
        let q = same_data_query("ABCD");
        assert_eq!(
            build_query(&q.to_glance_pairs()),
            "visibility=all&os_hash_value=abcd&limit=100&sort=created_at%3Adesc"
        );
        let image = |id: &str, name: Option<&str>| -> crate::model::image::Image {
            serde_json::from_value(serde_json::json!({
                "id": id, "name": name, "status": "active", "visibility": "private",
                "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
            }))
            .unwrap()
        };
        let found = [
            image("own", Some("new")),
            image("a", Some("old")),
            image("b", None),
        ];
        assert_eq!(
            other_images(&found, "own"),
            vec![
                ("a".to_string(), "old".to_string()),
                ("b".to_string(), "b".to_string())
            ]
        );
    }

    #[test]
    fn digests_are_lowercase_hex() {
        assert_eq!(normalize_digest(" AbC1 ").as_deref(), Some("abc1"));
        assert_eq!(normalize_digest("g1"), None);
        assert_eq!(normalize_md5("ab"), None);
    }
}
