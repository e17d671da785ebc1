//! Schema patterns are ECMA regular expressions: the browser's own `RegExp` evaluates them
//! exactly as the schema's authors meant, and keeps a regex engine out of the bundle.

use wasm_bindgen::JsCast;

use crate::model::schema::PatternMatcher;

/// Evaluates patterns with the browser's `RegExp`.
pub struct BrowserPatterns;

impl PatternMatcher for BrowserPatterns {
    fn is_match(&self, pattern: &str, value: &str) -> Option<bool> {
        // `js_sys::RegExp::new` would abort the app on an invalid pattern (it throws); going
        // through Reflect.construct turns that into "could not evaluate".
        let ctor: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &"RegExp".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let re = js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(&pattern.into())).ok()?;
        Some(re.unchecked_into::<js_sys::RegExp>().test(value))
    }
}
