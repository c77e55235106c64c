//! The Lessons tab's state in Leptos: which exercise the student is on, the progress
//! kept for every exercise, teachers' exercises, and the grade of the lab, a memo
//! over the lab signal that follows every change whichever tab is open.
//!
//! It lives beside the lab store from the start of the page, so that a step passed
//! while the student works in the Security groups tab is recorded as it passes, even
//! if a later step undoes it before they look back.

use super::catalog;
use super::files;
use super::progress::Progress;
use crate::keep::browser;
use crate::keep::menu::replace_lab;
use crate::keep::Notice;
use crate::lab::Lab;
use crate::store::{use_lab, LabStore, Tab};
use leptos::prelude::*;
use sglab_engine::exercise::{grade, grade_lesson_step, Exercise, ExerciseKind, Report, StepReport};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Where the exercise the student is on is remembered, by id.
pub const ACTIVE_KEY: &str = "sglab.lessons.active";
/// Where teachers' exercises opened in this browser are kept.
pub const SHELF_KEY: &str = "sglab.lessons.files";

/// Where the progress of one exercise is kept.
pub fn progress_key(id: &str) -> String {
    format!("sglab.progress.{id}")
}

/// The lab graded for the exercise the student is on.
#[derive(Clone, Debug, PartialEq)]
pub enum Graded {
    /// A lesson: only the step the student is on.
    Step { index: usize, report: StepReport },
    /// An assessment: every step.
    All(Report),
}

impl Graded {
    /// The grade of one step, when it was graded.
    pub fn step(&self, index: usize) -> Option<&StepReport> {
        match self {
            Graded::Step { index: i, report } => (*i == index).then_some(report),
            Graded::All(report) => report.steps.get(index),
        }
    }
}

/// What the tab shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LessonsView {
    List,
    Exercise,
}

#[derive(Clone, Copy)]
pub struct LessonsState {
    store: LabStore,
    /// The id of the exercise the student started or went back to.
    pub active: RwSignal<Option<String>>,
    pub view: RwSignal<LessonsView>,
    /// Teachers' exercises opened in this browser, newest first.
    pub shelf: RwSignal<Vec<Arc<Exercise>>>,
    /// Every known exercise's progress, by id.
    pub progress: RwSignal<BTreeMap<String, Progress>>,
    /// The exercise whose "Start" waits for the student's word, by id.
    pub confirming: RwSignal<Option<String>>,
    /// Why the last file or link could not be opened.
    pub error: RwSignal<Option<String>>,
    /// Steps of the active exercise whose failed checks say what is wrong, by step id.
    pub checking: RwSignal<BTreeSet<String>>,
    /// The last step done, said once on screen and to screen readers.
    pub announced: RwSignal<Option<String>>,
    pub exercise: Memo<Option<Arc<Exercise>>>,
    pub graded: Memo<Option<Graded>>,
}

/// Reads what the browser kept, opens an exercise link if the page has one, and
/// starts following the lab. Call once, after the lab store is provided.
pub fn provide_lessons() -> LessonsState {
    let store = use_lab();
    let shelf = browser::read(SHELF_KEY).map(|t| files::shelf_from_saved(&t)).unwrap_or_default();
    // The lab's ids without reading its exercise files: the page starts without them.
    let ids: Vec<String> = catalog::ids().map(str::to_owned).chain(shelf.iter().map(|e| e.id.clone())).collect();
    let progress: BTreeMap<String, Progress> = ids
        .iter()
        .filter_map(|id| browser::read(&progress_key(id)).map(|t| (id.clone(), Progress::from_saved(&t))))
        .collect();
    let active = browser::read(ACTIVE_KEY).filter(|id| ids.contains(id));
    let view = if active.is_some() { LessonsView::Exercise } else { LessonsView::List };

    let active = RwSignal::new(active);
    let shelf = RwSignal::new(shelf);
    let progress = RwSignal::new(progress);
    let exercise = Memo::new(move |_| {
        let id = active.get()?;
        catalog::find(&id).cloned().or_else(|| shelf.with(|s| s.iter().find(|e| e.id == id).cloned()))
    });
    let graded = Memo::new(move |_| {
        let exercise = exercise.get()?;
        let progress = progress.with(|m| m.get(&exercise.id).cloned()).unwrap_or_default();
        if !progress.started {
            return None;
        }
        store.lab.with(|lab| match exercise.kind {
            ExerciseKind::Lesson => {
                let index = progress.current_step(&exercise)?;
                // Until the step's beginning is noted (at once, below), nothing fired counts.
                let fired = progress.began_at(&exercise).map(|from| lab.fired_since(from)).unwrap_or_default();
                let report = grade_lesson_step(&exercise.steps[index], &lab.network, &fired);
                Some(Graded::Step { index, report })
            }
            ExerciseKind::Assessment => Some(Graded::All(grade(&exercise, &lab.network))),
        })
    });
    let state = LessonsState {
        store,
        active,
        view: RwSignal::new(view),
        shelf,
        progress,
        confirming: RwSignal::new(None),
        error: RwSignal::new(None),
        checking: RwSignal::new(BTreeSet::new()),
        announced: RwSignal::new(None),
        exercise,
        graded,
    };

    // The step the student is on begins when it becomes current: what is fired from
    // then on is what its `fired` checks look at.
    Effect::new(move |_| {
        let Some(exercise) = exercise.get() else { return };
        if exercise.kind != ExerciseKind::Lesson {
            return;
        }
        let next_firing = store.lab.with(Lab::next_firing);
        let pending = progress.with(|m| m.get(&exercise.id).is_some_and(|p| p.clone().begin(&exercise, next_firing)));
        if pending {
            state.change_progress(&exercise.id, |p| p.begin(&exercise, next_firing));
        }
    });

    // A step that passes is done at once; the next step is then graded in its turn.
    Effect::new(move |_| {
        let Some(graded) = graded.get() else { return };
        let Some(exercise) = exercise.get_untracked() else { return };
        match &graded {
            Graded::Step { index, report } => {
                if state.change_progress(&exercise.id, |p| p.record_step(&exercise, report)) {
                    state.announced.set(Some(format!("Step {} done: {}", index + 1, report.title)));
                }
            }
            Graded::All(report) => {
                state.change_progress(&exercise.id, |p| p.record_score(report));
            }
        }
    });

    state.open_link();
    // A link pasted into the address bar of the open lab changes only the fragment:
    // the page does not load again, so the change is watched for.
    let _ = window_event_listener(leptos::ev::hashchange, move |_| state.open_link());

    provide_context(state);
    state
}

