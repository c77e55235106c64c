//! The Lessons tab's components: the list of lessons, challenges and teachers'
//! exercises, and the exercise the student is on, step by step.
//!
//! Everything an exercise file brings (titles, instructions, hints, the engine's
//! messages) goes through text nodes: [`super::text`] splits it into paragraphs, lists
//! and code, never into markup.

use super::catalog;
use super::progress::{steps_text, Progress, Standing};
use super::state::{use_lessons, Graded, LessonsView};
use super::text::{blocks, spans, Block, Span};
use crate::keep::browser;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys;
use sglab_engine::exercise::{Exercise, ExerciseKind, Step, StepReport};
use std::sync::Arc;

/// The Lessons tab.
#[component]
pub fn LessonsPanel() -> impl IntoView {
    let state = use_lessons();
    view! {
        <section class="panel lessons-panel" aria-label="Lessons">
            {move || match (state.view.get(), state.exercise.get()) {
                (LessonsView::Exercise, Some(exercise)) => view! { <ExerciseView exercise/> }.into_any(),
                _ => view! { <ExerciseList/> }.into_any(),
            }}
        </section>
    }
}

fn kind_label(kind: ExerciseKind) -> &'static str {
    match kind {
        ExerciseKind::Lesson => "Lesson",
        ExerciseKind::Assessment => "Challenge",
    }
}

fn kind_slug(kind: ExerciseKind) -> &'static str {
    match kind {
        ExerciseKind::Lesson => "lesson",
        ExerciseKind::Assessment => "assessment",
    }
}

/// One line of text with its `code` pieces: what stood between backticks is shown as
/// code, and no backtick is left on the page. Other tabs show messages through it too.
pub fn line_view(text: &str) -> impl IntoView {
    spans(text)
        .into_iter()
        .map(|span| match span {
            Span::Text(t) => t.into_any(),
            Span::Code(c) => view! { <code>{c}</code> }.into_any(),
        })
        .collect_view()
}

fn spans_view(line: Vec<Span>) -> impl IntoView {
    line.into_iter()
        .map(|span| match span {
            Span::Text(t) => t.into_any(),
            Span::Code(c) => view! { <code>{c}</code> }.into_any(),
        })
        .collect_view()
}

/// A step's instructions: paragraphs and lists.
fn instructions_view(text: &str) -> impl IntoView {
    let body = blocks(text)
        .into_iter()
        .map(|block| match block {
            Block::Paragraph(line) => view! { <p>{spans_view(line)}</p> }.into_any(),
            Block::List(items) => {
                let items = items.into_iter().map(|item| view! { <li>{spans_view(item)}</li> }).collect_view();
                view! { <ul>{items}</ul> }.into_any()
            }
        })
        .collect_view();
    view! { <div class="instructions">{body}</div> }
}

