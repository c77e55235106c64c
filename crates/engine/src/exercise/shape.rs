//! An exercise file's shape, checked on the JSON before serde reads it, so that a
//! teacher's mistake is reported where it is (`steps[0].checks[0].port: expected a port
//! number from 0 to 65535, found the text `443``) in the words of the format, as the
//! AWS importer reports its own (`SecurityGroups[0].VpcId: …`), never with serde's
//! line and column or Rust's type names.
//!
//! What this accepts, serde reads: every key of [`super::Exercise`], [`super::Step`],
//! [`super::Check`] and each kind of [`super::Test`] is listed here with the values it
//! takes.

use super::{ExerciseError, FORMAT};
use crate::aws::KNOWN_KEYS;
use serde_json::{Map, Value};

/// What a key holds.
#[derive(Clone, Copy)]
enum Ty {
    /// A string.
    Text,
    /// A port, 0 to 65535.
    Port,
    /// An ICMP type or code, 0 to 255.
    Byte,
    /// Points, a whole number.
    Points,
    /// `true` or `false`.
    Flag,
    /// A port (`443`) or a range as text (`"1024-65535"`).
    Ports,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// An array of strings.
    Texts,
    /// An object whose values are strings.
    Tags,
    /// Any JSON (the network, which the AWS importer reads).
    Json,
    /// The array of steps.
    Steps,
    /// The array of checks.
    Checks,
}

/// Whether a key must be there, and whether `null` stands for "absent".
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Required,
    /// May be absent or `null`.
    Optional,
    /// May be absent, not `null` (it has a default value).
    Defaulted,
}

use Need::*;
use Ty::*;

