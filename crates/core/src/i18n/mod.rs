//! All user-facing text: one catalog with English and Simplified Chinese side by side, so a
//! missing translation is a compile error rather than a blank on screen.
//!
//! The bottom layer: it knows no other module of the crate, so anything may use it. A type
//! that needs wording (an API error, an age) words itself through [`Lang`] and [`Text`] where
//! it is defined, instead of teaching this module about it.

mod catalog;

pub use catalog::Key;

/// A message decided by pure code (a URL problem, a portal-written error) and worded by the
/// view in the user's current language: a catalog key and the values for its placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The catalog entry.
    pub key: Key,
    /// Values for `{0}`, `{1}`…
    pub args: Vec<TextArg>,
}

/// One placeholder value of a [`Text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextArg {
    /// A value shown as it is (a name, a number, a URL).
    Plain(String),
    /// A catalog entry, worded in the language of the message (a field's label).
    Label(Key),
}

impl Text {
    /// A message with placeholder values.
    pub fn new(key: Key, args: &[&str]) -> Self {
        Text {
            key,
            args: args.iter().map(|a| TextArg::Plain(a.to_string())).collect(),
        }
    }

    /// A message whose placeholders are catalog entries, such as "{0} is required" naming a
    /// field: the field's label follows a language switch as the message does.
    pub fn with_labels(key: Key, labels: &[Key]) -> Self {
        Text {
            key,
            args: labels.iter().map(|k| TextArg::Label(*k)).collect(),
        }
    }

    /// The message with one more placeholder value, after the ones it has.
    pub fn with_arg(mut self, arg: &str) -> Self {
        self.args.push(TextArg::Plain(arg.to_string()));
        self
    }
}

/// A language the portal speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese.
    ZhCn,
}

impl Lang {
    /// Every language, in switcher order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// BCP 47 tag (for `<html lang>` and storage).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// Picks a language from a stored tag or the browser's preference (`zh`, `zh-CN`,
    /// `zh-Hans-CN` → Chinese; anything else → English).
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        }
    }

    /// The text for `key`.
    pub fn t(self, key: Key) -> &'static str {
        catalog::text(self, key)
    }

    /// The text for `key` with `{0}`, `{1}`… replaced by `args`.
    pub fn tf(self, key: Key, args: &[&str]) -> String {
        let mut text = self.t(key).to_string();
        for (i, arg) in args.iter().enumerate() {
            text = text.replace(&format!("{{{i}}}"), &isolate(arg));
        }
        text
    }

    /// The label of an image status; unknown statuses show as Glance wrote them.
    pub fn status(self, status: &str) -> String {
        catalog::status_key(status)
            .map(|k| self.t(k).to_string())
            .unwrap_or_else(|| status.to_string())
    }

    /// A [`Text`] in this language.
    pub fn text(self, text: &Text) -> String {
        let args: Vec<&str> = text
            .args
            .iter()
            .map(|a| match a {
                TextArg::Plain(value) => value.as_str(),
                TextArg::Label(key) => self.t(*key),
            })
            .collect();
        self.tf(text.key, &args)
    }

    /// The label of a `member_status` filter value; unknown values show as written.
    pub fn member_status(self, status: &str) -> String {
        catalog::member_status_key(status)
            .map(|k| self.t(k).to_string())
            .unwrap_or_else(|| status.to_string())
    }

    /// The label of a visibility; unknown values show as Glance wrote them.
    pub fn visibility(self, visibility: &str) -> String {
        catalog::visibility_key(visibility)
            .map(|k| self.t(k).to_string())
            .unwrap_or_else(|| visibility.to_string())
    }
}

/// An argument as it may stand inside a sentence. A name with right-to-left letters or bidi
/// controls (an image named with U+202E, RIGHT-TO-LEFT OVERRIDE, say) would otherwise reorder
/// the rest of the sentence around it, so that a confirmation reads as something else: it is
/// wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, which keeps its direction to
/// itself and closes whatever embeddings and overrides it opened. Left-to-right text cannot
/// disturb this UI's left-to-right sentences and is left as it is.
pub fn isolate(arg: &str) -> std::borrow::Cow<'_, str> {
    let disturbs = arg.chars().any(|c| {
        matches!(c as u32,
            0x0590..=0x08FF // Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic
            | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF // presentation forms
            | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF // historic RTL scripts, Adlam
            | 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069) // bidi controls (U+061C is in the range above)
    });
    if disturbs {
        std::borrow::Cow::Owned(format!("\u{2068}{arg}\u{2069}"))
    } else {
        std::borrow::Cow::Borrowed(arg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_inside_a_message_follows_the_language() {
        let required = Text::with_labels(Key::Required, &[Key::FieldUser]);
        assert_eq!(Lang::En.text(&required), "User name is required");
        assert_eq!(Lang::ZhCn.text(&required), "用户名为必填项");
        let plain = Text::new(Key::Required, &["x"]);
        assert_eq!(Lang::ZhCn.text(&plain), "x为必填项");
    }

    #[test]
    fn every_key_has_text_in_every_language() {
        for lang in Lang::ALL {
            for key in Key::ALL {
                assert!(!lang.t(*key).trim().is_empty(), "{lang:?} {key:?}");
            }
        }
    }

    #[test]
    fn placeholders_match_across_languages() {
        for key in Key::ALL {
            let count = |l: Lang| {
                (0..4)
                    .filter(|i| l.t(*key).contains(&format!("{{{i}}}")))
                    .count()
            };
            assert_eq!(count(Lang::En), count(Lang::ZhCn), "{key:?}");
        }
    }

    #[test]
    fn formats_and_picks_languages() {
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Lang::ZhCn);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::ZhCn.status("active"), "可用");
        assert_eq!(Lang::En.status("uploading_to_obs"), "uploading_to_obs");
        assert_eq!(Lang::ZhCn.member_status("pending"), "待接受");
        assert_eq!(Lang::En.member_status("all"), "All");
    }

    #[test]
    fn names_that_could_reorder_a_sentence_are_isolated() {
        let spoof = "x\u{202E}gnp.exe";
        let text = Lang::En.tf(Key::DeleteConfirm, &[spoof]);
        assert_eq!(
            text,
            "Delete image “\u{2068}x\u{202E}gnp.exe\u{2069}”? This cannot be undone."
        );
        assert!(Lang::ZhCn
            .tf(Key::DeleteConfirm, &[spoof])
            .contains("\u{2068}x\u{202E}gnp.exe\u{2069}"));
        assert_eq!(isolate("שלום"), "\u{2068}שלום\u{2069}");
        // Left-to-right names (any script) are left alone: they cannot reorder the sentence.
        assert_eq!(
            Lang::En.tf(Key::DeleteConfirm, &["ubuntu 镜像"]),
            "Delete image “ubuntu 镜像”? This cannot be undone."
        );
    }
}
