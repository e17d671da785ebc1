//! Browser entry point: mounts the application with its pages on demand; everything else
//! lives in the library.

mod split_points;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| {
        leptos::view! { <glance_portal::app::App pages=split_points::PAGES /> }
    });
}
