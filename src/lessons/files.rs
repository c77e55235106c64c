//! Teachers' exercises: read from a file or from a link (`#exercise=` and the file
//! compressed as a share link is, see [`crate::keep::link`]), and kept in the
//! browser so that a reload does not lose the exercise a student is working on.
//! Plain Rust, no Leptos.

use super::catalog;
use crate::keep::link::{self, LinkError};
use sglab_engine::exercise::{Exercise, ExerciseError};
use std::sync::Arc;

/// What starts the fragment of an exercise link.
pub const LINK_PREFIX: &str = "exercise=";

/// Reads an exercise file, with the engine's message (which names the place, such as
/// `steps[2].checks[0].port: …`) when it does not follow the format, and says how to
/// open a lab given in its place. An exercise may not take the id of one of the lab's
/// own lessons unless it is that lesson.
pub fn read(text: &str) -> Result<Exercise, String> {
    let exercise = Exercise::from_json(text).map_err(|e| match e {
        ExerciseError::IsLab => format!("{e}: open it with Import, at the top of the page"),
        other => other.to_string(),
    })?;
    match catalog::find(&exercise.id) {
        Some(own) if **own != exercise => Err(format!(
            "`id`: `{}` is the id of the lab's own “{}”; give the exercise an id of its own",
            exercise.id, own.title
        )),
        _ => Ok(exercise),
    }
}

/// Is this fragment (with or without its `#`) an exercise link?
pub fn is_link(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(LINK_PREFIX)
}

/// The fragment (without `#`) of a link that opens this exercise.
pub fn to_link(exercise: &Exercise) -> String {
    let text = serde_json::to_string(exercise).unwrap_or_default();
    format!("{LINK_PREFIX}{}", link::pack(&text))
}

/// The exercise an exercise link holds.
pub fn from_link(fragment: &str) -> Result<Exercise, String> {
    let data = fragment.trim_start_matches('#');
    let data = data.strip_prefix(LINK_PREFIX).unwrap_or(data);
    let text = link::unpack(data).map_err(|e| match e {
        LinkError::NotText => "the link's exercise is not text".to_owned(),
        other => other.to_string(),
    })?;
    read(&text)
}

/// Puts an exercise first on the shelf, in place of an older version with its id.
pub fn shelve(shelf: &mut Vec<Arc<Exercise>>, exercise: Exercise) {
    shelf.retain(|e| e.id != exercise.id);
    shelf.insert(0, Arc::new(exercise));
}

/// The shelf as it is saved: a JSON array of exercise files.
pub fn shelf_to_saved(shelf: &[Arc<Exercise>]) -> String {
    let files: Vec<&Exercise> = shelf.iter().map(|e| e.as_ref()).collect();
    serde_json::to_string(&files).unwrap_or_else(|_| "[]".into())
}

