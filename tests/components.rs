//! The app's components mounted in a real browser page (Chromium, through
//! wasm-bindgen-test-runner and chromedriver): what they put in the DOM, which native
//! tests cannot see and the Playwright tests see only through the whole page.
//!
//! Each test mounts one component into a box of its own, sized like the lab's canvas
//! at 1280×800, with the diagram's real stylesheet, drives it the way a user or the
//! store does, and reads the DOM back. `./lab test` runs them; by hand:
//! `cargo test --target wasm32-unknown-unknown --test components` with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner` and
//! `CHROMEDRIVER=/usr/bin/chromedriver` (`lab` sets both).

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, Event, HtmlElement, HtmlInputElement};
use sglab_app::lab::{Command, Lab};
use sglab_app::store::{provide_lab, GroupsView, LabStore};
use sglab_engine::example::{
    chapter_connections, APP_INSTANCE_ID, APP_SG_ID, DATABASE_ENI_ID, DATABASE_ID, DATABASE_SG_ID,
};
use sglab_engine::ids::SecurityGroupId;
use sglab_engine::{Edit, HopKind, RuleRef};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The canvas beside a 30rem side panel under the top bar, in a 1280×800 window.
const CANVAS: (u32, u32) = (800, 740);
/// That side panel.
const SIDE_PANEL: (u32, u32) = (480, 740);
/// What the diagram's stylesheet sizes it by (the SVG fills its canvas).
const DIAGRAM_CSS: &str = include_str!("../style/diagram.css");

/// One component on the page, with the store it reads. Dropping it unmounts the
/// component and removes its box.
struct Mounted {
    host: HtmlElement,
    store: LabStore,
    _view: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.host.remove();
    }
}

impl Mounted {
    fn find(&self, selector: &str) -> Option<Element> {
        self.host.query_selector(selector).ok().flatten()
    }

    fn get(&self, selector: &str) -> Element {
        self.find(selector).unwrap_or_else(|| panic!("nothing on the page matches `{selector}`"))
    }

    fn click(&self, selector: &str) {
        self.get(selector).unchecked_into::<HtmlElement>().click();
    }
}

/// Mounts `view` over a store holding `lab`, as the app provides it (with the firing
/// state the diagram's arrows read), in a box of `size` pixels.
fn mount(lab: Lab, size: (u32, u32), view: impl FnOnce(LabStore) -> AnyView + 'static) -> Mounted {
    let document = document();
    if document.get_element_by_id("diagram-css").is_none() {
        let style = document.create_element("style").expect("a <style> element");
        style.set_id("diagram-css");
        style.set_text_content(Some(DIAGRAM_CSS));
        document.head().expect("the page's <head>").append_child(&style).expect("the stylesheet added");
    }
    let host: HtmlElement = document.create_element("section").expect("a <section> element").unchecked_into();
    host.set_class_name("canvas");
    host.set_attribute("style", &format!("position: relative; width: {}px; height: {}px", size.0, size.1))
        .expect("the canvas sized");
    document.body().expect("the page's <body>").append_child(&host).expect("the canvas added");
    let provided = Rc::new(Cell::new(None));
    let handle = {
        let provided = Rc::clone(&provided);
        leptos::mount::mount_to(host.clone(), move || {
            let store = provide_lab(lab);
            sglab_app::firing::provide_firing();
            provided.set(Some(store));
            view(store)
        })
    };
    let store = provided.get().expect("the store provided while mounting");
    Mounted { host, store, _view: Box::new(handle) }
}

/// Lets the browser run timers and the reactive system's effects for `ms` milliseconds.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Lets what mounting or a change started finish: the reactive system's effects run
/// as microtasks, and a timer runs only after all of them.
async fn settle() {
    pause(0).await;
}

/// Waits up to two seconds for `check` to pass, as a user would look again; fails
/// with what it saw last.
async fn until(what: &str, mut check: impl FnMut() -> Result<(), String>) {
    let mut last = String::new();
    for _ in 0..100 {
        match check() {
            Ok(()) => return,
            Err(seen) => last = seen,
        }
        pause(20).await;
    }
    panic!("waited in vain until {what}: {last}");
}

fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

/// The diagram's zoom as its toolbar shows it, in percent.
fn zoom_percent(page: &Mounted) -> f64 {
    let shown = text(&page.get("[data-testid=\"zoom-level\"]"));
    shown.trim_end_matches('%').parse().unwrap_or_else(|_| panic!("the zoom level reads `{shown}`"))
}

