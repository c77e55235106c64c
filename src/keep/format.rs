//! The lab as a document: what autosave writes, what a shared link carries and what
//! "Export AWS JSON" downloads. Plain Rust, no browser.
//!
//! The document is the AWS JSON the engine reads (`sglab_engine::aws`), so any of
//! them can be imported, checked with `sglab check --aws`, or read by a person, plus
//! one key of the lab's own, [`KEY`]:
//!
//! ```json
//! { "Vpcs": [...], "SecurityGroups": [...], ..., "SgLab": {...},
//!   "SgLabSave": { "Version": 1,
//!                  "Layout": { "Subnets": { "subnet-…": { "X": 0, "Y": 0, "Width": 360, "Height": 190 } },
//!                              "Nodes": [ { "Resource": "i-…", "X": 0, "Y": 0 } ] },
//!                  "Connections": [ { "flow": {...}, "session": {...}, "tracking_when_opened": [...] } ],
//!                  "Fired": [ { "sequence": 0, "number": 1, "flow": {...}, "allowed": true } ] } }
//! ```
//!
//! `Version` is the schema of the whole document. A reader migrates anything older
//! than [`VERSION`] and refuses anything newer rather than guess. Version 0 is a
//! document without the key: the AWS CLI's output, or a network alone; it gets a
//! fresh layout and no fired connections. Version 1 had no `Fired`, the record of
//! every firing that a lesson's steps are checked against: it is read with none.

use crate::lab::{FiredEvent, Lab};
use crate::layout::{Layout, NodeKey, Point, Rect};
use serde_json::{Map, Value};
use sglab_engine::aws::{from_aws_value, to_aws_value, ImportError};
use sglab_engine::connections::{ConnectionTable, KeptConnection};

/// The key of the lab's own part of the document.
pub const KEY: &str = "SgLabSave";
/// The schema this build writes, and the newest it reads.
pub const VERSION: u64 = 2;

/// Why a document could not be read as a lab. Nothing was changed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// The network part, with the JSON path of the problem.
    #[error("{0}")]
    Network(#[from] ImportError),
    /// The lab's own part, with the JSON path of the problem.
    #[error("{path}: {problem}")]
    Lab { path: String, problem: String },
    /// Written by a newer SG Lab; read by this one it could lose what it does not know.
    #[error("it was saved by a newer version of SG Lab (save format {found}; this version reads up to {VERSION})")]
    Newer { found: u64 },
}

impl LoadError {
    /// The JSON path of the problem, when it has one.
    pub fn path(&self) -> Option<&str> {
        match self {
            LoadError::Network(e) if !e.path.is_empty() => Some(&e.path),
            LoadError::Lab { path, .. } => Some(path),
            _ => None,
        }
    }
}

fn problem(path: impl Into<String>, problem: impl Into<String>) -> LoadError {
    LoadError::Lab { path: path.into(), problem: problem.into() }
}

/// The lab as a JSON value.
pub fn to_value(lab: &Lab) -> Value {
    let mut doc = to_aws_value(&lab.network);
    let mut own = Map::new();
    own.insert("Version".into(), Value::from(VERSION));
    own.insert("Layout".into(), layout_value(&lab.layout));
    let connections = serde_json::to_value(lab.connections.kept()).unwrap_or(Value::Array(Vec::new()));
    own.insert("Connections".into(), connections);
    own.insert("Fired".into(), serde_json::to_value(&lab.fired).unwrap_or(Value::Array(Vec::new())));
    if let Value::Object(map) = &mut doc {
        map.insert(KEY.into(), Value::Object(own));
    }
    doc
}

/// The lab as compact JSON (autosave, links).
pub fn to_json(lab: &Lab) -> String {
    to_value(lab).to_string()
}

/// The lab as indented JSON, for a file people may read.
pub fn to_pretty_json(lab: &Lab) -> String {
    serde_json::to_string_pretty(&to_value(lab)).unwrap_or_else(|_| to_json(lab))
}

/// Reads a document written by any version of the lab up to this one, or by the AWS CLI.
pub fn from_json(text: &str) -> Result<Lab, LoadError> {
    sglab_engine::aws::check_size(text).map_err(LoadError::Network)?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        LoadError::Network(ImportError {
            path: String::new(),
            problem: Box::new(sglab_engine::aws::ImportProblem::InvalidJson(e.to_string())),
        })
    })?;
    from_value(&value)
}

