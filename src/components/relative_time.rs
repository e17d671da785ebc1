//! "3 hours ago" with the date and time on hover, in the user's language and time zone, and
//! the exact UTC timestamp for assistive technology. The browser's `Intl.RelativeTimeFormat`
//! words it, with the plurals of the user's language ("1 day ago", "2 days ago", "yesterday",
//! "3 小时前"), which a catalog of fixed strings cannot; `Intl.DateTimeFormat` words the date.

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
    /// One date formatter per language, for the same reason.
    static DATES: RefCell<HashMap<Lang, js_sys::Intl::DateTimeFormat>> =
        RefCell::new(HashMap::new());
}

/// `epoch_secs` as a date and time in `lang` and the browser's time zone ("Dec 4, 2026, 1:05
/// PM"; "2026年12月4日 13:05").
pub fn local_text(lang: Lang, epoch_secs: i64) -> String {
    let date = js_sys::Date::new(&((epoch_secs as f64) * 1000.0).into());
    DATES.with_borrow_mut(|formats| {
        let format = formats.entry(lang).or_insert_with(|| {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
            let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
            let locales = js_sys::Array::of1(&lang.tag().into());
            js_sys::Intl::DateTimeFormat::new(&locales, &options)
        });
        format
            .format()
            .call1(&wasm_bindgen::JsValue::NULL, &date)
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default()
    })
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
    let iso = timestamp.clone();
    let title = move || match parsed {
        Some(then) => format!("{} ({iso})", local_text(lang.get(), then)),
        None => iso.clone(),
    };
    view! {
        <time datetime=timestamp title=title>
            {text}
        </time>
    }
}
