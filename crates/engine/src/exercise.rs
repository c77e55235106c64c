//! Exercises: a starting network, steps with instructions and hints, and checks that
//! grade a lab by what it does and what it holds, never by the clicks that made it.
//!
//! The file format is JSON, documented for teachers in `docs/exercises.md`. A check is
//! either a *probe* (fire a connection, expect a verdict) or a *property* (a security
//! group named X exists and is tagged K=V, it allows TCP 443 from 0.0.0.0/0, the App
//! Server's interface has group X attached, a network ACL denies…). Properties are
//! judged on what the rules do, not on how they are written: two rules for ports
//! 0-1000 and 1001-65535 allow "all TCP" just as one rule for 0-65535 does.
//!
//! [`grade`] gives every check a pass or a fail with a message in the console's words,
//! and each step (an item of the assessment tree) the weights of the checks it passed:
//! partial credit per item.

use crate::aws;
use crate::console::parse_port_range;
use crate::eval::Evaluator;
use crate::flow::{Endpoint, Flow};
use crate::ids::VpcId;
use crate::model::*;
use crate::traffic::{PortRange, Protocol, Service, Traffic};
use crate::verdict::{LegDirection, ReasonCode, Verdict};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

mod shape;

/// The value of an exercise file's `format` key.
pub const FORMAT: &str = "sglab-exercise/1";

/// An exercise as a teacher writes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// Always [`FORMAT`]; a later version of the format gets another value.
    pub format: String,
    /// Short, stable, used to keep a student's progress: `01-security-groups`.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub kind: ExerciseKind,
    /// One or two sentences shown in the list of lessons.
    #[serde(default)]
    pub summary: String,
    /// The starting network, as the AWS JSON the engine reads (`aws ec2 describe-*`
    /// gathered with `jq -s add`, or a file the lab exported).
    pub network: serde_json::Value,
    pub steps: Vec<Step>,
}

/// How the steps relate to each other.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExerciseKind {
    /// Steps done one after the other, each checked against the lab as it is when the
    /// student does it; a later step may undo what an earlier one built (deleting the
    /// groups at the end of the chapter).
    Lesson,
    /// Every step is an item graded against the one finished lab.
    #[default]
    Assessment,
}

/// One step of a lesson, or one item of an assessment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: String,
    /// Paragraphs separated by blank lines; `code` in backticks; lines starting with
    /// `- ` are a list. Shown as text, never as markup.
    pub instructions: String,
    /// Revealed one at a time, on request.
    #[serde(default)]
    pub hints: Vec<String>,
    /// No checks: a step to read and try, with nothing to grade.
    #[serde(default)]
    pub checks: Vec<Check>,
}

/// One thing a lab must do or hold, worth `weight` points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// What is checked, in words for the student; made from the check when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default = "one")]
    pub weight: u32,
    /// Help for this check, offered while it fails, one at a time, before the hints
    /// of the checks after it and the step's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
    #[serde(flatten)]
    pub test: Test,
}

/// A hint and where it is in the step: `checks[1].hints[0]` (a check's) or
/// `hints[0]` (the step's own). Keys stay the same however the lab is graded, so
/// the hints a student has seen are kept by key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hint {
    pub key: String,
    pub text: String,
}

impl Step {
    /// The hints "Help!" offers, in order: those of the first failing check, then of
    /// the next, then the step's own. Without a report (nothing graded yet) every
    /// check counts as failing.
    pub fn hints_offered(&self, report: Option<&StepReport>) -> Vec<Hint> {
        let failing = |i: usize| match report {
            Some(r) if r.checks.len() == self.checks.len() => r.checks.get(i).is_none_or(|c| !c.passed),
            _ => true,
        };
        let mut offered = Vec::new();
        for (i, check) in self.checks.iter().enumerate().filter(|(i, _)| failing(*i)) {
            for (j, text) in check.hints.iter().enumerate() {
                offered.push(Hint { key: format!("checks[{i}].hints[{j}]"), text: text.clone() });
            }
        }
        for (j, text) in self.hints.iter().enumerate() {
            offered.push(Hint { key: format!("hints[{j}]"), text: text.clone() });
        }
        offered
    }

    /// The hint with this key, if the step has it.
    pub fn hint(&self, key: &str) -> Option<&str> {
        if let Some(j) = key.strip_prefix("hints[").and_then(|k| k.strip_suffix(']')) {
            return j.parse::<usize>().ok().and_then(|j| self.hints.get(j)).map(String::as_str);
        }
        let rest = key.strip_prefix("checks[")?;
        let (i, rest) = rest.split_once("].hints[")?;
        let j = rest.strip_suffix(']')?;
        let check = self.checks.get(i.parse::<usize>().ok()?)?;
        check.hints.get(j.parse::<usize>().ok()?).map(String::as_str)
    }
}

fn one() -> u32 {
    1
}

fn yes() -> bool {
    true
}

/// The verdict a probe expects.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    #[default]
    Allowed,
    Denied,
}

