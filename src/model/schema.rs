//! The cloud's image schema (`GET /v2/schemas/image`) as typed data, and the rules the detail
//! panel needs from it: which keys are read-only or reserved, which section a key belongs to,
//! how form text becomes typed JSON, and whether a value satisfies the schema.
//!
//! Nothing here is hard-coded per cloud: types, enums, patterns and lengths come from the
//! schema. The only built-in knowledge is Glance's own request rules (read-only, reserved and
//! disallowed keys in `glance/api/v2/images.py` `RequestDeserializer`), which a schema does not
//! always state: Glance 33 marks `id` as writable in the schema yet answers 403 to a patch of
//! it, and clouds such as Huawei IMS flag read-only fields only in the description.

use std::fmt;

use crate::i18n::{Key, Lang};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Number, Value};

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

fn is_whole(f: f64) -> bool {
    f.is_finite() && f.fract() == 0.0
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

    fn from_node(node: &Node, at: &str) -> Result<Self, SchemaError> {
        let fields = match node {
            // JSON Schema's boolean form: `true` allows anything. `false` (nothing allowed) is
            // not something a property map contains in practice; treat it the same rather than
            // refuse the whole schema.
            Node::Bool(_) => return Ok(PropertySchema::default()),
            Node::Object(fields) => fields,
            _ => return Err(SchemaError(format!("{at}: expected an object"))),
        };
        let get = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let types = match get("type") {
            None | Some(Node::Null) => Vec::new(),
            Some(Node::String(s)) => vec![JsonType::parse(s)],
            Some(Node::Array(items)) => items
                .iter()
                .map(|t| match t {
                    Node::String(s) => Ok(JsonType::parse(s)),
                    _ => Err(SchemaError(format!("{at}.type: expected type names"))),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(SchemaError(format!("{at}.type: expected a string or list"))),
        };
        let enum_values = match get("enum") {
            Some(Node::Array(items)) => items.iter().map(Node::to_value).collect(),
            _ => Vec::new(),
        };
        let description = get("description")
            .and_then(Node::as_str)
            .map(str::to_string);
        let read_only = matches!(get("readOnly"), Some(Node::Bool(true)))
            || description
                .as_deref()
                .is_some_and(|d| d.to_ascii_uppercase().contains("(READ-ONLY)"));
        let items = match get("items") {
            Some(item @ (Node::Object(_) | Node::Bool(_))) => Some(Box::new(
                PropertySchema::from_node(item, &format!("{at}.items"))?,
            )),
            _ => None,
        };
        Ok(PropertySchema {
            types,
            enum_values,
            pattern: get("pattern").and_then(Node::as_str).map(str::to_string),
            max_length: get("maxLength").and_then(Node::as_u64),
            min_length: get("minLength").and_then(Node::as_u64),
            minimum: get("minimum").and_then(Node::as_f64),
            maximum: get("maximum").and_then(Node::as_f64),
            items,
            read_only,
            is_base: !matches!(get("is_base"), Some(Node::Bool(false))),
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
    /// Properties in the document's order. [`ImageSchema::parse`] takes a `serde_json::Value`,
    /// whose maps this crate's serde_json keeps sorted by key, so that order is alphabetical;
    /// deserializing an `ImageSchema` (or [`ImageSchema::parse_str`]) keeps Glance's order.
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

/// Keys Glance refuses to patch whatever the schema says: `_readonly_properties` and
/// `_disallowed_properties` of `RequestDeserializer` (403 "Attribute '…' is read-only").
const GLANCE_READ_ONLY: [&str; 14] = [
    "created_at",
    "updated_at",
    "status",
    "checksum",
    "size",
    "virtual_size",
    "direct_url",
    "self",
    "file",
    "schema",
    "id",
    "os_hash_algo",
    "os_hash_value",
    "stores",
];

/// `locations` is writable in Glance only through path-indexed operations, behind the
/// `set_image_location` policy, and is being replaced by the dedicated locations API; a
/// property form must not send a whole new list.
const PORTAL_READ_ONLY: [&str; 1] = ["locations"];

/// `RequestDeserializer._reserved_properties`: 403 "Attribute '…' is reserved".
const GLANCE_RESERVED: [&str; 3] = ["location", "deleted", "deleted_at"];

/// `glance.api.common.GLANCE_RESERVED_NS`. Glance tests `key.startswith('os_glance')`, so
/// the namespace has no trailing underscore: `os_glancefoo` is reserved too.
pub const GLANCE_RESERVED_NS: &str = "os_glance";

/// Longest custom property name Glance accepts (`RequestDeserializer.create`, LP #1737952,
/// and the `image_properties.name` column).
pub const MAX_KEY_LENGTH: usize = 255;

/// Whether Glance reserves `key` (a patch or create naming it gets 403).
pub fn is_reserved(key: &str) -> bool {
    GLANCE_RESERVED.contains(&key) || key.starts_with(GLANCE_RESERVED_NS)
}

impl ImageSchema {
    /// Parses an object schema such as `/v2/schemas/image` or `/v2/schemas/member`.
    pub fn parse(value: &Value) -> Result<Self, SchemaError> {
        Self::from_node(&Node::from(value))
    }

    /// Parses the list schema `/v2/schemas/images`, whose image schema is
    /// `properties.images.items`.
    pub fn from_list_schema(value: &Value) -> Result<Self, SchemaError> {
        Self::from_list_node(&Node::from(value))
    }

    /// Parses an object schema from JSON text, keeping the document's property order.
    pub fn parse_str(text: &str) -> Result<Self, SchemaError> {
        let node: Node = serde_json::from_str(text).map_err(|e| SchemaError(e.to_string()))?;
        Self::from_node(&node)
    }

    /// Parses a list schema from JSON text, keeping the document's property order.
    pub fn from_list_schema_str(text: &str) -> Result<Self, SchemaError> {
        let node: Node = serde_json::from_str(text).map_err(|e| SchemaError(e.to_string()))?;
        Self::from_list_node(&node)
    }

    fn from_list_node(node: &Node) -> Result<Self, SchemaError> {
        let items = node
            .get("properties")
            .and_then(|p| p.get("images"))
            .and_then(|i| i.get("items"))
            .ok_or_else(|| SchemaError("no properties.images.items in the list schema".into()))?;
        Self::from_node(items)
    }

    fn from_node(node: &Node) -> Result<Self, SchemaError> {
        if !matches!(node, Node::Object(_)) {
            return Err(SchemaError("expected a JSON object".into()));
        }
        let properties = match node.get("properties") {
            Some(Node::Object(props)) => props
                .iter()
                .map(|(key, prop)| Ok((key.clone(), PropertySchema::from_node(prop, key)?)))
                .collect::<Result<Vec<_>, SchemaError>>()?,
            _ => return Err(SchemaError("no \"properties\" object".into())),
        };
        let allows_custom = !matches!(node.get("additionalProperties"), Some(Node::Bool(false)));
        let additional_properties = match node.get("additionalProperties") {
            None | Some(Node::Bool(false)) | Some(Node::Null) => None,
            Some(other) => Some(PropertySchema::from_node(other, "additionalProperties")?),
        };
        let links = match node.get("links") {
            Some(Node::Array(links)) => links
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
            name: node
                .get("name")
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_string(),
            properties,
            additional_properties,
            allows_custom,
            links,
        })
    }

    /// The schema of a named property.
    pub fn property(&self, key: &str) -> Option<&PropertySchema> {
        self.properties
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| p)
    }

    /// Whether `key` is a custom property (not one the schema names).
    pub fn is_custom(&self, key: &str) -> bool {
        self.property(key).is_none()
    }

    /// Whether the portal must never send a change to `key`: the schema marks it read-only,
    /// Glance refuses it whatever the schema says (its `_readonly_properties` and
    /// `_disallowed_properties`), it is `locations`, or it is reserved.
    pub fn is_read_only(&self, key: &str) -> bool {
        self.property(key).is_some_and(|p| p.read_only)
            || GLANCE_READ_ONLY.contains(&key)
            || PORTAL_READ_ONLY.contains(&key)
            || is_reserved(key)
    }

    /// Position of a schema property, for ordering.
    pub(crate) fn index_of(&self, key: &str) -> Option<usize> {
        self.properties.iter().position(|(k, _)| k == key)
    }
}

impl<'de> Deserialize<'de> for ImageSchema {
    /// Decodes an object schema keeping the document's property order (which a
    /// `serde_json::Value` would lose).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let node = Node::deserialize(d)?;
        ImageSchema::from_node(&node).map_err(de::Error::custom)
    }
}

/// A group of the detail panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// `id`, `name`, `owner`, `visibility`.
    Identity,
    /// `status`, `protected`, `os_hidden`.
    State,
    /// The data and where it lives: sizes, formats, checksums, stores, locations.
    Data,
    /// `min_disk`, `min_ram`.
    Requirements,
    /// `created_at`, `updated_at`.
    Timestamps,
    /// Every other property the schema names.
    Base,
    /// Properties the schema does not name.
    Custom,
}

impl Section {
    /// Every section in display order.
    pub const ALL: [Section; 7] = [
        Section::Identity,
        Section::State,
        Section::Data,
        Section::Requirements,
        Section::Timestamps,
        Section::Base,
        Section::Custom,
    ];
}

/// The section `key` is shown in. The named groups are presentation hints and apply whether
/// or not a cloud's schema lists the key; anything else is `Base` if the schema names it and
/// `Custom` otherwise.
pub fn section_of(key: &str, schema: &ImageSchema) -> Section {
    match key {
        "id" | "name" | "owner" | "visibility" => Section::Identity,
        "status" | "protected" | "os_hidden" => Section::State,
        "size" | "virtual_size" | "checksum" | "os_hash_algo" | "os_hash_value" | "stores"
        | "disk_format" | "container_format" | "direct_url" | "locations" => Section::Data,
        "min_disk" | "min_ram" => Section::Requirements,
        "created_at" | "updated_at" => Section::Timestamps,
        _ if schema.is_custom(key) => Section::Custom,
        _ => Section::Base,
    }
}

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

/// Turns a form field's text into the JSON value for `prop`'s [`PropertySchema::primary_type`].
///
/// Empty text means `null` when the property is nullable (Glance's way of clearing `name` or
/// `disk_format`); otherwise the empty string for strings and the empty list for arrays.
/// Numbers and booleans are trimmed; strings are kept exactly as typed. Array text is split
/// on commas, each item trimmed, empty items dropped, and parsed per `items`. This only
/// converts: call [`validate`] for the schema's constraints.
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

/// Why a name cannot be used for a new custom property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// Empty or only whitespace.
    Empty,
    /// Longer than `max` characters.
    TooLong {
        /// Glance's limit.
        max: usize,
    },
    /// The schema already defines this property (edit its own field instead).
    IsSchemaProperty,
    /// Glance reserves the name, or refuses changes to it.
    Reserved,
    /// Starts or ends with whitespace: Glance strips each JSON-pointer token of a patch, so
    /// such a key would be saved under a different name.
    SurroundingWhitespace,
    /// The schema says `additionalProperties: false`: Glance would refuse any custom key.
    NotAllowed,
}

impl KeyProblem {
    /// What is wrong with the name, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            KeyProblem::Empty => lang.t(Key::KeyEmpty).into(),
            KeyProblem::TooLong { max } => lang.tf(Key::KeyTooLong, &[&max.to_string()]),
            KeyProblem::IsSchemaProperty => lang.t(Key::KeyIsSchemaProperty).into(),
            KeyProblem::Reserved => lang.t(Key::KeyReserved).into(),
            KeyProblem::SurroundingWhitespace => lang.t(Key::KeySurroundingWhitespace).into(),
            KeyProblem::NotAllowed => lang.t(Key::VNotAllowed).into(),
        }
    }
}

