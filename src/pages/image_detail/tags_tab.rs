//! The Tags tab: one request per tag, or one patch of the whole list for tags a URL path
//! cannot carry.

use leptos::prelude::*;

use crate::components::tag_editor::TagEditor;
use crate::model::image::Image;
use crate::model::operation::Operation;
use crate::model::tag::is_url_safe;

use super::mutator::Mutator;

/// Tags: `PUT`/`DELETE /v2/images/{id}/tags/{tag}`.
#[component]
pub(super) fn TagsTab(image: Image, mutator: Mutator) -> impl IntoView {
    let id = StoredValue::new(image.id.clone());
    let current = StoredValue::new(image.tags.clone());
    // Tags Glance cannot take in a URL path (non-ASCII, '/', '.', '..') go in one patch that
    // replaces the whole list instead; the mutator reports any other refusal.
    let change = move |tag: String, adding: bool| {
        let image_id = id.get_value();
        let before = current.get_value();
        let op = if is_url_safe(&tag) {
            if adding {
                Operation::AddTag { image_id, tag }
            } else {
                Operation::RemoveTag { image_id, tag }
            }
        } else {
            let mut tags: Vec<String> = before.iter().filter(|t| **t != tag).cloned().collect();
            if adding {
                tags.push(tag);
            }
            Operation::ReplaceTags {
                image_id,
                tags,
                before,
            }
        };
        mutator.run(op);
    };
    let on_add = Callback::new(move |tag: String| change(tag, true));
    let on_remove = Callback::new(move |tag: String| change(tag, false));
    view! { <TagEditor tags=image.tags busy=mutator.busy() on_add=on_add on_remove=on_remove /> }
}
