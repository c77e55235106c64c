//! The lab's own lessons and challenges, compiled into the app from `lessons/` and
//! read the first time the list is asked for.

use sglab_engine::exercise::Exercise;
use std::sync::{Arc, LazyLock};

/// One exercise of the lab, as read from its file. A file that does not read (which
/// the tests rule out) is listed with its message rather than taking the app down.
#[derive(Debug)]
pub struct Builtin {
    pub file: &'static str,
    pub exercise: Result<Arc<Exercise>, String>,
}

const FILES: [(&str, &str); 7] = [
    ("01-security-groups.json", include_str!("../../lessons/01-security-groups.json")),
    ("02-network-acls.json", include_str!("../../lessons/02-network-acls.json")),
    ("challenges/1-web-not-ssh.json", include_str!("../../lessons/challenges/1-web-not-ssh.json")),
    ("challenges/2-web-tier-only.json", include_str!("../../lessons/challenges/2-web-tier-only.json")),
    ("challenges/3-egress.json", include_str!("../../lessons/challenges/3-egress.json")),
    ("challenges/4-symptoms.json", include_str!("../../lessons/challenges/4-symptoms.json")),
    ("challenges/5-three-tiers.json", include_str!("../../lessons/challenges/5-three-tiers.json")),
];

static BUILTIN: LazyLock<Vec<Builtin>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(file, text)| Builtin { file, exercise: Exercise::from_json(text).map(Arc::new).map_err(|e| e.to_string()) })
        .collect()
});

/// The lessons, then the challenges, in the order they are meant to be done.
pub fn builtin() -> &'static [Builtin] {
    &BUILTIN
}

/// A lab exercise by its id.
pub fn find(id: &str) -> Option<&'static Arc<Exercise>> {
    builtin().iter().filter_map(|b| b.exercise.as_ref().ok()).find(|e| e.id == id)
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
