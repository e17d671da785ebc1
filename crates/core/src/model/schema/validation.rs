//! Whether a value satisfies its property schema, and what is wrong when it does not, in the
//! user's language.

use std::fmt;

use crate::i18n::{Key, Lang};
use serde_json::Value;

use super::types::{is_whole, JsonType, PropertySchema};

/// Why a value does not satisfy its property schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Violation {
    /// The value's JSON type is not one of these.
    WrongType {
        /// The allowed types.
        expected: Vec<JsonType>,
    },
    /// The value is not in the enum.
    NotInEnum {
        /// The allowed values as text (`null` for JSON null).
        allowed: Vec<String>,
    },
    /// A string does not match the pattern.
    PatternMismatch {
        /// The pattern.
        pattern: String,
        /// The property's description from the schema, which says in words what the pattern
        /// wants.
        description: Option<String>,
    },
    /// A string is longer than `max` characters.
    TooLong {
        /// The limit.
        max: u64,
    },
    /// A string is shorter than `min` characters.
    TooShort {
        /// The limit.
        min: u64,
    },
    /// A number is below `min`.
    BelowMinimum {
        /// The limit.
        min: f64,
    },
    /// A number is above `max`.
    AboveMaximum {
        /// The limit.
        max: f64,
    },
    /// The property cannot be changed.
    ReadOnly,
    /// A custom property, on a cloud whose schema forbids them (`additionalProperties: false`).
    NotAllowed,
    /// An element of an array is invalid.
    Item {
        /// Zero-based position of the element.
        index: usize,
        /// What is wrong with it.
        violation: Box<Violation>,
    },
}

fn type_phrase(t: &JsonType, lang: Lang) -> String {
    match t {
        JsonType::String => lang.t(Key::TypeText).into(),
        JsonType::Integer => lang.t(Key::TypeInteger).into(),
        JsonType::Number => lang.t(Key::TypeNumber).into(),
        JsonType::Boolean => lang.t(Key::TypeBoolean).into(),
        JsonType::Array => lang.t(Key::TypeArray).into(),
        JsonType::Object => lang.t(Key::TypeObject).into(),
        JsonType::Null => String::new(),
        JsonType::Unknown(name) => lang.tf(Key::TypeOther, &[name]),
    }
}

/// A limit without a pointless `.0`.
fn number_text(n: f64) -> String {
    if is_whole(n) && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

impl Violation {
    /// What is wrong, in words the user reads, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Violation::WrongType { expected } => {
                let phrases: Vec<String> = expected
                    .iter()
                    .filter(|t| **t != JsonType::Null)
                    .map(|t| type_phrase(t, lang))
                    .collect();
                let joined = phrases.join(lang.t(Key::VOr));
                match (phrases.is_empty(), expected.contains(&JsonType::Null)) {
                    (true, _) => lang.t(Key::VLeaveEmpty).into(),
                    (false, true) => lang.tf(Key::VEnterOrEmpty, &[&joined]),
                    (false, false) => lang.tf(Key::VEnter, &[&joined]),
                }
            }
            Violation::NotInEnum { allowed } => lang.tf(Key::VChooseOne, &[&allowed.join(", ")]),
            // Users read the description; the regex is there for those who can use it.
            Violation::PatternMismatch {
                pattern,
                description: Some(d),
            } if !d.trim().is_empty() => {
                let d = d.trim().trim_end_matches('.');
                lang.tf(Key::VPatternDescribed, &[d, pattern])
            }
            Violation::PatternMismatch { pattern, .. } => lang.tf(Key::VPattern, &[pattern]),
            Violation::TooLong { max } => lang.tf(Key::VTooLong, &[&max.to_string()]),
            Violation::TooShort { min } => lang.tf(Key::VTooShort, &[&min.to_string()]),
            Violation::BelowMinimum { min } => lang.tf(Key::VBelowMin, &[&number_text(*min)]),
            Violation::AboveMaximum { max } => lang.tf(Key::VAboveMax, &[&number_text(*max)]),
            Violation::ReadOnly => lang.t(Key::VReadOnly).into(),
            Violation::NotAllowed => lang.t(Key::VNotAllowed).into(),
            Violation::Item { index, violation } => lang.tf(
                Key::VItem,
                &[&(index + 1).to_string(), &violation.message(lang)],
            ),
        }
    }
}