pub fn use_lessons() -> LessonsState {
    expect_context::<LessonsState>()
}

impl LessonsState {
    /// An exercise's progress (nothing yet for one never started).
    pub fn progress_of(&self, id: &str) -> Progress {
        self.progress.with(|m| m.get(id).cloned()).unwrap_or_default()
    }

    /// Changes an exercise's progress and keeps it in the browser. Returns whether
    /// `change` changed anything.
    pub fn change_progress(&self, id: &str, change: impl FnOnce(&mut Progress) -> bool) -> bool {
        let mut saved = None;
        self.progress.maybe_update(|m| {
            let progress = m.entry(id.to_owned()).or_default();
            let changed = change(progress);
            if changed {
                saved = Some(progress.to_saved());
            }
            changed
        });
        let Some(text) = saved else { return false };
        self.keep(&progress_key(id), &text);
        true
    }

    fn keep(&self, key: &str, text: &str) {
        if let Err(reason) = browser::write(key, text) {
            self.store.keep.notice.set(Some(Notice::NotSaved { reason }));
        }
    }

    /// Puts the lab in place of the diagram's (one undo step) and starts the exercise
    /// afresh. The caller has asked the student first.
    pub fn start(&self, exercise: &Exercise) {
        let network = match exercise.start_network() {
            Ok(network) => network,
            Err(e) => {
                self.error.set(Some(format!("“{}” cannot start: {e}", exercise.title)));
                return;
            }
        };
        replace_lab(&self.store, Lab::new(network));
        self.change_progress(&exercise.id, |p| {
            *p = Progress::started();
            true
        });
        self.checking.set(BTreeSet::new());
        self.announced.set(None);
        self.confirming.set(None);
        self.error.set(None);
        self.go_on(&exercise.id);
    }

    /// Opens a started exercise where the student left it, on the lab as it is.
    pub fn go_on(&self, id: &str) {
        if self.active.get_untracked().as_deref() != Some(id) {
            self.active.set(Some(id.to_owned()));
            self.checking.set(BTreeSet::new());
            self.announced.set(None);
            self.keep(ACTIVE_KEY, id);
        }
        self.view.set(LessonsView::Exercise);
    }

    /// Opens the exercise link in the address bar, if there is one, and takes it out
    /// of the address bar so that a reload does not offer it again.
    fn open_link(&self) {
        let fragment = browser::fragment();
        if !files::is_link(&fragment) {
            return;
        }
        browser::clear_fragment();
        match files::from_link(&fragment) {
            Ok(exercise) => self.offer(exercise),
            Err(e) => self.error.set(Some(format!("The exercise link could not be opened: {e}"))),
        }
        self.view.set(LessonsView::List);
        self.store.ui.tab.set(Tab::Lessons);
    }

    /// A teacher's exercise from a file or a link: kept on the shelf (or, when it is
    /// one of the lab's own, found in the list) with its "Start" waiting for a word.
    pub fn offer(&self, exercise: Exercise) {
        let id = exercise.id.clone();
        if catalog::find(&id).is_none() {
            self.shelf.update(|s| files::shelve(s, exercise));
            let text = self.shelf.with_untracked(|s| files::shelf_to_saved(s));
            self.keep(SHELF_KEY, &text);
            if let Some(text) = browser::read(&progress_key(&id)) {
                self.progress.update(|m| {
                    m.entry(id.clone()).or_insert_with(|| Progress::from_saved(&text));
                });
            }
        }
        self.error.set(None);
        self.confirming.set(Some(id));
    }

    /// Takes a teacher's exercise off the shelf (its progress stays, in case it is
    /// opened again).
    pub fn remove(&self, id: &str) {
        self.shelf.update(|s| s.retain(|e| e.id != id));
        let text = self.shelf.with_untracked(|s| files::shelf_to_saved(s));
        self.keep(SHELF_KEY, &text);
        if self.active.get_untracked().as_deref() == Some(id) {
            self.active.set(None);
            if let Err(reason) = browser::write(ACTIVE_KEY, "") {
                self.store.keep.notice.set(Some(Notice::NotSaved { reason }));
            }
        }
    }
}
