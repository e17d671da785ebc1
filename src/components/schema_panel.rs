//! The image's properties, grouped into sections by the cloud's own schema: identity, state,
//! data, requirements, timestamps, the schema's other properties, then custom properties
//! (anything the schema does not define). Each row has the property's title with its API key
//! and the value in units; the schema's API links (`self`, `file`, `schema`) are left out.
//! Nothing is hard-coded per field but the grouping and the words.

use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::components::copy_button::CopyButton;
use crate::components::property_words::{PropertyTitle, PropertyValue};
use crate::model::property_words::is_api_link;
use crate::model::schema::{display_value, keys_in_section, ImageSchema, Section};
use crate::state::preferences::use_lang;

const COPYABLE: [&str; 3] = ["id", "checksum", "os_hash_value"];

/// Renders the read-only sections.
#[component]
pub fn SchemaPanel(
    /// The image as JSON.
    image: Map<String, Value>,
    /// The cloud's image schema.
    schema: ImageSchema,
) -> impl IntoView {
    let lang = use_lang();
    Section::ALL
        .iter()
        .filter_map(|section| {
            let keys: Vec<String> = keys_in_section(&image, &schema, *section)
                .into_iter()
                .filter(|key| !is_api_link(key, &schema))
                .collect();
            if keys.is_empty() {
                return None;
            }
            let heading = section.heading();
            let rows = keys
                .into_iter()
                .map(|key| {
                    let value = image.get(&key).cloned().unwrap_or(Value::Null);
                    let text = display_value(&value);
                    let copy = (COPYABLE.contains(&key.as_str()) && !text.is_empty())
                        .then(|| view! { <CopyButton text=text.clone() what=key.clone() /> });
                    view! {
                        <div class="gp-props__row" data-key=key.clone()>
                            <dt class="gp-props__key">
                                <PropertyTitle key=key.clone() />
                            </dt>
                            <dd class="gp-props__value">
                                <PropertyValue key=key.clone() value=value />
                                {copy}
                            </dd>
                        </div>
                    }
                })
                .collect_view();
            Some(view! {
                <section class="gp-section">
                    <h2 class="gp-section__title">{move || lang.t(heading)}</h2>
                    <dl class="gp-props">{rows}</dl>
                </section>
            })
        })
        .collect_view()
}
