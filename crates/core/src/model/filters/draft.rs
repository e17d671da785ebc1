//! The filter form's fields as typed, and their validation into a list view.

use crate::i18n::Key;

use super::list_query::ImageListQuery;
use super::property_keys::is_property_key;
use super::sort::{SortDir, SortKey, SORT_KEYS};
use super::values::{
    non_empty, normalize_digest, normalize_md5, parse_bool, split_quoted_list, NameFilter,
    TimeFilter, TimeOp,
};

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
    use crate::model::filters::list_query_from_url;
    use crate::model::query::build_query;

    #[test]
    fn draft_round_trips_a_query_and_resets_paging() {
        let (q, _) = list_query_from_url(
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
}
