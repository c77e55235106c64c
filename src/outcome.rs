//! What firing a connection shows: the evaluator's answer reduced to what the
//! connection card prints. Plain data, so it is tested natively.

use sglab_engine::{FlowError, Verdict};

/// The answer to one fired connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FireOutcome {
    /// The request got through and, where the service has one, its reply came back.
    Allowed { summary: String },
    /// Something on the path stopped it.
    Denied { summary: String, reason: Option<BlockReason> },
    /// The connection could not be judged; the message says why.
    Error { message: String },
}

/// Why a denied connection stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockReason {
    /// The reason code, as AWS Reachability Analyzer names it (`ENI_SG_RULES_MISMATCH`).
    pub code: String,
    pub explanation: String,
}

impl FireOutcome {
    pub fn from_result(result: Result<Verdict, FlowError>) -> Self {
        match result {
            Ok(verdict) if verdict.allowed => FireOutcome::Allowed { summary: verdict.summary },
            Ok(verdict) => FireOutcome::Denied {
                summary: verdict.summary,
                reason: verdict
                    .blocked
                    .map(|blocked| BlockReason { code: blocked.code.to_string(), explanation: blocked.explanation }),
            },
            Err(error) => FireOutcome::Error { message: error.to_string() },
        }
    }

    /// One word for the badge, also the `data-verdict` attribute tests read.
    pub fn as_str(&self) -> &'static str {
        match self {
            FireOutcome::Allowed { .. } => "allowed",
            FireOutcome::Denied { .. } => "denied",
            FireOutcome::Error { .. } => "error",
        }
    }

    /// The badge's text.
    pub fn label(&self) -> &'static str {
        match self {
            FireOutcome::Allowed { .. } => "Allowed",
            FireOutcome::Denied { .. } => "Denied",
            FireOutcome::Error { .. } => "Could not judge",
        }
    }

    /// The sentence under the badge.
    pub fn sentence(&self) -> &str {
        match self {
            FireOutcome::Allowed { summary } | FireOutcome::Denied { summary, .. } => summary,
            FireOutcome::Error { message } => message,
        }
    }

    pub fn reason(&self) -> Option<&BlockReason> {
        match self {
            FireOutcome::Denied { reason, .. } => reason.as_ref(),
            _ => None,
        }
    }

    /// The block's explanation when the summary sentence does not already say it,
    /// so the card never prints the same words twice.
    pub fn explanation_beyond_summary(&self) -> Option<&str> {
        let explanation = self.reason()?.explanation.as_str();
        (!explanation.is_empty() && !self.sentence().contains(explanation)).then_some(explanation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_shown_as_its_message() {
        let outcome = FireOutcome::from_result(Err(FlowError::UnknownEndpoint("db".into())));
        assert_eq!(outcome.as_str(), "error");
        assert_eq!(outcome.sentence(), FlowError::UnknownEndpoint("db".into()).to_string());
        assert_eq!(outcome.reason(), None);
    }

    #[test]
    fn a_denied_outcome_carries_its_reason_code() {
        let outcome = FireOutcome::Denied {
            summary: "Denied.".into(),
            reason: Some(BlockReason { code: "SG_HAS_NO_RULES".into(), explanation: "No rules.".into() }),
        };
        assert_eq!((outcome.as_str(), outcome.label()), ("denied", "Denied"));
        assert_eq!(outcome.reason().map(|r| r.code.as_str()), Some("SG_HAS_NO_RULES"));
        assert_eq!(outcome.explanation_beyond_summary(), Some("No rules."));
    }

    #[test]
    fn an_explanation_already_in_the_summary_is_not_repeated() {
        let outcome = FireOutcome::Denied {
            summary: "Blocked: a → b. No rules.".into(),
            reason: Some(BlockReason { code: "SG_HAS_NO_RULES".into(), explanation: "No rules.".into() }),
        };
        assert_eq!(outcome.explanation_beyond_summary(), None);
    }

    #[test]
    fn the_chapter_connections_come_out_as_the_chapter_says() {
        let network = sglab_engine::example::chapter();
        for connection in sglab_engine::example::chapter_connections() {
            let outcome = FireOutcome::from_result(sglab_engine::evaluate(&network, &connection.flow));
            let expected = if connection.chapter_says_allowed { "allowed" } else { "denied" };
            assert_eq!(outcome.as_str(), expected, "connection {}: {}", connection.number, outcome.sentence());
            assert!(!outcome.sentence().is_empty(), "connection {} has no sentence", connection.number);
            assert_eq!(
                outcome.reason().is_some(),
                !connection.chapter_says_allowed,
                "connection {}",
                connection.number
            );
        }
    }
}
