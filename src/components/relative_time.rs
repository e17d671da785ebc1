//! "3 hours ago" with the exact UTC timestamp on hover and for assistive technology. The
//! browser's `Intl.RelativeTimeFormat` words it, with the plurals of the user's language ("1
//! day ago", "2 days ago", "yesterday", "3 小时前"), which a catalog of fixed strings cannot.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;

use crate::i18n::Lang;
use crate::model::time::{age, parse_timestamp, Age};
use crate::state::preferences::use_lang;

thread_local! {
    /// One formatter per language: the list words two ages in each of up to 1000 rows, and a
    /// formatter is costly to build, unlike a call to it.
    static FORMATS: RefCell<HashMap<Lang, js_sys::Intl::RelativeTimeFormat>> =
        RefCell::new(HashMap::new());
}

/// `age` in `lang`, as `Intl.RelativeTimeFormat` (`numeric: "auto"`) words it.
pub fn relative_text(lang: Lang, age: Age) -> String {
    let (value, unit) = age.relative();
    FORMATS.with_borrow_mut(|formats| {
        formats
            .entry(lang)
            .or_insert_with(|| {
                let options = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
                let locales = js_sys::Array::of1(&lang.tag().into());
                js_sys::Intl::RelativeTimeFormat::new(&locales, &options)
            })
            .format(value as f64, unit)
            .into()
    })
}

/// Renders a timestamp relative to now.
#[component]
pub fn RelativeTime(
    /// ISO 8601 timestamp.
    #[prop(into)]
    timestamp: String,
) -> impl IntoView {
    let lang = use_lang();
    let parsed = parse_timestamp(&timestamp);
    let exact = timestamp.clone();
    let text = move || match parsed {
        Some(then) => relative_text(lang.get(), age((js_sys::Date::now() / 1000.0) as i64, then)),
        None => exact.clone(),
    };
    view! {
        <time datetime=timestamp.clone() title=timestamp>
            {text}
        </time>
    }
}
