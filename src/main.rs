//! The browser entry point: mounts the lab's [`App`] on the page. Everything else
//! lives in the library so that native tests can reach it.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(sglab_app::App);
}