/// What a check tests. Groups are named by name or id (`our-learning-sg-https`,
/// `sg-…`), resources by name or id or address (`App Server`, `i-…`, `eni-…`,
/// `10.1.1.33`), subnets by id, `Name` tag or CIDR, network ACLs by id or `Name` tag.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Test {
    /// Fire a connection and expect a verdict; for a denied one, optionally the reason
    /// code and the leg (a reply stopped by a network ACL is the classic mistake).
    Connection {
        from: String,
        to: String,
        protocol: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        port: Option<u16>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icmp_type: Option<u8>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icmp_code: Option<u8>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source_port: Option<u16>,
        expect: Expect,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        blocked_on: Option<Leg>,
    },
    /// A lesson's step asks the student to fire a connection: it was fired since the
    /// step began, and the last time it was it got the verdict expected. The lab's
    /// configuration alone never passes it; see [`FiredConnection`].
    Fired {
        from: String,
        to: String,
        protocol: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        port: Option<u16>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icmp_type: Option<u8>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icmp_code: Option<u8>,
        expect: Expect,
    },
    /// A security group with this name (or id) exists, in this VPC when one is given.
    GroupExists {
        group: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vpc: Option<String>,
    },
    /// No security group with this name (or id) exists any more.
    GroupDeleted {
        group: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vpc: Option<String>,
    },
    /// The group carries these tags (keys are case-sensitive, as in AWS).
    GroupTagged {
        group: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vpc: Option<String>,
        tags: BTreeMap<String, String>,
    },
    /// `allowed`: the group's rules together allow every port of `ports` (or the ICMP
    /// type/code, or all traffic for protocol `-1`) for every address of `peer`.
    /// `denied`: no part of it. `peer` is a CIDR, an address, or a group (a rule that
    /// references that group).
    GroupAllows {
        group: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vpc: Option<String>,
        direction: Direction,
        protocol: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ports: Option<Ports>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icmp_type: Option<u8>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icmp_code: Option<u8>,
        peer: String,
        #[serde(default)]
        expect: Expect,
    },
    /// No rule of the group in that direction has exactly this peer (a CIDR or a group).
    NoRuleWithPeer {
        group: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vpc: Option<String>,
        direction: Direction,
        peer: String,
    },
    /// The resource's network interfaces have the group attached (or, with `attached:
    /// false`, none of them has).
    GroupAttached {
        resource: String,
        group: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vpc: Option<String>,
        #[serde(default = "yes")]
        attached: bool,
    },
    /// The network ACL (named, or the one serving `subnet`) decides traffic in that
    /// direction for every address of `address` (an address or a CIDR: the source for
    /// inbound, the destination for outbound) and every port of `ports` as expected,
    /// its final `*` included.
    AclDecides {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        acl: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        subnet: Option<String>,
        direction: Direction,
        protocol: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ports: Option<Ports>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icmp_type: Option<u8>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icmp_code: Option<u8>,
        address: String,
        expect: Expect,
    },
    /// The subnet is served by a custom network ACL (not the VPC's default), the one
    /// named `acl` when given; with `custom: false`, by the default ACL.
    SubnetAcl {
        subnet: String,
        #[serde(default = "yes")]
        custom: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        acl: Option<String>,
    },
}

/// The leg of a connection a probe expects it to stop on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Leg {
    Request,
    Reply,
}

impl Leg {
    fn of(leg: LegDirection) -> Leg {
        match leg {
            LegDirection::Request => Leg::Request,
            LegDirection::Reply => Leg::Reply,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Leg::Request => "request",
            Leg::Reply => "reply",
        }
    }
}

/// Ports as a number (`443`) or a range (`"1024-65535"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Ports {
    One(u16),
    Range(String),
}

/// A connection the student fired in the lab, with the verdict it got then: what a
/// `fired` check looks for. The lab keeps them as it goes (the engine keeps no
/// history of its own), and gives a step those fired since the step began.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiredConnection {
    pub flow: Flow,
    pub allowed: bool,
}

/// Why an exercise file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExerciseError {
    /// Not JSON, or JSON that is not an exercise at all.
    #[error("not an exercise file: {0}")]
    NotExercise(String),
    /// A lab (AWS JSON or the lab's own save) where an exercise was expected.
    #[error("this is a lab (the AWS JSON the lab imports and exports), not an exercise file")]
    IsLab,
    #[error("`format` is `{0}`; this lab reads `{FORMAT}`")]
    Format(String),
    /// A key missing, unknown, or holding the wrong kind of value, at its JSON path
    /// (`steps[0].checks[1].port`).
    #[error("{path}: {problem}")]
    Shape { path: String, problem: String },
    #[error("network{sep}{0}", sep = if .0.path.is_empty() { ": " } else { "." })]
    Network(aws::ImportError),
    #[error("steps[{step}].checks[{check}]: {problem}")]
    Check { step: usize, check: usize, problem: String },
    #[error("steps[{0}]: the id `{1}` is used by another step")]
    DuplicateStep(usize, String),
    #[error("the exercise has no steps")]
    NoSteps,
}

