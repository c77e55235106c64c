//! Undo and redo: snapshots of the lab, one per step. Plain Rust, no browser.
//!
//! A step is everything one gesture changed: a drag (one command), a form submission
//! (one or several commands dispatched together), a fired connection, an import. The
//! store opens a step on the first change of a gesture and closes it when the
//! gesture's event is over ([`History::close_step`]), so several commands dispatched
//! by one submit handler undo together. What is selected or open is not in the lab,
//! so selecting never touches the history and never clears what can be redone.

use crate::lab::Lab;

/// How many steps can be undone; older ones are forgotten.
pub const DEPTH: usize = 100;

#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// A step is open: further changes belong to it.
    open: bool,
}

/// The lab on one side of a step, and whether the step changed no more than rules and
/// connections ([`crate::lab::Command::keeps_shape`]): undoing such a step leaves the
/// diagram's drawing of the network as it is, as the change itself did.
#[derive(Clone, Debug)]
struct Step {
    lab: Lab,
    keeps_shape: bool,
}

/// A lab to travel to, and whether the way there keeps the lab's shape.
#[derive(Debug)]
pub struct Travel {
    pub lab: Lab,
    pub keeps_shape: bool,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the lab as it was before a change. The first change of a step keeps its
    /// `before`; later changes of the same step keep nothing, so undo returns to the
    /// state before the whole gesture. Any new change forgets what could be redone.
    pub fn changed(&mut self, before: &Lab, keeps_shape: bool) {
        if !self.open {
            self.undo.push(Step { lab: before.clone(), keeps_shape });
            if self.undo.len() > DEPTH {
                self.undo.remove(0);
            }
            self.open = true;
        } else if let Some(step) = self.undo.last_mut() {
            step.keeps_shape &= keeps_shape;
        }
        self.redo.clear();
    }

    /// The gesture is over: the next change starts a new step.
    pub fn close_step(&mut self) {
        self.open = false;
    }

    pub fn is_step_open(&self) -> bool {
        self.open
    }

    /// The lab to go back to, given the lab now (kept for redo).
    pub fn undo(&mut self, current: &Lab) -> Option<Travel> {
        let previous = self.undo.pop()?;
        self.redo.push(Step { lab: current.clone(), keeps_shape: previous.keeps_shape });
        self.open = false;
        Some(Travel { lab: previous.lab, keeps_shape: previous.keeps_shape })
    }

    /// The lab to go forward to, given the lab now (kept for undo).
    pub fn redo(&mut self, current: &Lab) -> Option<Travel> {
        let next = self.redo.pop()?;
        self.undo.push(Step { lab: current.clone(), keeps_shape: next.keeps_shape });
        self.open = false;
        Some(Travel { lab: next.lab, keeps_shape: next.keeps_shape })
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::Command;
    use crate::layout::{NodeKey, Point};
    use sglab_engine::example;

    /// Applies a command as the store does: history first, then the change.
    fn apply(history: &mut History, lab: &mut Lab, command: Command) {
        let before = lab.clone();
        let keeps_shape = command.keeps_shape();
        lab.apply(command).unwrap();
        if *lab != before {
            history.changed(&before, keeps_shape);
        }
    }

    fn moved(x: f64) -> Command {
        Command::MoveNode { node: NodeKey::Resource(example::APP_INSTANCE_ID.into()), to: Point::new(x, 150.0) }
    }

    fn fire_first() -> Command {
        Command::Fire(example::chapter_connections()[0].flow.clone())
    }

    #[test]
    fn undo_and_redo_walk_the_steps() {
        let mut history = History::new();
        let start = Lab::chapter();
        let mut lab = start.clone();
        apply(&mut history, &mut lab, moved(420.0));
        history.close_step();
        let after_move = lab.clone();
        apply(&mut history, &mut lab, fire_first());
        history.close_step();
        let after_fire = lab.clone();

        lab = history.undo(&lab).unwrap().lab;
        assert_eq!(lab, after_move);
        lab = history.undo(&lab).unwrap().lab;
        assert_eq!(lab, start);
        assert!(history.undo(&lab).is_none());
        lab = history.redo(&lab).unwrap().lab;
        lab = history.redo(&lab).unwrap().lab;
        assert_eq!(lab, after_fire);
        assert!(history.redo(&lab).is_none());
    }

    #[test]
    fn changes_in_one_step_undo_together() {
        let mut history = History::new();
        let start = Lab::chapter();
        let mut lab = start.clone();
        apply(&mut history, &mut lab, moved(420.0));
        apply(&mut history, &mut lab, fire_first());
        history.close_step();
        lab = history.undo(&lab).unwrap().lab;
        assert_eq!(lab, start);
        assert!(!history.can_undo());
    }

    #[test]
    fn a_new_change_forgets_the_redo_but_undoing_does_not() {
        let mut history = History::new();
        let mut lab = Lab::chapter();
        apply(&mut history, &mut lab, moved(420.0));
        history.close_step();
        lab = history.undo(&lab).unwrap().lab;
        assert!(history.can_redo());
        apply(&mut history, &mut lab, fire_first());
        history.close_step();
        assert!(!history.can_redo());
    }

    #[test]
    fn a_step_keeps_the_shape_only_if_every_change_in_it_did() {
        let mut history = History::new();
        let mut lab = Lab::chapter();
        apply(&mut history, &mut lab, fire_first());
        history.close_step();
        apply(&mut history, &mut lab, fire_first());
        apply(&mut history, &mut lab, moved(420.0));
        history.close_step();
        let undone = history.undo(&lab).unwrap();
        assert!(!undone.keeps_shape, "a move is in the step");
        let redone = history.redo(&undone.lab).unwrap();
        assert!(!redone.keeps_shape);
        lab = history.undo(&redone.lab).unwrap().lab;
        let fired = history.undo(&lab).unwrap();
        assert!(fired.keeps_shape, "firing a connection leaves the network's shape");
        assert!(history.redo(&fired.lab).unwrap().keeps_shape);
    }

    #[test]
    fn only_the_last_steps_are_kept() {
        let mut history = History::new();
        let mut lab = Lab::chapter();
        for i in 0..DEPTH + 10 {
            apply(&mut history, &mut lab, moved(450.0 + (i % 50) as f64 * 2.0));
            history.close_step();
        }
        let mut undone = 0;
        while let Some(previous) = history.undo(&lab) {
            lab = previous.lab;
            undone += 1;
        }
        assert_eq!(undone, DEPTH);
    }
}