/// English, for logs and tests; the UI uses [`KeyProblem::message`].
impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Checks a name for a new custom property against Glance's rules.
pub fn validate_custom_key(key: &str, schema: &ImageSchema) -> Result<(), KeyProblem> {
    if key.trim().is_empty() {
        return Err(KeyProblem::Empty);
    }
    if key.trim() != key {
        return Err(KeyProblem::SurroundingWhitespace);
    }
    // Glance counts characters (Python `len`), not bytes.
    if key.chars().count() > MAX_KEY_LENGTH {
        return Err(KeyProblem::TooLong {
            max: MAX_KEY_LENGTH,
        });
    }
    if !schema.is_custom(key) {
        return Err(KeyProblem::IsSchemaProperty);
    }
    if !schema.allows_custom {
        return Err(KeyProblem::NotAllowed);
    }
    // A key missing from a cloud's schema (IMS lists no `stores`) is still refused by Glance.
    if schema.is_read_only(key) {
        return Err(KeyProblem::Reserved);
    }
    Ok(())
}

/// A JSON tree whose objects keep their members in document order, so that a schema's
/// properties come out in the order the cloud wrote them.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl Node {
    fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            Node::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    fn as_u64(&self) -> Option<u64> {
        match self {
            Node::Number(n) => n.as_u64().or_else(|| {
                n.as_f64()
                    .filter(|f| is_whole(*f) && *f >= 0.0)
                    .map(|f| f as u64)
            }),
            _ => None,
        }
    }

    fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.clone()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }
}