impl Exercise {
    /// Reads and validates an exercise file: its shape (every key where it belongs, with
    /// the kind of value it takes, reported at its JSON path), its format, its starting
    /// network, and every check's protocol, ports, peers and reason codes. A lab given
    /// in its place is [`ExerciseError::IsLab`].
    pub fn from_json(text: &str) -> Result<Exercise, ExerciseError> {
        let doc: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ExerciseError::NotExercise(format!("not valid JSON: {e}")))?;
        shape::check(&doc)?;
        // The shape is checked, so serde's own message is only a fallback.
        let exercise = Exercise::deserialize(&doc).map_err(|e| ExerciseError::NotExercise(e.to_string()))?;
        exercise.validate()?;
        Ok(exercise)
    }

    fn validate(&self) -> Result<(), ExerciseError> {
        if self.format != FORMAT {
            return Err(ExerciseError::Format(self.format.clone()));
        }
        if self.steps.is_empty() {
            return Err(ExerciseError::NoSteps);
        }
        self.start_network()?;
        let mut ids = BTreeSet::new();
        for (s, step) in self.steps.iter().enumerate() {
            if !ids.insert(step.id.as_str()) {
                return Err(ExerciseError::DuplicateStep(s, step.id.clone()));
            }
            for (c, check) in step.checks.iter().enumerate() {
                check.test.validate().map_err(|problem| ExerciseError::Check { step: s, check: c, problem })?;
                if matches!(check.test, Test::Fired { .. }) && self.kind != ExerciseKind::Lesson {
                    return Err(ExerciseError::Check {
                        step: s,
                        check: c,
                        problem: "a `fired` check belongs to a lesson (`\"kind\": \"lesson\"`): an assessment grades \
                                  the finished lab, which does not say what was fired while it was built"
                            .into(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The starting network.
    pub fn start_network(&self) -> Result<Network, ExerciseError> {
        aws::from_aws_value(&self.network).map_err(ExerciseError::Network)
    }

    /// The sum of every check's weight.
    pub fn total_weight(&self) -> u32 {
        self.steps.iter().flat_map(|s| &s.checks).map(|c| c.weight).sum()
    }
}

/// The grade of a lab: every step's checks, with the points they earned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub exercise: String,
    pub score: u32,
    pub total: u32,
    pub steps: Vec<StepReport>,
}

impl Report {
    /// Every check passed (an exercise with nothing to grade counts as passed).
    pub fn passed(&self) -> bool {
        self.score == self.total
    }

    /// The score out of 100, rounded down.
    pub fn percent(&self) -> u32 {
        (self.score * 100).checked_div(self.total).unwrap_or(100)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepReport {
    pub id: String,
    pub title: String,
    pub score: u32,
    pub total: u32,
    pub checks: Vec<CheckResult>,
}

impl StepReport {
    pub fn passed(&self) -> bool {
        self.score == self.total
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub label: String,
    pub weight: u32,
    pub passed: bool,
    /// What is wrong, when it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// The check's hints, when it failed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<String>,
}

/// Grades a lab against every step of an exercise.
pub fn grade(exercise: &Exercise, network: &Network) -> Report {
    let evaluator = Evaluator::new(network);
    let steps: Vec<StepReport> = exercise.steps.iter().map(|s| grade_step_with(s, network, &evaluator, &[])).collect();
    Report {
        exercise: exercise.title.clone(),
        score: steps.iter().map(|s| s.score).sum(),
        total: steps.iter().map(|s| s.total).sum(),
        steps,
    }
}

/// Grades one step (a lesson checks only the step the student is on) on the lab alone:
/// its `fired` checks do not pass, nothing having been fired.
pub fn grade_step(step: &Step, network: &Network) -> StepReport {
    grade_lesson_step(step, network, &[])
}

/// Grades the step a student is on: the lab as it is, and the connections fired since
/// the step began, oldest first, for its `fired` checks.
pub fn grade_lesson_step(step: &Step, network: &Network, fired: &[FiredConnection]) -> StepReport {
    grade_step_with(step, network, &Evaluator::new(network), fired)
}

fn grade_step_with(step: &Step, network: &Network, evaluator: &Evaluator, fired: &[FiredConnection]) -> StepReport {
    let checks: Vec<CheckResult> = step
        .checks
        .iter()
        .map(|check| {
            let problem = check.test.run(network, evaluator, fired).err();
            CheckResult {
                label: check.label.clone().unwrap_or_else(|| check.test.describe()),
                weight: check.weight,
                passed: problem.is_none(),
                hints: if problem.is_some() { check.hints.clone() } else { Vec::new() },
                problem,
            }
        })
        .collect();
    StepReport {
        id: step.id.clone(),
        title: step.title.clone(),
        score: checks.iter().filter(|c| c.passed).map(|c| c.weight).sum(),
        total: checks.iter().map(|c| c.weight).sum(),
        checks,
    }
}

// ---------------------------------------------------------------------------
// Reading a check's fields

/// The traffic a check asks about: one service, or a range of ports of one protocol.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Asked {
    Ports { protocol: Protocol, range: PortRange },
    Service(Service),
}

impl Asked {
    fn parse(
        protocol: &str,
        ports: Option<&Ports>,
        icmp_type: Option<u8>,
        icmp_code: Option<u8>,
    ) -> Result<Asked, String> {
        let protocol: Protocol = protocol.parse().map_err(|e| format!("{e}"))?;
        let name = protocol.api_name();
        if ports.is_some() && !protocol.has_ports() {
            return Err(format!("`ports` applies to tcp and udp only, not to protocol `{name}`"));
        }
        if (icmp_type.is_some() || icmp_code.is_some()) && !matches!(protocol, Protocol::Icmp | Protocol::Icmpv6) {
            return Err(format!("`icmp_type` and `icmp_code` apply to icmp and icmpv6 only, not to protocol `{name}`"));
        }
        Ok(match protocol {
            Protocol::Tcp | Protocol::Udp => {
                let range = match ports {
                    None => {
                        return Err(format!(
                            "protocol `{name}` needs `ports`: a port such as 443 or a range such as \"1024-65535\""
                        ))
                    }
                    Some(Ports::One(p)) => PortRange::single(*p),
                    Some(Ports::Range(text)) => parse_port_range(text)
                        .map_err(|_| format!("`{text}` is not a port or a port range such as 1024-65535"))?,
                };
                Asked::Ports { protocol, range }
            }
            Protocol::Icmp => {
                Asked::Service(Service::Icmp { icmp_type: icmp_type.unwrap_or(8), code: icmp_code.unwrap_or(0) })
            }
            Protocol::Icmpv6 => {
                Asked::Service(Service::Icmpv6 { icmp_type: icmp_type.unwrap_or(128), code: icmp_code.unwrap_or(0) })
            }
            Protocol::All => Asked::Service(Service::All),
            Protocol::Number(n) => Asked::Service(Service::Other(n)),
        })
    }

    /// The services to try so that every port of the range is judged: the range's ends
    /// and the ends of every rule's range inside it (a decision can only change there).
    fn probes(self, traffics: impl Iterator<Item = Traffic>) -> Vec<Service> {
        match self {
            Asked::Service(s) => vec![s],
            Asked::Ports { protocol, range } => {
                let mut ports = BTreeSet::from([range.from, range.to]);
                for t in traffics {
                    if let Traffic::Tcp(r) | Traffic::Udp(r) = t {
                        for p in
                            [Some(r.from), r.from.checked_sub(1), Some(r.to), r.to.checked_add(1)].into_iter().flatten()
                        {
                            if range.contains(p) {
                                ports.insert(p);
                            }
                        }
                    }
                }
                ports
                    .into_iter()
                    .map(|port| if protocol == Protocol::Udp { Service::Udp { port } } else { Service::Tcp { port } })
                    .collect()
            }
        }
    }

    fn describe(self) -> String {
        match self {
            Asked::Ports { protocol, range } => format!("{} {range}", protocol.display_name()),
            Asked::Service(Service::All) => "all traffic".into(),
            Asked::Service(s) => s.to_string(),
        }
    }
}

/// A connection check's service: one port.
fn service_of(
    protocol: &str,
    port: Option<u16>,
    icmp_type: Option<u8>,
    icmp_code: Option<u8>,
) -> Result<Service, String> {
    match Asked::parse(protocol, port.map(Ports::One).as_ref(), icmp_type, icmp_code)? {
        Asked::Ports { protocol: Protocol::Udp, range } => Ok(Service::Udp { port: range.from }),
        Asked::Ports { range, .. } => Ok(Service::Tcp { port: range.from }),
        Asked::Service(s) => Ok(s),
    }
}

/// A peer as a check names it.
#[derive(Clone, Debug, PartialEq)]
enum PeerSpec {
    Cidr(IpNet),
    Group(String),
}

impl PeerSpec {
    fn parse(text: &str) -> Result<PeerSpec, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("`peer` is empty: give a CIDR such as 0.0.0.0/0, an address, or a security group".into());
        }
        if let Ok(net) = text.parse::<IpNet>() {
            return Ok(PeerSpec::Cidr(net.trunc()));
        }
        if let Ok(addr) = text.parse::<IpAddr>() {
            return Ok(PeerSpec::Cidr(host_net(addr)));
        }
        if text.contains('/') || text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return Err(format!("`{text}` is not a valid CIDR block"));
        }
        Ok(PeerSpec::Group(text.to_owned()))
    }
}

fn host_net(addr: IpAddr) -> IpNet {
    match addr {
        IpAddr::V4(a) => IpNet::V4(Ipv4Net::from(a)),
        IpAddr::V6(a) => IpNet::V6(Ipv6Net::from(a)),
    }
}

fn parse_reason(text: &str) -> Result<ReasonCode, String> {
    ReasonCode::parse(text).ok_or_else(|| {
        format!("`{text}` is not a reason code (such as SUBNET_ACL_RESTRICTION or ENI_SG_RULES_MISMATCH)")
    })
}

// ---------------------------------------------------------------------------
// Looking things up in the student's lab

fn find_vpc<'n>(network: &'n Network, text: &str) -> Result<&'n Vpc, String> {
    network
        .vpcs
        .iter()
        .find(|v| {
            v.id.as_str() == text
                || name_tag(&v.tags) == Some(text)
                || v.cidr_blocks.iter().any(|c| c.to_string() == text)
        })
        .ok_or_else(|| format!("the VPC `{text}` does not exist (InvalidVpcID.NotFound)"))
}

fn find_group<'n>(network: &'n Network, group: &str, vpc: Option<&str>) -> Result<&'n SecurityGroup, String> {
    let vpc = vpc.map(|v| find_vpc(network, v)).transpose()?;
    network
        .security_groups
        .iter()
        .filter(|g| vpc.is_none_or(|v| v.id == g.vpc_id))
        .find(|g| g.name == group || g.id.as_str() == group)
        .ok_or_else(|| match vpc {
            Some(v) => format!("there is no security group named `{group}` in {} (InvalidGroup.NotFound)", v.id),
            None => format!("there is no security group named `{group}` (InvalidGroup.NotFound)"),
        })
}

