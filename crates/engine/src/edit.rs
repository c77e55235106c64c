//! Edits to a lab, validated as the AWS API does. (Being written.)

/// One user operation.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {}

/// Why an edit was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {}