/// A key, what it holds, and whether it must be there.
type Key = (&'static str, Ty, Need);

const EXPECT: &[&str] = &["allowed", "denied"];
const DIRECTION: &[&str] = &["inbound", "outbound"];
const LEG: &[&str] = &["request", "reply"];

const EXERCISE: &[Key] = &[
    ("format", Text, Required),
    ("id", Text, Required),
    ("title", Text, Required),
    ("kind", Choice(&["lesson", "assessment"]), Defaulted),
    ("summary", Text, Defaulted),
    ("network", Json, Required),
    ("steps", Steps, Required),
];

const STEP: &[Key] = &[
    ("id", Text, Required),
    ("title", Text, Required),
    ("instructions", Text, Required),
    ("hints", Texts, Defaulted),
    ("checks", Checks, Defaulted),
];

/// The keys every check has, whatever its kind.
const CHECK: &[Key] =
    &[("kind", Text, Required), ("label", Text, Optional), ("weight", Points, Defaulted), ("hints", Texts, Defaulted)];

/// The kinds of check and their keys, in the order of `docs/exercises.md`.
const KINDS: &[(&str, &[Key])] = &[
    (
        "connection",
        &[
            ("from", Text, Required),
            ("to", Text, Required),
            ("protocol", Text, Required),
            ("port", Port, Optional),
            ("icmp_type", Byte, Optional),
            ("icmp_code", Byte, Optional),
            ("source_port", Port, Optional),
            ("expect", Choice(EXPECT), Required),
            ("reason", Text, Optional),
            ("blocked_on", Choice(LEG), Optional),
        ],
    ),
    (
        "fired",
        &[
            ("from", Text, Required),
            ("to", Text, Required),
            ("protocol", Text, Required),
            ("port", Port, Optional),
            ("icmp_type", Byte, Optional),
            ("icmp_code", Byte, Optional),
            ("expect", Choice(EXPECT), Required),
        ],
    ),
    ("group_exists", &[("group", Text, Required), ("vpc", Text, Optional)]),
    ("group_deleted", &[("group", Text, Required), ("vpc", Text, Optional)]),
    ("group_tagged", &[("group", Text, Required), ("vpc", Text, Optional), ("tags", Tags, Required)]),
    (
        "group_allows",
        &[
            ("group", Text, Required),
            ("vpc", Text, Optional),
            ("direction", Choice(DIRECTION), Required),
            ("protocol", Text, Required),
            ("ports", Ports, Optional),
            ("icmp_type", Byte, Optional),
            ("icmp_code", Byte, Optional),
            ("peer", Text, Required),
            ("expect", Choice(EXPECT), Defaulted),
        ],
    ),
    (
        "no_rule_with_peer",
        &[
            ("group", Text, Required),
            ("vpc", Text, Optional),
            ("direction", Choice(DIRECTION), Required),
            ("peer", Text, Required),
        ],
    ),
    (
        "group_attached",
        &[
            ("resource", Text, Required),
            ("group", Text, Required),
            ("vpc", Text, Optional),
            ("attached", Flag, Defaulted),
        ],
    ),
    (
        "acl_decides",
        &[
            ("acl", Text, Optional),
            ("subnet", Text, Optional),
            ("direction", Choice(DIRECTION), Required),
            ("protocol", Text, Required),
            ("ports", Ports, Optional),
            ("icmp_type", Byte, Optional),
            ("icmp_code", Byte, Optional),
            ("address", Text, Required),
            ("expect", Choice(EXPECT), Required),
        ],
    ),
    ("subnet_acl", &[("subnet", Text, Required), ("custom", Flag, Defaulted), ("acl", Text, Optional)]),
];

/// The names of the kinds of check, for messages: `connection, group_exists, … or subnet_acl`.
fn kind_names() -> String {
    let names: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
    or_list(&names)
}

fn or_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn located(path: &str, problem: impl Into<String>) -> ExerciseError {
    ExerciseError::Shape { path: path.to_owned(), problem: problem.into() }
}

/// The value as the message quotes it: text and numbers in backticks (a long text
/// cut), the other kinds of JSON by name.
fn found(v: &Value) -> String {
    match v {
        Value::Null => "`null`".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::String(s) => {
            let cut: String = s.chars().take(40).collect();
            let more = if cut.len() < s.len() { "…" } else { "" };
            format!("the text `{cut}{more}`")
        }
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Checks the whole file: first that it is an exercise at all (and not a lab), then
/// its `format`, then every key of every step and check.
pub(super) fn check(doc: &Value) -> Result<(), ExerciseError> {
    let Value::Object(root) = doc else {
        return Err(ExerciseError::NotExercise(format!(
            "expected an object with `format`, `id`, `title`, `network` and `steps`, found {}",
            found(doc)
        )));
    };
    match root.get("format") {
        None => {
            if root.contains_key("SgLabSave") || KNOWN_KEYS.iter().any(|k| root.contains_key(*k)) {
                return Err(ExerciseError::IsLab);
            }
            let keys: Vec<&str> = root.keys().map(String::as_str).take(10).collect();
            let what = if keys.is_empty() {
                "the document is an empty object".to_owned()
            } else {
                format!("its keys are `{}`", keys.join("`, `"))
            };
            return Err(ExerciseError::NotExercise(format!(
                "{what}, and an exercise file has `\"format\": \"{FORMAT}\"`"
            )));
        }
        Some(Value::String(f)) if f != FORMAT => return Err(ExerciseError::Format(f.clone())),
        _ => {}
    }
    object(root, "", EXERCISE, "an exercise file")
}

/// Checks an object's keys against the list: unknown keys, missing ones, and each value.
fn object(o: &Map<String, Value>, path: &str, keys: &[Key], what: &str) -> Result<(), ExerciseError> {
    object_with(o, path, keys, &[], what)
}

fn object_with(
    o: &Map<String, Value>,
    path: &str,
    keys: &[Key],
    more: &[Key],
    what: &str,
) -> Result<(), ExerciseError> {
    let at = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    let all = || keys.iter().chain(more);
    if let Some(unknown) = o.keys().find(|k| !all().any(|(key, _, _)| *key == k.as_str())) {
        let names: Vec<&str> = all().map(|(k, _, _)| *k).collect();
        return Err(located(
            &at(unknown),
            format!("not a key of {what} (it has {})", or_list(&names).replace(" or ", " and ")),
        ));
    }
    for &(key, ty, need) in all() {
        match (o.get(key), need) {
            (None, Required) => return Err(located(&at(key), "missing")),
            (None, _) | (Some(Value::Null), Optional) => {}
            (Some(v), _) => value(v, &at(key), ty)?,
        }
    }
    Ok(())
}

fn value(v: &Value, path: &str, ty: Ty) -> Result<(), ExerciseError> {
    let expected = |what: &str| Err(located(path, format!("expected {what}, found {}", found(v))));
    match ty {
        Text => match v {
            Value::String(_) => Ok(()),
            _ => expected("a text (a string in quotes)"),
        },
        Port => whole(v, path, 65_535, "a port number from 0 to 65535"),
        Byte => whole(v, path, 255, "an ICMP type or code from 0 to 255"),
        Points => whole(v, path, u64::from(u32::MAX), "a whole number of points"),
        Flag => match v {
            Value::Bool(_) => Ok(()),
            _ => expected("`true` or `false`"),
        },
        Ports => match v {
            Value::String(_) => Ok(()),
            Value::Number(_) => whole(v, path, 65_535, "a port number from 0 to 65535"),
            _ => expected("a port such as 443 or a range such as \"1024-65535\""),
        },
        Choice(words) => match v {
            Value::String(s) if words.contains(&s.as_str()) => Ok(()),
            Value::String(s) => Err(located(path, format!("`{s}` is not {}", quoted_or(words)))),
            _ => expected(&quoted_or(words)),
        },
        Texts => match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    value(item, &format!("{path}[{i}]"), Text)?;
                }
                Ok(())
            }
            _ => expected("an array of texts"),
        },
        Tags => match v {
            Value::Object(o) => {
                for (k, item) in o {
                    value(item, &format!("{path}.{k}"), Text)?;
                }
                Ok(())
            }
            _ => expected("an object of tags such as {\"Name\": \"web\"}"),
        },
        Json => Ok(()),
        Steps => match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    match item {
                        Value::Object(o) => object(o, &p, STEP, "a step")?,
                        other => {
                            return Err(located(&p, format!("expected a step (an object), found {}", found(other))))
                        }
                    }
                }
                Ok(())
            }
            _ => expected("an array of steps"),
        },
        Checks => match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    check_one(item, &format!("{path}[{i}]"))?;
                }
                Ok(())
            }
            _ => expected("an array of checks"),
        },
    }
}

