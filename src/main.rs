//! Browser entry point: mounts the application; everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(glance_portal::app::App);
}