/// Focuses an element once it is on the page.
fn focus_when_shown<E>(node: NodeRef<E>)
where
    E: html::ElementType,
    E::Output: JsCast + Clone + 'static,
{
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

/// Asks before an exercise's network replaces the lab.
#[component]
fn StartConfirm(exercise: Arc<Exercise>, #[prop(optional)] again: bool) -> impl IntoView {
    let state = use_lessons();
    let start = NodeRef::<html::Button>::new();
    focus_when_shown(start);
    let id = format!("start-{}", exercise.id);
    let title = exercise.title.clone();
    let text = if again {
        format!("Start “{title}” over? Your progress in it is cleared, and its starting network replaces the lab on the diagram. You can undo the lab's change.")
    } else {
        let whose = if exercise.kind == ExerciseKind::Lesson { "The lesson's" } else { "The challenge's" };
        format!("Start “{title}”? {whose} starting network replaces the lab on the diagram. You can undo it.")
    };
    let to_start = exercise.clone();
    view! {
        <div class="confirm lessons-confirm" role="alertdialog" aria-labelledby=format!("{id}-q") data-testid="start-confirm">
            <p id=format!("{id}-q")>{text}</p>
            <div class="form-actions">
                <button type="button" class="button" on:click=move |_| state.confirming.set(None)>"Cancel"</button>
                <button
                    type="button"
                    class="button primary"
                    node_ref=start
                    data-testid="start-confirm-button"
                    on:click=move |_| state.start(&to_start)
                >
                    {if again { "Start over" } else { "Start" }}
                </button>
            </div>
        </div>
    }
}

// ---------------------------------------------------------------------------
// The list

#[component]
fn ExerciseList() -> impl IntoView {
    let builtin: Vec<&catalog::Builtin> = catalog::builtin().iter().collect();
    let broken: Vec<String> =
        builtin.iter().filter_map(|b| b.exercise.as_ref().err().map(|e| format!("{}: {e}", b.file))).collect();
    let lessons: Vec<Arc<Exercise>> = builtin
        .iter()
        .filter_map(|b| b.exercise.as_ref().ok())
        .filter(|e| e.kind == ExerciseKind::Lesson)
        .cloned()
        .collect();
    let challenges: Vec<Arc<Exercise>> = builtin
        .iter()
        .filter_map(|b| b.exercise.as_ref().ok())
        .filter(|e| e.kind == ExerciseKind::Assessment)
        .cloned()
        .collect();
    let cards =
        |list: Vec<Arc<Exercise>>| list.into_iter().map(|exercise| view! { <ExerciseCard exercise/> }).collect_view();
    view! {
        <div class="lessons-list">
            <header class="lessons-header">
                <h2>"Lessons"</h2>
            </header>
            <p class="hint">"The chapters as guided lessons: each step is checked against the lab as you build it."</p>
            {broken.into_iter().map(|b| view! { <div class="form-alert" role="alert"><p>{b}</p></div> }).collect_view()}
            <ul class="exercise-list" aria-label="Lessons">{cards(lessons)}</ul>
            <h2>"Challenges"</h2>
            <p class="hint">"A network with faults to fix. Every check earns points, so a partly right lab scores part."</p>
            <ul class="exercise-list" aria-label="Challenges">{cards(challenges)}</ul>
            <TeacherExercises/>
        </div>
    }
}

#[component]
fn ExerciseCard(exercise: Arc<Exercise>, #[prop(optional)] teacher: bool) -> impl IntoView {
    let state = use_lessons();
    let id = exercise.id.clone();
    let progress = {
        let id = id.clone();
        Memo::new(move |_| state.progress.with(|m| m.get(&id).cloned()).unwrap_or_default())
    };
    let standing = {
        let exercise = exercise.clone();
        Memo::new(move |_| progress.with(|p| p.standing(&exercise)))
    };
    let is_active = {
        let id = id.clone();
        move || state.active.with(|a| a.as_deref() == Some(id.as_str()))
    };
    let confirming = {
        let id = id.clone();
        Memo::new(move |_| state.confirming.with(|c| c.as_deref() == Some(id.as_str())))
    };
    let heading = format!("exercise-title-{}", exercise.id);
    let kind = exercise.kind;
    let go_on = {
        let id = id.clone();
        move |_| state.go_on(&id)
    };
    let ask = {
        let id = id.clone();
        move |_| state.confirming.set(Some(id.clone()))
    };
    let buttons = {
        let exercise = exercise.clone();
        move || {
            let started = progress.with(|p| p.started);
            let title = exercise.title.clone();
            if confirming.get() {
                return ().into_any();
            }
            if started {
                view! {
                    <button type="button" class="button" aria-label=format!("Start {title} over") on:click=ask.clone()>"Start over…"</button>
                    <button type="button" class="button primary" aria-label=format!("Continue {title}") on:click=go_on.clone()>"Continue"</button>
                }
                .into_any()
            } else {
                view! {
                    <button type="button" class="button primary" aria-label=format!("Start {title}") on:click=ask.clone()>"Start…"</button>
                }
                .into_any()
            }
        }
    };
    let confirm = {
        let exercise = exercise.clone();
        move || {
            confirming.get().then(|| {
                let again = progress.with_untracked(|p| p.started);
                view! { <StartConfirm exercise=exercise.clone() again/> }
            })
        }
    };
    let link = RwSignal::new(None::<(String, bool)>);
    let teacher_actions = teacher.then(|| view! { <TeacherActions exercise=exercise.clone() link/> });
    view! {
        <li
            class="exercise-card"
            data-testid=format!("exercise-{id}")
            data-standing=move || standing_slug(standing.get())
            aria-labelledby=heading.clone()
        >
            <div class="exercise-card-head">
                <h3 id=heading.clone()>{exercise.title.clone()}</h3>
                <span class=format!("badge kind kind-{}", kind_slug(kind))>{kind_label(kind)}</span>
            </div>
            {(!exercise.summary.is_empty()).then(|| view! { <p class="summary">{line_view(&exercise.summary)}</p> })}
            <div class="exercise-card-foot">
                <span class="standing" data-testid="standing">
                    {move || standing.get().text()}
                    {move || is_active().then(|| view! { <span class="on-diagram">" · on the diagram"</span> })}
                </span>
                <span class="spacer"></span>
                {teacher_actions}
                {buttons}
            </div>
            {link_view(link)}
            {confirm}
        </li>
    }
}

fn standing_slug(standing: Standing) -> &'static str {
    match standing {
        Standing::NotStarted => "not-started",
        Standing::Steps { .. } | Standing::Scored(_) => "started",
        Standing::Complete => "complete",
    }
}