fn find_subnet<'n>(network: &'n Network, text: &str) -> Result<&'n Subnet, String> {
    network
        .subnets
        .iter()
        .find(|s| s.id.as_str() == text || name_tag(&s.tags) == Some(text) || s.cidr_block.to_string() == text)
        .ok_or_else(|| format!("the subnet `{text}` does not exist (InvalidSubnetID.NotFound)"))
}

fn find_acl<'n>(network: &'n Network, text: &str) -> Result<&'n NetworkAcl, String> {
    network
        .network_acls
        .iter()
        .find(|a| a.id.as_str() == text || name_tag(&a.tags) == Some(text))
        .ok_or_else(|| format!("the network ACL `{text}` does not exist (InvalidNetworkAclID.NotFound)"))
}

fn acl_label(acl: &NetworkAcl) -> String {
    match name_tag(&acl.tags) {
        Some(name) => format!("{} ({name})", acl.id),
        None if acl.is_default => format!("{} (default)", acl.id),
        None => acl.id.to_string(),
    }
}

fn subnet_label(subnet: &Subnet) -> String {
    match name_tag(&subnet.tags) {
        Some(name) => format!("{name} ({})", subnet.cidr_block),
        None => format!("{} ({})", subnet.id, subnet.cidr_block),
    }
}

/// The interfaces a check's `resource` names.
fn interfaces_named<'n>(network: &'n Network, text: &str) -> Result<Vec<&'n NetworkInterface>, String> {
    let endpoint = network.parse_endpoint(text).map_err(|e| e.to_string())?;
    let found: Vec<&NetworkInterface> = match &endpoint {
        Endpoint::Interface(id) => network.network_interface(id).into_iter().collect(),
        Endpoint::Resource(id) => {
            network.network_interfaces.iter().filter(|n| n.resource_id.as_ref() == Some(id)).collect()
        }
        Endpoint::Address(addr) => network
            .network_interfaces
            .iter()
            .filter(|n| {
                n.has_private_address(*addr) || n.private_ips.iter().any(|p| p.public_ip.map(IpAddr::V4) == Some(*addr))
            })
            .collect(),
    };
    if found.is_empty() {
        return Err(format!("`{text}` has no network interface in the lab"));
    }
    Ok(found)
}

// ---------------------------------------------------------------------------
// Running checks

