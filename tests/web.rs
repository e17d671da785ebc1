//! In-browser tests (wasm-bindgen-test in headless Chromium) for code that needs the DOM,
//! storage or the Leptos runtime. Run by scripts/test.sh.
#![cfg(target_arch = "wasm32")]

use glance_portal::api::error::ApiError;
use glance_portal::components::error_view::ErrorView;
use glance_portal::components::image_table::ImageTable;
use glance_portal::i18n::Lang;
use glance_portal::model::filters::SortDir;
use glance_portal::model::image_page::ImagePage;
use glance_portal::model::image_table::{shown_columns, ColumnId, DEFAULT_COLUMNS};
use glance_portal::state::browser_storage::{self, Area};
use glance_portal::state::preferences::provide_lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the page, so tests do not see each other's DOM.
fn container() -> web_sys::HtmlElement {
    let el = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

/// Lets effects, microtasks and one macrotask run.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
fn session_and_local_storage_are_separate() {
    browser_storage::set(Area::Session, "gp.test", "tab-only");
    assert_eq!(
        browser_storage::get(Area::Session, "gp.test").as_deref(),
        Some("tab-only")
    );
    assert_eq!(browser_storage::get(Area::Local, "gp.test"), None);
    browser_storage::remove(Area::Session, "gp.test");
    assert_eq!(browser_storage::get(Area::Session, "gp.test"), None);
}

#[wasm_bindgen_test]
async fn language_choice_is_remembered_and_sets_html_lang() {
    browser_storage::remove(Area::Local, "gp.lang");
    let slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let inner = slot.clone();
    let handle = leptos::mount::mount_to(container(), move || {
        inner.set(Some(provide_lang()));
        view! { <span/> }
    });
    let lang = slot.get().expect("provided");
    lang.set(Lang::ZhCn);
    tick().await;
    assert_eq!(
        browser_storage::get(Area::Local, "gp.lang").as_deref(),
        Some("zh-CN")
    );
    let html_lang = document().document_element().unwrap().get_attribute("lang");
    assert_eq!(html_lang.as_deref(), Some("zh-CN"));
    lang.set(Lang::En);
    tick().await;
    let html_lang = document().document_element().unwrap().get_attribute("lang");
    assert_eq!(html_lang.as_deref(), Some("en"));
    browser_storage::remove(Area::Local, "gp.lang");
    drop(handle);
}

#[wasm_bindgen_test]
async fn error_view_shows_status_message_and_request_id() {
    let el = container();
    let error = ApiError::from_response(
        409,
        include_str!("../crates/core/tests/fixtures/glance_error_404_json.txt")
            .split("\r\n\r\n")
            .nth(1)
            .unwrap(),
        Some("req-abc".into()),
    );
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_lang();
        view! { <ErrorView error=error.clone()/> }
    });
    tick().await;
    let text = el.inner_text();
    assert!(text.contains("409"), "{text}");
    assert!(text.contains("No image found with ID"), "{text}");
    assert!(!text.contains("<br"), "{text}");
    assert!(text.contains("req-abc"), "{text}");
    drop(handle);
}

#[wasm_bindgen_test]
fn browser_patterns_match_mismatch_and_survive_an_invalid_pattern() {
    use glance_portal::model::schema::PatternMatcher;
    use glance_portal::state::browser_regexp::BrowserPatterns;
    // Glance's UUID pattern (from /v2/schemas/image), evaluated by the browser's RegExp.
    let uuid =
        "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$";
    assert_eq!(
        BrowserPatterns.is_match(uuid, "734533aa-2869-4896-a728-9574bc666407"),
        Some(true)
    );
    assert_eq!(
        BrowserPatterns.is_match(uuid, "734533aa-2869-4896-a728"),
        Some(false)
    );
    // JSON Schema patterns are unanchored: a match anywhere counts.
    assert_eq!(BrowserPatterns.is_match("b+", "abbc"), Some(true));
    // An ECMA-only construct a Rust regex engine would reject (lookahead).
    assert_eq!(BrowserPatterns.is_match("^(?=.*x)", "abx"), Some(true));
    // RegExp throws on an invalid pattern: "cannot evaluate", and the app keeps running.
    assert_eq!(BrowserPatterns.is_match("([", "anything"), None);
    assert_eq!(BrowserPatterns.is_match("a", "a"), Some(true));
}

