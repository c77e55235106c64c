//! The browser's side of keeping: localStorage, the address bar's fragment, file
//! downloads, the clipboard and reading a chosen file. Every call can fail (storage
//! switched off or full, no clipboard permission); failures come back as messages for
//! the page to show, never as panics.

use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys;
use serde::{Deserialize, Serialize};

/// Where autosave keeps the lab.
pub const SAVE_KEY: &str = "sglab.lab";
/// Where an unreadable save is kept, so that nothing is lost.
pub const BACKUP_KEY: &str = "sglab.lab.backup";
/// Labs kept aside when a shared lab was opened ("keep both").
pub const COPIES_KEY: &str = "sglab.copies";
/// The theme the user chose ("dark" or "light"); none while the system's is followed.
pub const THEME_KEY: &str = "sglab.theme";

/// Does the system ask for dark colours (`prefers-color-scheme: dark`)?
pub fn system_prefers_dark() -> bool {
    // `window.matchMedia(…).matches`, through JS reflection.
    let Some(window) = web_sys::window() else { return false };
    let query = JsValue::from_str("(prefers-color-scheme: dark)");
    js_sys::Reflect::get(&window, &JsValue::from_str("matchMedia"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&window, &query).ok())
        .and_then(|list| js_sys::Reflect::get(&list, &JsValue::from_str("matches")).ok())
        .and_then(|m| m.as_bool())
        .unwrap_or(false)
}

/// A lab kept aside, with when and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeptCopy {
    #[serde(rename = "Name")]
    pub name: String,
    /// When it was kept, as the browser's local time.
    #[serde(rename = "Kept")]
    pub kept: String,
    /// The lab's document ([`super::format`]).
    #[serde(rename = "Lab")]
    pub document: String,
}

fn storage() -> Result<web_sys::Storage, String> {
    let window = web_sys::window().ok_or("there is no window")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        _ => Err("this browser does not allow the page to store data".into()),
    }
}

fn message(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the browser refused".into())
}

pub fn read(key: &str) -> Option<String> {
    storage().ok()?.get_item(key).ok().flatten()
}

pub fn write(key: &str, value: &str) -> Result<(), String> {
    storage()?.set_item(key, value).map_err(|e| {
        let text = message(e);
        if text.to_lowercase().contains("quota") {
            "the browser's storage for this page is full".to_string()
        } else {
            text
        }
    })
}

/// Forgets a key. Failing (storage switched off) leaves nothing to forget.
pub fn remove(key: &str) -> Result<(), String> {
    storage()?.remove_item(key).map_err(message)
}

pub fn read_copies() -> Vec<KeptCopy> {
    read(COPIES_KEY).and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default()
}

pub fn write_copies(copies: &[KeptCopy]) -> Result<(), String> {
    let text = serde_json::to_string(copies).map_err(|e| e.to_string())?;
    write(COPIES_KEY, &text)
}

/// The local date and time, for naming kept copies.
pub fn now_text() -> String {
    String::from(js_sys::Date::new_0().to_locale_string("en-GB", &JsValue::UNDEFINED))
}

/// The address bar's fragment, with its `#`.
pub fn fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The page's address without its fragment.
pub fn page_address() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    match href.split_once('#') {
        Some((page, _)) => page.to_owned(),
        None => href,
    }
}

/// Takes the fragment out of the address bar without reloading or adding to the
/// browser's history.
pub fn clear_fragment() {
    let Some(window) = web_sys::window() else { return };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&page_address()));
    }
}

/// Offers `bytes` as a file download.
pub fn download(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(message)?;
    download_blob(file_name, &blob)
}

pub fn download_blob(file_name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(message)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("there is no document")?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(message)?.dyn_into().map_err(|_| "no link element".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The download has started; the URL is not needed any more.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies text to the clipboard; `done` is told whether it worked.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else { return done(false) };
    let promise = window.navigator().clipboard().write_text(text);
    leptos::task::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

/// Reads a file the learner chose; `done` gets its text or why it could not be read.
pub fn read_file(file: web_sys::File, done: impl FnOnce(Result<String, String>) + 'static) {
    let promise = file.text();
    leptos::task::spawn_local(async move {
        let result = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(message)
            .and_then(|v| v.as_string().ok_or_else(|| "the file is not text".to_string()));
        done(result);
    });
}
