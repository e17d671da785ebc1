//! The image schema as typed data: JSON Schema type names, one property's constraints, the
//! object schema with its links, and how a schema document (text or `serde_json::Value`)
//! becomes them. serde_json's `preserve_order` keeps a `Value`'s members in document order,
//! so the properties come out in the order the cloud wrote them either way.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::Deserialize;
use serde_json::Value;

use super::key_rules::never_patched;

crate::open_enum! {
    /// A JSON Schema primitive type name.
    JsonType {
        /// `"string"`.
        String => "string",
        /// `"integer"`.
        Integer => "integer",
        /// `"number"`.
        Number => "number",
        /// `"boolean"`.
        Boolean => "boolean",
        /// `"array"`.
        Array => "array",
        /// `"object"`.
        Object => "object",
        /// `"null"`.
        Null => "null",
    }
}

impl JsonType {
    /// Parses a type name case-insensitively, because Huawei IMS publishes `"String"`.
    /// A name that is not a JSON Schema type is kept verbatim as `Unknown`.
    pub fn parse(name: &str) -> Self {
        match JsonType::from(name.to_ascii_lowercase().as_str()) {
            JsonType::Unknown(_) => JsonType::Unknown(name.to_string()),
            known => known,
        }
    }

    /// Whether `value` is of this type. Unknown type names accept everything, since the
    /// portal cannot judge them and Glance will.
    pub fn accepts(&self, value: &Value) -> bool {
        match self {
            JsonType::String => value.is_string(),
            // Draft 6+ (which Glance's `jsonschema` applies) counts 1.0 as an integer.
            JsonType::Integer => match value {
                Value::Number(n) => n.is_i64() || n.is_u64() || n.as_f64().is_some_and(is_whole),
                _ => false,
            },
            JsonType::Number => value.is_number(),
            JsonType::Boolean => value.is_boolean(),
            JsonType::Array => value.is_array(),
            JsonType::Object => value.is_object(),
            JsonType::Null => value.is_null(),
            JsonType::Unknown(_) => true,
        }
    }
}

/// Whether `f` is a whole number (JSON Schema counts `1.0` as an integer).
pub(super) fn is_whole(f: f64) -> bool {
    f.is_finite() && f.fract() == 0.0
}

/// A length limit: a non-negative whole number, also when the schema spells it `255.0`.
fn whole_u64(value: &Value) -> Option<u64> {
    value.as_u64().or_else(|| {
        value
            .as_f64()
            .filter(|f| is_whole(*f) && *f >= 0.0)
            .map(|f| f as u64)
    })
}

/// JSON text as a `Value`, or why it is not JSON.
fn json_text(text: &str) -> Result<Value, SchemaError> {
    serde_json::from_str(text).map_err(|e| SchemaError(e.to_string()))
}

/// The constraints of one property (or of `additionalProperties`, or of an array's `items`).
#[derive(Clone, Debug, PartialEq)]
pub struct PropertySchema {
    /// Allowed types: `"type": "string"` or `["null", "string"]`; empty when absent (any).
    pub types: Vec<JsonType>,
    /// Allowed values; empty means no enum.
    pub enum_values: Vec<Value>,
    /// ECMA-262 regular expression a string must match (anywhere, as JSON Schema says).
    pub pattern: Option<String>,
    /// Maximum string length in characters (Unicode code points).
    pub max_length: Option<u64>,
    /// Minimum string length in characters.
    pub min_length: Option<u64>,
    /// Inclusive lower bound of a number.
    pub minimum: Option<f64>,
    /// Inclusive upper bound of a number.
    pub maximum: Option<f64>,
    /// Schema of each element of an array.
    pub items: Option<Box<PropertySchema>>,
    /// `readOnly: true`, or a description containing `(READ-ONLY)` (Huawei IMS's convention).
    pub read_only: bool,
    /// Glance's `is_base`: false for properties that a cloud's property schema adds on top of
    /// Glance's own (they are stored as extra properties, so they can be removed). Absent = true.
    pub is_base: bool,
    /// Human description from the schema.
    pub description: Option<String>,
}