/// A teacher's exercise: a link to pass on, and taking it off the list.
#[component]
fn TeacherActions(exercise: Arc<Exercise>, link: RwSignal<Option<(String, bool)>>) -> impl IntoView {
    let state = use_lessons();
    let title = exercise.title.clone();
    let id = exercise.id.clone();
    let copy = {
        let exercise = exercise.clone();
        move |_| {
            let address = format!("{}#{}", browser::page_address(), super::files::to_link(&exercise));
            link.set(Some((address.clone(), false)));
            browser::copy_text(&address, move |copied| {
                link.update(|l| {
                    if let Some((_, c)) = l {
                        *c = copied;
                    }
                });
            });
        }
    };
    view! {
        <button type="button" class="button" aria-label=format!("Copy a link to {title}") on:click=copy>"Copy link"</button>
        <button type="button" class="button danger" aria-label=format!("Remove {title}") on:click=move |_| state.remove(&id)>
            "Remove"
        </button>
    }
}

/// The link to a teacher's exercise, to copy by hand when the clipboard refused.
fn link_view(link: RwSignal<Option<(String, bool)>>) -> impl IntoView {
    move || {
        link.get().map(|(address, copied)| {
            let text = if copied {
                "The link is copied. Whoever opens it finds the exercise in their Lessons tab; it holds the whole file."
            } else {
                "The link holds the whole exercise file. Whoever opens it finds the exercise in their Lessons tab."
            };
            view! {
                <div class="exercise-link">
                    <p data-testid="exercise-link-status">{text}</p>
                    <input type="text" readonly class="share-link" aria-label="Link to the exercise" data-testid="exercise-link" prop:value=address/>
                    <div class="form-actions">
                        <button type="button" class="button" on:click=move |_| link.set(None)>"Done"</button>
                    </div>
                </div>
            }
        })
    }
}

/// Teachers' exercises, and opening one from a file.
#[component]
fn TeacherExercises() -> impl IntoView {
    let state = use_lessons();
    let chosen = move |e: ev::Event| {
        let input = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(file) = input.as_ref().and_then(|i| i.files()).and_then(|files| files.get(0)) else { return };
        if let Some(input) = input {
            // Choosing the same file again, once fixed, must fire `change` again.
            input.set_value("");
        }
        let name = file.name();
        browser::read_file(file, move |result| match result.and_then(|text| super::files::read(&text)) {
            Ok(exercise) => state.offer(exercise),
            Err(message) => state.error.set(Some(format!("{name} cannot be opened: {message}"))),
        });
    };
    let error = move || {
        state.error.get().map(|message| {
            view! {
                <div class="form-alert" role="alert" data-testid="exercise-error">
                    <p>{line_view(&message)}</p>
                    <p class="hint-inline">"Nothing was changed. Fix the file and open it again."</p>
                </div>
            }
        })
    };
    let shelf = move || state.shelf.get();
    view! {
        <h2>"Your exercises"</h2>
        <p class="hint">
            "A teacher's exercise file ("<code>".json"</code>", written as "<code>"docs/exercises.md"</code>
            " describes), or one opened from a link. It stays in this browser until you remove it."
        </p>
        {error}
        <Show when=move || state.shelf.with(|s| !s.is_empty())>
            <ul class="exercise-list" aria-label="Your exercises">
                <For
                    each=shelf
                    key=|e| (e.id.clone(), e.title.clone(), e.steps.len())
                    children=move |exercise| view! { <ExerciseCard exercise teacher=true/> }
                />
            </ul>
        </Show>
        <div class="open-file">
            <label class="button file-button">
                "Open an exercise file…"
                <input type="file" accept=".json,application/json" data-testid="exercise-file" on:change=chosen/>
            </label>
        </div>
    }
}

