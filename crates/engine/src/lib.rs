//! SG Lab's engine: the network model of a small AWS VPC and an evaluator that
//! decides, as AWS does, whether a connection gets through, and says why.
//!
//! Knows nothing of the browser: the app and the CLI are thin layers over it.
//!
//! - [`address`]: which addresses the internet routes (IANA's special-purpose registries).
//! - [`model`]: VPCs, subnets, route tables, gateways, network ACLs, security groups,
//!   network interfaces, and what owns them.
//! - [`eval`]: [`evaluate`] a [`Flow`] to a [`Verdict`] (path, deciding rules, reason).
//! - [`edit`]: every change to a lab as one [`Edit`] value, validated as the AWS API does.
//! - [`aws`]: the JSON that `aws ec2 describe-*` prints, in and out.
//! - [`connections`]: open connections, and what a rule change does to them.
//! - [`example`]: the Security Groups chapter's network.
//! - [`terraform`]: the network as Terraform for the AWS provider.
//! - [`reach`]: who can reach what: the reachability matrix and one-line questions.
//! - [`exercise`]: lessons and teachers' exercises, and grading a lab against them.
//! - [`fix`]: what would make a blocked connection work (every blocker, each with its fix), and what would block an allowed one.

pub mod address;
pub mod aws;
pub mod connections;
pub mod console;
pub mod edit;
pub mod eval;
pub mod example;
pub mod exercise;
pub mod fix;
pub mod flow;
pub mod ids;
pub mod model;
pub mod reach;
pub mod terraform;
pub mod traffic;
pub mod verdict;

pub use edit::{Edit, EditError};
pub use eval::{evaluate, Evaluator};
pub use eval::{BlockedAt, ComponentRef, Decision, Side};
pub use flow::{Endpoint, Flow, FlowError, DEFAULT_SOURCE_PORT};
pub use model::*;
pub use traffic::{IcmpMatch, PortRange, Protocol, Service, Traffic};
pub use verdict::{Blocked, GroupRef, Hop, HopKind, HopOutcome, ReasonCode, RuleRef, Verdict};