/// The saved shelf; a file that no longer reads (a newer lab wrote it) is left out.
pub fn shelf_from_saved(text: &str) -> Vec<Arc<Exercise>> {
    let files: Vec<serde_json::Value> = serde_json::from_str(text).unwrap_or_default();
    files.iter().filter_map(|file| read(&file.to_string()).ok()).map(Arc::new).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn teacher_file() -> String {
        let mut doc: serde_json::Value =
            serde_json::from_str(include_str!("../../lessons/challenges/1-web-not-ssh.json")).unwrap();
        doc["id"] = "my-class-web".into();
        doc["title"] = "Week 3: the web server".into();
        doc.to_string()
    }

    #[test]
    fn a_teachers_file_reads() {
        let exercise = read(&teacher_file()).unwrap();
        assert_eq!(exercise.id, "my-class-web");
    }

    #[test]
    fn a_bad_file_gets_the_engines_located_message() {
        let mut doc: serde_json::Value = serde_json::from_str(&teacher_file()).unwrap();
        doc["steps"][1]["checks"][0]["protocol"] = "tcpp".into();
        let message = read(&doc.to_string()).unwrap_err();
        assert!(message.starts_with("steps[1].checks[0]: "), "{message}");
        assert!(message.contains("tcpp"), "{message}");

        assert!(read("{\"format\": ").unwrap_err().starts_with("not an exercise file"));
        let mut doc: serde_json::Value = serde_json::from_str(&teacher_file()).unwrap();
        doc["network"]["SecurityGroups"][1]["IpPermissions"][0]["FromPort"] = 70000.into();
        let message = read(&doc.to_string()).unwrap_err();
        assert!(message.starts_with("network.SecurityGroups[1].IpPermissions[0]"), "{message}");

        let mut doc: serde_json::Value = serde_json::from_str(&teacher_file()).unwrap();
        doc["steps"][0]["checks"][0]["port"] = "443".into();
        assert_eq!(
            read(&doc.to_string()).unwrap_err(),
            "steps[0].checks[0].port: expected a port number from 0 to 65535, found the text `443`"
        );
    }

    #[test]
    fn a_lab_opened_as_an_exercise_is_sent_to_import() {
        let lab = crate::keep::format::to_json(&crate::lab::Lab::new(sglab_engine::example::chapter()));
        assert_eq!(
            read(&lab).unwrap_err(),
            "this is a lab (the AWS JSON the lab imports and exports), not an exercise file: \
             open it with Import, at the top of the page"
        );
    }

    #[test]
    fn the_id_of_a_lab_lesson_is_kept_for_it() {
        let own = include_str!("../../lessons/01-security-groups.json");
        assert_eq!(read(own).unwrap().id, "01-security-groups", "the lesson's own file opens as itself");
        let mut doc: serde_json::Value = serde_json::from_str(own).unwrap();
        doc["title"] = "A copy".into();
        let message = read(&doc.to_string()).unwrap_err();
        assert!(message.starts_with("`id`: `01-security-groups` is the id of the lab's own “Lesson 1"), "{message}");
    }

    #[test]
    fn an_exercise_comes_back_the_same_through_a_link() {
        let exercise = read(&teacher_file()).unwrap();
        let fragment = to_link(&exercise);
        assert!(is_link(&fragment) && is_link(&format!("#{fragment}")));
        assert!(!is_link("#lab=abc") && !is_link(""));
        assert_eq!(from_link(&format!("#{fragment}")).unwrap(), exercise);
        assert!(fragment.len() < 8000, "{} characters", fragment.len());
    }

    #[test]
    fn a_damaged_link_says_so() {
        let fragment = to_link(&read(&teacher_file()).unwrap());
        let cut = from_link(&fragment[..fragment.len() / 2]).unwrap_err();
        assert!(cut.contains("cut or damaged"), "{cut}");
        let not_an_exercise = format!("{LINK_PREFIX}{}", link::pack("{\"name\": \"sglab-exercise/9\"}"));
        assert!(from_link(&not_an_exercise).unwrap_err().starts_with("not an exercise file"));
        let newer = format!("{LINK_PREFIX}{}", link::pack("{\"format\": \"sglab-exercise/9\"}"));
        assert_eq!(from_link(&newer).unwrap_err(), "`format` is `sglab-exercise/9`; this lab reads `sglab-exercise/1`");
    }

    #[test]
    fn the_shelf_keeps_one_version_per_id_newest_first_and_survives_saving() {
        let mut shelf = Vec::new();
        let first = read(&teacher_file()).unwrap();
        shelve(&mut shelf, first.clone());
        let mut other = first.clone();
        other.id = "another".into();
        shelve(&mut shelf, other);
        let mut newer = first.clone();
        newer.title = "Week 3, revised".into();
        shelve(&mut shelf, newer);
        let titles: Vec<&str> = shelf.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Week 3, revised", "Week 3: the web server"]);
        assert_eq!(shelf_from_saved(&shelf_to_saved(&shelf)), shelf);
        assert!(shelf_from_saved("[{\"format\": 1}, 3]").is_empty());
        assert!(shelf_from_saved("not json").is_empty());
    }
}