// ---------------------------------------------------------------------------
// The exercise

/// What a step is to the student now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum StepState {
    Done,
    /// Gone on from without being done: shown apart from done, to come back to.
    Skipped,
    Current,
    Upcoming,
    /// An assessment's item: graded with the others, all the time.
    Graded,
}

impl StepState {
    fn slug(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::Skipped => "skipped",
            StepState::Current => "current",
            StepState::Upcoming => "upcoming",
            StepState::Graded => "graded",
        }
    }
}

fn step_states(exercise: &Exercise, progress: &Progress) -> Vec<StepState> {
    let current = progress.current_step(exercise);
    exercise
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| match exercise.kind {
            ExerciseKind::Assessment => StepState::Graded,
            ExerciseKind::Lesson if progress.is_done(step) => StepState::Done,
            ExerciseKind::Lesson if progress.is_skipped(step) => StepState::Skipped,
            ExerciseKind::Lesson if Some(i) == current => StepState::Current,
            ExerciseKind::Lesson => StepState::Upcoming,
        })
        .collect()
}

#[component]
fn ExerciseView(exercise: Arc<Exercise>) -> impl IntoView {
    let state = use_lessons();
    let id = exercise.id.clone();
    let progress = {
        let id = id.clone();
        Memo::new(move |_| state.progress.with(|m| m.get(&id).cloned()).unwrap_or_default())
    };
    let states = {
        let exercise = exercise.clone();
        Memo::new(move |_| progress.with(|p| step_states(&exercise, p)))
    };
    let kind = exercise.kind;
    let steps = {
        let exercise = exercise.clone();
        move || {
            states
                .get()
                .into_iter()
                .enumerate()
                .map(|(index, step_state)| (index, step_state, exercise.clone()))
                .collect::<Vec<_>>()
        }
    };
    let again = {
        let id = id.clone();
        Memo::new(move |_| state.confirming.with(|c| c.as_deref() == Some(id.as_str())))
    };
    let confirm = {
        let exercise = exercise.clone();
        move || again.get().then(|| view! { <StartConfirm exercise=exercise.clone() again=true/> })
    };
    let ask_again = {
        let id = id.clone();
        move |_| state.confirming.set(Some(id.clone()))
    };
    view! {
        <div class="exercise-view" data-testid="exercise" data-exercise=id.clone() data-kind=kind_slug(kind)>
            <nav class="crumbs" aria-label="Lessons">
                <button type="button" class="link" on:click=move |_| state.view.set(LessonsView::List)>"All lessons"</button>
                " / "
                {kind_label(kind)}
            </nav>
            <header class="exercise-head">
                <h2>{exercise.title.clone()}</h2>
            </header>
            <ProgressBar exercise=exercise.clone() progress/>
            <Completion exercise=exercise.clone() progress/>
            <Announcement/>
            <ol class="lesson-steps" aria-label="Steps">
                <For
                    each=steps
                    key=|(index, step_state, _)| (*index, *step_state)
                    children=move |(index, step_state, exercise)| view! { <StepItem exercise index step_state/> }
                />
            </ol>
            <div class="exercise-foot">
                {confirm}
                <Show when=move || !again.get()>
                    <button type="button" class="button" on:click=ask_again.clone()>"Start over…"</button>
                </Show>
            </div>
        </div>
    }
}

