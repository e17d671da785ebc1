//! Names for new custom properties: whether Glance would take one, and why not.

use std::fmt;

use crate::i18n::{Key, Lang};

use super::key_rules::MAX_KEY_LENGTH;
use super::types::ImageSchema;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::schema::test_support::schema;

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
}
