//! A student's progress through one exercise, as it is kept in the browser: which
//! steps of a lesson are done, which hints each step has shown, the best score of
//! an assessment. Plain Rust, no Leptos.
//!
//! A lesson's steps are done in order. The step the student is on is the first one
//! neither done nor skipped; it is checked against the lab as it is now and against
//! the connections fired since it began, and once it passes it stays done, whatever
//! later steps do to the lab (lesson 1 deletes the groups it built). "Next step" on a
//! step with checks goes on without them: the step is *skipped*, not done, until the
//! student goes back to it and does it. A step with nothing to check is done when the
//! student goes on from it: reading it was the work. The lesson is complete when every
//! step is done, and only done steps count.

use serde::{Deserialize, Serialize};
use sglab_engine::exercise::{Exercise, ExerciseKind, Hint, Report, Step, StepReport};
use std::collections::{BTreeMap, BTreeSet};

/// Points earned out of the points there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    #[serde(rename = "Score")]
    pub score: u32,
    #[serde(rename = "Total")]
    pub total: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The student has started the exercise on its network.
    #[serde(rename = "Started", default)]
    pub started: bool,
    /// A lesson's steps that are done, by id (ids outlive a teacher's reordering).
    #[serde(rename = "Done", default)]
    pub done: BTreeSet<String>,
    /// A lesson's steps the student went on from without doing them, by id.
    #[serde(rename = "Skipped", default, skip_serializing_if = "BTreeSet::is_empty")]
    pub skipped: BTreeSet<String>,
    /// The step the student is on and the lab's firing sequence when it began: its
    /// `fired` checks look at the connections fired from there on.
    #[serde(rename = "Began", default, skip_serializing_if = "Option::is_none")]
    pub began: Option<Began>,
    /// The hints shown, by step id: each by its key in the step (`checks[1].hints[0]`,
    /// `hints[0]`), in the order they were shown.
    #[serde(rename = "HintsShown", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hints_shown: BTreeMap<String, Vec<String>>,
    /// Saves from before hints belonged to checks: how many of the step's own hints
    /// were shown. Still read, never written anew.
    #[serde(rename = "Hints", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hints: BTreeMap<String, usize>,
    /// An assessment's best score so far.
    #[serde(rename = "Best", default, skip_serializing_if = "Option::is_none")]
    pub best: Option<Score>,
}

/// When the step the student is on began.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Began {
    #[serde(rename = "Step")]
    pub step: String,
    /// The sequence of the lab's next firing then (`Lab::next_firing`).
    #[serde(rename = "Firing")]
    pub firing: u64,
}

/// Where a student stands, for the list of lessons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    NotStarted,
    Steps { done: usize, skipped: usize, total: usize },
    Scored(Score),
    Complete,
}

/// "3 of 9 steps done", and how many were skipped when some were.
pub fn steps_text(done: usize, skipped: usize, total: usize) -> String {
    match skipped {
        0 => format!("{done} of {total} steps done"),
        n => format!("{done} of {total} steps done, {n} skipped"),
    }
}

impl Standing {
    pub fn text(self) -> String {
        match self {
            Standing::NotStarted => "Not started".into(),
            Standing::Steps { done, skipped, total } => steps_text(done, skipped, total),
            Standing::Scored(s) => format!("Best score {}/{}", s.score, s.total),
            Standing::Complete => "Complete".into(),
        }
    }
}