/// Steps done, or points earned, as a bar.
#[component]
fn ProgressBar(exercise: Arc<Exercise>, progress: Memo<Progress>) -> impl IntoView {
    let state = use_lessons();
    let figures = {
        let exercise = exercise.clone();
        Memo::new(move |_| match exercise.kind {
            ExerciseKind::Lesson => {
                let (done, skipped) = progress.with(|p| (p.steps_done(&exercise), p.steps_skipped(&exercise)));
                let total = exercise.steps.len();
                let words = steps_text(done, skipped, total);
                (done as u32, total as u32, words)
            }
            ExerciseKind::Assessment => {
                let (score, total) = state.graded.with(|g| match g {
                    Some(Graded::All(r)) => (r.score, r.total),
                    _ => (0, exercise.total_weight()),
                });
                let percent = (score * 100).checked_div(total).unwrap_or(100);
                (score, total, format!("Score {score}/{total} ({percent}%)"))
            }
        })
    };
    let width = move || {
        figures.with(|(now, max, _)| {
            let percent = if *max == 0 { 100.0 } else { f64::from(*now) * 100.0 / f64::from(*max) };
            format!("{percent:.1}%")
        })
    };
    let label_id = format!("progress-{}", exercise.id);
    view! {
        <div class="lesson-progress">
            <span class="progress-words" id=label_id.clone() data-testid="progress-words">{move || figures.with(|f| f.2.clone())}</span>
            <div
                class="progress-track"
                role="progressbar"
                aria-labelledby=label_id
                aria-valuemin="0"
                aria-valuemax=move || figures.with(|f| f.1.to_string())
                aria-valuenow=move || figures.with(|f| f.0.to_string())
                aria-valuetext=move || figures.with(|f| f.2.clone())
            >
                <div class="progress-fill" style:width=width></div>
            </div>
        </div>
    }
}

/// "Lesson complete", and the next lesson offered.
#[component]
fn Completion(exercise: Arc<Exercise>, progress: Memo<Progress>) -> impl IntoView {
    let state = use_lessons();
    let complete = {
        let exercise = exercise.clone();
        Memo::new(move |_| match exercise.kind {
            ExerciseKind::Lesson => progress.with(|p| p.is_complete(&exercise)),
            ExerciseKind::Assessment => state.graded.with(|g| matches!(g, Some(Graded::All(r)) if r.passed())),
        })
    };
    let next = catalog::next_after(&exercise.id).cloned();
    let skipped = {
        let exercise = exercise.clone();
        Memo::new(move |_| {
            progress.with(|p| {
                let at_the_end = p.started && p.current_step(&exercise).is_none();
                if exercise.kind == ExerciseKind::Lesson && at_the_end {
                    p.steps_skipped(&exercise)
                } else {
                    0
                }
            })
        })
    };
    let skipped_view = move || {
        let n = skipped.get();
        (n > 0).then(|| {
            let text = if n == 1 {
                "You went on from 1 step without doing it. Go back to it to complete the lesson.".to_owned()
            } else {
                format!("You went on from {n} steps without doing them. Go back to them to complete the lesson.")
            };
            view! {
                <div class="lesson-skipped" role="status" id="exercise-skipped" tabindex="-1" data-testid="exercise-skipped">
                    <p>{text}</p>
                </div>
            }
        })
    };
    let body = move || {
        if !complete.get() {
            return None;
        }
        let (title, text) = match exercise.kind {
            ExerciseKind::Lesson => ("Lesson complete", format!("You did every step of “{}”.", exercise.title)),
            ExerciseKind::Assessment => ("Challenge complete", "Every check passes: full marks.".to_owned()),
        };
        let next_view = next.clone().map(|next| {
            let asking = {
                let id = next.id.clone();
                Memo::new(move |_| state.confirming.with(|c| c.as_deref() == Some(id.as_str())))
            };
            let started = state.progress_of(&next.id).started;
            let id = next.id.clone();
            let label = if started { format!("Continue with {}", next.title) } else { format!("Next: {}", next.title) };
            let confirm_for = next.clone();
            view! {
                <div class="next-exercise">
                    {move || {
                        if asking.get() {
                            view! { <StartConfirm exercise=confirm_for.clone()/> }.into_any()
                        } else {
                            let id = id.clone();
                            view! {
                                <button
                                    type="button"
                                    class="button primary"
                                    data-testid="next-exercise"
                                    on:click=move |_| {
                                        if started {
                                            state.go_on(&id);
                                        } else {
                                            state.confirming.set(Some(id.clone()));
                                        }
                                    }
                                >
                                    {label.clone()}
                                </button>
                            }
                            .into_any()
                        }
                    }}
                </div>
            }
        });
        Some(view! {
            <div class="lesson-complete" role="status" id="exercise-complete" tabindex="-1" data-testid="exercise-complete">
                <h3>
                    <span class="complete-mark" aria-hidden="true">"✓"</span>
                    {title}
                </h3>
                <p>{text}</p>
                {next_view}
            </div>
        })
    };
    view! { {body} {skipped_view} }
}

