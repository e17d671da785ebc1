//! The text syntax of filter values, as Glance reads them and the portal writes them: exact
//! names and `in:` lists, time comparisons, digests, booleans.

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
    /// The comparison's sign, as people write it (the form's choices, a chip).
    pub fn sign(self) -> &'static str {
        match self {
            TimeOp::Gt => ">",
            TimeOp::Gte => "≥",
            TimeOp::Lt => "<",
            TimeOp::Lte => "≤",
            TimeOp::Eq => "=",
            TimeOp::Neq => "≠",
        }
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

/// `true` or `false` as the URL and the form spell them.
pub(super) fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// `s` trimmed, or `None` when nothing is left.
pub(super) fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::filters::{FilterDraft, ImageListQuery};
    use crate::model::query::build_query;

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
    fn digests_are_lowercase_hex() {
        assert_eq!(normalize_digest(" AbC1 ").as_deref(), Some("abc1"));
        assert_eq!(normalize_digest("g1"), None);
        assert_eq!(normalize_md5("ab"), None);
    }
}