fn check_one(v: &Value, path: &str) -> Result<(), ExerciseError> {
    let Value::Object(o) = v else {
        return Err(located(path, format!("expected a check (an object with a `kind`), found {}", found(v))));
    };
    let kind = match o.get("kind") {
        None => {
            return Err(located(
                &format!("{path}.kind"),
                format!("missing: the kind of check, one of {}", kind_names()),
            ))
        }
        Some(Value::String(k)) => k,
        Some(other) => {
            return Err(located(
                &format!("{path}.kind"),
                format!("expected the kind of check, one of {}, found {}", kind_names(), found(other)),
            ))
        }
    };
    let Some((_, keys)) = KINDS.iter().find(|(k, _)| k == kind) else {
        return Err(located(&format!("{path}.kind"), format!("`{kind}` is not a kind of check: use {}", kind_names())));
    };
    object_with(o, path, CHECK, keys, &format!("a `{kind}` check"))
}

fn quoted_or(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    let refs: Vec<&str> = quoted.iter().map(String::as_str).collect();
    or_list(&refs)
}

/// A whole number from 0 to `max`.
fn whole(v: &Value, path: &str, max: u64, what: &str) -> Result<(), ExerciseError> {
    match v {
        Value::Number(n) if n.as_u64().is_some_and(|n| n <= max) => Ok(()),
        Value::Number(n) => Err(located(path, format!("`{n}` is not {what}"))),
        _ => Err(located(path, format!("expected {what}, found {}", found(v)))),
    }
}