impl Test {
    /// Checks what can be checked without the student's lab.
    fn validate(&self) -> Result<(), String> {
        match self {
            Test::Connection { protocol, port, icmp_type, icmp_code, reason, expect, blocked_on, .. } => {
                service_of(protocol, *port, *icmp_type, *icmp_code)?;
                if let Some(r) = reason {
                    parse_reason(r)?;
                }
                if *expect == Expect::Allowed && (reason.is_some() || blocked_on.is_some()) {
                    return Err("`reason` and `blocked_on` go with `\"expect\": \"denied\"`".into());
                }
                Ok(())
            }
            Test::Fired { protocol, port, icmp_type, icmp_code, .. } => {
                service_of(protocol, *port, *icmp_type, *icmp_code).map(drop)
            }
            Test::GroupAllows { protocol, ports, icmp_type, icmp_code, peer, .. } => {
                Asked::parse(protocol, ports.as_ref(), *icmp_type, *icmp_code)?;
                PeerSpec::parse(peer).map(drop)
            }
            Test::NoRuleWithPeer { peer, .. } => PeerSpec::parse(peer).map(drop),
            Test::AclDecides { acl, subnet, protocol, ports, icmp_type, icmp_code, address, .. } => {
                if acl.is_some() == subnet.is_some() {
                    return Err("give the network ACL by `acl` or by `subnet`, one of the two".into());
                }
                Asked::parse(protocol, ports.as_ref(), *icmp_type, *icmp_code)?;
                match PeerSpec::parse(address)? {
                    PeerSpec::Cidr(_) => Ok(()),
                    PeerSpec::Group(g) => Err(format!("`{g}` is not an address or a CIDR block")),
                }
            }
            Test::GroupTagged { tags, .. } if tags.is_empty() => Err("`tags` is empty".into()),
            Test::GroupExists { .. }
            | Test::GroupDeleted { .. }
            | Test::GroupTagged { .. }
            | Test::GroupAttached { .. }
            | Test::SubnetAcl { .. } => Ok(()),
        }
    }

    /// What is checked, in words, when the check has no `label`.
    pub fn describe(&self) -> String {
        let expect_word = |e: Expect| match e {
            Expect::Allowed => "allowed",
            Expect::Denied => "denied",
        };
        match self {
            Test::Connection { from, to, protocol, port, icmp_type, icmp_code, expect, .. } => {
                let service = service_of(protocol, *port, *icmp_type, *icmp_code).map_or_else(|e| e, |s| s.to_string());
                format!("{from} → {to}, {service}: {}", expect_word(*expect))
            }
            Test::Fired { from, to, protocol, port, icmp_type, icmp_code, expect } => {
                let service = service_of(protocol, *port, *icmp_type, *icmp_code).map_or_else(|e| e, |s| s.to_string());
                format!("Fired {from} → {to}, {service}: {}", expect_word(*expect))
            }
            Test::GroupExists { group, .. } => format!("Security group {group} exists"),
            Test::GroupDeleted { group, .. } => format!("Security group {group} is deleted"),
            Test::GroupTagged { group, tags, .. } => {
                let tags: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("{group} is tagged {}", tags.join(", "))
            }
            Test::GroupAllows { group, direction, protocol, ports, icmp_type, icmp_code, peer, expect, .. } => {
                let what =
                    Asked::parse(protocol, ports.as_ref(), *icmp_type, *icmp_code).map_or_else(|e| e, Asked::describe);
                let (verb, word) = match (expect, direction) {
                    (Expect::Allowed, Direction::Inbound) => ("allows", "from"),
                    (Expect::Allowed, Direction::Outbound) => ("allows", "to"),
                    (Expect::Denied, Direction::Inbound) => ("allows no", "from"),
                    (Expect::Denied, Direction::Outbound) => ("allows no", "to"),
                };
                format!("{group} {verb} {} {what} {word} {peer}", direction.as_str())
            }
            Test::NoRuleWithPeer { group, direction, peer, .. } => {
                format!("No {} rule of {group} names {peer}", direction.as_str())
            }
            Test::GroupAttached { resource, group, attached, .. } => {
                if *attached {
                    format!("{resource} has {group} attached")
                } else {
                    format!("{resource} does not have {group} attached")
                }
            }
            Test::AclDecides { acl, subnet, direction, protocol, ports, icmp_type, icmp_code, address, expect } => {
                let what =
                    Asked::parse(protocol, ports.as_ref(), *icmp_type, *icmp_code).map_or_else(|e| e, Asked::describe);
                let whose = match (acl, subnet) {
                    (Some(a), _) => format!("Network ACL {a}"),
                    (None, Some(s)) => format!("The network ACL of {s}"),
                    (None, None) => "The network ACL".into(),
                };
                let word = if *direction == Direction::Inbound { "from" } else { "to" };
                let verb = if *expect == Expect::Allowed { "allows" } else { "denies" };
                format!("{whose} {verb} {} {what} {word} {address}", direction.as_str())
            }
            Test::SubnetAcl { subnet, custom, acl } => match (custom, acl) {
                (true, Some(a)) => format!("{subnet} is associated with network ACL {a}"),
                (true, None) => format!("{subnet} is associated with a custom network ACL"),
                (false, _) => format!("{subnet} is associated with the default network ACL"),
            },
        }
    }

