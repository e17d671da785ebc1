//! How the filter form words a refused draft: each [`DraftError`] as a catalog message, so
//! the form shows it in the user's current language (and a language switch rewords it).

use crate::i18n::{Key, Text};
use crate::model::filters::DraftError;

/// The message for `error`: "Field: what is wrong" for a field, or the property problem
/// naming the key or value as typed.
pub fn draft_error_text(error: &DraftError) -> Text {
    let invalid = |field: Key, why: Key| Text::with_labels(Key::FilterInvalid, &[field, why]);
    match error {
        DraftError::NotANumber(f) => invalid(*f, Key::NotANumber),
        DraftError::NotATime(f) => invalid(*f, Key::NotATime),
        DraftError::NotHex(f) => invalid(*f, Key::NotHex),
        DraftError::NotMd5(f) => invalid(*f, Key::NotMd5),
        DraftError::ReservedProperty(k) => Text::new(Key::PropertyReserved, &[k]),
        DraftError::PropertyWithoutValue(k) => Text::new(Key::PropertyNoValue, &[k]),
        DraftError::PropertyWithoutKey(v) => Text::new(Key::PropertyNoKey, &[v]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_field_error_names_the_field_by_its_label() {
        let text = draft_error_text(&DraftError::NotANumber(Key::FilterSizeMin));
        assert_eq!(
            Lang::En.text(&text),
            "Minimum size (bytes): must be a whole number of bytes"
        );
        assert_eq!(Lang::ZhCn.text(&text), "最小大小（字节）：必须是整数字节数");
        let text = draft_error_text(&DraftError::NotMd5(Key::FilterChecksum));
        assert_eq!(
            Lang::En.text(&text),
            "MD5 checksum: must be 32 hexadecimal digits"
        );
        assert_eq!(
            draft_error_text(&DraftError::NotHex(Key::FilterChecksum)),
            Text::with_labels(Key::FilterInvalid, &[Key::FilterChecksum, Key::NotHex])
        );
        assert_eq!(
            draft_error_text(&DraftError::NotATime(Key::FilterCreated)),
            Text::with_labels(Key::FilterInvalid, &[Key::FilterCreated, Key::NotATime])
        );
    }

    #[test]
    fn a_property_error_names_what_was_typed() {
        assert_eq!(
            Lang::En.text(&draft_error_text(&DraftError::ReservedProperty(
                "name".into()
            ))),
            Lang::En.tf(Key::PropertyReserved, &["name"])
        );
        assert_eq!(
            Lang::En.text(&draft_error_text(&DraftError::PropertyWithoutValue(
                "os_distro".into()
            ))),
            Lang::En.tf(Key::PropertyNoValue, &["os_distro"])
        );
        assert_eq!(
            draft_error_text(&DraftError::PropertyWithoutKey("ubuntu".into())),
            Text::new(Key::PropertyNoKey, &["ubuntu"])
        );
    }
}
