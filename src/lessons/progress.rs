//! A student's progress through one exercise, as it is kept in the browser: which
//! steps of a lesson are done, which hints each step has shown, the best score of
//! an assessment. Plain Rust, no Leptos.
//!
//! A lesson's steps are done in order. The step the student is on is the first one
//! not done; it is checked against the lab as it is now, and once it passes it stays
//! done, whatever later steps do to the lab (lesson 1 deletes the groups it built).

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

/// Where a student stands, for the list of lessons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    NotStarted,
    Steps { done: usize, total: usize },
    Scored(Score),
    Complete,
}

impl Standing {
    pub fn text(self) -> String {
        match self {
            Standing::NotStarted => "Not started".into(),
            Standing::Steps { done, total } => format!("{done} of {total} steps done"),
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
    /// (or for an assessment, whose steps are all graded at once).
    pub fn current_step(&self, exercise: &Exercise) -> Option<usize> {
        if exercise.kind != ExerciseKind::Lesson {
            return None;
        }
        exercise.steps.iter().position(|s| !self.done.contains(&s.id))
    }

    pub fn is_done(&self, step: &Step) -> bool {
        self.done.contains(&step.id)
    }

    /// How many of the exercise's steps are done.
    pub fn steps_done(&self, exercise: &Exercise) -> usize {
        exercise.steps.iter().filter(|s| self.done.contains(&s.id)).count()
    }

    pub fn is_complete(&self, exercise: &Exercise) -> bool {
        match exercise.kind {
            ExerciseKind::Lesson => self.started && self.current_step(exercise).is_none(),
            ExerciseKind::Assessment => self.best.is_some_and(|b| b.score == b.total),
        }
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

    /// The student has read a step with nothing to check and goes on.
    pub fn read_step(&mut self, exercise: &Exercise, index: usize) -> bool {
        if self.current_step(exercise) != Some(index) {
            return false;
        }
        match exercise.steps.get(index) {
            Some(step) if step.checks.is_empty() => self.done.insert(step.id.clone()),
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
            (ExerciseKind::Lesson, _) => {
                Standing::Steps { done: self.steps_done(exercise), total: exercise.steps.len() }
            }
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
        assert_eq!(progress.standing(lesson), Standing::Steps { done: 0, total: lesson.steps.len() });
        assert_eq!(Progress::default().standing(lesson), Standing::NotStarted);
        assert_eq!(Standing::Steps { done: 3, total: 9 }.text(), "3 of 9 steps done");
    }

    #[test]
    fn a_step_to_read_is_done_when_the_student_goes_on_and_only_the_current_one() {
        let lesson = lesson_one();
        let mut progress = Progress::started();
        assert!(!progress.read_step(lesson, 1), "step 2 is not the current one");
        assert!(progress.read_step(lesson, 0));
        assert!(!progress.read_step(lesson, 0), "already done");
        assert_eq!(progress.current_step(lesson), Some(1));
        let with_checks = lesson.steps.iter().position(|s| !s.checks.is_empty()).unwrap();
        while progress.current_step(lesson) != Some(with_checks) {
            let at = progress.current_step(lesson).unwrap();
            assert!(progress.read_step(lesson, at));
        }
        assert!(!progress.read_step(lesson, with_checks), "a step with checks is done by passing them");
    }

    #[test]
    fn a_passed_step_stays_done_when_a_later_step_undoes_it() {
        let lesson = lesson_one();
        let mut progress = Progress::started();
        for i in 0..3 {
            progress.read_step(lesson, i);
        }
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
        progress.read_step(lesson, 0);
        progress.reveal_hint(&lesson.steps[3], &lesson.steps[3].hints_offered(None));
        progress.best = Some(Score { score: 2, total: 5 });
        let text = progress.to_saved();
        assert_eq!(Progress::from_saved(&text), progress);
        assert!(text.contains("\"Done\":[\"what-is-a-security-group\"]"), "{text}");
    }

    #[test]
    fn unreadable_saved_progress_starts_afresh() {
        assert_eq!(Progress::from_saved("{\"Done\": 3"), Progress::default());
        assert_eq!(Progress::from_saved("null"), Progress::default());
        assert_eq!(Progress::from_saved("{}"), Progress::default());
    }
}
