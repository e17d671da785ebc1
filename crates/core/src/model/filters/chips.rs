//! The list's active filters as chips: one per filter the URL sets, each saying what it
//! keeps ("Status: active, queued", "Size: ≥ 1.0 GiB", "os_distro: ubuntu") and carrying the
//! view without it, which its remove button goes to.

use super::from_url::list_query_from_url;
use super::list_query::ImageListQuery;
use super::values::{parse_any_of, NameFilter, TimeFilter};
use crate::i18n::Key;
use crate::model::property_words::words_for;
use crate::model::query::build_query;
use crate::model::size::human_size;

/// What a chip is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChipLabel {
    /// A filter the portal names (a catalog entry).
    Named(Key),
    /// A property filter the portal has no words for: the key as it is.
    Key(String),
}

/// What a chip keeps, worded by the view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChipValue {
    /// Text shown as it is (a name, a tag, formats, an id, a digest).
    Text(String),
    /// Image statuses (worded in the user's language).
    Statuses(Vec<String>),
    /// A visibility filter (worded).
    Visibility(String),
    /// Yes or no.
    Flag(bool),
    /// At least this many bytes.
    AtLeast(String),
    /// At most this many bytes.
    AtMost(String),
    /// A time comparison: the operator's sign and the timestamp.
    Time(&'static str, String),
}

/// One active filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterChip {
    /// The URL parameter it comes from.
    pub param: String,
    /// What it is about.
    pub label: ChipLabel,
    /// What it keeps.
    pub value: ChipValue,
    /// The view without it, from the first page (the page search stays).
    pub without: ImageListQuery,
}

/// The chips of `query`'s filters, in the URL's order.
pub fn filter_chips(query: &ImageListQuery) -> Vec<FilterChip> {
    let pairs = query.to_url_pairs();
    let filters = query.filter_pairs();
    filters
        .iter()
        .map(|(param, value)| {
            let mut rest = pairs.clone();
            if let Some(at) = rest.iter().position(|(k, v)| k == param && v == value) {
                rest.remove(at);
            }
            let mut without = list_query_from_url(&build_query(&rest)).0.first_page();
            without.search = query.search.clone();
            let (label, value) = describe(param, value);
            FilterChip {
                param: param.clone(),
                label,
                value,
                without,
            }
        })
        .collect()
}

fn describe(param: &str, value: &str) -> (ChipLabel, ChipValue) {
    let named = |key: Key, v: ChipValue| (ChipLabel::Named(key), v);
    let list = || parse_any_of(value).join(", ");
    match param {
        "name" => named(
            Key::PropName,
            ChipValue::Text(match NameFilter::parse(value) {
                NameFilter::Exact(n) => n,
                NameFilter::AnyOf(names) => names.join(", "),
            }),
        ),
        "id" => named(Key::PropId, ChipValue::Text(list())),
        "status" => named(Key::PropStatus, ChipValue::Statuses(parse_any_of(value))),
        "disk_format" => named(Key::PropDiskFormat, ChipValue::Text(list())),
        "container_format" => named(Key::PropContainerFormat, ChipValue::Text(list())),
        "visibility" => named(Key::PropVisibility, ChipValue::Visibility(value.into())),
        "owner" => named(Key::PropOwner, ChipValue::Text(value.into())),
        "member_status" => named(Key::FilterMemberStatus, ChipValue::Text(value.into())),
        "checksum" => named(Key::PropChecksum, ChipValue::Text(value.into())),
        "os_hash_value" => named(Key::PropOsHashValue, ChipValue::Text(value.into())),
        "tag" => named(Key::ChipTag, ChipValue::Text(value.into())),
        "size_min" | "size_max" => {
            let size = value
                .parse::<u64>()
                .map(human_size)
                .unwrap_or_else(|_| value.to_string());
            let v = if param == "size_min" {
                ChipValue::AtLeast(size)
            } else {
                ChipValue::AtMost(size)
            };
            named(Key::PropSize, v)
        }
        "created_at" | "updated_at" => {
            let key = if param == "created_at" {
                Key::PropCreatedAt
            } else {
                Key::PropUpdatedAt
            };
            let v = match TimeFilter::parse(value) {
                Some(f) => ChipValue::Time(f.op.sign(), f.value),
                None => ChipValue::Text(value.into()),
            };
            named(key, v)
        }
        "os_hidden" => named(Key::PropOsHidden, ChipValue::Flag(value == "true")),
        "protected" => named(Key::PropProtected, ChipValue::Flag(value == "true")),
        key => match words_for(key) {
            Some(words) => named(words.title, ChipValue::Text(value.into())),
            None => (ChipLabel::Key(key.into()), ChipValue::Text(value.into())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(url: &str) -> ImageListQuery {
        let (q, problems) = list_query_from_url(url);
        assert!(problems.is_empty(), "{problems:?}");
        q
    }

    #[test]
    fn each_filter_is_a_chip_whose_removal_keeps_the_others() {
        let q = query(
            "status=in:active,queued&tag=a&tag=b&size_min=1073741824&os_distro=ubuntu\
             &hw_cpu_cores=4&sort=name:asc&limit=50&marker=m1&q=web",
        );
        let chips = filter_chips(&q);
        let params: Vec<&str> = chips.iter().map(|c| c.param.as_str()).collect();
        assert_eq!(
            params,
            [
                "status",
                "tag",
                "tag",
                "size_min",
                "os_distro",
                "hw_cpu_cores"
            ]
        );
        assert_eq!(
            chips[0].value,
            ChipValue::Statuses(vec!["active".into(), "queued".into()])
        );
        assert_eq!(chips[3].value, ChipValue::AtLeast("1.0 GiB".into()));
        assert_eq!(chips[4].label, ChipLabel::Named(Key::PropOsDistro));
        assert_eq!(chips[5].label, ChipLabel::Key("hw_cpu_cores".into()));
        // Removing one tag keeps the other, the sort, the size and the search; paging resets.
        let without = &chips[1].without;
        assert_eq!(without.tags, ["b"]);
        assert!(without.status.len() == 2 && without.size_min.is_some());
        assert_eq!((without.limit, without.search.as_str()), (50, "web"));
        assert_eq!(without.marker, None);
        assert_eq!(filter_chips(without).len(), chips.len() - 1);
        // The last chip removed leaves no filter.
        let mut q = q;
        for _ in 0..6 {
            q = filter_chips(&q).remove(0).without;
        }
        assert!(!q.has_filters());
        assert!(filter_chips(&q).is_empty());
    }

    #[test]
    fn values_read_as_people_say_them() {
        let q = query(
            "name=in:a,%22b,c%22&created_at=gte:2026-01-01T00:00:00Z&os_hidden=true\
             &visibility=all&size_max=5",
        );
        let values: Vec<ChipValue> = filter_chips(&q).into_iter().map(|c| c.value).collect();
        assert_eq!(
            values,
            [
                ChipValue::Text("a, b,c".into()),
                ChipValue::Visibility("all".into()),
                ChipValue::AtMost("5 B".into()),
                ChipValue::Time("≥", "2026-01-01T00:00:00Z".into()),
                ChipValue::Flag(true),
            ]
        );
    }
}