/// Says which step was just done, on screen and to screen readers.
#[component]
fn Announcement() -> impl IntoView {
    let state = use_lessons();
    view! {
        <p class="step-announcement" role="status" aria-live="polite" data-testid="step-announcement">
            {move || state.announced.get().map(|text| view! { <span class="done-mark" aria-hidden="true">"✓ "</span>{text} })}
        </p>
    }
}

#[component]
fn StepItem(exercise: Arc<Exercise>, index: usize, step_state: StepState) -> impl IntoView {
    let Some(step) = exercise.steps.get(index).cloned() else { return ().into_any() };
    let title_id = format!("step-title-{}", step.id);
    let number = index + 1;
    let testid = format!("step-{}", step.id);
    let common = move |inner: AnyView| {
        view! {
            <li
                class=format!("lesson-step {}", step_state.slug())
                data-testid=testid
                data-state=step_state.slug()
                aria-current=(step_state == StepState::Current).then_some("step")
            >
                {inner}
            </li>
        }
    };
    match step_state {
        StepState::Done => {
            let body = view! {
                <details class="step-done">
                    <summary>
                        <span class="step-mark done" aria-hidden="true">"✓"</span>
                        <span class="step-number">{number}</span>
                        <span class="step-title" id=title_id.clone()>{step.title.clone()}</span>
                        <span class="visually-hidden">" (done)"</span>
                    </summary>
                    {instructions_view(&step.instructions)}
                </details>
            };
            common(body.into_any()).into_any()
        }
        StepState::Skipped => {
            let state = use_lessons();
            let go_back = {
                let exercise = exercise.clone();
                move |_| {
                    if state.change_progress(&exercise.id, |p| p.go_back(&exercise, index)) {
                        focus_current_step(&state, &exercise);
                    }
                }
            };
            let body = view! {
                <details class="step-skipped">
                    <summary>
                        <span class="step-mark skipped" aria-hidden="true">"↷"</span>
                        <span class="step-number">{number}</span>
                        <span class="step-title" id=title_id.clone()>{step.title.clone()}</span>
                        <span class="step-skipped-word">" skipped"</span>
                    </summary>
                    {instructions_view(&step.instructions)}
                </details>
                <button
                    type="button"
                    class="button"
                    data-testid="go-back"
                    aria-label=format!("Go back to step {number}: {}", step.title)
                    on:click=go_back
                >
                    "Go back to this step"
                </button>
            };
            common(body.into_any()).into_any()
        }
        StepState::Upcoming => {
            let body = view! {
                <div class="step-head">
                    <span class="step-number">{number}</span>
                    <span class="step-title" id=title_id.clone()>{step.title.clone()}</span>
                    <span class="visually-hidden">" (to come)"</span>
                </div>
            };
            common(body.into_any()).into_any()
        }
        StepState::Current | StepState::Graded => {
            let body = view! { <StepBody exercise index step_state title_id/> };
            common(body.into_any()).into_any()
        }
    }
}

