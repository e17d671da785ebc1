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
    pub args: Vec<String>,
}

impl Text {
    /// A message with placeholder values.
    pub fn new(key: Key, args: &[&str]) -> Self {
        Text {
            key,
            args: args.iter().map(|a| a.to_string()).collect(),
        }
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
            text = text.replace(&format!("{{{i}}}"), arg);
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
        let args: Vec<&str> = text.args.iter().map(String::as_str).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
