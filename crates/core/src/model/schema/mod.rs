//! The cloud's image schema (`GET /v2/schemas/image`) as typed data, and the rules the detail
//! panel needs from it: which keys are read-only or reserved, which section a key belongs to,
//! how form text becomes typed JSON, and whether a value satisfies the schema.
//!
//! Nothing here is hard-coded per cloud: types, enums, patterns and lengths come from the
//! schema. The only built-in knowledge is Glance's own request rules (read-only, reserved and
//! disallowed keys in `glance/api/v2/images.py` `RequestDeserializer`), which a schema does not
//! always state: Glance 33 marks `id` as writable in the schema yet answers 403 to a patch of
//! it, and clouds such as Huawei IMS flag read-only fields only in the description.
//!
//! One job per file: `types.rs` (the schema as typed data, parsed from its document),
//! `key_rules.rs` (keys Glance refuses or reserves), `display.rs` (the detail panel's
//! sections), `validation.rs` (whether a value satisfies its property), `form_text.rs` (form
//! text to typed JSON and back) and `custom_key.rs` (names for new custom properties).

mod custom_key;
mod display;
mod form_text;
mod key_rules;
#[cfg(test)]
mod test_support;
mod types;
mod validation;

pub use custom_key::{validate_custom_key, KeyProblem};
pub use display::{keys_in_section, section_of, Section};
pub use form_text::{display_value, parse_input};
pub use key_rules::{is_reserved, never_patched, GLANCE_RESERVED_NS, MAX_KEY_LENGTH};
pub use types::{ImageSchema, JsonType, PropertySchema, SchemaError, SchemaLink};
pub use validation::{json_eq, validate, PatternMatcher, Violation};
