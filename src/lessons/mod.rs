//! The Lessons tab: the chapter as a guided lesson, the network ACL chapter, the
//! challenges and teachers' exercises, each step checked live against the lab.
//!
//! - [`catalog`]: the lab's own lessons and challenges, compiled in from `lessons/`.
//! - [`files`]: teachers' exercises, from a file or an `#exercise=` link. Plain Rust.
//! - [`progress`]: a student's progress through one exercise. Plain Rust.
//! - [`text`]: instructions as paragraphs, lists and code, never markup. Plain Rust.
//! - [`state`]: the progress and the lab's grade in signals, kept in the browser.
//! - `panel`: the tab's components.
//!
//! Starting an exercise is a `Command::Replace` of the lab, asked for first and
//! undoable like any edit; grading only reads the lab.

pub mod catalog;
pub mod files;
mod panel;
pub mod progress;
pub mod state;
pub mod text;

pub use panel::{line_view, LessonsPanel};
pub use state::provide_lessons;
