//! `sglab grade EXERCISE LAB…`: students' labs graded against an exercise, as a
//! teacher reads them. One lab: the score, then every step with its points and, for
//! each failed check, what is wrong. Several labs: one line per lab (its file, its
//! score, passed or not), or with `--csv` one row per lab and one column per check,
//! for a spreadsheet. A lab that cannot be read gets its own line with the reason, and
//! the others are still graded.
//!
//! Exit status: 0 every lab read and every check passed, 1 every lab read and some
//! check failed, 2 bad input (the exercise, or a lab that could not be read).

use crate::args::GradeArgs;
use crate::{import_message, io_reason, write_stdout, BadInput};
use sglab_engine::exercise::{self, Exercise, ExerciseError, ExerciseKind, Report};
use sglab_engine::{aws, Network};
use std::fmt::Write as _;
use std::io::{self, Read, Write as _};

const PASSED: u8 = 0;
const FAILED: u8 = 1;
const BAD_INPUT: u8 = 2;

fn bad(message: impl Into<String>) -> BadInput {
    BadInput { message: message.into(), help: "sglab grade --help" }
}

pub fn run(a: &GradeArgs) -> Result<u8, BadInput> {
    if std::iter::once(&a.exercise).chain(&a.labs).filter(|p| *p == "-").count() > 1 {
        return Err(bad("only one of EXERCISE and the labs can be read from standard input"));
    }
    let exercise_text = read(&a.exercise).map_err(|reason| bad(reason.message(&a.exercise)))?;
    let exercise = Exercise::from_json(&exercise_text).map_err(|e| match e {
        ExerciseError::IsLab => bad(format!(
            "{}: this is a lab, not an exercise: the exercise comes first (sglab grade EXERCISE LAB…)",
            name(&a.exercise)
        )),
        other => bad(format!("{}: {other}", name(&a.exercise))),
    })?;
    match a.labs.as_slice() {
        [lab] if !a.csv => one(a, &exercise, lab),
        labs => class(a, &exercise, labs),
    }
}

/// One lab: the whole report; a lab that cannot be read is bad input.
fn one(a: &GradeArgs, exercise: &Exercise, lab: &str) -> Result<u8, BadInput> {
    let text = read(lab).map_err(|reason| bad(reason.message(lab)))?;
    let network = aws::from_aws_json(&text).map_err(|e| bad(import_message(name(lab), lab, &e)))?;
    let report = exercise::grade(exercise, &network);
    let text = if a.json {
        json(&serde_json::to_value(&report).map_err(|e| bad(format!("cannot write the report as JSON: {e}")))?)?
    } else {
        render(&report, exercise.kind)
    };
    write_stdout(&text)?;
    Ok(if report.passed() { PASSED } else { FAILED })
}

/// A class: every lab graded, or the reason it could not be.
fn class(a: &GradeArgs, exercise: &Exercise, labs: &[String]) -> Result<u8, BadInput> {
    let graded: Vec<(&str, Result<Report, String>)> =
        labs.iter().map(|lab| (name(lab), load(lab).map(|network| exercise::grade(exercise, &network)))).collect();
    let text = if a.csv {
        csv(exercise, &graded)
    } else if a.json {
        let items: Vec<serde_json::Value> = graded
            .iter()
            .map(|(file, result)| match result {
                Ok(report) => serde_json::json!({ "file": file, "report": report }),
                Err(error) => serde_json::json!({ "file": file, "error": error }),
            })
            .collect();
        json(&serde_json::Value::Array(items))?
    } else {
        lines(&graded)
    };
    write_stdout(&text)?;
    let unread = graded.iter().filter(|(_, r)| r.is_err()).count();
    if unread > 0 {
        let labs = if graded.len() == 1 { "lab" } else { "labs" };
        let _ = writeln!(
            io::stderr(),
            "sglab: {unread} of {} {labs} could not be read; the others were graded",
            graded.len()
        );
        return Ok(BAD_INPUT);
    }
    Ok(if graded.iter().all(|(_, r)| r.as_ref().is_ok_and(Report::passed)) { PASSED } else { FAILED })
}