    /// `Ok` when the lab passes, else what is wrong, in the console's words.
    fn run(&self, network: &Network, evaluator: &Evaluator, fired: &[FiredConnection]) -> Result<(), String> {
        match self {
            Test::Fired { from, to, protocol, port, icmp_type, icmp_code, expect } => {
                let source = network.parse_endpoint(from).map_err(|e| e.to_string())?;
                let destination = network.parse_endpoint(to).map_err(|e| e.to_string())?;
                let service = service_of(protocol, *port, *icmp_type, *icmp_code)?;
                let what = format!("{from} → {to} {service}");
                let last = fired.iter().rev().find(|f| {
                    f.flow.service == service
                        && same_end(network, &f.flow.source, &source)
                        && same_end(network, &f.flow.destination, &destination)
                });
                let word = |allowed: bool| if allowed { "allowed" } else { "denied" };
                match last {
                    None => Err(format!("{what} has not been fired since this step began: fire it")),
                    Some(f) if f.allowed == (*expect == Expect::Allowed) => Ok(()),
                    Some(f) => Err(format!(
                        "{what} was {} when last fired; it should be {} once the step is done: fire it again after the change",
                        word(f.allowed),
                        word(!f.allowed)
                    )),
                }
            }
            Test::Connection {
                from,
                to,
                protocol,
                port,
                icmp_type,
                icmp_code,
                source_port,
                expect,
                reason,
                blocked_on,
            } => {
                let source = network.parse_endpoint(from).map_err(|e| e.to_string())?;
                let destination = network.parse_endpoint(to).map_err(|e| e.to_string())?;
                let service = service_of(protocol, *port, *icmp_type, *icmp_code)?;
                let mut flow = Flow::new(source, destination, service);
                if let Some(p) = source_port {
                    flow.source_port = *p;
                }
                let verdict = evaluator.evaluate(&flow).map_err(|e| e.to_string())?;
                let reason = reason.as_deref().map(parse_reason).transpose()?;
                judge_connection(&verdict, &format!("{from} → {to} {service}"), *expect, reason, *blocked_on)
            }
            Test::GroupExists { group, vpc } => find_group(network, group, vpc.as_deref()).map(drop),
            Test::GroupDeleted { group, vpc } => match find_group(network, group, vpc.as_deref()) {
                Ok(g) => {
                    let members =
                        network.network_interfaces.iter().filter(|n| n.security_groups.contains(&g.id)).count();
                    let attached = match members {
                        0 => String::new(),
                        1 => "; it is still attached to 1 network interface".into(),
                        n => format!("; it is still attached to {n} network interfaces"),
                    };
                    Err(format!("the security group {} ({}) still exists{attached}", g.name, g.id))
                }
                Err(_) => Ok(()),
            },
            Test::GroupTagged { group, vpc, tags } => {
                let g = find_group(network, group, vpc.as_deref())?;
                let mut problems = Vec::new();
                for (key, value) in tags {
                    match g.tags.iter().find(|t| &t.key == key) {
                        Some(t) if &t.value == value => {}
                        Some(t) => problems.push(format!("the tag `{key}` is `{}`, not `{value}`", t.value)),
                        None => match g.tags.iter().find(|t| t.key.eq_ignore_ascii_case(key)) {
                            Some(t) => problems.push(format!(
                                "the tag key is `{}`; tag keys are case-sensitive, so it must be `{key}`",
                                t.key
                            )),
                            None => problems.push(format!("the tag `{key}` = `{value}` is missing")),
                        },
                    }
                }
                if problems.is_empty() {
                    Ok(())
                } else {
                    Err(format!("{}: {}", g.name, problems.join("; ")))
                }
            }
            Test::GroupAllows { group, vpc, direction, protocol, ports, icmp_type, icmp_code, peer, expect } => {
                let g = find_group(network, group, vpc.as_deref())?;
                let asked = Asked::parse(protocol, ports.as_ref(), *icmp_type, *icmp_code)?;
                let peer = resolve_peer(network, &PeerSpec::parse(peer)?, &g.vpc_id)?;
                let rules = g.rules(*direction);
                let coverage = group_coverage(rules, asked, &peer);
                let word = if *direction == Direction::Inbound { "from" } else { "to" };
                let what = format!("{} {} {word} {}", direction.as_str(), asked.describe(), peer.label);
                match (expect, coverage) {
                    (Expect::Allowed, Coverage::All) | (Expect::Denied, Coverage::None) => Ok(()),
                    (Expect::Allowed, Coverage::None) => {
                        Err(format!("{}: no {} rule allows {what}", g.name, direction.as_str()))
                    }
                    (Expect::Allowed, Coverage::Part) => {
                        Err(format!("{}: its {} rules allow only part of {what}", g.name, direction.as_str()))
                    }
                    (Expect::Denied, _) => {
                        Err(format!("{}: an {} rule still allows {what}", g.name, direction.as_str()))
                    }
                }
            }
            Test::NoRuleWithPeer { group, vpc, direction, peer } => {
                let g = find_group(network, group, vpc.as_deref())?;
                let peer = resolve_peer(network, &PeerSpec::parse(peer)?, &g.vpc_id)?;
                match g.rules(*direction).iter().find(|r| r.peer == peer.peer) {
                    None => Ok(()),
                    Some(r) => Err(format!(
                        "{}: the {} rule {} ({}) still names {}",
                        g.name,
                        direction.as_str(),
                        r.id,
                        r.traffic,
                        peer.label
                    )),
                }
            }
            Test::GroupAttached { resource, group, vpc, attached } => {
                let interfaces = interfaces_named(network, resource)?;
                let g = find_group(network, group, vpc.as_deref())?;
                let has = interfaces.iter().any(|n| n.security_groups.contains(&g.id));
                match (has, attached) {
                    (true, true) | (false, false) => Ok(()),
                    (false, true) => {
                        let names: Vec<String> = interfaces
                            .iter()
                            .flat_map(|n| &n.security_groups)
                            .map(|id| network.security_group(id).map_or_else(|| id.to_string(), |g| g.name.clone()))
                            .collect();
                        let now = if names.is_empty() { "no security groups".into() } else { names.join(", ") };
                        Err(format!("{resource} does not have {} attached (it has {now})", g.name))
                    }
                    (true, false) => Err(format!("{resource} still has {} attached", g.name)),
                }
            }
            Test::AclDecides { acl, subnet, direction, protocol, ports, icmp_type, icmp_code, address, expect } => {
                let acl = match (acl, subnet) {
                    (Some(a), _) => find_acl(network, a)?,
                    (None, Some(s)) => {
                        let subnet = find_subnet(network, s)?;
                        network
                            .network_acl_for(subnet)
                            .ok_or_else(|| format!("no network ACL serves the subnet {}", subnet_label(subnet)))?
                    }
                    (None, None) => return Err("the check names no network ACL".into()),
                };
                let asked = Asked::parse(protocol, ports.as_ref(), *icmp_type, *icmp_code)?;
                let PeerSpec::Cidr(range) = PeerSpec::parse(address)? else {
                    return Err(format!("`{address}` is not an address or a CIDR block"));
                };
                judge_acl(acl, *direction, asked, range, *expect)
            }
            Test::SubnetAcl { subnet, custom, acl } => {
                let s = find_subnet(network, subnet)?;
                let serving =
                    network.network_acl_for(s).ok_or_else(|| format!("no network ACL serves {}", subnet_label(s)))?;
                match (custom, acl) {
                    (true, Some(a)) => {
                        let wanted = find_acl(network, a)?;
                        if wanted.id == serving.id {
                            Ok(())
                        } else {
                            Err(format!(
                                "{} is associated with {}, not {}",
                                subnet_label(s),
                                acl_label(serving),
                                acl_label(wanted)
                            ))
                        }
                    }
                    (true, None) if serving.is_default => Err(format!(
                        "{} is still associated with the VPC's default network ACL {}",
                        subnet_label(s),
                        serving.id
                    )),
                    (false, _) if !serving.is_default => Err(format!(
                        "{} is associated with the custom network ACL {}",
                        subnet_label(s),
                        acl_label(serving)
                    )),
                    _ => Ok(()),
                }
            }
        }
    }
}