impl From<&Value> for Node {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::String(s.clone()),
            Value::Array(items) => Node::Array(items.iter().map(Node::from).collect()),
            Value::Object(map) => Node::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Node::from(v)))
                    .collect(),
            ),
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct NodeVisitor;

        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
                Ok(Node::Bool(b))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Node, E> {
                Ok(Node::Number(i.into()))
            }
            fn visit_u64<E>(self, u: u64) -> Result<Node, E> {
                Ok(Node::Number(u.into()))
            }
            fn visit_f64<E>(self, f: f64) -> Result<Node, E> {
                Ok(Number::from_f64(f).map_or(Node::Null, Node::Number))
            }
            fn visit_str<E>(self, s: &str) -> Result<Node, E> {
                Ok(Node::String(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Node, E> {
                Ok(Node::String(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut fields: Vec<(String, Node)> = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Node>()? {
                    // A repeated key overrides, as in `serde_json::Value`.
                    match fields.iter_mut().find(|(k, _)| *k == key) {
                        Some(slot) => slot.1 = value,
                        None => fields.push((key, value)),
                    }
                }
                Ok(Node::Object(fields))
            }
        }

        d.deserialize_any(NodeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Patterns by literal comparison: enough to tell a checked pattern from a skipped one.
    struct Exact;
    impl PatternMatcher for Exact {
        fn is_match(&self, pattern: &str, value: &str) -> Option<bool> {
            (pattern != "unsupported").then(|| pattern == value)
        }
    }

    fn prop(value: Value) -> PropertySchema {
        PropertySchema::from_node(&Node::from(&value), "test").unwrap()
    }

    fn schema() -> ImageSchema {
        ImageSchema::parse(&json!({
            "name": "image",
            "properties": {
                "id": {"type": "string"},
                "name": {"type": ["null", "string"], "maxLength": 255},
                "status": {"type": "string", "readOnly": true},
                "tags": {"type": "array", "items": {"type": "string", "maxLength": 255}},
                "kernel_id": {"type": "string", "is_base": false},
                "file": {"type": "string", "description": "(read-only)"}
            },
            "additionalProperties": {"type": "String"}
        }))
        .unwrap()
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
    fn a_closed_schema_refuses_custom_keys_but_still_names_its_own() {
        let mut closed = schema();
        closed.additional_properties = None;
        closed.allows_custom = false;
        assert_eq!(
            validate_custom_key("hw_disk_bus", &closed),
            Err(KeyProblem::NotAllowed)
        );
        assert_eq!(
            validate_custom_key("name", &closed),
            Err(KeyProblem::IsSchemaProperty)
        );
        assert_eq!(validate_custom_key("hw_disk_bus", &schema()), Ok(()));
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
    fn text_parsing_keeps_document_order_but_values_are_sorted() {
        let text = r#"{"name": "image", "properties": {"zeta": {}, "alpha": {}, "mid": {}}}"#;
        let ordered = ImageSchema::parse_str(text).unwrap();
        let keys: Vec<&str> = ordered.properties.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["zeta", "alpha", "mid"]);
        let via_serde: ImageSchema = serde_json::from_str(text).unwrap();
        assert_eq!(via_serde, ordered);
        let value: Value = serde_json::from_str(text).unwrap();
        let sorted = ImageSchema::parse(&value).unwrap();
        let keys: Vec<&str> = sorted.properties.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["alpha", "mid", "zeta"]);
    }

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
    fn sections() {
        let s = schema();
        assert_eq!(section_of("owner", &s), Section::Identity);
        assert_eq!(section_of("os_hidden", &s), Section::State);
        assert_eq!(section_of("stores", &s), Section::Data);
        assert_eq!(section_of("min_ram", &s), Section::Requirements);
        assert_eq!(section_of("updated_at", &s), Section::Timestamps);
        assert_eq!(section_of("kernel_id", &s), Section::Base);
        assert_eq!(section_of("tags", &s), Section::Base);
        assert_eq!(section_of("hw_disk_bus", &s), Section::Custom);
    }

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

    #[test]
    fn custom_keys_follow_glance_rules() {
        let s = schema();
        assert_eq!(validate_custom_key("hw_disk_bus", &s), Ok(()));
        assert_eq!(validate_custom_key("", &s), Err(KeyProblem::Empty));
        assert_eq!(validate_custom_key("   ", &s), Err(KeyProblem::Empty));
        assert_eq!(
            validate_custom_key(" a", &s),
            Err(KeyProblem::SurroundingWhitespace)
        );
        assert_eq!(validate_custom_key(&"k".repeat(255), &s), Ok(()));
        assert_eq!(
            validate_custom_key(&"k".repeat(256), &s),
            Err(KeyProblem::TooLong { max: 255 })
        );
        // 255 characters of 3 bytes each are still 255 characters.
        assert_eq!(validate_custom_key(&"镜".repeat(255), &s), Ok(()));
        assert_eq!(
            validate_custom_key("name", &s),
            Err(KeyProblem::IsSchemaProperty)
        );
        assert_eq!(
            validate_custom_key("kernel_id", &s),
            Err(KeyProblem::IsSchemaProperty)
        );
        for reserved in [
            "location",
            "deleted",
            "deleted_at",
            "os_glance_x",
            "os_glancex",
            "stores",
        ] {
            assert_eq!(
                validate_custom_key(reserved, &s),
                Err(KeyProblem::Reserved),
                "{reserved}"
            );
        }
        assert_eq!(validate_custom_key("os_glanc", &s), Ok(()));
        assert_eq!(
            KeyProblem::TooLong { max: 255 }.to_string(),
            "Property names can have at most 255 characters."
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
