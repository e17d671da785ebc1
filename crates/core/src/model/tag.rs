//! What a tag must be. Glance requires any tag to be non-empty (the portal adds: not only
//! whitespace) and at most [`MAX_TAG_LENGTH`] characters, however it is sent.
//!
//! A tag sent alone travels in the URL path (`/v2/images/{id}/tags/{tag}`), and not every
//! tag survives that trip to Glance:
//! - `/` (even as `%2F`) is decoded before routing, so the route no longer matches (404);
//! - non-ASCII characters are mangled: the WSGI layer hands the path to Glance as Latin-1, so
//!   `镜像` would be stored as mojibake (seen on the dev cloud's Glance 33);
//! - `.` and `..` are path segments browsers resolve away before sending.
//!
//! [`is_url_safe`] tells them apart; the others can only be set with a JSON-patch of the whole
//! tag list, whose body carries them intact.

use std::fmt;

use crate::i18n::{Key, Lang, Text};

/// Longest tag in characters: the image schema's `tags.items.maxLength`, which Glance checks
/// (`image_tags.RequestDeserializer.update`) and its `image_tags.value` column holds.
pub const MAX_TAG_LENGTH: usize = 255;

/// Why a tag cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagError {
    /// Empty or only whitespace (Glance would accept spaces, but an invisible tag is a slip).
    Empty,
    /// Longer than [`MAX_TAG_LENGTH`] characters.
    TooLong {
        /// The tag's length in characters.
        len: usize,
    },
    /// Cannot travel in the tag URL (see the module docs); the whole-list patch carries it.
    NotUrlSafe,
}

impl TagError {
    /// What is wrong with the tag, as a catalog message (rendered in the user's language
    /// wherever it is shown).
    pub fn text(&self) -> Text {
        match self {
            TagError::Empty => Text::new(Key::TagEmptyProblem, &[]),
            TagError::TooLong { len } => Text::new(
                Key::TagTooLongProblem,
                &[&MAX_TAG_LENGTH.to_string(), &len.to_string()],
            ),
            TagError::NotUrlSafe => Text::new(Key::TagNotUrlSafe, &[]),
        }
    }

    /// What is wrong with the tag, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        lang.text(&self.text())
    }
}

/// English, for logs and tests; the UI uses [`TagError::message`].
impl fmt::Display for TagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Checks what Glance itself requires of any tag, however it is sent.
pub fn check_tag(tag: &str) -> Result<(), TagError> {
    if tag.trim().is_empty() {
        return Err(TagError::Empty);
    }
    // The schema's maxLength counts characters (code points), not bytes.
    let len = tag.chars().count();
    if len > MAX_TAG_LENGTH {
        return Err(TagError::TooLong { len });
    }
    Ok(())
}

/// Whether `tag` reaches Glance unchanged as a URL path segment.
pub fn is_url_safe(tag: &str) -> bool {
    tag.is_ascii() && !tag.contains('/') && tag != "." && tag != ".."
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glance_limits_apply_to_every_tag() {
        assert_eq!(check_tag(""), Err(TagError::Empty));
        assert_eq!(check_tag("  "), Err(TagError::Empty));
        assert_eq!(check_tag(&"镜".repeat(255)), Ok(()));
        assert_eq!(
            check_tag(&"t".repeat(256)),
            Err(TagError::TooLong { len: 256 })
        );
        assert_eq!(
            TagError::TooLong { len: 300 }.to_string(),
            "Tags can have at most 255 characters; this one has 300."
        );
    }

    #[test]
    fn url_safety_is_about_the_path_not_the_tag() {
        for tag in ["a/b", "镜像", "café", ".", ".."] {
            assert!(!is_url_safe(tag), "{tag}");
        }
        for tag in ["...", "a b?c%d", "x"] {
            assert!(is_url_safe(tag), "{tag}");
        }
    }
}
