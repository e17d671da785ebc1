//! A property as a person reads it: its title in the user's language with the API key small
//! beside it (selected whole by one click, for people who script), and its value in units —
//! sizes in IEC units with the exact bytes on hover and a copy button, `min_ram` in MiB and
//! `min_disk` in GiB, dates in the user's language and time zone with their age, the owner by
//! project name. The words and units come from `model::property_words`; a key it does not
//! know is its own title and its value is shown as Glance wrote it.

use std::collections::HashMap;

use leptos::prelude::*;
use serde_json::Value;

use crate::components::copy_button::CopyButton;
use crate::components::timestamp::Timestamp;
use crate::i18n::Key;
use crate::model::image_table::OwnerCell;
use crate::model::property_words::{words_for, ValueKind};
use crate::model::schema::display_value;
use crate::model::size::{grouped, human_size};
use crate::state::my_projects::use_my_projects;
use crate::state::preferences::use_lang;
use crate::state::session::use_session;

/// The title of property `key` and the key itself; the title's tooltip is its help.
#[component]
pub fn PropertyTitle(
    /// The API key.
    #[prop(into)]
    key: String,
) -> impl IntoView {
    let lang = use_lang();
    match words_for(&key) {
        Some(words) => view! {
            <span class="gp-prop-title__text" title=move || lang.t(words.help)>
                {move || lang.t(words.title)}
            </span>
            " "
            <code class="gp-prop-title__key">{key}</code>
        }
        .into_any(),
        None => view! { <span class="gp-prop-title__text">{key}</span> }.into_any(),
    }
}

/// The help line for `key`: the catalog's words, else the schema's description.
pub fn property_help(key: &str, description: Option<&str>) -> Option<Signal<String>> {
    let lang = use_lang();
    match (words_for(key), description) {
        (Some(words), _) => Some(Signal::derive(move || lang.t(words.help).to_string())),
        (None, Some(d)) if !d.is_empty() => {
            let d = d.to_string();
            Some(Signal::derive(move || d.clone()))
        }
        _ => None,
    }
}

/// The value of property `key` in its units.
#[component]
pub fn PropertyValue(
    /// The API key.
    #[prop(into)]
    key: String,
    /// The value as Glance sent it.
    value: Value,
) -> impl IntoView {
    let lang = use_lang();
    let kind = words_for(&key).map_or(ValueKind::Plain, |w| w.kind);
    match (kind, &value) {
        (ValueKind::Bytes, Value::Number(n)) if n.as_u64().is_some() => {
            let bytes = n.as_u64().unwrap_or_default();
            view! { <ByteSize bytes=bytes what=key /> }.into_any()
        }
        (ValueKind::Mebibytes | ValueKind::Gibibytes, Value::Number(n)) if n.as_u64().is_some() => {
            let amount = n.as_u64().unwrap_or_default();
            let unit = if kind == ValueKind::Mebibytes {
                "MiB"
            } else {
                "GiB"
            };
            let text = move || {
                if amount == 0 {
                    lang.t(Key::NoMinimum).to_string()
                } else {
                    format!("{} {unit}", grouped(amount))
                }
            };
            view! { <span class="gp-props__text">{text}</span> }.into_any()
        }
        (ValueKind::Timestamp, Value::String(s)) => {
            view! { <Timestamp timestamp=s.clone() /> }.into_any()
        }
        (ValueKind::Project, Value::String(id)) if !id.is_empty() => {
            view! { <ProjectName id=id.clone() /> }.into_any()
        }
        (_, Value::Bool(b)) => {
            let b = *b;
            view! { <span class="gp-props__text">{move || lang.t(if b { Key::Yes } else { Key::No })}</span> }
            .into_any()
        }
        _ => {
            let text = display_value(&value);
            // Read in the closure, so that visibility and status follow a language switch.
            let shown = move || {
                if text.is_empty() {
                    "—".to_string()
                } else if key == "visibility" {
                    lang.get().visibility(&text)
                } else if key == "status" {
                    lang.get().status(&text)
                } else {
                    text.clone()
                }
            };
            view! { <span class="gp-props__text">{shown}</span> }.into_any()
        }
    }
}

/// A byte count in IEC units, the exact bytes on hover and copied by its button.
#[component]
pub fn ByteSize(
    /// The count.
    bytes: u64,
    /// What is copied, for the copy button's name ("size").
    #[prop(into)]
    what: Signal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let exact = grouped(bytes);
    view! {
        <data
            class="gp-props__text gp-size"
            value=bytes.to_string()
            title=move || lang.get().tf(Key::ExactBytes, &[&exact])
        >
            {human_size(bytes)}
        </data>
        <CopyButton text=bytes.to_string() what=what />
    }
}

/// A project by name where the user may see it ("this project" for the session's own), its
/// id beside, small.
#[component]
pub fn ProjectName(
    /// The project id.
    id: String,
) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let projects = use_my_projects();
    let current = session
        .current
        .with_untracked(|s| s.as_ref().map(|s| s.project_id.clone()).unwrap_or_default());
    let shown_id = id.clone();
    let name = move || {
        let names: HashMap<String, String> = projects
            .0
            .get()
            .and_then(Result::ok)
            .map(|l| l.projects.into_iter().map(|p| (p.id, p.name)).collect())
            .unwrap_or_default();
        match OwnerCell::of(&id, &current, &names) {
            OwnerCell::ThisProject => Some(lang.t(Key::ThisProject).to_string()),
            OwnerCell::Name(name) => Some(name),
            OwnerCell::ShortId(_) => None,
        }
    };
    view! {
        <span class="gp-project">
            {move || {
                name()
                    .map(|n| {
                        view! {
                            <span class="gp-project__name">{n}</span>
                            " "
                        }
                    })
            }} <code class="gp-project__id">{shown_id}</code>
        </span>
    }
}
