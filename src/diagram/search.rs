//! "Find a resource" in the diagram's toolbar: by name, id or IP address, with
//! suggestions as one types. What choosing does (open the subnet, select the node,
//! bring it into view) is the diagram's business; this field only says which node.

use super::info::{find, NodeInfo};
use crate::layout::NodeKey;
use leptos::ev;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use std::collections::HashMap;

/// How many suggestions the list offers at once: enough to pick from, few enough to read.
const SUGGESTIONS: usize = 12;

/// One suggestion: the node, what goes in the field when it is picked, what it says.
type Suggestion = (NodeKey, String, String);

/// The search field, its suggestions and what it found.
#[component]
pub fn FindResource(
    /// What the diagram writes beside each node: what the search reads.
    infos: Memo<HashMap<NodeKey, NodeInfo>>,
    /// Called with the node chosen.
    on_found: Callback<NodeKey>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    // What the last search said, for a screen reader; a miss is shown as well.
    let status = RwSignal::new(String::new());
    let missed = RwSignal::new(false);
    let suggestions = Memo::new(move |_| {
        query.with(|q| {
            infos.with(|all| {
                find(all.iter(), q, SUGGESTIONS)
                    .into_iter()
                    .filter_map(|key| all.get(&key).map(|info| (key.clone(), info.id.clone(), label(info))))
                    .collect::<Vec<Suggestion>>()
            })
        })
    });
    let choose = move |key: NodeKey| {
        let said = infos.with_untracked(|all| all.get(&key).map(label)).unwrap_or_default();
        missed.set(false);
        status.set(format!("{said}: selected"));
        on_found.run(key);
    };
    let input = move |ev: ev::Event| {
        let value = event_target_value(&ev);
        // A suggestion picked from the list replaces the whole text at once; letters
        // typed one by one never jump anywhere before Enter.
        let picked =
            ev.dyn_ref::<leptos::web_sys::InputEvent>().is_none_or(|e| e.input_type() == "insertReplacementText");
        query.set(value.clone());
        missed.set(false);
        if picked {
            let key =
                suggestions.with_untracked(|s| s.iter().find(|(_, id, _)| *id == value).map(|(k, _, _)| k.clone()));
            if let Some(key) = key {
                choose(key);
            }
        }
    };
    let keydown = move |ev: ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            let best = suggestions.with_untracked(|s| s.first().map(|(k, _, _)| k.clone()));
            match best {
                Some(key) => choose(key),
                None if query.with_untracked(|q| q.trim().is_empty()) => {}
                None => {
                    missed.set(true);
                    status.set(format!("No resource matches “{}”", query.get_untracked().trim()));
                }
            }
        }
        "Escape" => {
            query.set(String::new());
            missed.set(false);
            status.set(String::new());
        }
        _ => {}
    };

    view! {
        <div class="find">
            <input
                type="search"
                class="find-input"
                list="diagram-find-list"
                aria-label="Find a resource"
                placeholder="Find a resource: name, id or IP"
                autocomplete="off"
                spellcheck="false"
                data-testid="diagram-find"
                aria-invalid=move || missed.get().to_string()
                prop:value=move || query.get()
                on:input=input
                on:keydown=keydown
            />
            <datalist id="diagram-find-list">
                <For
                    each=move || suggestions.get()
                    key=|(key, _, _)| key.clone()
                    children=|(_, id, said)| view! { <option value=id>{said}</option> }
                />
            </datalist>
            <p class="find-note" class:visually-hidden=move || !missed.get() role="status" data-testid="diagram-find-status">
                {move || status.get()}
            </p>
        </div>
    }
}

/// What a suggestion says: "web-0003 · 10.0.0.11 · EC2 instance".
fn label(info: &NodeInfo) -> String {
    let mut words = vec![info.name.clone()];
    words.extend(info.private_ip.clone().or_else(|| info.public_ip.clone()));
    words.push(info.kind.label().to_owned());
    words.join(" · ")
}