impl Default for PropertySchema {
    /// An unconstrained property (what `additionalProperties: true` means).
    fn default() -> Self {
        PropertySchema {
            types: Vec::new(),
            enum_values: Vec::new(),
            pattern: None,
            max_length: None,
            min_length: None,
            minimum: None,
            maximum: None,
            items: None,
            read_only: false,
            is_base: true,
            description: None,
        }
    }
}

impl PropertySchema {
    /// Whether `null` is an allowed value (by type, or by being in the enum).
    pub fn nullable(&self) -> bool {
        self.types.contains(&JsonType::Null) || self.enum_values.iter().any(Value::is_null)
    }

    /// The type a form field edits: the first non-null type, `String` if there is none.
    pub fn primary_type(&self) -> JsonType {
        self.types
            .iter()
            .find(|t| **t != JsonType::Null)
            .cloned()
            .unwrap_or(JsonType::String)
    }

    pub(super) fn from_value(value: &Value, at: &str) -> Result<Self, SchemaError> {
        let fields = match value {
            // JSON Schema's boolean form: `true` allows anything. `false` (nothing allowed) is
            // not something a property map contains in practice; treat it the same rather than
            // refuse the whole schema.
            Value::Bool(_) => return Ok(PropertySchema::default()),
            Value::Object(fields) => fields,
            _ => return Err(SchemaError(format!("{at}: expected an object"))),
        };
        let get = |key: &str| fields.get(key);
        let types = match get("type") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::String(s)) => vec![JsonType::parse(s)],
            Some(Value::Array(items)) => items
                .iter()
                .map(|t| match t {
                    Value::String(s) => Ok(JsonType::parse(s)),
                    _ => Err(SchemaError(format!("{at}.type: expected type names"))),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(SchemaError(format!("{at}.type: expected a string or list"))),
        };
        let enum_values = match get("enum") {
            Some(Value::Array(items)) => items.clone(),
            _ => Vec::new(),
        };
        let description = get("description")
            .and_then(Value::as_str)
            .map(str::to_string);
        let read_only = matches!(get("readOnly"), Some(Value::Bool(true)))
            || description
                .as_deref()
                .is_some_and(|d| d.to_ascii_uppercase().contains("(READ-ONLY)"));
        let items = match get("items") {
            Some(item @ (Value::Object(_) | Value::Bool(_))) => Some(Box::new(
                PropertySchema::from_value(item, &format!("{at}.items"))?,
            )),
            _ => None,
        };
        Ok(PropertySchema {
            types,
            enum_values,
            pattern: get("pattern").and_then(Value::as_str).map(str::to_string),
            max_length: get("maxLength").and_then(whole_u64),
            min_length: get("minLength").and_then(whole_u64),
            minimum: get("minimum").and_then(Value::as_f64),
            maximum: get("maximum").and_then(Value::as_f64),
            items,
            read_only,
            is_base: !matches!(get("is_base"), Some(Value::Bool(false))),
            description,
        })
    }
}

/// One entry of a schema's `links` (URI templates such as `{self}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaLink {
    /// Relation, e.g. `self`, `enclosure`, `describedby`.
    pub rel: String,
    /// URI template.
    pub href: String,
}

/// An object schema: Glance's image (or member) schema.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageSchema {
    /// The schema's `name` (`image`, `member`); empty when absent.
    pub name: String,
    /// Properties in the document's order (the editor shows them so).
    pub properties: Vec<(String, PropertySchema)>,
    /// Schema of keys not in `properties`; `None` when `additionalProperties` is false or
    /// absent (nothing to check a custom value against).
    pub additional_properties: Option<PropertySchema>,
    /// False when the schema says `"additionalProperties": false`: the cloud takes no custom
    /// properties, so the editor must not offer them. Absent means allowed, as in JSON Schema.
    pub allows_custom: bool,
    /// The schema's links.
    pub links: Vec<SchemaLink>,
}

/// A schema document the portal cannot use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError(pub String);

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unusable image schema: {}", self.0)
    }
}