/// Presses the toolbar's "Zoom in" or "Zoom out" until the zoom is where `wanted` says.
async fn zoom_until(page: &Mounted, button: &str, wanted: impl Fn(f64) -> bool) {
    for _ in 0..20 {
        if wanted(zoom_percent(page)) {
            return;
        }
        page.click(&format!("button[aria-label=\"{button}\"]"));
        settle().await;
    }
    panic!("pressing {button} twenty times left the zoom at {}%", zoom_percent(page));
}

fn node(page: &Mounted, id: &str) -> Element {
    page.get(&format!("[data-testid=\"node-{id}\"]"))
}

/// A node's drawn name, addresses and group badges.
fn labels(node: &Element) -> Vec<String> {
    let found = node
        .query_selector_all(".node-name, [data-testid=\"private-ip\"], [data-testid=\"public-ip\"], .sg-badge text");
    let Ok(found) = found else { return Vec::new() };
    (0..found.length()).filter_map(|i| found.item(i)).filter_map(|n| n.text_content()).collect()
}

fn has_labels(node: &Element, wanted: &[&str]) -> Result<(), String> {
    let drawn = labels(node);
    if wanted.iter().all(|w| drawn.iter().any(|d| d == w)) {
        Ok(())
    } else {
        Err(format!("the node's labels are {drawn:?}, not all of {wanted:?}"))
    }
}

fn mount_diagram() -> Mounted {
    mount(Lab::chapter(), CANVAS, |_| view! { <sglab_app::diagram::Diagram/> }.into_any())
}

#[wasm_bindgen_test]
async fn the_chapter_is_drawn_with_its_addresses_and_groups_and_only_icons_when_zoomed_far_out() {
    let page = mount_diagram();
    // The diagram fits the chapter to the canvas once it is on the page.
    settle().await;
    let app_server = ["App Server", "10.1.1.33", "4.5.6.7 public", "app-server-sg"];
    let database = ["MySQL database", "10.1.2.15", "database-sg"];
    // Fitted to the canvas, the chapter is large enough to read.
    until("the App Server's labels are drawn", || has_labels(&node(&page, APP_INSTANCE_ID), &app_server)).await;
    until("the database's labels are drawn", || has_labels(&node(&page, DATABASE_ID), &database)).await;
    assert!(zoom_percent(&page) >= 40.0, "fitted at {}%", zoom_percent(&page));
    let app = node(&page, APP_INSTANCE_ID);
    assert!(app.query_selector(&format!("[data-testid=\"badge-{APP_SG_ID}\"]")).ok().flatten().is_some());
    let db = node(&page, DATABASE_ID);
    assert!(db.query_selector(&format!("[data-testid=\"badge-{DATABASE_SG_ID}\"]")).ok().flatten().is_some());
    assert!(db.query_selector("[data-testid=\"public-ip\"]").ok().flatten().is_none(), "the database has no public IP");

    // Zoomed out past 40%, the text would be too small to read: the nodes are icons,
    // and their accessible names still say everything.
    zoom_until(&page, "Zoom out", |percent| percent < 40.0).await;
    until("the nodes are drawn without text", || match labels(&node(&page, APP_INSTANCE_ID)).as_slice() {
        [] => Ok(()),
        drawn => Err(format!("the App Server still shows {drawn:?}")),
    })
    .await;
    assert!(labels(&node(&page, DATABASE_ID)).is_empty());
    assert_eq!(
        node(&page, APP_INSTANCE_ID).get_attribute("aria-label").as_deref(),
        Some("App Server 10.1.1.33 4.5.6.7 public app-server-sg, EC2 instance")
    );

    // Zoomed back in, the labels return. (The toolbar rounds: "40%" may be 39.6%.)
    zoom_until(&page, "Zoom in", |percent| percent > 40.0).await;
    until("the App Server's labels are back", || has_labels(&node(&page, APP_INSTANCE_ID), &app_server)).await;
}

/// The arrow of fired connection `index`: its `data-state` and `data-blocked-at`.
fn arrow_state(page: &Mounted, index: usize) -> Result<(String, Option<String>), String> {
    let arrow = page.find(&format!("[data-testid=\"flow-{index}\"]")).ok_or("no arrow is drawn")?;
    let state = arrow.get_attribute("data-state").ok_or("the arrow has no data-state")?;
    Ok((state, arrow.get_attribute("data-blocked-at")))
}