pub fn from_value(doc: &Value) -> Result<Lab, LoadError> {
    let network = from_aws_value(doc)?;
    let own = match doc.get(KEY) {
        None | Some(Value::Null) => return Ok(Lab::new(network)),
        Some(Value::Object(own)) => own,
        Some(_) => return Err(problem(KEY, "expected an object")),
    };
    let version = match own.get("Version") {
        Some(Value::Number(n)) => {
            n.as_u64().ok_or_else(|| problem(format!("{KEY}.Version"), format!("{n} is not a save format")))?
        }
        Some(_) => return Err(problem(format!("{KEY}.Version"), "expected a number")),
        None => return Err(problem(format!("{KEY}.Version"), "missing")),
    };
    if version > VERSION {
        return Err(LoadError::Newer { found: version });
    }
    // Version 0 has no `SgLabSave` key, so a document that has one is version 1 or
    // later. The steps from each version to the next, oldest first: 1 → 2, no `Fired`
    // (nothing was recorded), which reading `Fired` as absent does.
    let mut layout = match own.get("Layout") {
        None | Some(Value::Null) => Layout::default(),
        Some(v) => read_layout(v, &format!("{KEY}.Layout"))?,
    };
    layout.sync(&network);
    let kept = match own.get("Connections") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                serde_json::from_value::<KeptConnection>(item.clone())
                    .map_err(|e| problem(format!("{KEY}.Connections[{i}]"), e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(problem(format!("{KEY}.Connections"), "expected an array")),
    };
    let connections = ConnectionTable::restore(&network, kept);
    let fired = match own.get("Fired") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                serde_json::from_value::<FiredEvent>(item.clone())
                    .map_err(|e| problem(format!("{KEY}.Fired[{i}]"), e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?,
        Some(_) => return Err(problem(format!("{KEY}.Fired"), "expected an array")),
    };
    if fired.windows(2).any(|w| w[0].sequence >= w[1].sequence) {
        return Err(problem(format!("{KEY}.Fired"), "the firings are not in the order they were fired"));
    }
    Ok(Lab { network, layout, connections, fired })
}

fn layout_value(layout: &Layout) -> Value {
    let subnets: Map<String, Value> = layout
        .subnets
        .iter()
        .map(|(id, r)| {
            let rect = serde_json::json!({ "X": r.x, "Y": r.y, "Width": r.width, "Height": r.height });
            (id.clone(), rect)
        })
        .collect();
    let nodes: Vec<Value> = layout
        .nodes
        .iter()
        .map(|(key, p)| {
            let (kind, id) = match key {
                NodeKey::Resource(id) => ("Resource", id),
                NodeKey::Interface(id) => ("Interface", id),
                NodeKey::Host(id) => ("Host", id),
            };
            let mut node = Map::new();
            node.insert(kind.into(), Value::from(id.as_str()));
            node.insert("X".into(), Value::from(p.x));
            node.insert("Y".into(), Value::from(p.y));
            Value::Object(node)
        })
        .collect();
    serde_json::json!({ "Subnets": subnets, "Nodes": nodes })
}

/// Coordinates further out than this are not a drawing anyone made.
const FARTHEST: f64 = 1.0e6;

fn number(o: &Map<String, Value>, path: &str, key: &str) -> Result<f64, LoadError> {
    let path = format!("{path}.{key}");
    match o.get(key) {
        Some(Value::Number(n)) => match n.as_f64() {
            Some(v) if v.is_finite() && v.abs() <= FARTHEST => Ok(v),
            _ => Err(problem(path, format!("{n} is outside the diagram"))),
        },
        Some(_) => Err(problem(path, "expected a number")),
        None => Err(problem(path, "missing")),
    }
}

fn read_layout(value: &Value, path: &str) -> Result<Layout, LoadError> {
    let Value::Object(o) = value else { return Err(problem(path, "expected an object")) };
    let mut layout = Layout::default();
    match o.get("Subnets") {
        None | Some(Value::Null) => {}
        Some(Value::Object(subnets)) => {
            for (id, rect) in subnets {
                let here = format!("{path}.Subnets.{id}");
                let Value::Object(r) = rect else { return Err(problem(here, "expected an object")) };
                let rect = Rect {
                    x: number(r, &here, "X")?,
                    y: number(r, &here, "Y")?,
                    width: number(r, &here, "Width")?,
                    height: number(r, &here, "Height")?,
                };
                if rect.width <= 0.0 || rect.height <= 0.0 {
                    return Err(problem(here, "a subnet's width and height must be positive"));
                }
                layout.subnets.insert(id.clone(), rect);
            }
        }
        Some(_) => return Err(problem(format!("{path}.Subnets"), "expected an object")),
    }
    match o.get("Nodes") {
        None | Some(Value::Null) => {}
        Some(Value::Array(nodes)) => {
            for (i, node) in nodes.iter().enumerate() {
                let here = format!("{path}.Nodes[{i}]");
                let Value::Object(n) = node else { return Err(problem(here, "expected an object")) };
                let id = |kind: &str| n.get(kind).and_then(Value::as_str).map(str::to_owned);
                let key = if let Some(id) = id("Resource") {
                    NodeKey::Resource(id)
                } else if let Some(id) = id("Interface") {
                    NodeKey::Interface(id)
                } else if let Some(id) = id("Host") {
                    NodeKey::Host(id)
                } else {
                    return Err(problem(here, "expected one of Resource, Interface, Host"));
                };
                let point = Point::new(number(n, &here, "X")?, number(n, &here, "Y")?);
                layout.nodes.insert(key, point);
            }
        }
        Some(_) => return Err(problem(format!("{path}.Nodes"), "expected an array")),
    }
    Ok(layout)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::lab::Command;
    use sglab_engine::example;

    /// The chapter with its four connections fired, a node moved and a group added:
    /// something of every part of the document.
    pub(crate) fn worked_lab() -> Lab {
        let mut lab = Lab::chapter();
        for c in example::chapter_connections() {
            lab.apply(Command::Fire(c.flow)).unwrap();
        }
        let node = NodeKey::Resource(example::APP_INSTANCE_ID.into());
        lab.apply(Command::MoveNode { node, to: Point::new(420.5, 170.25) }).unwrap();
        lab.apply(Command::Edit(sglab_engine::Edit::CreateSecurityGroup {
            vpc_id: example::VPC_ID.into(),
            name: "web-sg".into(),
            description: "HTTPS from anywhere; (for the lab) & #1".into(),
            // Security group names may not hold `<`, tag values may hold anything.
            tags: vec![sglab_engine::Tag {
                key: "Name".into(),
                value: "<img src=x onerror=alert(1)> \"quoted\" é".into(),
            }],
        }))
        .unwrap();
        lab
    }

    #[test]
    fn a_lab_comes_back_the_same_through_json() {
        let lab = worked_lab();
        assert_eq!(from_json(&to_json(&lab)).unwrap(), lab);
        assert_eq!(from_json(&to_pretty_json(&lab)).unwrap(), lab);
    }

    #[test]
    fn the_document_is_aws_json_the_engine_reads() {
        let lab = worked_lab();
        let network = sglab_engine::aws::from_aws_json(&to_json(&lab)).unwrap();
        assert_eq!(network, lab.network);
    }

    #[test]
    fn a_network_without_the_labs_part_gets_a_fresh_layout() {
        let text = sglab_engine::aws::to_aws_json(&example::chapter());
        assert_eq!(from_json(&text).unwrap(), Lab::chapter());
    }

    #[test]
    fn what_was_fired_comes_back_with_the_lab() {
        let lab = worked_lab();
        assert_eq!(lab.fired.len(), 4);
        let back = from_json(&to_json(&lab)).unwrap();
        assert_eq!(back.fired, lab.fired);
        assert_eq!(back.next_firing(), 4);
    }

    #[test]
    fn a_version_1_save_is_read_with_nothing_fired_yet() {
        // What version 1 wrote: no `Fired` key.
        let lab = worked_lab();
        let mut doc = to_value(&lab);
        doc[KEY]["Version"] = Value::from(1);
        if let Some(own) = doc[KEY].as_object_mut() {
            own.remove("Fired");
        }
        let back = from_value(&doc).unwrap();
        assert!(back.fired.is_empty());
        assert_eq!(back.network, lab.network);
        assert_eq!(back.connections, lab.connections);
        assert_eq!(back.layout, lab.layout);
    }

    #[test]
    fn a_bad_record_of_firings_is_reported_with_its_path() {
        let mut doc = to_value(&worked_lab());
        doc[KEY]["Fired"][2]["allowed"] = Value::from("yes");
        assert!(from_value(&doc).unwrap_err().to_string().starts_with("SgLabSave.Fired[2]: "));
        let mut doc = to_value(&worked_lab());
        doc[KEY]["Fired"][2]["sequence"] = Value::from(0);
        assert_eq!(
            from_value(&doc).unwrap_err().to_string(),
            "SgLabSave.Fired: the firings are not in the order they were fired"
        );
    }

    #[test]
    fn a_newer_save_is_refused_not_guessed() {
        let mut doc = to_value(&Lab::chapter());
        doc[KEY]["Version"] = Value::from(VERSION + 1);
        let error = from_value(&doc).unwrap_err();
        assert_eq!(error, LoadError::Newer { found: VERSION + 1 });
        assert!(error.to_string().contains("newer version"), "{error}");
    }

    #[test]
    fn a_bad_layout_is_reported_with_its_path() {
        let mut doc = to_value(&Lab::chapter());
        doc[KEY]["Layout"]["Nodes"][1]["X"] = Value::from("left");
        let error = from_value(&doc).unwrap_err();
        assert_eq!(error.to_string(), "SgLabSave.Layout.Nodes[1].X: expected a number");
        assert_eq!(error.path(), Some("SgLabSave.Layout.Nodes[1].X"));
    }

    #[test]
    fn a_bad_network_is_reported_with_its_path() {
        let mut doc = to_value(&Lab::chapter());
        doc["SecurityGroups"][1]["IpPermissions"][0]["FromPort"] = Value::from(70000);
        let error = from_value(&doc).unwrap_err();
        assert_eq!(error.to_string(), "SecurityGroups[1].IpPermissions[0].FromPort: 70000 is not a port");
    }

    #[test]
    fn an_exercise_imported_as_a_lab_is_sent_to_the_lessons_tab() {
        let error = from_json(include_str!("../../lessons/challenges/1-web-not-ssh.json")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "this is an exercise (“Challenge 1: Open the site, close SSH”), not a lab: open it from the Lessons tab"
        );
        assert_eq!(error.path(), None);
    }

    #[test]
    fn text_that_is_not_json_is_an_error_not_a_panic() {
        for text in ["", "{", "null", "[1,2]", "\"lab\"", "{\"SgLabSave\": 3}"] {
            assert!(from_json(text).is_err(), "{text}");
        }
    }
}