/// The step being worked on: its text, checks, hints and actions.
#[component]
fn StepBody(exercise: Arc<Exercise>, index: usize, step_state: StepState, title_id: String) -> impl IntoView {
    let state = use_lessons();
    let Some(step) = exercise.steps.get(index).cloned() else { return ().into_any() };
    let step = Arc::new(step);
    let number = index + 1;
    let report = Memo::new(move |_| state.graded.with(|g| g.as_ref().and_then(|g| g.step(index)).cloned()));
    let points = (step_state == StepState::Graded && !step.checks.is_empty()).then(|| {
        view! {
            <span class="step-points" data-testid="step-points">
                {move || report.with(|r| r.as_ref().map(|r| format!("{}/{} {}", r.score, r.total, if r.total == 1 { "point" } else { "points" })))}
            </span>
        }
    });
    let graded_state = move || {
        report.with(|r| match r {
            Some(r) if r.passed() => "passed",
            Some(r) if r.score > 0 => "partial",
            _ => "failing",
        })
    };
    let labelled_by = title_id.clone();
    let reading = step.checks.is_empty();
    let checks =
        (!reading).then(|| view! { <CheckList step=step.clone() report show_weight=step_state == StepState::Graded/> });
    let is_last = index + 1 == exercise.steps.len();
    // A step to read is done by going on; one with checks is skipped, not done.
    let next_step = (step_state == StepState::Current).then(|| {
        let exercise = exercise.clone();
        let label = match (reading, is_last) {
            (true, true) => "Finish",
            (false, true) => "Skip this step",
            (_, false) => "Next step",
        };
        view! {
            <button
                type="button"
                class=if reading { "button primary" } else { "button" }
                data-testid="next-step"
                on:click=move |_| {
                    if state.change_progress(&exercise.id, |p| p.next_step(&exercise, index)) {
                        focus_current_step(&state, &exercise);
                    }
                }
            >
                {label}
            </button>
        }
    });
    let check_button = (!reading).then(|| {
        let id = step.id.clone();
        view! {
            <button
                type="button"
                class="button"
                data-testid="check-my-work"
                on:click=move |_| state.checking.update(|c| {
                    c.insert(id.clone());
                })
            >
                "Check my work"
            </button>
        }
    });
    view! {
        <section class="step-body" aria-labelledby=labelled_by data-graded=graded_state>
            <div class="step-head">
                <span class="step-number">{number}</span>
                <h3 class="step-title" id=title_id tabindex="-1">{step.title.clone()}</h3>
                {points}
            </div>
            {instructions_view(&step.instructions)}
            {checks}
            <Hints exercise_id=exercise.id.clone() step=step.clone() report/>
            <div class="step-actions">
                <HelpButton exercise_id=exercise.id.clone() step=step.clone() report/>
                <span class="spacer"></span>
                {check_button}
                {next_step}
            </div>
        </section>
    }
    .into_any()
}

/// The button that was pressed is gone with the step it ended: the keyboard goes on
/// to the title of the step the student is on now (or, at the end, to the completion
/// or to what is left to do), once it is drawn.
fn focus_current_step(state: &super::state::LessonsState, exercise: &Exercise) {
    let progress = state.progress_of(&exercise.id);
    let target = match progress.current_step(exercise).and_then(|i| exercise.steps.get(i)) {
        Some(step) => format!("step-title-{}", step.id),
        None if progress.is_complete(exercise) => "exercise-complete".to_owned(),
        None => "exercise-skipped".to_owned(),
    };
    request_animation_frame(move || {
        let element = document().get_element_by_id(&target);
        if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    });
}