#[wasm_bindgen_test]
async fn revoking_the_rule_that_let_a_fired_connection_in_turns_its_arrow_blocked() {
    let page = mount_diagram();
    settle().await;
    let store = page.store;
    // The chapter's connection 2: the App Server to the database on MySQL.
    let flow = chapter_connections()[1].flow.clone();
    store.dispatch(Command::Fire(flow)).expect("the chapter's connection 2 fires");
    until("the arrow is drawn allowed", || match arrow_state(&page, 0)? {
        (state, None) if state == "allowed" => Ok(()),
        seen => Err(format!("the arrow is {seen:?}")),
    })
    .await;
    assert!(page.find("[data-testid=\"flow-0\"] [data-testid=\"stop-mark\"]").is_none());

    // The rule the engine says let the request in at the database.
    let deciding = store.lab.with_untracked(|lab| {
        let verdict = lab.connections.connections().first()?.verdict.as_ref().ok()?;
        verdict.request.hops.iter().find(|h| h.kind == HopKind::SecurityGroupsInbound)?.rule.clone()
    });
    let Some(RuleRef::SecurityGroupRule { group_id, rule_id }) = deciding else {
        panic!("the database's inbound hop was decided by {deciding:?}, not a security group rule");
    };
    assert_eq!(group_id, SecurityGroupId::new(DATABASE_SG_ID));
    store
        .dispatch(Command::Edit(Edit::RevokeSecurityGroupIngress { group_id, rule_ids: vec![rule_id] }))
        .expect("the rule is revoked");

    // Judged again at once: a new connection would stop at the database's interface.
    until("the arrow turns blocked at the database", || match arrow_state(&page, 0)? {
        (state, Some(at)) if state == "blocked" && at == DATABASE_ENI_ID => Ok(()),
        seen => Err(format!("the arrow is {seen:?}")),
    })
    .await;
    assert!(page.find("[data-testid=\"flow-0\"] [data-testid=\"stop-mark\"]").is_some());
    let arrows = page.host.query_selector_all("[data-testid^=\"flow-\"][data-state]").map(|l| l.length());
    assert_eq!(arrows, Ok(1), "one fired connection, one arrow");
}

#[wasm_bindgen_test]
async fn an_invalid_cidr_in_edit_inbound_rules_is_refused_beside_its_field_and_nothing_is_lost() {
    let page = mount(Lab::chapter(), SIDE_PANEL, |store| {
        store.ui.groups_view.set(GroupsView::EditRules { group: SecurityGroupId::new(DATABASE_SG_ID), inbound: true });
        view! { <sglab_app::groups::SecurityGroupsPanel/> }.into_any()
    });
    let before = page.store.lab.get_untracked();
    let source_selector = "input[aria-label=\"Source, inbound rule 1\"]";
    until("the form shows the database's inbound rule", || match page.find(source_selector) {
        Some(input) if input.unchecked_ref::<HtmlInputElement>().value() == "10.1.1.0/24" => Ok(()),
        Some(input) => Err(format!("its Source reads `{}`", input.unchecked_ref::<HtmlInputElement>().value())),
        None => Err("no Source field".into()),
    })
    .await;

    let source: HtmlInputElement = page.get(source_selector).unchecked_into();
    source.set_value("10.1.300.0/24");
    source.dispatch_event(&Event::new("input").expect("an input event")).expect("the input event dispatched");
    page.click("form.groups-form button[type=\"submit\"]");

    until("the Source field is marked invalid", || match source.get_attribute("aria-invalid") {
        Some(v) if v == "true" => Ok(()),
        seen => Err(format!("aria-invalid is {seen:?}")),
    })
    .await;
    // The console's words, in the field's own cell, read out with the field.
    let described_by = source.get_attribute("aria-describedby").expect("the field names its message");
    let message = document().get_element_by_id(&described_by).expect("the field's message is on the page");
    assert_eq!(text(&message), "Enter a valid CIDR block, such as 10.0.0.0/16, or a security group ID");
    let cell = |e: &Element| e.closest("label").ok().flatten();
    assert!(cell(&message).is_some() && cell(&message) == cell(&source), "the message is not beside its field");

    // Nothing typed is lost, the form stays open, and the lab is as it was.
    assert_eq!(source.value(), "10.1.300.0/24");
    assert!(text(&page.get("h2")).contains("Edit inbound rules"));
    assert!(page.store.lab.get_untracked() == before, "a refused form changed the lab");
}