impl Progress {
    /// Progress as saved, or none when the saved text cannot be read (it only ever
    /// costs the student their ticks, never their lab).
    pub fn from_saved(text: &str) -> Progress {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_saved(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A fresh start: nothing done, no hints shown.
    pub fn started() -> Progress {
        Progress { started: true, ..Progress::default() }
    }

    /// The index of the lesson step the student is on; `None` when every step is done
    /// or skipped (or for an assessment, whose steps are all graded at once).
    pub fn current_step(&self, exercise: &Exercise) -> Option<usize> {
        if exercise.kind != ExerciseKind::Lesson {
            return None;
        }
        exercise.steps.iter().position(|s| !self.done.contains(&s.id) && !self.skipped.contains(&s.id))
    }

    pub fn is_done(&self, step: &Step) -> bool {
        self.done.contains(&step.id)
    }

    pub fn is_skipped(&self, step: &Step) -> bool {
        self.skipped.contains(&step.id) && !self.is_done(step)
    }

    /// How many of the exercise's steps are done.
    pub fn steps_done(&self, exercise: &Exercise) -> usize {
        exercise.steps.iter().filter(|s| self.done.contains(&s.id)).count()
    }

    /// How many of the exercise's steps were skipped and are not done.
    pub fn steps_skipped(&self, exercise: &Exercise) -> usize {
        exercise.steps.iter().filter(|s| self.is_skipped(s)).count()
    }

    pub fn is_complete(&self, exercise: &Exercise) -> bool {
        match exercise.kind {
            ExerciseKind::Lesson => self.started && exercise.steps.iter().all(|s| self.is_done(s)),
            ExerciseKind::Assessment => self.best.is_some_and(|b| b.score == b.total),
        }
    }

    /// Notes that the step the student is on began at the lab's `next_firing`, when it
    /// is not noted yet: it just became the current step, or the lab went back to
    /// before it began (an undo, another lab opened), so that firings to come count.
    /// Returns whether anything changed.
    pub fn begin(&mut self, exercise: &Exercise, next_firing: u64) -> bool {
        if !self.started {
            return false;
        }
        let Some(step) = self.current_step(exercise).and_then(|i| exercise.steps.get(i)) else { return false };
        match &self.began {
            Some(b) if b.step == step.id && b.firing <= next_firing => false,
            _ => {
                self.began = Some(Began { step: step.id.clone(), firing: next_firing });
                true
            }
        }
    }

    /// The firing sequence at which the step the student is on began, once noted.
    pub fn began_at(&self, exercise: &Exercise) -> Option<u64> {
        let step = exercise.steps.get(self.current_step(exercise)?)?;
        self.began.as_ref().filter(|b| b.step == step.id).map(|b| b.firing)
    }

    /// Takes the current step's grade: a step with checks that all pass is done.
    /// Returns whether anything changed.
    pub fn record_step(&mut self, exercise: &Exercise, report: &StepReport) -> bool {
        let Some(index) = self.current_step(exercise) else { return false };
        let step = &exercise.steps[index];
        if !self.started || step.id != report.id || step.checks.is_empty() || !report.passed() {
            return false;
        }
        self.done.insert(step.id.clone())
    }

    /// "Next step" on the step the student is on: one with nothing to check is done
    /// (it was read), one with checks is skipped.
    pub fn next_step(&mut self, exercise: &Exercise, index: usize) -> bool {
        if !self.started || self.current_step(exercise) != Some(index) {
            return false;
        }
        match exercise.steps.get(index) {
            Some(step) if step.checks.is_empty() => self.done.insert(step.id.clone()),
            Some(step) => self.skipped.insert(step.id.clone()),
            None => false,
        }
    }

    /// Back to a skipped step: it is the step the student is on again (the first not
    /// done or skipped), beginning afresh.
    pub fn go_back(&mut self, exercise: &Exercise, index: usize) -> bool {
        match exercise.steps.get(index) {
            Some(step) if self.is_skipped(step) => self.skipped.remove(&step.id),
            _ => false,
        }
    }

    /// The keys of the step's hints shown so far, in the order they were shown (those
    /// an older save counted first); a key the step no longer has is left out.
    pub fn hints_shown(&self, step: &Step) -> Vec<String> {
        let old = self.hints.get(&step.id).copied().unwrap_or(0).min(step.hints.len());
        let mut keys: Vec<String> = (0..old).map(|j| format!("hints[{j}]")).collect();
        for key in self.hints_shown.get(&step.id).into_iter().flatten() {
            if step.hint(key).is_some() && !keys.contains(key) {
                keys.push(key.clone());
            }
        }
        keys
    }

    /// How many of the hints on offer (`Step::hints_offered`) are still to be shown.
    pub fn hints_left(&self, step: &Step, offered: &[Hint]) -> usize {
        let shown = self.hints_shown(step);
        offered.iter().filter(|h| !shown.contains(&h.key)).count()
    }

    /// Shows the first hint on offer not shown yet: the first failing check's before
    /// the next one's. Returns whether there was one left.
    pub fn reveal_hint(&mut self, step: &Step, offered: &[Hint]) -> bool {
        let shown = self.hints_shown(step);
        let Some(next) = offered.iter().find(|h| !shown.contains(&h.key)) else { return false };
        self.hints_shown.entry(step.id.clone()).or_default().push(next.key.clone());
        true
    }

    /// Keeps an assessment's score when it is the best so far. A score out of another
    /// total (the teacher changed the file) replaces the old one.
    pub fn record_score(&mut self, report: &Report) -> bool {
        if !self.started {
            return false;
        }
        let now = Score { score: report.score, total: report.total };
        let better = match self.best {
            None => true,
            Some(best) => best.total != now.total || now.score > best.score,
        };
        if better {
            self.best = Some(now);
        }
        better
    }

    pub fn standing(&self, exercise: &Exercise) -> Standing {
        if !self.started {
            return Standing::NotStarted;
        }
        if self.is_complete(exercise) {
            return Standing::Complete;
        }
        match (exercise.kind, self.best) {
            (ExerciseKind::Assessment, Some(best)) => Standing::Scored(best),
            (ExerciseKind::Assessment, None) => Standing::Scored(Score { score: 0, total: exercise.total_weight() }),
            (ExerciseKind::Lesson, _) => Standing::Steps {
                done: self.steps_done(exercise),
                skipped: self.steps_skipped(exercise),
                total: exercise.steps.len(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sglab_engine::exercise::{grade, grade_step};

    fn lesson_one() -> &'static Exercise {
        crate::lessons::catalog::find("01-security-groups").unwrap()
    }

    fn challenge_one() -> &'static Exercise {
        crate::lessons::catalog::find("challenge-1-web-not-ssh").unwrap()
    }

    #[test]
    fn a_lesson_starts_on_its_first_step() {
        let lesson = lesson_one();
        let progress = Progress::started();
        assert_eq!(progress.current_step(lesson), Some(0));
        assert_eq!(progress.standing(lesson), Standing::Steps { done: 0, skipped: 0, total: lesson.steps.len() });
        assert_eq!(Progress::default().standing(lesson), Standing::NotStarted);
        assert_eq!(Standing::Steps { done: 3, skipped: 0, total: 9 }.text(), "3 of 9 steps done");
        assert_eq!(Standing::Steps { done: 1, skipped: 8, total: 9 }.text(), "1 of 9 steps done, 8 skipped");
    }

    #[test]
    fn a_step_to_read_is_done_when_the_student_goes_on_and_only_the_current_one() {
        let lesson = lesson_one();
        let mut progress = Progress::started();
        assert!(!progress.next_step(lesson, 1), "step 2 is not the current one");
        assert!(progress.next_step(lesson, 0));
        assert!(!progress.next_step(lesson, 0), "already done");
        assert_eq!(progress.current_step(lesson), Some(1));
        assert!(progress.is_done(&lesson.steps[0]));
    }

    /// The case: Next step through lesson 1 without doing anything.
    #[test]
    fn next_step_through_a_lesson_skips_what_was_not_done_and_completes_nothing() {
        let lesson = lesson_one();
        let mut progress = Progress::started();
        while let Some(at) = progress.current_step(lesson) {
            assert!(progress.next_step(lesson, at));
        }
        let reading = lesson.steps.iter().filter(|s| s.checks.is_empty()).count();
        assert_eq!(reading, 1, "lesson 1 has one step to read; the others ask for work");
        assert_eq!(progress.steps_done(lesson), reading);
        assert_eq!(progress.steps_skipped(lesson), lesson.steps.len() - reading);
        assert!(!progress.is_complete(lesson));
        assert_eq!(progress.standing(lesson).text(), "1 of 9 steps done, 8 skipped");
        for id in ["four-connections", "connection-4", "attach-groups", "stateful-replies"] {
            let step = lesson.steps.iter().find(|s| s.id == id).unwrap();
            assert!(progress.is_skipped(step) && !progress.is_done(step), "{id}");
        }
    }

    #[test]
    fn a_skipped_step_is_done_by_going_back_to_it_and_doing_it() {
        let lesson = lesson_one();
        let mut progress = Progress::started();
        progress.next_step(lesson, 0);
        progress.next_step(lesson, 1);
        assert_eq!(progress.current_step(lesson), Some(2));
        assert!(progress.begin(lesson, 7));
        assert!(!progress.go_back(lesson, 2), "the current step is not skipped");
        assert!(progress.go_back(lesson, 1));
        assert_eq!(progress.current_step(lesson), Some(1));
        // It begins afresh: the firings from before going back do not count.
        assert_eq!(progress.began_at(lesson), None);
        assert!(progress.begin(lesson, 9));
        assert_eq!(progress.began_at(lesson), Some(9));
        let step = &lesson.steps[1];
        let report = grade_step(step, &lesson.start_network().unwrap());
        assert!(progress.record_step(lesson, &StepReport { score: report.total, ..report }));
        assert!(progress.is_done(step) && !progress.is_skipped(step));
        assert_eq!(progress.current_step(lesson), Some(2));
        assert_eq!(progress.standing(lesson).text(), "2 of 9 steps done");
    }

    #[test]
    fn a_step_begins_when_it_becomes_current_and_again_when_the_lab_goes_back() {
        let lesson = lesson_one();
        let mut progress = Progress::default();
        assert!(!progress.begin(lesson, 3), "not started");
        progress = Progress::started();
        assert!(progress.begin(lesson, 3));
        assert!(!progress.begin(lesson, 5), "the same step goes on");
        assert_eq!(progress.began_at(lesson), Some(3));
        progress.next_step(lesson, 0);
        assert_eq!(progress.began_at(lesson), None, "the next step has not begun yet");
        assert!(progress.begin(lesson, 5));
        assert_eq!(progress.began_at(lesson), Some(5));
        // The lab went back to before the step began (undo): it begins where the lab is.
        assert!(progress.begin(lesson, 2));
        assert_eq!(progress.began_at(lesson), Some(2));
    }

    #[test]
    fn a_passed_step_stays_done_when_a_later_step_undoes_it() {
        let lesson = lesson_one();
        let mut progress = Progress::started();
        progress.done.extend(lesson.steps[..3].iter().map(|s| s.id.clone()));
        let step = &lesson.steps[3];
        let start = lesson.start_network().unwrap();
        let failing = grade_step(step, &start);
        assert!(!failing.passed());
        assert!(!progress.record_step(lesson, &failing));
        assert_eq!(progress.current_step(lesson), Some(3));

        let passing = StepReport { score: failing.total, ..failing.clone() };
        assert!(progress.record_step(lesson, &passing));
        assert_eq!(progress.current_step(lesson), Some(4));
        // The lab is back to the start (the group is gone again): the step stays done.
        assert!(progress.is_done(step));
        assert!(!progress.record_step(lesson, &failing));
        assert_eq!(progress.steps_done(lesson), 4);
    }

    #[test]
    fn a_report_of_another_step_is_not_taken_for_the_current_one() {
        let lesson = lesson_one();
        let mut progress = Progress::started();
        let later = &lesson.steps[3];
        let report = grade_step(later, &lesson.start_network().unwrap());
        let passing = StepReport { score: report.total, ..report };
        assert!(!progress.record_step(lesson, &passing));
        assert!(!progress.is_done(later));
    }

    #[test]
    fn nothing_is_recorded_before_the_start() {
        let lesson = lesson_one();
        let mut progress = Progress::default();
        let step = &lesson.steps[0];
        let report = StepReport { id: step.id.clone(), title: step.title.clone(), score: 1, total: 1, checks: vec![] };
        assert!(!progress.record_step(lesson, &report));
        let challenge = challenge_one();
        assert!(!progress.record_score(&grade(challenge, &challenge.start_network().unwrap())));
    }

    #[test]
    fn every_step_done_completes_the_lesson() {
        let lesson = lesson_one();
        let mut progress = Progress::started();
        progress.done = lesson.steps.iter().map(|s| s.id.clone()).collect();
        assert_eq!(progress.current_step(lesson), None);
        assert!(progress.is_complete(lesson));
        assert_eq!(progress.standing(lesson), Standing::Complete);
    }

    #[test]
    fn steps_a_teacher_removed_do_not_count() {
        let lesson = lesson_one();
        let mut progress = Progress::started();
        progress.done.insert("a-step-no-longer-there".into());
        assert_eq!(progress.steps_done(lesson), 0);
        assert_eq!(progress.current_step(lesson), Some(0));
    }

    #[test]
    fn hints_come_one_at_a_time_and_run_out() {
        let lesson = lesson_one();
        let step = lesson.steps.iter().find(|s| s.id == "create-mysql-group").unwrap();
        let offered = step.hints_offered(None);
        let mut progress = Progress::started();
        assert!(progress.hints_shown(step).is_empty());
        for shown in 1..=offered.len() {
            assert!(progress.reveal_hint(step, &offered));
            assert_eq!(progress.hints_shown(step).len(), shown);
            assert_eq!(progress.hints_left(step, &offered), offered.len() - shown);
        }
        assert!(!progress.reveal_hint(step, &offered));
        // A count saved by an older lab, for a longer version of the step, shows what there is.
        let mut old = Progress::started();
        old.hints.insert(step.id.clone(), 9);
        assert_eq!(old.hints_shown(step), (0..step.hints.len()).map(|j| format!("hints[{j}]")).collect::<Vec<_>>());
    }

    #[test]
    fn help_offers_the_first_failing_checks_hints_then_the_next() {
        let lesson = lesson_one();
        let step = lesson.steps.iter().find(|s| s.id == "create-https-group").unwrap();
        let start = lesson.start_network().unwrap();
        let fresh = grade_step(step, &start);
        let offered = step.hints_offered(Some(&fresh));
        let mut progress = Progress::started();
        assert!(progress.reveal_hint(step, &offered));
        // The group does not exist: its rules are the first failing check with hints.
        let first = progress.hints_shown(step);
        let rules = step.checks.iter().position(|c| !c.hints.is_empty()).unwrap();
        assert_eq!(first, [format!("checks[{rules}].hints[0]")]);
        assert!(step.hint(&first[0]).unwrap().contains("HTTPS in the Type list"));
        // The same student with the rules right but the tag key written `name`: the tag's hint comes first.
        let tagged = step.checks.iter().rposition(|c| !c.hints.is_empty()).unwrap();
        let failing_tag_only = StepReport {
            checks: fresh
                .checks
                .iter()
                .enumerate()
                .map(|(i, c)| sglab_engine::exercise::CheckResult { passed: i != tagged, ..c.clone() })
                .collect(),
            ..fresh.clone()
        };
        let mut other = Progress::started();
        assert!(other.reveal_hint(step, &step.hints_offered(Some(&failing_tag_only))));
        assert_eq!(other.hints_shown(step), [format!("checks[{tagged}].hints[0]")]);
        assert!(step.hint(&other.hints_shown(step)[0]).unwrap().contains("case-sensitive"));
    }

    #[test]
    fn an_assessment_keeps_its_best_score() {
        let challenge = challenge_one();
        let mut progress = Progress::started();
        let report = grade(challenge, &challenge.start_network().unwrap());
        assert!(report.score < report.total);
        assert!(progress.record_score(&report));
        assert_eq!(progress.best, Some(Score { score: report.score, total: report.total }));
        let better = Report { score: report.score + 1, ..report.clone() };
        assert!(progress.record_score(&better));
        assert!(!progress.record_score(&report), "a lower score is not kept");
        assert_eq!(progress.best.map(|b| b.score), Some(report.score + 1));
        assert_eq!(
            progress.standing(challenge),
            Standing::Scored(Score { score: report.score + 1, total: report.total })
        );
        assert!(progress.record_score(&Report { score: report.total, ..report.clone() }));
        assert!(progress.is_complete(challenge));
        assert_eq!(progress.standing(challenge).text(), "Complete");
        assert_eq!(progress.current_step(challenge), None);
    }

    #[test]
    fn progress_comes_back_the_same_from_its_saved_text() {
        let lesson = lesson_one();
        let mut progress = Progress::started();
        progress.next_step(lesson, 0);
        progress.next_step(lesson, 1);
        progress.begin(lesson, 4);
        progress.reveal_hint(&lesson.steps[3], &lesson.steps[3].hints_offered(None));
        progress.best = Some(Score { score: 2, total: 5 });
        let text = progress.to_saved();
        assert_eq!(Progress::from_saved(&text), progress);
        assert!(text.contains("\"Done\":[\"what-is-a-security-group\"]"), "{text}");
        assert!(text.contains("\"Skipped\":[\"four-connections\"]"), "{text}");
        assert!(text.contains("\"Began\":{\"Step\":\"connection-4\",\"Firing\":4}"), "{text}");
        // Progress saved before steps could be skipped reads as nothing skipped.
        let old = Progress::from_saved("{\"Started\":true,\"Done\":[\"what-is-a-security-group\"]}");
        assert_eq!(old.current_step(lesson), Some(1));
        assert!(old.skipped.is_empty() && old.began.is_none());
    }

    #[test]
    fn unreadable_saved_progress_starts_afresh() {
        assert_eq!(Progress::from_saved("{\"Done\": 3"), Progress::default());
        assert_eq!(Progress::from_saved("null"), Progress::default());
        assert_eq!(Progress::from_saved("{}"), Progress::default());
    }
}