/// What the step checks, each marked live; what is wrong once the student asks.
#[component]
fn CheckList(step: Arc<Step>, report: Memo<Option<StepReport>>, show_weight: bool) -> impl IntoView {
    let state = use_lessons();
    let asked = {
        let id = step.id.clone();
        Memo::new(move |_| state.checking.with(|c| c.contains(&id)))
    };
    let summary = move || {
        if !asked.get() {
            return None;
        }
        report.with(|r| {
            r.as_ref().map(|r| {
                let passing = r.checks.iter().filter(|c| c.passed).count();
                let total = r.checks.len();
                if passing == total {
                    "Every check passes.".to_owned()
                } else {
                    format!("{passing} of {total} checks pass. Under each one that does not: what is wrong, as the lab sees it.")
                }
            })
        })
    };
    let rows = move || {
        report.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.checks
                        .iter()
                        .map(|check| {
                            let passed = check.passed;
                            let failed_shown = !passed && asked.get();
                            let mark = match (passed, failed_shown) {
                                (true, _) => "✓",
                                (false, true) => "✗",
                                (false, false) => "○",
                            };
                            let status = if passed { "passes" } else { "does not pass yet" };
                            let weight = show_weight.then(|| {
                                let w = check.weight;
                                view! { <span class="check-weight">{format!("{w} {}", if w == 1 { "point" } else { "points" })}</span> }
                            });
                            let problem = check
                                .problem
                                .clone()
                                .filter(|_| failed_shown)
                                .map(|p| view! { <p class="check-problem" data-testid="check-problem">{line_view(&p)}</p> });
                            view! {
                                <li class="check-item" data-passed=passed.to_string() data-testid="check">
                                    <span class=format!("check-mark {}", if passed { "pass" } else if failed_shown { "fail" } else { "open" }) aria-hidden="true">{mark}</span>
                                    <span class="check-text">
                                        <span class="check-label">{line_view(&check.label)}</span>
                                        <span class="visually-hidden">{format!(": {status}")}</span>
                                        {weight}
                                        {problem}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                })
        })
    };
    view! {
        <div class="checks">
            <h4 class="checks-title">"Checked against your lab"</h4>
            <ul class="check-list" aria-label=format!("Checks of {}", step.title)>{rows}</ul>
            <p class="checks-summary" role="status">{summary}</p>
        </div>
    }
}

/// The hints shown so far, like the chapter's Help! boxes, in the order they were
/// asked for.
#[component]
fn Hints(exercise_id: String, step: Arc<Step>, report: Memo<Option<StepReport>>) -> impl IntoView {
    let state = use_lessons();
    let shown = {
        let step = step.clone();
        Memo::new(move |_| {
            state.progress.with(|m| m.get(&exercise_id).map(|p| p.hints_shown(&step)).unwrap_or_default())
        })
    };
    let left = hints_left(step.clone(), report, shown);
    let boxes = move || {
        let keys = shown.get();
        let total = keys.len() + left.get();
        keys.iter()
            .enumerate()
            .filter_map(|(i, key)| step.hint(key).map(|hint| (i, hint.to_owned())))
            .map(|(i, hint)| {
                view! {
                    <aside class="help-box" data-testid="hint" aria-label=format!("Hint {} of {total}", i + 1)>
                        <strong class="help-title">{if total > 1 { format!("Help! {} of {total}", i + 1) } else { "Help!".to_owned() }}</strong>
                        <p>{line_view(&hint)}</p>
                    </aside>
                }
            })
            .collect_view()
    };
    view! { <div class="hints">{boxes}</div> }
}

/// How many of the hints on offer (the failing checks' first, then the step's own)
/// are still to be shown.
fn hints_left(step: Arc<Step>, report: Memo<Option<StepReport>>, shown: Memo<Vec<String>>) -> Memo<usize> {
    Memo::new(move |_| {
        let offered = report.with(|r| step.hints_offered(r.as_ref()));
        shown.with(|keys| offered.iter().filter(|h| !keys.contains(&h.key)).count())
    })
}

/// Reveals the next hint on offer: the first failing check's, then the next one's,
/// then the step's own; gone when there is none left.
#[component]
fn HelpButton(exercise_id: String, step: Arc<Step>, report: Memo<Option<StepReport>>) -> impl IntoView {
    let state = use_lessons();
    let shown = {
        let step = step.clone();
        let id = exercise_id.clone();
        Memo::new(move |_| state.progress.with(|m| m.get(&id).map(|p| p.hints_shown(&step)).unwrap_or_default()))
    };
    let left = hints_left(step.clone(), report, shown);
    let reveal = move |_| {
        let offered = report.with_untracked(|r| step.hints_offered(r.as_ref()));
        state.change_progress(&exercise_id, |p| p.reveal_hint(&step, &offered));
    };
    view! {
        <Show when=move || { left.get() > 0 }>
            <button type="button" class="button help-button" data-testid="help" on:click=reveal.clone()>
                {move || {
                    if shown.with(Vec::is_empty) {
                        "Help!".to_owned()
                    } else {
                        format!("More help ({} left)", left.get())
                    }
                }}
            </button>
        </Show>
    }
}
