//! The one form layer: what the security group, network ACL, Details and fire forms
//! share, written once. Each compound component has a folder with its CSS beside it.
//!
//! - [`errors`] — a form's messages: [`FormError`] at a [`Place`], the message under a
//!   field, the summary above the fields, and bringing the first refused field into
//!   view with its message.
//! - [`field`] — a labelled field of a form's settings (name, description, VPC).
//! - [`form`] — the form page: trail, title, sticky Cancel/submit bar, and the
//!   keyboard as in the AWS console (focus in the first field, Enter never submits
//!   from a text field, Escape cancels and returns focus to what opened the form).
//! - [`rule_row`] — the cells of a rules table's row (Type, text cells, Remove) and
//!   "Add rule", which puts focus on the new row's Type.
//! - [`confirm`] — "Delete …?" asked in place, with AWS's refusal under it.
//! - [`unsaved`] — a form left open when the panel closed, kept until it is opened again.

pub mod confirm;
pub mod errors;
pub mod field;
pub mod form;
pub mod rule_row;
pub mod unsaved;

pub use errors::{sentence, FormError, Place};

use sglab_engine::Direction;

/// `inbound` / `outbound`, as the forms' labels say it.
pub fn direction_word(direction: Direction) -> &'static str {
    match direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

/// `Inbound` / `Outbound`, at the start of a label.
pub fn direction_title(direction: Direction) -> &'static str {
    match direction {
        Direction::Inbound => "Inbound",
        Direction::Outbound => "Outbound",
    }
}

/// What a rule's other end is called: the Source of an inbound rule, the Destination
/// of an outbound one.
pub fn peer_word(direction: Direction) -> &'static str {
    match direction {
        Direction::Inbound => "Source",
        Direction::Outbound => "Destination",
    }
}