impl std::error::Error for SchemaError {}

impl ImageSchema {
    /// Parses an object schema such as `/v2/schemas/image` or `/v2/schemas/member`.
    pub fn parse(value: &Value) -> Result<Self, SchemaError> {
        if !value.is_object() {
            return Err(SchemaError("expected a JSON object".into()));
        }
        let properties = match value.get("properties") {
            Some(Value::Object(props)) => props
                .iter()
                .map(|(key, prop)| Ok((key.clone(), PropertySchema::from_value(prop, key)?)))
                .collect::<Result<Vec<_>, SchemaError>>()?,
            _ => return Err(SchemaError("no \"properties\" object".into())),
        };
        let allows_custom = !matches!(value.get("additionalProperties"), Some(Value::Bool(false)));
        let additional_properties = match value.get("additionalProperties") {
            None | Some(Value::Bool(false)) | Some(Value::Null) => None,
            Some(other) => Some(PropertySchema::from_value(other, "additionalProperties")?),
        };
        let links = match value.get("links") {
            Some(Value::Array(links)) => links
                .iter()
                .filter_map(|l| {
                    Some(SchemaLink {
                        rel: l.get("rel")?.as_str()?.to_string(),
                        href: l.get("href")?.as_str()?.to_string(),
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(ImageSchema {
            name: value
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            properties,
            additional_properties,
            allows_custom,
            links,
        })
    }

    /// Parses the list schema `/v2/schemas/images`, whose image schema is
    /// `properties.images.items`.
    pub fn from_list_schema(value: &Value) -> Result<Self, SchemaError> {
        let items = value
            .get("properties")
            .and_then(|p| p.get("images"))
            .and_then(|i| i.get("items"))
            .ok_or_else(|| SchemaError("no properties.images.items in the list schema".into()))?;
        Self::parse(items)
    }

    /// Parses an object schema from JSON text.
    pub fn parse_str(text: &str) -> Result<Self, SchemaError> {
        Self::parse(&json_text(text)?)
    }

    /// Parses a list schema from JSON text.
    pub fn from_list_schema_str(text: &str) -> Result<Self, SchemaError> {
        Self::from_list_schema(&json_text(text)?)
    }

    /// The schema of a named property.
    pub fn property(&self, key: &str) -> Option<&PropertySchema> {
        self.properties
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| p)
    }

    /// Whether the portal must never send a change to `key`: the schema marks it read-only,
    /// or Glance refuses it whatever the schema says ([`never_patched`]).
    pub fn is_read_only(&self, key: &str) -> bool {
        self.property(key).is_some_and(|p| p.read_only) || never_patched(key)
    }

    /// Whether `key` is a custom property (not one the schema names).
    pub fn is_custom(&self, key: &str) -> bool {
        self.property(key).is_none()
    }

    /// Position of a schema property, for ordering.
    pub(crate) fn index_of(&self, key: &str) -> Option<usize> {
        self.properties.iter().position(|(k, _)| k == key)
    }
}

impl<'de> Deserialize<'de> for ImageSchema {
    /// Decodes an object schema, as [`ImageSchema::parse`] reads it.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        ImageSchema::parse(&value).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::test_support::{prop, schema};
    use serde_json::json;

    #[test]
    fn read_only_combines_schema_glance_and_reserved() {
        let s = schema();
        assert!(s.is_read_only("status")); // readOnly in the schema
        assert!(s.is_read_only("file")); // "(read-only)" in the description
        assert!(s.is_read_only("id")); // writable per schema, refused by Glance
        assert!(s.is_read_only("stores")); // not in this schema, refused by Glance
        assert!(s.is_read_only("locations"));
        assert!(s.is_read_only("deleted_at"));
        assert!(s.is_read_only("os_glance_import_task"));
        assert!(!s.is_read_only("name"));
        assert!(!s.is_read_only("kernel_id"));
        assert!(!s.is_read_only("my_custom"));
        assert!(s.is_custom("my_custom") && !s.is_custom("kernel_id"));
    }

    #[test]
    fn type_names_parse_case_insensitively_and_keep_unknown_ones() {
        assert_eq!(JsonType::parse("String"), JsonType::String);
        assert_eq!(JsonType::parse("INTEGER"), JsonType::Integer);
        assert_eq!(JsonType::parse("Date"), JsonType::Unknown("Date".into()));
        let s = schema();
        assert_eq!(
            s.additional_properties.as_ref().unwrap().types,
            vec![JsonType::String]
        );
    }

    #[test]
    fn property_fields_are_read() {
        let p = prop(json!({
            "type": ["null", "integer"], "enum": [null, 1, 2], "pattern": "^a",
            "maxLength": 3, "minLength": 1, "minimum": 0, "maximum": 9.5,
            "description": "Size (READ-ONLY)"
        }));
        assert_eq!(p.types, vec![JsonType::Null, JsonType::Integer]);
        assert_eq!(p.enum_values, vec![Value::Null, json!(1), json!(2)]);
        assert_eq!(p.pattern.as_deref(), Some("^a"));
        assert_eq!((p.max_length, p.min_length), (Some(3), Some(1)));
        assert_eq!((p.minimum, p.maximum), (Some(0.0), Some(9.5)));
        assert!(p.read_only);
        assert!(p.is_base);
        assert!(p.nullable());
        assert_eq!(p.primary_type(), JsonType::Integer);
        let bare = prop(json!({}));
        assert!(bare.types.is_empty() && !bare.nullable() && !bare.read_only);
        assert_eq!(bare.primary_type(), JsonType::String);
        assert!(!prop(json!({"type": "string", "is_base": false})).is_base);
    }

    #[test]
    fn additional_properties_false_absent_and_true() {
        let base = json!({"properties": {}});
        assert_eq!(
            ImageSchema::parse(&base).unwrap().additional_properties,
            None
        );
        let mut closed = base.clone();
        closed["additionalProperties"] = json!(false);
        assert_eq!(
            ImageSchema::parse(&closed).unwrap().additional_properties,
            None
        );
        let mut open = base.clone();
        open["additionalProperties"] = json!(true);
        assert_eq!(
            ImageSchema::parse(&open).unwrap().additional_properties,
            Some(PropertySchema::default())
        );
        // Only an explicit false closes the schema; absent means allowed in JSON Schema.
        assert!(ImageSchema::parse(&base).unwrap().allows_custom);
        assert!(ImageSchema::parse(&open).unwrap().allows_custom);
        assert!(!ImageSchema::parse(&closed).unwrap().allows_custom);
    }

    #[test]
    fn malformed_schemas_are_errors() {
        assert!(ImageSchema::parse(&json!([])).is_err());
        assert!(ImageSchema::parse(&json!({"name": "x"})).is_err());
        let err = ImageSchema::parse(&json!({"properties": {"a": 3}})).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unusable image schema: a: expected an object"
        );
        assert!(ImageSchema::from_list_schema(&json!({"properties": {}})).is_err());
        assert!(ImageSchema::parse_str("{").is_err());
    }

    #[test]
    fn text_and_values_both_keep_document_order() {
        let text = r#"{"name": "image", "properties": {"zeta": {}, "alpha": {}, "mid": {}}}"#;
        let ordered = ImageSchema::parse_str(text).unwrap();
        let keys: Vec<&str> = ordered.properties.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["zeta", "alpha", "mid"]);
        let via_serde: ImageSchema = serde_json::from_str(text).unwrap();
        assert_eq!(via_serde, ordered);
        // A `Value` keeps the order too (serde_json's preserve_order), so no path sorts.
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ImageSchema::parse(&value).unwrap(), ordered);
        // A repeated key overrides the value and keeps its first place, as before.
        let repeated = r#"{"properties": {"a": {}, "b": {}, "a": {"type": "string"}}}"#;
        let s = ImageSchema::parse_str(repeated).unwrap();
        let keys: Vec<&str> = s.properties.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(s.properties[0].1.types, vec![JsonType::String]);
    }
}