/// Do two ends of connections name the same thing? Two addresses only when they are the
/// same address (a public and a private address of one interface are reached in
/// different ways); a resource or an interface is the same as its interface or any of
/// its addresses.
fn same_end(network: &Network, a: &Endpoint, b: &Endpoint) -> bool {
    if a == b {
        return true;
    }
    if matches!((a, b), (Endpoint::Address(_), Endpoint::Address(_))) {
        return false;
    }
    let interface = |end: &Endpoint| match end {
        Endpoint::Interface(id) => Some(id.clone()),
        Endpoint::Resource(id) => network.interfaces_of(id).next().map(|n| n.id.clone()),
        Endpoint::Address(address) => network
            .network_interfaces
            .iter()
            .find(|n| {
                n.has_private_address(*address)
                    || n.private_ips.iter().any(|p| p.public_ip.map(IpAddr::V4) == Some(*address))
            })
            .map(|n| n.id.clone()),
    };
    interface(a).is_some_and(|i| interface(b) == Some(i))
}

fn judge_connection(
    verdict: &Verdict,
    what: &str,
    expect: Expect,
    reason: Option<ReasonCode>,
    blocked_on: Option<Leg>,
) -> Result<(), String> {
    let leg_word = |l: Leg| l.as_str();
    match (expect, &verdict.blocked) {
        (Expect::Allowed, None) if verdict.allowed => Ok(()),
        (Expect::Allowed, Some(b)) => Err(format!(
            "{what} is denied: the {} stops at {} ({}): {}",
            leg_word(Leg::of(b.leg)),
            b.component,
            b.code,
            b.explanation
        )),
        (Expect::Allowed, None) => Err(format!("{what} is denied")),
        (Expect::Denied, None) => Err(format!("{what} is allowed; it should be denied")),
        (Expect::Denied, Some(b)) => {
            if let Some(code) = reason.filter(|c| *c != b.code) {
                return Err(format!(
                    "{what} is denied, but by {} at {} ({}), not by {code}",
                    b.code, b.component, b.explanation
                ));
            }
            if let Some(leg) = blocked_on.filter(|l| *l != Leg::of(b.leg)) {
                return Err(format!(
                    "{what} is denied on its {}, not on its {}: {}",
                    leg_word(Leg::of(b.leg)),
                    leg_word(leg),
                    b.explanation
                ));
            }
            Ok(())
        }
    }
}

/// A check's peer, resolved in the student's lab.
struct ResolvedPeer {
    peer: Peer,
    label: String,
}

