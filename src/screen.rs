//! The room the page has: media queries and the size of an element as it changes.
//! Reached through JS reflection, as `keep::browser` does, so no browser API is added
//! to web-sys's features (each one rebuilds every crate above it).

use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys;
use send_wrapper::SendWrapper;

/// Below this width (CSS pixels) the side panel is a sheet under the diagram
/// (`style/workspace.css` has the same number).
pub const SHEET_BELOW: f64 = 1024.0;

fn method(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &JsValue::from_str(name)).ok()?.dyn_into::<js_sys::Function>().ok()
}

fn media_query(query: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    method(&window, "matchMedia")?.call1(&window, &JsValue::from_str(query)).ok()
}

fn matches(list: &JsValue) -> bool {
    js_sys::Reflect::get(list, &JsValue::from_str("matches")).ok().and_then(|m| m.as_bool()).unwrap_or(false)
}

/// A signal that holds whether a media query matches, following it as the window
/// changes (turned, resized, a system setting changed).
pub fn use_media_query(query: &str) -> Signal<bool> {
    let Some(list) = media_query(query) else { return Signal::derive(|| false) };
    let now = RwSignal::new(matches(&list));
    let changed = {
        let list = list.clone();
        Closure::<dyn Fn()>::new(move || now.set(matches(&list)))
    };
    if let Some(add) = method(&list, "addEventListener") {
        let _ = add.call2(&list, &JsValue::from_str("change"), changed.as_ref());
    }
    // The listener lives as long as the page: the queries are made once, by the app.
    changed.forget();
    now.into()
}

/// What a `ResizeObserver` calls with the entries that changed.
type SizeCallback = Closure<dyn Fn(js_sys::Array)>;

/// A `ResizeObserver` watching one element, until [`SizeObserver::disconnect`].
pub struct SizeObserver(SendWrapper<(JsValue, SizeCallback)>);

impl SizeObserver {
    pub fn disconnect(self) {
        let (observer, _callback) = self.0.take();
        if let Some(disconnect) = method(&observer, "disconnect") {
            let _ = disconnect.call0(&observer);
        }
    }
}

/// Calls `changed` with an element's content size (width, height) whenever it changes,
/// and once when it is first measured. `None` where the browser has no ResizeObserver.
pub fn observe_size(element: &web_sys::Element, changed: impl Fn(f64, f64) + 'static) -> Option<SizeObserver> {
    let window = web_sys::window()?;
    let constructor = js_sys::Reflect::get(&window, &JsValue::from_str("ResizeObserver"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let callback = SizeCallback::new(move |entries: js_sys::Array| {
        let Some(last) = entries.iter().last() else { return };
        let Ok(rect) = js_sys::Reflect::get(&last, &JsValue::from_str("contentRect")) else { return };
        let read = |name: &str| js_sys::Reflect::get(&rect, &JsValue::from_str(name)).ok().and_then(|v| v.as_f64());
        if let (Some(width), Some(height)) = (read("width"), read("height")) {
            changed(width, height);
        }
    });
    let observer = js_sys::Reflect::construct(&constructor, &js_sys::Array::of1(callback.as_ref())).ok()?;
    method(&observer, "observe")?.call1(&observer, element).ok()?;
    Some(SizeObserver(SendWrapper::new((observer, callback))))
}
