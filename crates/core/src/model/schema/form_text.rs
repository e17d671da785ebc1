//! Form text to typed JSON and back: what a field's text means for its property's type, and
//! the text a field shows for a value.

use serde_json::{Number, Value};

use super::types::{JsonType, PropertySchema};
use super::validation::Violation;

/// Turns a form field's text into the JSON value for `prop`'s [`PropertySchema::primary_type`].
///
/// Empty text means `null` when the property is nullable (Glance's way of clearing `name` or
/// `disk_format`); otherwise the empty string for strings and the empty list for arrays.
/// Numbers and booleans are trimmed; strings are kept exactly as typed. Array text is split
/// on commas, each item trimmed, empty items dropped, and parsed per `items`. This only
/// converts: call [`validate`](super::validate) for the schema's constraints.
pub fn parse_input(prop: &PropertySchema, text: &str) -> Result<Value, Violation> {
    let wrong = || Violation::WrongType {
        expected: prop.types.clone(),
    };
    let trimmed = text.trim();
    let primary = prop.primary_type();
    if prop.nullable() && (text.is_empty() || (primary != JsonType::String && trimmed.is_empty())) {
        return Ok(Value::Null);
    }
    match primary {
        JsonType::Integer => {
            if let Ok(i) = trimmed.parse::<i64>() {
                Ok(Value::from(i))
            } else if let Ok(u) = trimmed.parse::<u64>() {
                Ok(Value::from(u))
            } else {
                Err(wrong())
            }
        }
        JsonType::Number => {
            if let Ok(i) = trimmed.parse::<i64>() {
                return Ok(Value::from(i));
            }
            trimmed
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number)
                .ok_or_else(wrong)
        }
        JsonType::Boolean => match trimmed.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(wrong()),
        },
        JsonType::Array => {
            let item_schema = prop.items.as_deref().cloned().unwrap_or_default();
            trimmed
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .enumerate()
                .map(|(index, item)| {
                    parse_input(&item_schema, item).map_err(|v| Violation::Item {
                        index,
                        violation: Box::new(v),
                    })
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        JsonType::Object => {
            if trimmed.is_empty() {
                return Ok(Value::Object(Default::default()));
            }
            match serde_json::from_str::<Value>(trimmed) {
                Ok(v @ Value::Object(_)) => Ok(v),
                _ => Err(wrong()),
            }
        }
        JsonType::Null => {
            if trimmed.is_empty() {
                Ok(Value::Null)
            } else {
                Err(wrong())
            }
        }
        JsonType::String | JsonType::Unknown(_) => Ok(Value::String(text.to_string())),
    }
}

/// The text a form field shows for `value`, the inverse of [`parse_input`]: strings
/// unquoted, `null` empty, arrays joined with `", "`, objects as JSON.
pub fn display_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items
            .iter()
            .map(display_value)
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(_) => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::test_support::prop;
    use serde_json::json;

    #[test]
    fn parse_input_by_type() {
        let name = prop(json!({"type": ["null", "string"]}));
        assert_eq!(parse_input(&name, ""), Ok(Value::Null));
        assert_eq!(parse_input(&name, " x "), Ok(json!(" x ")));
        assert_eq!(parse_input(&name, "  "), Ok(json!("  ")));
        let custom = prop(json!({"type": "string"}));
        assert_eq!(parse_input(&custom, ""), Ok(json!("")));
        let int = prop(json!({"type": "integer"}));
        assert_eq!(parse_input(&int, " 42 "), Ok(json!(42)));
        assert_eq!(
            parse_input(&int, "18446744073709551615"),
            Ok(json!(u64::MAX))
        );
        assert_eq!(
            parse_input(&int, "4.2"),
            Err(Violation::WrongType {
                expected: vec![JsonType::Integer]
            })
        );
        assert!(parse_input(&int, "").is_err());
        let nint = prop(json!({"type": ["null", "integer"]}));
        assert_eq!(parse_input(&nint, " "), Ok(Value::Null));
        let num = prop(json!({"type": "number"}));
        assert_eq!(parse_input(&num, "1.5"), Ok(json!(1.5)));
        assert_eq!(parse_input(&num, "3"), Ok(json!(3)));
        assert!(parse_input(&num, "NaN").is_err());
        let b = prop(json!({"type": "boolean"}));
        assert_eq!(parse_input(&b, "True"), Ok(json!(true)));
        assert_eq!(parse_input(&b, "false"), Ok(json!(false)));
        assert!(parse_input(&b, "yes").is_err());
        let obj = prop(json!({"type": "object"}));
        assert_eq!(parse_input(&obj, r#"{"a":1}"#), Ok(json!({"a": 1})));
        assert!(parse_input(&obj, "[1]").is_err());
    }

    #[test]
    fn parse_input_arrays_per_items() {
        let tags = prop(json!({"type": "array", "items": {"type": "string"}}));
        assert_eq!(
            parse_input(&tags, "a, b c ,,d,"),
            Ok(json!(["a", "b c", "d"]))
        );
        assert_eq!(parse_input(&tags, ""), Ok(json!([])));
        let ints = prop(json!({"type": "array", "items": {"type": "integer"}}));
        assert_eq!(parse_input(&ints, "1,2"), Ok(json!([1, 2])));
        assert_eq!(
            parse_input(&ints, "1,x"),
            Err(Violation::Item {
                index: 1,
                violation: Box::new(Violation::WrongType {
                    expected: vec![JsonType::Integer]
                })
            })
        );
    }

    #[test]
    fn display_value_inverts_parse_input() {
        assert_eq!(display_value(&Value::Null), "");
        assert_eq!(display_value(&json!("a b")), "a b");
        assert_eq!(display_value(&json!(7)), "7");
        assert_eq!(display_value(&json!(false)), "false");
        assert_eq!(display_value(&json!(["x", "y"])), "x, y");
        assert_eq!(display_value(&json!({"a": 1})), r#"{"a":1}"#);
        let cases = [
            (json!({"type": ["null", "string"]}), json!("name")),
            (json!({"type": ["null", "string"]}), Value::Null),
            (json!({"type": "integer"}), json!(1024)),
            (json!({"type": "boolean"}), json!(true)),
            (
                json!({"type": "array", "items": {"type": "string"}}),
                json!(["a", "b"]),
            ),
        ];
        for (schema, value) in cases {
            let p = prop(schema);
            assert_eq!(parse_input(&p, &display_value(&value)), Ok(value));
        }
    }
}