#[wasm_bindgen_test]
async fn a_413_is_shown_as_a_quota_with_glances_message_and_request_id() {
    let el = container();
    let error = ApiError::from_response(
        413,
        r#"{"code": 413, "title": "Request Entity Too Large", "message": "Maximum number of tags exceeded"}"#,
        Some("req-quota".into()),
    );
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_lang();
        view! { <ErrorView error=error.clone()/> }
    });
    tick().await;
    let title = el.query_selector(".gp-error__title").unwrap().unwrap();
    assert_eq!(title.text_content().as_deref(), Some("Quota reached"));
    let hint = el.query_selector(".gp-error__hint").unwrap().unwrap();
    assert!(hint.text_content().unwrap().contains("128 tags"));
    let text = el.inner_text();
    for expected in ["413", "Maximum number of tags exceeded", "req-quota"] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    drop(handle);
}

#[wasm_bindgen_test]
async fn image_table_renders_captured_glance_page() {
    let el = container();
    let page: ImagePage = serde_json::from_str(include_str!(
        "../crates/core/tests/fixtures/glance_images_page.json"
    ))
    .unwrap();
    let names: Vec<String> = page
        .images
        .iter()
        .map(|i| i.display_name().to_string())
        .collect();
    let opened = RwSignal::new(String::new());
    let sorted = RwSignal::new(String::new());
    let images = page.images.clone();
    let selection = RwSignal::new(std::collections::HashSet::<String>::new());
    // The default columns, less those empty on this page (as the list shows them).
    let columns = shown_columns(&DEFAULT_COLUMNS, &page.images);
    assert!(columns.iter().any(|c| c.id == ColumnId::Size));
    let handle = leptos::mount::mount_to(el.clone(), move || {
        provide_lang();
        view! {
            <ImageTable images=images.clone() sort_key="name".to_string() sort_dir=SortDir::Asc
                owner_names=Default::default() current_project=String::new()
                on_sort=move |k: String| sorted.set(k) on_open=move |id: String| opened.set(id)
                selected=selection columns=columns.clone()/>
        }
    });
    tick().await;
    let rows = el.query_selector_all(".gp-table__row").unwrap();
    assert_eq!(rows.length() as usize, names.len());
    let first_link = el.query_selector(".gp-table__link").unwrap().unwrap();
    assert_eq!(first_link.text_content().unwrap(), names[0]);
    let name_header = el.query_selector("th.gp-col-name").unwrap().unwrap();
    assert_eq!(
        name_header.get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    // Clicking a non-link cell opens the image; clicking a header emits its sort key.
    let size_cell: web_sys::HtmlElement = el
        .query_selector(".gp-table__row .gp-col-size")
        .unwrap()
        .unwrap()
        .unchecked_into();
    size_cell.click();
    assert_eq!(opened.get_untracked(), page.images[0].id);
    let sort_button: web_sys::HtmlElement = el
        .query_selector("button[data-sort=size]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    sort_button.click();
    assert_eq!(sorted.get_untracked(), "size");
    // The row checkbox selects without opening; "select all" takes the whole page.
    let checkbox: web_sys::HtmlElement = el
        .query_selector(".gp-row-select")
        .unwrap()
        .unwrap()
        .unchecked_into();
    opened.set(String::new());
    checkbox.click();
    assert_eq!(opened.get_untracked(), "");
    assert!(selection.get_untracked().contains(&page.images[0].id));
    let all: web_sys::HtmlElement = el
        .query_selector("#gp-select-all")
        .unwrap()
        .unwrap()
        .unchecked_into();
    all.click();
    assert_eq!(selection.get_untracked().len(), names.len());
    drop(handle);
}

/// A `Blob` holding `bytes`, as a chosen file would.
fn blob_of(bytes: &[u8]) -> web_sys::Blob {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap()
}

#[wasm_bindgen_test]
async fn blob_hashing_in_slices_equals_the_native_digest() {
    use glance_portal::model::checksum::LocalDigests;
    use glance_portal::workers::blob_hash::{hash_blob, Algorithms};
    use glance_portal::workers::protocol::Digests;
    // 3 MiB + 5 bytes of a non-repeating pattern, sliced at 1 MiB: three full slices and a
    // short last one, as a real file would be.
    let bytes: Vec<u8> = (0..(3 * 1024 * 1024 + 5) as u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let blob = blob_of(&bytes);
    let progress = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let seen = progress.clone();
    let (md5, sha512) = hash_blob(
        &blob,
        1024 * 1024,
        Algorithms::new(Digests::Both),
        move |n| seen.borrow_mut().push(n),
    )
    .await
    .unwrap();
    let native = LocalDigests::of(&bytes);
    assert_eq!((md5, sha512), (native.md5.clone(), native.sha512.clone()));
    assert_eq!(
        *progress.borrow(),
        vec![1 << 20, 2 << 20, 3 << 20, bytes.len() as u64]
    );
    // The single-digest modes the upload's two workers use agree too.
    let (md5_only, empty) = hash_blob(&blob, 1 << 20, Algorithms::new(Digests::Md5), |_| {})
        .await
        .unwrap();
    assert_eq!((md5_only, empty), (native.md5.clone(), String::new()));
    let (_, sha_only) = hash_blob(&blob, 1 << 20, Algorithms::new(Digests::Sha512), |_| {})
        .await
        .unwrap();
    assert_eq!(sha_only, native.sha512);
}

/// One read shared by two hashers through a MessageChannel, as the upload's two workers share
/// it: the forwarding side's md5 and the receiving side's sha512 are the native digests, over
/// more slices than may be in flight at once (so the forwarder waits for the receiver).
#[wasm_bindgen_test]
async fn one_read_relayed_to_a_second_hasher_gives_both_digests() {
    use glance_portal::model::checksum::LocalDigests;
    use glance_portal::workers::blob_hash::{hash_blob_forwarding, hash_relayed, Algorithms};
    use glance_portal::workers::protocol::Digests;
    let bytes: Vec<u8> = (0..(9 * 256 * 1024 + 3) as u32)
        .map(|i| (i.wrapping_mul(2_246_822_519) >> 11) as u8)
        .collect();
    let blob = blob_of(&bytes);
    let channel = web_sys::MessageChannel::new().unwrap();
    let (forward, receive) = (channel.port1(), channel.port2());
    let received = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let seen = received.clone();
    let receiver = wasm_bindgen_futures::future_to_promise(async move {
        let (md5, sha512) = hash_relayed(
            receive,
            Algorithms::new(Digests::Sha512),
            256 * 1024,
            move |n| seen.borrow_mut().push(n),
        )
        .await?;
        assert!(md5.is_empty());
        Ok(sha512.into())
    });
    let (md5, sha_empty) = hash_blob_forwarding(
        &blob,
        256 * 1024,
        Algorithms::new(Digests::Md5),
        &forward,
        |_| {},
    )
    .await
    .unwrap();
    let sha512 = wasm_bindgen_futures::JsFuture::from(receiver)
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let native = LocalDigests::of(&bytes);
    assert_eq!(
        (md5, sha_empty, sha512),
        (native.md5, String::new(), native.sha512)
    );
    assert_eq!(received.borrow().len(), 10, "one answer per slice");
    assert_eq!(received.borrow().last(), Some(&(bytes.len() as u64)));
}

/// The page and the worker read each other's messages through one module: every message
/// survives the trip through a JS object, and the job keeps its file handle.
#[wasm_bindgen_test]
fn worker_messages_round_trip_through_js() {
    use glance_portal::workers::protocol::{Digests, HashJob, Relay, WorkerMessage};
    for msg in [
        WorkerMessage::Ready,
        WorkerMessage::Progress {
            hashed: 8 << 20,
            wasm_bytes: 1_179_648,
        },
        WorkerMessage::Done {
            md5: Some("d41d8cd98f00b204e9800998ecf8427e".into()),
            sha512: None,
            millis: 12.5,
            wasm_bytes: 1_179_648,
        },
        WorkerMessage::Failed {
            message: "NotReadableError".into(),
        },
    ] {
        assert_eq!(WorkerMessage::from_js(&msg.to_js()), msg);
    }
    let unknown = js_sys::Object::new();
    assert!(matches!(
        WorkerMessage::from_js(&unknown.into()),
        WorkerMessage::Failed { message } if message.contains("unexpected")
    ));
    let blob = blob_of(b"abc");
    let job = HashJob {
        file: Some(blob.clone()),
        chunk: 1 << 20,
        digests: Digests::Sha512,
        relay: Relay::Alone,
    };
    let back = HashJob::from_js(&job.to_js().0, 7).unwrap();
    assert_eq!(
        (back.chunk, back.digests, back.file.map(|f| f.size())),
        (1 << 20, Digests::Sha512, Some(3.0))
    );
    // A worker that only receives (a download's chunks) is sent no file.
    let (port, _) = {
        let channel = web_sys::MessageChannel::new().unwrap();
        (channel.port1(), channel.port2())
    };
    let receiving = HashJob {
        file: None,
        chunk: 1 << 20,
        digests: Digests::Md5,
        relay: Relay::Receive(port),
    };
    let back = HashJob::from_js(&receiving.to_js().0, 7).unwrap();
    assert!(back.file.is_none());
    assert!(matches!(back.relay, Relay::Receive(_)));
    // A job without a chunk size gets the worker's default.
    let bare = js_sys::Object::new();
    js_sys::Reflect::set(&bare, &"file".into(), &blob).unwrap();
    assert_eq!(HashJob::from_js(&bare.into(), 7).unwrap().chunk, 7);
}

/// Ages are worded by the browser's Intl.RelativeTimeFormat, with each language's plurals and
/// its words for yesterday and now.
#[wasm_bindgen_test]
fn relative_ages_in_both_languages() {
    use glance_portal::components::relative_time::relative_text;
    use glance_portal::model::time::Age;
    let en: Vec<String> = [
        Age::Hours(3),
        Age::Minutes(1),
        Age::Days(1),
        Age::Days(2),
        Age::JustNow,
    ]
    .into_iter()
    .map(|a| relative_text(Lang::En, a))
    .collect();
    assert_eq!(
        en,
        [
            "3 hours ago",
            "1 minute ago",
            "yesterday",
            "2 days ago",
            "now"
        ]
    );
    assert_eq!(relative_text(Lang::ZhCn, Age::Hours(3)), "3小时前");
    assert_eq!(relative_text(Lang::ZhCn, Age::Days(1)), "昨天");
}

#[wasm_bindgen_test]
async fn a_busy_button_is_disabled_says_so_and_clicks_through_when_free() {
    use glance_portal::components::button::{Button, ButtonKind};
    let el = container();
    let busy = RwSignal::new(false);
    let clicks = RwSignal::new(0);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <Button
                kind=ButtonKind::Primary
                busy=busy
                busy_label="Saving…"
                class="gp-edit__save"
                id="gp-test-save"
                on_click=Callback::new(move |_| clicks.update(|n| *n += 1))
            >
                "Save"
            </Button>
        }
    });
    tick().await;
    let button: web_sys::HtmlButtonElement = el
        .query_selector("#gp-test-save")
        .unwrap()
        .expect("the id reaches the button")
        .unchecked_into();
    assert_eq!(button.class_name(), "gp-btn gp-btn--primary gp-edit__save");
    assert_eq!(button.type_(), "button");
    assert_eq!(button.inner_text(), "Save");
    button.click();
    tick().await;
    assert_eq!(clicks.get_untracked(), 1);
    assert_eq!(button.get_attribute("aria-busy"), None);
    busy.set(true);
    tick().await;
    assert!(button.disabled());
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("true"));
    assert_eq!(button.inner_text(), "Saving…");
    button.click();
    tick().await;
    assert_eq!(
        clicks.get_untracked(),
        1,
        "a disabled button does not click"
    );
    busy.set(false);
    tick().await;
    assert!(!button.disabled());
    assert_eq!(button.inner_text(), "Save");
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_field_ties_label_to_control_and_shows_its_message_as_an_alert() {
    use glance_portal::components::field::Field;
    use glance_portal::components::notice::{Announce, Notice, NoticeTone};
    let el = container();
    let error = RwSignal::new(None::<String>);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! {
            <Field
                id="gp-test-name"
                label="Name"
                hint="Up to 255 characters"
                error=Signal::derive(move || error.get())
            >
                <input id="gp-test-name" class="gp-input" />
            </Field>
            <Notice tone=NoticeTone::Warn announce=Announce::Urgent class="gp-test__notice">
                "Unsaved changes"
            </Notice>
            <Notice>"Plain"</Notice>
        }
    });
    tick().await;
    let label = el.query_selector("label").unwrap().unwrap();
    assert_eq!(label.get_attribute("for").as_deref(), Some("gp-test-name"));
    assert_eq!(label.class_name(), "gp-field__label");
    let hint = el.query_selector(".gp-field__hint").unwrap().unwrap();
    assert_eq!(hint.text_content().as_deref(), Some("Up to 255 characters"));
    assert!(el
        .query_selector("[role=alert].gp-field__error")
        .unwrap()
        .is_none());
    error.set(Some("<b>too long</b>".into()));
    tick().await;
    let alert = el
        .query_selector("[role=alert].gp-field__error")
        .unwrap()
        .expect("the message appears");
    // Text from anywhere is shown as text.
    assert_eq!(alert.text_content().as_deref(), Some("<b>too long</b>"));
    assert!(alert.query_selector("b").unwrap().is_none());
    error.set(None);
    tick().await;
    assert!(el.query_selector(".gp-field__error").unwrap().is_none());
    let notice = el.query_selector(".gp-test__notice").unwrap().unwrap();
    assert_eq!(
        notice.class_name(),
        "gp-notice gp-notice--warn gp-test__notice"
    );
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    let plain = el
        .query_selector("p.gp-notice:not(.gp-test__notice)")
        .unwrap()
        .unwrap();
    assert_eq!(plain.get_attribute("role"), None);
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_button_redrawn_with_a_new_handler_runs_the_new_one() {
    use glance_portal::components::button::Button;
    // A view redrawn in place (a list's next page replacing the previous one) keeps its
    // elements and must take the new page's handler: a click must not run the old page's.
    let el = container();
    let page = RwSignal::new(1);
    let clicked = RwSignal::new(0);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        move || {
            let n = page.get();
            view! {
                <Button id="gp-test-next" on_click=Callback::new(move |_| clicked.set(n))>
                    "Next"
                </Button>
            }
        }
    });
    tick().await;
    page.set(2);
    tick().await;
    let button: web_sys::HtmlElement = el
        .query_selector("#gp-test-next")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    tick().await;
    assert_eq!(
        clicked.get_untracked(),
        2,
        "the click ran the handler of the page shown"
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_section_shows_the_portals_refusal_in_the_language_of_the_moment_and_retries() {
    use glance_portal::components::resource_view::SectionView;
    use glance_portal::i18n::Key;
    use glance_portal::problem::{Problem, Refusal, RefusalReason};

    browser_storage::remove(Area::Local, "gp.lang");
    let el = container();
    let slot = std::rc::Rc::new(std::cell::Cell::new(None));
    let inner = slot.clone();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        inner.set(Some(provide_lang()));
        let attempts = StoredValue::new(0u32);
        let answer = LocalResource::new(move || {
            attempts.update_value(|n| *n += 1);
            let first = attempts.get_value() == 1;
            async move {
                if first {
                    Err::<String, Problem>(
                        Refusal::new(RefusalReason::Input, Key::NotAnImageId, &["x/y"]).into(),
                    )
                } else {
                    Ok("loaded".to_string())
                }
            }
        });
        view! {
            <SectionView resource=answer retry=Callback::new(move |_| answer.refetch()) let:text>
                <p class="gp-test-loaded">{text}</p>
            </SectionView>
        }
    });
    tick().await;
    let lang = slot.get().expect("provided");
    let message = || {
        el.query_selector(".gp-error__message")
            .unwrap()
            .and_then(|m| m.text_content())
            .unwrap_or_default()
    };
    let english = message();
    assert_eq!(
        english,
        Lang::En.text(&Refusal::new(RefusalReason::Input, Key::NotAnImageId, &["x/y"]).text)
    );
    assert!(
        el.query_selector(".gp-error__status").unwrap().is_none(),
        "a refusal has no HTTP status"
    );
    assert!(el
        .query_selector(".gp-error__request-id")
        .unwrap()
        .is_none());
    lang.set(Lang::ZhCn);
    tick().await;
    assert_ne!(
        message(),
        english,
        "the refusal follows the language switch"
    );
    lang.set(Lang::En);
    let retry: web_sys::HtmlElement = el
        .query_selector(".gp-error button")
        .unwrap()
        .expect("Retry")
        .unchecked_into();
    retry.click();
    tick().await;
    tick().await;
    let loaded = el
        .query_selector(".gp-test-loaded")
        .unwrap()
        .expect("loaded after Retry");
    assert_eq!(loaded.text_content().as_deref(), Some("loaded"));
    assert!(el.query_selector(".gp-error").unwrap().is_none());
    browser_storage::remove(Area::Local, "gp.lang");
    drop(handle);
}
