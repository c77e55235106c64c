//! What firing a connection shows: the evaluator's answer reduced to what the
//! connection card prints. Plain data, so it is tested natively.

use sglab_engine::connections::ConnectionTable;
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

/// What a screen reader is told after a change (a polite live region): the verdict of
/// the connection just fired, or each fired connection whose verdict the change turned.
pub fn announcement(before: &ConnectionTable, after: &ConnectionTable, fired: Option<usize>) -> Option<String> {
    let said = |c: &sglab_engine::connections::Connection| {
        let outcome = FireOutcome::from_result(c.verdict.clone());
        format!("Connection #{}: {}. {}", c.number, outcome.label(), outcome.sentence())
    };
    if let Some(connection) = fired.and_then(|i| after.connections().get(i)) {
        return Some(said(connection));
    }
    let state = |c: &sglab_engine::connections::Connection| c.verdict.as_ref().map(|v| v.allowed).ok();
    let turned: Vec<String> = after
        .connections()
        .iter()
        .filter(|now| {
            before.connections().iter().find(|b| b.number == now.number).is_some_and(|b| state(b) != state(now))
        })
        .map(|now| format!("Now {}", said(now)))
        .collect();
    (!turned.is_empty()).then(|| turned.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fired_connection_and_a_turned_verdict_are_announced() {
        use sglab_engine::example;
        let network = example::chapter();
        let mut table = ConnectionTable::new();
        let fired = table.fire(&network, example::chapter_connections()[2].flow.clone(), Some(3)).unwrap();
        let said = announcement(&ConnectionTable::new(), &table, Some(fired)).unwrap();
        assert!(said.starts_with("Connection #3: Denied."), "{said}");
        // Nothing turned: nothing to say.
        assert_eq!(announcement(&table, &table.clone(), None), None);
        // The app server's group allows all traffic out: connection 3 turns allowed.
        let mut opened = network.clone();
        let edit = sglab_engine::Edit::AuthorizeSecurityGroupEgress {
            group_id: sglab_engine::ids::SecurityGroupId::new(example::APP_SG_ID),
            rules: vec![sglab_engine::edit::RuleSpec::new(
                sglab_engine::traffic::Traffic::All,
                sglab_engine::model::Peer::Cidr("0.0.0.0/0".parse().unwrap()),
            )],
        };
        sglab_engine::edit::apply(&mut opened, &edit).unwrap();
        let mut after = table.clone();
        after.rejudge(&opened);
        let said = announcement(&table, &after, None).unwrap();
        assert!(said.starts_with("Now Connection #3: Allowed."), "{said}");
    }

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