fn resolve_peer(network: &Network, spec: &PeerSpec, vpc: &VpcId) -> Result<ResolvedPeer, String> {
    match spec {
        PeerSpec::Cidr(net) => Ok(ResolvedPeer { peer: Peer::Cidr(*net), label: net.to_string() }),
        PeerSpec::Group(name) => {
            let g = find_group(network, name, Some(vpc.as_str()))?;
            Ok(ResolvedPeer { peer: Peer::SecurityGroup(g.id.clone()), label: format!("{} ({})", g.id, g.name) })
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coverage {
    All,
    Part,
    None,
}

/// How much of the asked traffic, from or to the asked peer, the rules allow together.
fn group_coverage(rules: &[SgRule], asked: Asked, peer: &ResolvedPeer) -> Coverage {
    let probes = asked.probes(rules.iter().map(|r| r.traffic));
    match &peer.peer {
        Peer::SecurityGroup(_) | Peer::PrefixList(_) => {
            let allowed =
                probes.iter().filter(|s| rules.iter().any(|r| r.peer == peer.peer && r.traffic.matches(**s))).count();
            coverage_of(allowed, probes.len())
        }
        Peer::Cidr(range) => {
            let addresses = addresses_to_try(
                *range,
                rules.iter().filter_map(|r| match &r.peer {
                    Peer::Cidr(c) => Some(*c),
                    _ => None,
                }),
            );
            let mut allowed = 0;
            for service in &probes {
                for address in &addresses {
                    if rules
                        .iter()
                        .any(|r| matches!(&r.peer, Peer::Cidr(c) if c.contains(address)) && r.traffic.matches(*service))
                    {
                        allowed += 1;
                    }
                }
            }
            coverage_of(allowed, probes.len() * addresses.len())
        }
    }
}

fn coverage_of(allowed: usize, tried: usize) -> Coverage {
    if allowed == 0 {
        Coverage::None
    } else if allowed == tried {
        Coverage::All
    } else {
        Coverage::Part
    }
}

/// Addresses to try so that every address of `range` is judged: its first and last,
/// and the edges of every rule's CIDR inside it (a decision can only change there).
fn addresses_to_try(range: IpNet, cidrs: impl Iterator<Item = IpNet>) -> Vec<IpAddr> {
    let mut edges: BTreeSet<u128> = BTreeSet::new();
    let as_int = |a: IpAddr| match a {
        IpAddr::V4(a) => u128::from(u32::from(a)),
        IpAddr::V6(a) => u128::from(a),
    };
    let (first, last) = (as_int(range.network()), as_int(range.broadcast()));
    edges.insert(first);
    edges.insert(last);
    for c in cidrs.filter(|c| matches!((c, &range), (IpNet::V4(_), IpNet::V4(_)) | (IpNet::V6(_), IpNet::V6(_)))) {
        let (a, b) = (as_int(c.network()), as_int(c.broadcast()));
        for e in [Some(a), a.checked_sub(1), Some(b), b.checked_add(1)].into_iter().flatten() {
            if first <= e && e <= last {
                edges.insert(e);
            }
        }
    }
    edges
        .into_iter()
        .filter_map(|e| match range {
            IpNet::V4(_) => u32::try_from(e).ok().map(|v| IpAddr::V4(v.into())),
            IpNet::V6(_) => Some(IpAddr::V6(e.into())),
        })
        .collect()
}

/// Walks the ACL's entries lowest number first for every probe; the final `*` denies.
fn judge_acl(acl: &NetworkAcl, direction: Direction, asked: Asked, range: IpNet, expect: Expect) -> Result<(), String> {
    let mut entries: Vec<&NaclEntry> = match direction {
        Direction::Inbound => acl.inbound.iter().collect(),
        Direction::Outbound => acl.outbound.iter().collect(),
    };
    entries.sort_by_key(|e| e.rule_number);
    let probes = asked.probes(entries.iter().map(|e| e.traffic));
    let addresses = addresses_to_try(range, entries.iter().map(|e| e.cidr));
    let wanted = match expect {
        Expect::Allowed => RuleAction::Allow,
        Expect::Denied => RuleAction::Deny,
    };
    for service in &probes {
        for address in &addresses {
            // As the evaluator decides it. For all traffic, the question is whether every
            // packet is allowed, or every packet denied: the entries that decide some
            // packet the other way are the ones that count.
            let deciding = match (service, expect) {
                (Service::All, Expect::Denied) => crate::eval::nacl_decide_all(&entries, *address, RuleAction::Allow),
                _ => crate::eval::nacl_decide(&entries, *address, *service),
            };
            let action = deciding.map_or(RuleAction::Deny, |e| e.action);
            if action != wanted {
                let rule =
                    deciding.map_or_else(|| "the final rule `*`".to_owned(), |e| format!("rule {}", e.rule_number));
                let verb = if action == RuleAction::Allow { "allows" } else { "denies" };
                let word = if direction == Direction::Inbound { "from" } else { "to" };
                // For all traffic, the part the deciding entry decides.
                let what = match (service, deciding) {
                    (Service::All, Some(e)) => e.traffic.to_string(),
                    _ => service.to_string(),
                };
                return Err(format!(
                    "{}: {rule} {verb} {} {what} {word} {address}",
                    acl_label(acl),
                    direction.as_str()
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acl_check_for_all_traffic_passes_a_deny_that_can_never_fire() {
        let entry = |rule_number, action, traffic| NaclEntry {
            rule_number,
            action,
            traffic,
            cidr: "0.0.0.0/0".parse().expect("cidr"),
        };
        let mut acl = NetworkAcl {
            id: "acl-0000000000000000a".into(),
            vpc_id: "vpc-0000000000000000a".into(),
            is_default: false,
            subnet_ids: vec![],
            inbound: vec![
                entry(100, RuleAction::Allow, Traffic::Tcp(PortRange::single(22))),
                entry(110, RuleAction::Deny, Traffic::Tcp(PortRange::single(22))),
                entry(120, RuleAction::Allow, Traffic::All),
            ],
            outbound: vec![],
            tags: vec![],
        };
        let all = Asked::Service(Service::All);
        let anywhere: IpNet = "0.0.0.0/0".parse().expect("cidr");
        assert_eq!(judge_acl(&acl, Direction::Inbound, all, anywhere, Expect::Allowed), Ok(()));
        // Without rule 100, rule 110 denies SSH: not all traffic is allowed.
        acl.inbound.remove(0);
        assert!(judge_acl(&acl, Direction::Inbound, all, anywhere, Expect::Allowed).is_err());
        // All traffic denied: an ALLOW before the DENY for all lets some through;
        acl.inbound = vec![
            entry(100, RuleAction::Allow, Traffic::Tcp(PortRange::single(22))),
            entry(200, RuleAction::Deny, Traffic::All),
        ];
        assert_eq!(
            judge_acl(&acl, Direction::Inbound, all, anywhere, Expect::Denied),
            Err("acl-0000000000000000a: rule 100 allows inbound TCP 22 from 0.0.0.0".to_owned())
        );
        // one that can never fire does not.
        acl.inbound.insert(0, entry(90, RuleAction::Deny, Traffic::Tcp(PortRange { from: 0, to: 1023 })));
        assert_eq!(judge_acl(&acl, Direction::Inbound, all, anywhere, Expect::Denied), Ok(()));
        // With no entry at all, the final `*` denies everything.
        acl.inbound.clear();
        assert_eq!(judge_acl(&acl, Direction::Inbound, all, anywhere, Expect::Denied), Ok(()));
    }

    #[test]
    fn the_edges_of_a_range_are_the_only_ports_tried() {
        let asked = Asked::Ports { protocol: Protocol::Tcp, range: PortRange { from: 1000, to: 2000 } };
        let probes = asked.probes([Traffic::Tcp(PortRange { from: 1500, to: 3000 })].into_iter());
        assert_eq!(
            probes,
            vec![
                Service::Tcp { port: 1000 },
                Service::Tcp { port: 1499 },
                Service::Tcp { port: 1500 },
                Service::Tcp { port: 2000 }
            ]
        );
    }

    #[test]
    fn addresses_tried_cover_both_sides_of_every_edge() {
        let tried = addresses_to_try("10.0.0.0/8".parse().unwrap(), ["10.1.0.0/16".parse().unwrap()].into_iter());
        let text: Vec<String> = tried.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["10.0.0.0", "10.0.255.255", "10.1.0.0", "10.1.255.255", "10.2.0.0", "10.255.255.255"]);
    }

    #[test]
    fn a_peer_is_a_cidr_an_address_or_a_group() {
        assert_eq!(PeerSpec::parse("10.1.1.7"), Ok(PeerSpec::Cidr("10.1.1.7/32".parse().unwrap())));
        assert_eq!(PeerSpec::parse("10.1.1.7/24"), Ok(PeerSpec::Cidr("10.1.1.0/24".parse().unwrap())));
        assert_eq!(PeerSpec::parse("web-sg"), Ok(PeerSpec::Group("web-sg".into())));
        assert!(PeerSpec::parse("10.1.1.0/33").is_err());
        assert!(PeerSpec::parse("10.1.300.0").is_err());
    }
}
