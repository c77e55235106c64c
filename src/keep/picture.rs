//! The diagram as a picture: an SVG file that stands alone (the page's styles written
//! into it, the whole network in view whatever the pan and zoom), and a PNG drawn
//! from that SVG on a canvas at twice its size.

use super::browser;
use crate::store::LabStore;
use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys;

/// The style properties that give the diagram its look; copied from the page's
/// computed styles onto every element of the exported copy.
const PROPERTIES: &[&str] = &[
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-linecap",
    "stroke-linejoin",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "letter-spacing",
    "text-anchor",
    "dominant-baseline",
    "paint-order",
    "visibility",
    "display",
    "marker-start",
    "marker-end",
];

/// Room around the drawing in an exported picture, in diagram units.
const MARGIN: f64 = 24.0;

/// What the diagram draws, in its own units: the box of its content group with the
/// packet set aside (it is parked far off when no connection plays).
fn drawn_bounds(diagram: &web_sys::Element) -> Option<crate::layout::Rect> {
    let content: web_sys::SvgGraphicsElement = diagram.query_selector("g.content").ok().flatten()?.dyn_into().ok()?;
    let packet = content.query_selector(".packet-layer").ok().flatten();
    if let Some(packet) = &packet {
        let _ = packet.set_attribute("display", "none");
    }
    let measured = content.get_b_box();
    if let Some(packet) = &packet {
        let _ = packet.remove_attribute("display");
    }
    let b = measured.ok()?;
    (b.width() > 0.0 && b.height() > 0.0).then(|| crate::layout::Rect {
        x: f64::from(b.x()),
        y: f64::from(b.y()),
        width: f64::from(b.width()),
        height: f64::from(b.height()),
    })
}

/// The diagram as standalone SVG text, and its size in pixels.
pub fn svg_text(store: &LabStore) -> Result<(String, f64, f64), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("there is no document")?;
    let window = web_sys::window().ok_or("there is no window")?;
    let original = document.query_selector("svg.diagram").ok().flatten().ok_or("the diagram is not on the page")?;
    let copy: web_sys::Element = original
        .clone_node_with_deep(true)
        .map_err(|_| "the diagram could not be copied")?
        .dyn_into()
        .map_err(|_| "the diagram could not be copied")?;

    let from = original.query_selector_all("*").map_err(|_| "the diagram could not be read")?;
    let to = copy.query_selector_all("*").map_err(|_| "the diagram could not be read")?;
    for i in 0..from.length().min(to.length()) {
        let (Some(a), Some(b)) = (from.item(i), to.item(i)) else { continue };
        let (Ok(a), Ok(b)) = (a.dyn_into::<web_sys::Element>(), b.dyn_into::<web_sys::Element>()) else { continue };
        let Ok(Some(computed)) = window.get_computed_style(&a) else { continue };
        let style: String = PROPERTIES
            .iter()
            .filter_map(|p| computed.get_property_value(p).ok().filter(|v| !v.is_empty()).map(|v| format!("{p}:{v};")))
            .collect();
        let _ = b.set_attribute("style", &style);
    }

    // The whole drawing, not the part panned into view: every box, node, arrow and
    // caption, measured where the browser drew them, with a margin.
    let bounds =
        drawn_bounds(&original).unwrap_or_else(|| store.lab.with_untracked(|lab| lab.layout.bounds(&lab.network)));
    let bounds = crate::layout::Rect {
        x: bounds.x - MARGIN,
        y: bounds.y - MARGIN,
        width: bounds.width + 2.0 * MARGIN,
        height: bounds.height + 2.0 * MARGIN,
    };
    if let Ok(Some(content)) = copy.query_selector("g.content") {
        let _ = content.remove_attribute("transform");
    }
    // The page's controls are not part of the picture, nor is the packet.
    if let Ok(controls) = copy.query_selector_all(".subnet-toggle, .packet-layer, .flow-hit, title") {
        for i in 0..controls.length() {
            if let Some(node) = controls.item(i) {
                if let Some(parent) = node.parent_node() {
                    let _ = parent.remove_child(&node);
                }
            }
        }
    }
    // Its look is in each element's style now; the page's class names mean nothing outside it.
    if let Ok(all) = copy.query_selector_all("[class]") {
        for i in 0..all.length() {
            if let Some(element) = all.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                let _ = element.remove_attribute("class");
            }
        }
    }
    // The canvas's colour, behind the diagram on the page.
    let background = original
        .closest(".canvas")
        .ok()
        .flatten()
        .and_then(|canvas| window.get_computed_style(&canvas).ok().flatten())
        .and_then(|s| s.get_property_value("background-color").ok())
        .filter(|c| !c.is_empty() && c != "rgba(0, 0, 0, 0)")
        .unwrap_or_else(|| "#ffffff".into());
    if let Ok(Some(grid)) = copy.query_selector("rect") {
        let _ = grid.set_attribute("x", &bounds.x.to_string());
        let _ = grid.set_attribute("y", &bounds.y.to_string());
        let _ = grid.set_attribute("width", &bounds.width.to_string());
        let _ = grid.set_attribute("height", &bounds.height.to_string());
        let _ = grid.set_attribute("style", &format!("fill:{background};"));
    }
    let _ = copy.set_attribute("xmlns", "http://www.w3.org/2000/svg");
    let _ = copy.set_attribute("viewBox", &format!("{} {} {} {}", bounds.x, bounds.y, bounds.width, bounds.height));
    let _ = copy.set_attribute("width", &format!("{:.0}", bounds.width));
    let _ = copy.set_attribute("height", &format!("{:.0}", bounds.height));
    let _ = copy.remove_attribute("class");
    let _ = copy.set_attribute("style", &format!("background:{background};font-family:sans-serif;"));
    let text = web_sys::XmlSerializer::new()
        .and_then(|s| s.serialize_to_string(&copy))
        .map_err(|_| "the diagram could not be written")?;
    Ok((text, bounds.width, bounds.height))
}

