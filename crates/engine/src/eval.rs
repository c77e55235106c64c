//! The evaluator. (Being written.)
use crate::flow::{Flow, FlowError};
use crate::model::Network;
use crate::verdict::Verdict;

/// Indexes over one network, built once, to judge many flows.
pub struct Evaluator<'n> {
    network: &'n Network,
}

impl<'n> Evaluator<'n> {
    pub fn new(network: &'n Network) -> Self {
        Evaluator { network }
    }
    pub fn evaluate(&self, _flow: &Flow) -> Result<Verdict, FlowError> {
        let _ = self.network;
        Err(FlowError::UnknownEndpoint("evaluator not written yet".into()))
    }
}

/// Judges one flow against a network.
pub fn evaluate(network: &Network, flow: &Flow) -> Result<Verdict, FlowError> {
    Evaluator::new(network).evaluate(flow)
}