/// A lab's network, or why it cannot be graded (without the file's name).
fn load(lab: &str) -> Result<Network, String> {
    let text = read(lab).map_err(|reason| reason.text)?;
    aws::from_aws_json(&text).map_err(|e| match *e.problem {
        aws::ImportProblem::IsExercise { .. } => "this is an exercise, not a lab".to_owned(),
        _ => e.to_string(),
    })
}

fn json(value: &serde_json::Value) -> Result<String, BadInput> {
    let mut json =
        serde_json::to_string_pretty(value).map_err(|e| bad(format!("cannot write the report as JSON: {e}")))?;
    json.push('\n');
    Ok(json)
}

fn name(path: &str) -> &str {
    if path == "-" {
        "standard input"
    } else {
        path
    }
}

/// Why a file could not be read.
struct Unread {
    text: String,
}

impl Unread {
    fn message(&self, path: &str) -> String {
        if path == "-" {
            format!("cannot read standard input: {}", self.text)
        } else {
            format!("cannot read `{path}`: {}", self.text)
        }
    }
}

fn read(path: &str) -> Result<String, Unread> {
    if path == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).map_err(|e| Unread { text: e.to_string() })?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| Unread { text: io_reason(&e) })
}

/// The report as text: the score first, then each step; a passed check is one short
/// line, a failed one says what is wrong on the line below.
pub fn render(report: &Report, kind: ExerciseKind) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", report.exercise);
    let _ = writeln!(out, "Score: {}/{} ({}%)", report.score, report.total, report.percent());
    if kind == ExerciseKind::Lesson {
        let _ = writeln!(
            out,
            "(A lesson: its steps build on each other, so this grades every step against the final lab.)"
        );
    }
    for step in report.steps.iter().filter(|s| s.total > 0) {
        let _ = writeln!(out);
        let _ = writeln!(out, "{} — {}/{}", step.title, step.score, step.total);
        for check in &step.checks {
            let mark = if check.passed { "ok  " } else { "FAIL" };
            let _ = writeln!(out, "  {mark} {} ({})", check.label, points(check.weight));
            if let Some(problem) = &check.problem {
                let _ = writeln!(out, "       {problem}");
            }
        }
    }
    out
}

/// One line per lab: its file, its score, passed or failed; or why it was not graded.
fn lines(graded: &[(&str, Result<Report, String>)]) -> String {
    let width = graded.iter().map(|(file, _)| file.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (file, result) in graded {
        let _ = match result {
            Ok(r) => {
                let verdict = if r.passed() { "passed" } else { "failed" };
                writeln!(out, "{file:<width$}  {}/{}  {verdict}", r.score, r.total)
            }
            Err(error) => writeln!(out, "{file:<width$}  not graded: {error}"),
        };
    }
    out
}

/// A header (`file,score,max`, each check's label, `error`), then one row per lab with
/// the points each check earned; a lab that could not be read has only its error.
fn csv(exercise: &Exercise, graded: &[(&str, Result<Report, String>)]) -> String {
    let checks: Vec<String> = exercise
        .steps
        .iter()
        .flat_map(|s| &s.checks)
        .map(|c| c.label.clone().unwrap_or_else(|| c.test.describe()))
        .collect();
    let mut out = String::new();
    let mut header = vec!["file".to_owned(), "score".into(), "max".into()];
    header.extend(checks.iter().cloned());
    header.push("error".into());
    row(&mut out, &header);
    for (file, result) in graded {
        let mut cells = vec![(*file).to_owned()];
        match result {
            Ok(r) => {
                cells.push(r.score.to_string());
                cells.push(r.total.to_string());
                cells.extend(
                    r.steps.iter().flat_map(|s| &s.checks).map(|c| if c.passed { c.weight } else { 0 }.to_string()),
                );
                cells.push(String::new());
            }
            Err(error) => {
                cells.extend(std::iter::repeat_n(String::new(), checks.len() + 2));
                cells.push(error.clone());
            }
        }
        row(&mut out, &cells);
    }
    out
}

/// One CSV row (RFC 4180): a cell with a comma, a quote or a line break is quoted.
fn row(out: &mut String, cells: &[String]) {
    let quoted: Vec<String> = cells
        .iter()
        .map(|c| if c.contains([',', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.clone() })
        .collect();
    out.push_str(&quoted.join(","));
    out.push('\n');
}

fn points(n: u32) -> String {
    if n == 1 {
        "1 point".into()
    } else {
        format!("{n} points")
    }
}