/// English, for logs and tests; the UI uses [`Violation::message`].
impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Evaluates a schema's regular expressions. The app uses the browser's `RegExp`, because
/// schema patterns are ECMA-262 and a Rust regex engine would add to the bundle.
pub trait PatternMatcher {
    /// Whether `value` matches `pattern` anywhere; `None` when the pattern cannot be evaluated
    /// (the check is then skipped and left to Glance).
    fn is_match(&self, pattern: &str, value: &str) -> Option<bool>;
}

/// JSON equality where `0`, `0.0` and `-0` are the same number, as in JSON Schema (a
/// `serde_json::Value` compares an integer and a float as different).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(i), Some(j)) => i == j,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn enum_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Checks `value` against `prop` as an edit: a read-only property rejects any value; then
/// type, enum, string length and pattern, numeric bounds, and each array element.
pub fn validate(
    prop: &PropertySchema,
    value: &Value,
    patterns: &dyn PatternMatcher,
) -> Result<(), Violation> {
    if prop.read_only {
        return Err(Violation::ReadOnly);
    }
    if !prop.types.is_empty() && !prop.types.iter().any(|t| t.accepts(value)) {
        return Err(Violation::WrongType {
            expected: prop.types.clone(),
        });
    }
    if !prop.enum_values.is_empty() && !prop.enum_values.iter().any(|e| json_eq(e, value)) {
        return Err(Violation::NotInEnum {
            allowed: prop.enum_values.iter().map(enum_text).collect(),
        });
    }
    match value {
        Value::String(s) => {
            // JSON Schema (and Python's len) count code points, not bytes.
            let len = s.chars().count() as u64;
            if let Some(max) = prop.max_length.filter(|max| len > *max) {
                return Err(Violation::TooLong { max });
            }
            if let Some(min) = prop.min_length.filter(|min| len < *min) {
                return Err(Violation::TooShort { min });
            }
            if let Some(pattern) = &prop.pattern {
                if patterns.is_match(pattern, s) == Some(false) {
                    return Err(Violation::PatternMismatch {
                        pattern: pattern.clone(),
                        description: prop.description.clone(),
                    });
                }
            }
        }
        Value::Number(n) => {
            let n = n.as_f64().unwrap_or(f64::NAN);
            if let Some(min) = prop.minimum.filter(|min| n < *min) {
                return Err(Violation::BelowMinimum { min });
            }
            if let Some(max) = prop.maximum.filter(|max| n > *max) {
                return Err(Violation::AboveMaximum { max });
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = &prop.items {
                for (index, item) in items.iter().enumerate() {
                    validate(item_schema, item, patterns).map_err(|v| Violation::Item {
                        index,
                        violation: Box::new(v),
                    })?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::test_support::{prop, Exact};
    use crate::model::schema::KeyProblem;
    use serde_json::json;

    #[test]
    fn validate_types_and_nullability() {
        let name = prop(json!({"type": ["null", "string"], "maxLength": 3}));
        assert_eq!(validate(&name, &Value::Null, &Exact), Ok(()));
        assert_eq!(validate(&name, &json!("abc"), &Exact), Ok(()));
        assert_eq!(
            validate(&name, &json!(5), &Exact),
            Err(Violation::WrongType {
                expected: vec![JsonType::Null, JsonType::String]
            })
        );
        let int = prop(json!({"type": "integer"}));
        assert_eq!(validate(&int, &json!(2.0), &Exact), Ok(()));
        assert!(validate(&int, &json!(2.5), &Exact).is_err());
        assert!(validate(&int, &Value::Null, &Exact).is_err());
        assert!(validate(&int, &json!("2"), &Exact).is_err());
        // An unknown type name cannot be judged here.
        let odd = prop(json!({"type": "Date"}));
        assert_eq!(validate(&odd, &json!(1), &Exact), Ok(()));
    }

    #[test]
    fn validate_enum_lengths_bounds_pattern() {
        let fmt = prop(json!({"type": ["null", "string"], "enum": [null, "raw", "qcow2"]}));
        assert_eq!(validate(&fmt, &Value::Null, &Exact), Ok(()));
        assert_eq!(
            validate(&fmt, &json!("vmdk"), &Exact),
            Err(Violation::NotInEnum {
                allowed: vec!["null".into(), "raw".into(), "qcow2".into()]
            })
        );
        let s = prop(json!({"type": "string", "maxLength": 2, "minLength": 1}));
        // Code points, not bytes: two CJK characters are six bytes.
        assert_eq!(validate(&s, &json!("镜像"), &Exact), Ok(()));
        assert_eq!(
            validate(&s, &json!("abc"), &Exact),
            Err(Violation::TooLong { max: 2 })
        );
        assert_eq!(
            validate(&s, &json!(""), &Exact),
            Err(Violation::TooShort { min: 1 })
        );
        let n = prop(json!({"type": "number", "minimum": 0, "maximum": 1}));
        assert_eq!(validate(&n, &json!(1), &Exact), Ok(()));
        assert_eq!(
            validate(&n, &json!(-0.5), &Exact),
            Err(Violation::BelowMinimum { min: 0.0 })
        );
        assert_eq!(
            validate(&n, &json!(2), &Exact),
            Err(Violation::AboveMaximum { max: 1.0 })
        );
        let p = prop(json!({"type": "string", "pattern": "ok"}));
        assert_eq!(validate(&p, &json!("ok"), &Exact), Ok(()));
        assert_eq!(
            validate(&p, &json!("no"), &Exact),
            Err(Violation::PatternMismatch {
                pattern: "ok".into(),
                description: None
            })
        );
        assert_eq!(
            Violation::PatternMismatch {
                pattern: "ok".into(),
                description: None
            }
            .to_string(),
            "This does not have the required form (ok)."
        );
        let described = prop(json!({
            "type": "string", "pattern": "^[0-9a-f]{8}$", "description": "ID of the kernel image."
        }));
        let mismatch = validate(&described, &json!("vmlinuz"), &Exact).unwrap_err();
        assert_eq!(
            mismatch.to_string(),
            "ID of the kernel image. This does not have the required form (^[0-9a-f]{8}$)."
        );
        let unsupported = prop(json!({"type": "string", "pattern": "unsupported"}));
        assert_eq!(validate(&unsupported, &json!("anything"), &Exact), Ok(()));
    }

    #[test]
    fn validate_items_and_read_only() {
        let tags = prop(json!({"type": "array", "items": {"type": "string", "maxLength": 2}}));
        assert_eq!(validate(&tags, &json!(["a", "bb"]), &Exact), Ok(()));
        assert_eq!(
            validate(&tags, &json!(["a", "bbb"]), &Exact),
            Err(Violation::Item {
                index: 1,
                violation: Box::new(Violation::TooLong { max: 2 })
            })
        );
        let ro = prop(json!({"type": "string", "readOnly": true}));
        assert_eq!(validate(&ro, &json!("x"), &Exact), Err(Violation::ReadOnly));
    }

    #[test]
    fn violations_read_as_sentences() {
        let wrong = Violation::WrongType {
            expected: vec![JsonType::Null, JsonType::Integer],
        };
        assert_eq!(
            wrong.to_string(),
            "Enter a whole number, or leave it empty."
        );
        assert_eq!(
            Violation::WrongType {
                expected: vec![JsonType::Boolean]
            }
            .to_string(),
            "Enter true or false."
        );
        assert_eq!(
            Violation::BelowMinimum { min: 0.0 }.to_string(),
            "Enter a value of at least 0."
        );
        assert_eq!(
            Violation::AboveMaximum { max: 1.5 }.to_string(),
            "Enter a value of at most 1.5."
        );
        let item = Violation::Item {
            index: 0,
            violation: Box::new(Violation::TooLong { max: 255 }),
        };
        assert_eq!(item.to_string(), "Item 1: Use at most 255 characters.");
        assert_eq!(
            Violation::NotInEnum {
                allowed: vec!["a".into(), "b".into()]
            }
            .to_string(),
            "Choose one of: a, b."
        );
    }

    #[test]
    fn json_eq_treats_numbers_numerically() {
        assert!(json_eq(&json!(0), &json!(0.0)));
        assert!(json_eq(&json!({"a": [1]}), &json!({"a": [1.0]})));
        assert!(!json_eq(&json!(1), &json!("1")));
        assert!(!json_eq(&json!([1, 2]), &json!([1])));
    }

    #[test]
    fn problems_read_in_the_users_language() {
        let nested = Violation::Item {
            index: 1,
            violation: Box::new(Violation::WrongType {
                expected: vec![JsonType::Integer, JsonType::Null],
            }),
        };
        assert_eq!(
            nested.to_string(),
            "Item 2: Enter a whole number, or leave it empty."
        );
        assert_eq!(nested.message(Lang::ZhCn), "第 2 项：请输入整数，或留空。");
        assert_eq!(
            KeyProblem::TooLong { max: 255 }.message(Lang::ZhCn),
            "属性名称最多 255 个字符。"
        );
        assert_eq!(
            KeyProblem::Reserved.to_string(),
            "Glance reserves this property name."
        );
    }
}
