//! The lab's own lessons and challenges, compiled into the app from `lessons/`. Each
//! file is read the first time it is asked for: the page starts without reading any
//! (a saved active lesson reads its own file alone), and the Lessons list reads all.

use sglab_engine::exercise::Exercise;
use std::sync::{Arc, LazyLock, OnceLock};

/// One exercise of the lab, as read from its file. A file that does not read (which
/// the tests rule out) is listed with its message rather than taking the app down.
#[derive(Debug)]
pub struct Builtin {
    pub file: &'static str,
    pub exercise: Result<Arc<Exercise>, String>,
}

/// A file of `lessons/` with the id it declares (a test checks each against its file).
struct File {
    id: &'static str,
    file: &'static str,
    text: &'static str,
    read: OnceLock<Result<Arc<Exercise>, String>>,
}

impl File {
    const fn new(id: &'static str, file: &'static str, text: &'static str) -> Self {
        File { id, file, text, read: OnceLock::new() }
    }

    fn exercise(&self) -> &Result<Arc<Exercise>, String> {
        self.read.get_or_init(|| Exercise::from_json(self.text).map(Arc::new).map_err(|e| e.to_string()))
    }
}

static FILES: [File; 7] = [
    File::new("01-security-groups", "01-security-groups.json", include_str!("../../lessons/01-security-groups.json")),
    File::new("02-network-acls", "02-network-acls.json", include_str!("../../lessons/02-network-acls.json")),
    File::new(
        "challenge-1-web-not-ssh",
        "challenges/1-web-not-ssh.json",
        include_str!("../../lessons/challenges/1-web-not-ssh.json"),
    ),
    File::new(
        "challenge-2-web-tier-only",
        "challenges/2-web-tier-only.json",
        include_str!("../../lessons/challenges/2-web-tier-only.json"),
    ),
    File::new("challenge-3-egress", "challenges/3-egress.json", include_str!("../../lessons/challenges/3-egress.json")),
    File::new(
        "challenge-4-symptoms",
        "challenges/4-symptoms.json",
        include_str!("../../lessons/challenges/4-symptoms.json"),
    ),
    File::new(
        "challenge-5-three-tiers",
        "challenges/5-three-tiers.json",
        include_str!("../../lessons/challenges/5-three-tiers.json"),
    ),
];

static BUILTIN: LazyLock<Vec<Builtin>> =
    LazyLock::new(|| FILES.iter().map(|f| Builtin { file: f.file, exercise: f.exercise().clone() }).collect());

/// The lessons, then the challenges, in the order they are meant to be done.
pub fn builtin() -> &'static [Builtin] {
    &BUILTIN
}

/// The ids of the lab's exercises, without reading their files.
pub fn ids() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|f| f.id)
}

/// A lab exercise by its id; only its own file is read.
pub fn find(id: &str) -> Option<&'static Arc<Exercise>> {
    FILES.iter().find(|f| f.id == id)?.exercise().as_ref().ok()
}

/// The exercise after this one in the lab's order, if it is one of the lab's.
pub fn next_after(id: &str) -> Option<&'static Arc<Exercise>> {
    let mut exercises = builtin().iter().filter_map(|b| b.exercise.as_ref().ok());
    exercises.by_ref().find(|e| e.id == id)?;
    exercises.next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sglab_engine::exercise::ExerciseKind;
    use std::collections::BTreeSet;

    #[test]
    fn every_lesson_and_challenge_reads() {
        for b in builtin() {
            assert!(b.exercise.is_ok(), "{}: {:?}", b.file, b.exercise);
        }
    }

    #[test]
    fn each_file_declares_the_id_it_is_listed_under() {
        for f in &FILES {
            let exercise = f.exercise().as_ref().unwrap();
            assert_eq!(exercise.id, f.id, "{}", f.file);
        }
        assert_eq!(ids().count(), builtin().len());
    }

    #[test]
    fn lessons_come_first_then_challenges_with_distinct_ids() {
        let exercises: Vec<&Arc<Exercise>> = builtin().iter().filter_map(|b| b.exercise.as_ref().ok()).collect();
        let kinds: Vec<ExerciseKind> = exercises.iter().map(|e| e.kind).collect();
        assert_eq!(kinds[..2], [ExerciseKind::Lesson, ExerciseKind::Lesson]);
        assert!(kinds[2..].iter().all(|k| *k == ExerciseKind::Assessment));
        let ids: BTreeSet<&str> = exercises.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), exercises.len());
    }

    #[test]
    fn the_next_exercise_follows_the_list() {
        assert_eq!(next_after("01-security-groups").map(|e| e.id.as_str()), Some("02-network-acls"));
        let last = builtin().last().and_then(|b| b.exercise.as_ref().ok()).map(|e| e.id.clone()).unwrap();
        assert!(next_after(&last).is_none());
        assert!(next_after("no-such-exercise").is_none());
        assert_eq!(find("02-network-acls").map(|e| e.title.as_str()), Some("Lesson 2: Network ACLs"));
    }
}
