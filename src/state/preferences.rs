//! The interface language: chosen at runtime, remembered in `localStorage`, reflected on
//! `<html lang>` so screen readers and fonts follow.

use leptos::prelude::*;

use super::browser_storage::{self, Area};
use crate::i18n::{Key, Lang};

const LANG_KEY: &str = "gp.lang";

/// The language context.
#[derive(Clone, Copy)]
pub struct LangContext(pub RwSignal<Lang>);

impl LangContext {
    /// The current language (tracked).
    pub fn get(&self) -> Lang {
        self.0.get()
    }

    /// The current language without tracking (for event handlers).
    pub fn get_untracked(&self) -> Lang {
        self.0.get_untracked()
    }

    /// Translates a key in the current language (tracked, so views update on switch).
    pub fn t(&self, key: Key) -> &'static str {
        self.0.get().t(key)
    }

    /// Switches language and remembers the choice.
    pub fn set(&self, lang: Lang) {
        browser_storage::set(Area::Local, LANG_KEY, lang.tag());
        self.0.set(lang);
    }
}

fn initial_lang() -> Lang {
    if let Some(tag) = browser_storage::get(Area::Local, LANG_KEY) {
        return Lang::from_tag(&tag);
    }
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map(|tag| Lang::from_tag(&tag))
        .unwrap_or(Lang::En)
}

/// Provides the language context for the app.
pub fn provide_lang() -> LangContext {
    let ctx = LangContext(RwSignal::new(initial_lang()));
    Effect::new(move |_| {
        let lang = ctx.0.get();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    provide_context(ctx);
    ctx
}

/// The language context (panics outside the app, which is a programming error).
pub fn use_lang() -> LangContext {
    expect_context::<LangContext>()
}
