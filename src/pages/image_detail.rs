//! `/images/:id`: the image's properties, all of them, as Glance returns them. The
//! schema-driven editor replaces this listing in a later step; the route and loading, error and
//! not-found states are final.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::glance::images::get_image;
use crate::components::error_view::ErrorView;
use crate::components::status_badge::StatusBadge;
use crate::i18n::Key;
use crate::model::image::Image;
use crate::state::preferences::use_lang;
use crate::state::session::use_session;

/// Every property of an image as `(key, display value)`, sorted by key; strings unquoted.
pub fn property_rows(image: &Image) -> Vec<(String, String)> {
    let value = serde_json::to_value(image).unwrap_or_default();
    let mut rows: Vec<(String, String)> = value
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    let shown = match v {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => "—".to_string(),
                        other => other.to_string(),
                    };
                    (k.clone(), shown)
                })
                .collect()
        })
        .unwrap_or_default();
    rows.sort();
    rows
}

/// Renders the image detail page.
#[component]
pub fn ImageDetailPage() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let params = use_params_map();
    let image = LocalResource::new(move || {
        let client = session.client();
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move {
            let result = client.json::<Image>(&get_image(&id)).await;
            if let Err(e) = &result {
                session.report(e);
            }
            result
        }
    });
    view! {
        <section class="gp-page gp-detail">
            <a class="gp-back" href="/images">{move || lang.t(Key::BackToImages)}</a>
            {move || match image.get() {
                None => view! { <p class="gp-loading" role="status">{move || lang.t(Key::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |_| image.refetch())/> }.into_any(),
                Some(Ok(img)) => {
                    let rows = property_rows(&img);
                    view! {
                        <div class="gp-page__head">
                            <h1 class="gp-detail__name">{img.display_name().to_string()}</h1>
                            <StatusBadge status=img.status.as_str().to_string()/>
                        </div>
                        <h2>{move || lang.t(Key::Properties)}</h2>
                        <dl class="gp-props">
                            {rows.into_iter().map(|(k, v)| { let key_attr = k.clone(); view! {
                                <div class="gp-props__row" data-key=key_attr>
                                    <dt class="gp-props__key">{k}</dt>
                                    <dd class="gp-props__value">{v}</dd>
                                </div>
                            }}).collect_view()}
                        </dl>
                    }.into_any()
                }
            }}
        </section>
    }
}