pub fn download_svg(store: &LabStore) -> Result<(), String> {
    let (text, _, _) = svg_text(store)?;
    browser::download("sglab-diagram.svg", "image/svg+xml", text.as_bytes())
}

/// Draws the SVG on a canvas and downloads it as PNG; `done` hears how it went.
pub fn download_png(store: &LabStore, done: impl Fn(Result<(), String>) + Clone + 'static) {
    let (text, width, height) = match svg_text(store) {
        Ok(svg) => svg,
        Err(e) => return done(Err(e)),
    };
    let image = match web_sys::HtmlImageElement::new() {
        Ok(image) => image,
        Err(_) => return done(Err("the browser cannot draw images here".into())),
    };
    let scale = 2.0;
    let drawn = image.clone();
    let finish = done.clone();
    let onload = Closure::once(move || {
        if let Err(e) = draw(&drawn, width * scale, height * scale, done) {
            finish(Err(e));
        }
    });
    let failed = Closure::once(move || {
        leptos::logging::warn!("the diagram's SVG could not be drawn");
    });
    image.set_onload(Some(onload.as_ref().unchecked_ref()));
    image.set_onerror(Some(failed.as_ref().unchecked_ref()));
    onload.forget();
    failed.forget();
    let url = format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&text)));
    image.set_src(&url);
}

fn draw(
    image: &web_sys::HtmlImageElement,
    width: f64,
    height: f64,
    done: impl Fn(Result<(), String>) + 'static,
) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("there is no document")?;
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").map_err(|_| "no canvas")?.dyn_into().map_err(|_| "no canvas")?;
    canvas.set_width(width.ceil() as u32);
    canvas.set_height(height.ceil() as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("the browser cannot draw on a canvas")?;
    context
        .draw_image_with_html_image_element_and_dw_and_dh(image, 0.0, 0.0, width, height)
        .map_err(|_| "the diagram could not be drawn")?;
    let saved = Closure::once(move |blob: JsValue| {
        let result = match blob.dyn_into::<web_sys::Blob>() {
            Ok(blob) => browser::download_blob("sglab-diagram.png", &blob),
            Err(_) => Err("the browser made no PNG".to_string()),
        };
        done(result);
    });
    canvas.to_blob(saved.as_ref().unchecked_ref()).map_err(|_| "the browser made no PNG")?;
    saved.forget();
    Ok(())
}
