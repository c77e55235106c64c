//! `sglab grade EXERCISE STUDENT_LAB`: a student's lab graded against an exercise, as
//! a teacher reads it — the score, then every step with its points and, for each
//! failed check, what is wrong.
//!
//! Exit status: 0 every check passed, 1 some failed, 2 bad input.

use crate::args::GradeArgs;
use crate::{io_reason, write_stdout, BadInput};
use sglab_engine::aws;
use sglab_engine::exercise::{self, Exercise, ExerciseKind, Report};
use std::fmt::Write as _;
use std::io::{self, Read};

const PASSED: u8 = 0;
const FAILED: u8 = 1;

fn bad(message: impl Into<String>) -> BadInput {
    BadInput { message: message.into(), help: "sglab grade --help" }
}

pub fn run(a: &GradeArgs) -> Result<u8, BadInput> {
    if a.exercise == "-" && a.lab == "-" {
        return Err(bad("only one of EXERCISE and STUDENT_LAB can be read from standard input"));
    }
    let exercise_text = read(&a.exercise)?;
    let exercise = Exercise::from_json(&exercise_text).map_err(|e| bad(format!("{}: {e}", name(&a.exercise))))?;
    let lab_text = read(&a.lab)?;
    let network = aws::from_aws_json(&lab_text).map_err(|e| bad(format!("{}: {e}", name(&a.lab))))?;
    let report = exercise::grade(&exercise, &network);
    let text = if a.json {
        let mut json =
            serde_json::to_string_pretty(&report).map_err(|e| bad(format!("cannot write the report as JSON: {e}")))?;
        json.push('\n');
        json
    } else {
        render(&report, exercise.kind)
    };
    write_stdout(&text)?;
    Ok(if report.passed() { PASSED } else { FAILED })
}

fn name(path: &str) -> &str {
    if path == "-" {
        "standard input"
    } else {
        path
    }
}

fn read(path: &str) -> Result<String, BadInput> {
    if path == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).map_err(|e| bad(format!("cannot read standard input: {e}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| bad(format!("cannot read `{path}`: {}", io_reason(&e))))
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

fn points(n: u32) -> String {
    if n == 1 {
        "1 point".into()
    } else {
        format!("{n} points")
    }
}
