//! AWS JSON in and out: the document that `aws ec2 describe-*` prints, merged into
//! one object (as `jq -s add` over the outputs of `describe-vpcs`,
//! `describe-subnets`, `describe-route-tables`, `describe-internet-gateways`,
//! `describe-network-acls`, `describe-security-groups` and
//! `describe-network-interfaces` makes it).
//!
//! Beside those seven keys the document may hold:
//! - `SecurityGroupRules`, as `describe-security-group-rules` prints it: the only
//!   place AWS prints rule ids. On import it gives each rule its id; without it the
//!   ids are made from the group id, the direction and the rule's position, so the
//!   same file always gives the same ids. Export always writes it.
//! - `SgLab`: what the lab needs and the AWS CLI does not print: `Resources` (what
//!   owns each interface, with a name), `InternetHosts` (named hosts on the
//!   internet) and `PrefixLists` (the CIDRs of managed prefix lists). Export always
//!   writes it; without it, import derives the resources from the interfaces.
//! - `Reservations`, as `describe-instances` prints it: only the instances' `Name`
//!   tags are read, to name EC2 resources when `SgLab` does not.
//!
//! A document must hold at least one of these keys ([`KNOWN_KEYS`]): one with none
//! of them (another program's JSON, an API response wrapped in another object) is
//! refused rather than read as an empty lab, and an exercise file is recognised as
//! one ([`ImportProblem::IsExercise`]). boto3's
//! `ResponseMetadata` is ignored. A text longer than [`MAX_DOCUMENT_BYTES`] is
//! refused before it is parsed.
//!
//! Keys that are absent mean what AWS gives a new VPC: a main route table with only
//! the local routes, a default network ACL that allows everything, and the `default`
//! security group. Unknown fields are ignored everywhere, and so are routes to a
//! prefix list (`DestinationPrefixListId`, gateway endpoints), which the lab does
//! not simulate.
//!
//! Import never panics: any JSON gives a network or an [`ImportError`] that names the
//! JSON path of the problem (`Subnets[0].CidrBlock: ...`).

use crate::example::default_network_acl;
use crate::ids::*;
use crate::model::*;
use crate::traffic::{IcmpMatch, PortRange, Protocol, Traffic};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet, VecDeque};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

// ---------------------------------------------------------------------------
// Errors

/// Why a document could not be imported: where (a JSON path such as
/// `SecurityGroups[2].IpPermissions[0].FromPort`, empty for the document as a
/// whole) and what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}{sep}{problem}", sep = if .path.is_empty() { "" } else { ": " })]
pub struct ImportError {
    pub path: String,
    /// Boxed to keep results small: errors are rare.
    pub problem: Box<ImportProblem>,
}

/// What is wrong at the place an [`ImportError`] names.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportProblem {
    #[error("not valid JSON: {0}")]
    InvalidJson(String),
    #[error("expected {expected}, found {found}")]
    WrongType { expected: &'static str, found: &'static str },
    #[error("missing")]
    Missing,
    #[error("the id is empty")]
    EmptyId,
    #[error("id `{id}` is already used at {first}")]
    DuplicateId { id: String, first: String },
    #[error("`{text}` is not a valid {family} CIDR")]
    InvalidCidr { text: String, family: &'static str },
    #[error("`{text}` is not a valid {family} address")]
    InvalidAddress { text: String, family: &'static str },
    #[error("{0} is not a port")]
    InvalidPort(i128),
    #[error("from port {from} is greater than to port {to}")]
    PortRangeBackwards { from: u16, to: u16 },
    #[error("`{0}` is not a protocol: use tcp, udp, icmp, icmpv6, -1 (all) or a protocol number 0-255")]
    InvalidProtocol(String),
    #[error("{0} is not an ICMP type: use 0-255, or -1 for all types")]
    InvalidIcmpType(i128),
    #[error("{0} is not an ICMP code: use 0-255, or -1 for all codes")]
    InvalidIcmpCode(i128),
    #[error("ICMP type -1 (all types) requires code -1, not {0}")]
    AllIcmpTypesNeedAllCodes(i128),
    #[error("`{text}` is not {expected}")]
    UnknownValue { text: String, expected: &'static str },
    #[error("rule number {0} is not between 1 and 32766")]
    RuleNumberOutOfRange(i128),
    #[error("rule {0} is the final `*` rule, which always denies")]
    FinalRuleAllows(i128),
    #[error("rule number {0} is already used by another entry in the same direction")]
    DuplicateRuleNumber(u16),
    #[error("{kind} `{id}` is not in {list}")]
    UnknownReference { kind: &'static str, id: String, list: &'static str },
    #[error("`{cidr}` is not inside the CIDR blocks of vpc `{vpc}`")]
    CidrOutsideVpc { cidr: String, vpc: String },
    #[error("`{cidr}` overlaps subnet `{other}` (`{other_cidr}`)")]
    SubnetsOverlap { cidr: String, other: String, other_cidr: String },
    #[error("{kind} `{id}` is in vpc `{actual}`, not `{expected}`")]
    WrongVpc { kind: &'static str, id: String, actual: String, expected: String },
    #[error("subnet `{subnet}` is already associated with `{other}`")]
    AlreadyAssociated { subnet: String, other: String },
    #[error("vpc `{vpc}` already has a {what} `{other}`")]
    SecondDefault { vpc: String, what: &'static str, other: String },
    #[error("security group name `{name}` is already used in vpc `{vpc}`")]
    DuplicateGroupName { name: String, vpc: String },
    #[error("`{address}` is not inside subnet `{subnet}` (`{cidr}`)")]
    AddressOutsideSubnet { address: String, subnet: String, cidr: String },
    #[error("`{address}` cannot be used: subnet `{subnet}` has no IPv6 CIDR")]
    SubnetHasNoIpv6 { address: String, subnet: String },
    #[error("`{address}` is already an address of network interface `{other}`")]
    DuplicateAddress { address: String, other: String },
    #[error("the route has no target: expected one of GatewayId, NatGatewayId, TransitGatewayId, VpcPeeringConnectionId, NetworkInterfaceId, InstanceId")]
    MissingRouteTarget,
    #[error("the rule has no peer: expected one of CidrIpv4, CidrIpv6, ReferencedGroupInfo, PrefixListId")]
    MissingPeer,
    #[error("network interface `{eni}` already belongs to `{other}`")]
    InterfaceClaimedTwice { eni: String, other: String },
    #[error("{}: none of the keys the lab reads is here (it reads {}){}", found_text(.found), KNOWN_KEYS.join(", "), wrapper_text(.wrapper))]
    NoKnownKeys {
        /// The document's keys (at most ten), boto3's `ResponseMetadata` left out.
        found: Vec<String>,
        /// A key whose value is an object holding some of them (a wrapper such as
        /// `{"status_code": 200, "data": {…}}`).
        wrapper: Option<String>,
    },
    /// An exercise file (`docs/exercises.md`) where a lab was expected.
    #[error("this is an exercise{}, not a lab: open it from the Lessons tab", exercise_title(.title))]
    IsExercise {
        /// The exercise's `title`, when it has one.
        title: Option<String>,
    },
    #[error("the document is {size} bytes, more than the {} MB the lab reads", MAX_DOCUMENT_BYTES / (1024 * 1024))]
    TooLarge { size: usize },
}

/// The top-level keys the lab reads; a document must hold at least one.
pub const KNOWN_KEYS: [&str; 10] = [
    "Vpcs",
    "Subnets",
    "InternetGateways",
    "RouteTables",
    "NetworkAcls",
    "SecurityGroups",
    "NetworkInterfaces",
    "SecurityGroupRules",
    "Reservations",
    "SgLab",
];

/// The largest document import reads: 64 MB (64 × 1024 × 1024 bytes).
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

fn wrapper_text(wrapper: &Option<String>) -> String {
    wrapper.as_ref().map_or_else(String::new, |key| format!("; `{key}` holds some of them: import what it holds"))
}

fn exercise_title(title: &Option<String>) -> String {
    title.as_ref().map_or_else(String::new, |t| format!(" (“{t}”)"))
}

/// Is this document an exercise file: its `format` is an exercise format, or it has an
/// exercise's `steps` and `network`?
fn is_exercise(doc: &Map<String, Value>) -> bool {
    doc.get("format").and_then(Value::as_str).is_some_and(|f| f.starts_with("sglab-exercise"))
        || (doc.contains_key("steps") && doc.contains_key("network"))
}

fn found_text(found: &[String]) -> String {
    if found.is_empty() {
        "the document is an empty object".to_owned()
    } else {
        format!("the document's keys are `{}`", found.join("`, `"))
    }
}

/// Refuses a text longer than [`MAX_DOCUMENT_BYTES`], before anything parses it.
pub fn check_size(text: &str) -> Result<(), ImportError> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(ImportError {
            path: String::new(),
            problem: Box::new(ImportProblem::TooLarge { size: text.len() }),
        });
    }
    Ok(())
}

type R<T> = Result<T, ImportError>;

fn fail<T>(path: &P, problem: ImportProblem) -> R<T> {
    Err(ImportError { path: path.0.clone(), problem: Box::new(problem) })
}

// ---------------------------------------------------------------------------
// Reading JSON values, with their paths

/// A JSON path in the document, written as `Subnets[0].CidrBlock`.
#[derive(Clone, Debug)]
struct P(String);

impl P {
    fn root() -> P {
        P(String::new())
    }
    fn k(&self, key: &str) -> P {
        if self.0.is_empty() {
            P(key.to_owned())
        } else {
            P(format!("{}.{key}", self.0))
        }
    }
    fn i(&self, index: usize) -> P {
        P(format!("{}[{index}]", self.0))
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a decimal number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong<T>(path: &P, expected: &'static str, found: &Value) -> R<T> {
    fail(path, ImportProblem::WrongType { expected, found: kind_of(found) })
}

fn obj<'a>(v: &'a Value, path: &P) -> R<&'a Map<String, Value>> {
    match v {
        Value::Object(o) => Ok(o),
        other => wrong(path, "an object", other),
    }
}

/// A field; `null` counts as absent (the CLI never prints it).
fn field<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    o.get(key).filter(|v| !v.is_null())
}

fn opt_str<'a>(o: &'a Map<String, Value>, path: &P, key: &str) -> R<Option<&'a str>> {
    match field(o, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => wrong(&path.k(key), "a string", other),
    }
}

fn req_str<'a>(o: &'a Map<String, Value>, path: &P, key: &str) -> R<&'a str> {
    opt_str(o, path, key)?.map_or_else(|| fail(&path.k(key), ImportProblem::Missing), Ok)
}

/// A required, non-empty id.
fn req_id(o: &Map<String, Value>, path: &P, key: &str) -> R<String> {
    let s = req_str(o, path, key)?;
    if s.is_empty() {
        return fail(&path.k(key), ImportProblem::EmptyId);
    }
    Ok(s.to_owned())
}

fn opt_bool(o: &Map<String, Value>, path: &P, key: &str) -> R<Option<bool>> {
    match field(o, key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => wrong(&path.k(key), "a boolean", other),
    }
}

fn int_value(v: &Value, path: &P) -> R<i128> {
    match v {
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Ok(i128::from(i)),
            (None, Some(u)) => Ok(i128::from(u)),
            _ => wrong(path, "an integer", v),
        },
        other => wrong(path, "an integer", other),
    }
}

fn opt_int(o: &Map<String, Value>, path: &P, key: &str) -> R<Option<i128>> {
    field(o, key).map(|v| int_value(v, &path.k(key))).transpose()
}

fn req_int(o: &Map<String, Value>, path: &P, key: &str) -> R<i128> {
    opt_int(o, path, key)?.map_or_else(|| fail(&path.k(key), ImportProblem::Missing), Ok)
}

/// An array field; absent is empty.
fn arr<'a>(o: &'a Map<String, Value>, path: &P, key: &str) -> R<&'a [Value]> {
    match field(o, key) {
        None => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(other) => wrong(&path.k(key), "an array", other),
    }
}

fn opt_obj<'a>(o: &'a Map<String, Value>, path: &P, key: &str) -> R<Option<&'a Map<String, Value>>> {
    field(o, key).map(|v| obj(v, &path.k(key))).transpose()
}

/// The elements of an array field that are objects, with their paths.
fn objects<'a>(o: &'a Map<String, Value>, path: &P, key: &str) -> R<Vec<(P, &'a Map<String, Value>)>> {
    let base = path.k(key);
    arr(o, path, key)?
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let p = base.i(i);
            obj(v, &p).map(|o| (p, o))
        })
        .collect()
}

fn tags(o: &Map<String, Value>, path: &P, key: &str) -> R<Vec<Tag>> {
    objects(o, path, key)?
        .into_iter()
        .map(|(p, t)| {
            Ok(Tag { key: req_str(t, &p, "Key")?.to_owned(), value: opt_str(t, &p, "Value")?.unwrap_or("").to_owned() })
        })
        .collect()
}

fn v4net(text: &str, path: &P) -> R<Ipv4Net> {
    text.parse().or_else(|_| fail(path, ImportProblem::InvalidCidr { text: text.into(), family: "IPv4" }))
}

fn v6net(text: &str, path: &P) -> R<Ipv6Net> {
    text.parse().or_else(|_| fail(path, ImportProblem::InvalidCidr { text: text.into(), family: "IPv6" }))
}

fn v4addr(text: &str, path: &P) -> R<Ipv4Addr> {
    text.parse().or_else(|_| fail(path, ImportProblem::InvalidAddress { text: text.into(), family: "IPv4" }))
}

fn v6addr(text: &str, path: &P) -> R<Ipv6Addr> {
    text.parse().or_else(|_| fail(path, ImportProblem::InvalidAddress { text: text.into(), family: "IPv6" }))
}

/// Is an association (`CidrBlockState`, `AssociationState`…) in force? Absent means yes.
fn associated(o: &Map<String, Value>, path: &P, state_key: &str) -> R<bool> {
    let Some(state) = opt_obj(o, path, state_key)? else { return Ok(true) };
    let state = opt_str(state, &path.k(state_key), "State")?;
    Ok(!matches!(state, Some("disassociating" | "disassociated" | "failing" | "failed")))
}

/// A protocol given as a string (`"tcp"`, `"6"`, `"-1"`) or, leniently, a number.
fn protocol(o: &Map<String, Value>, path: &P, key: &str) -> R<Protocol> {
    let p = path.k(key);
    let text = match field(o, key) {
        None => return fail(&p, ImportProblem::Missing),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => return wrong(&p, "a string", other),
    };
    text.parse().or_else(|_| fail(&p, ImportProblem::InvalidProtocol(text)))
}

fn port(v: i128, path: &P) -> R<u16> {
    u16::try_from(v).or_else(|_| fail(path, ImportProblem::InvalidPort(v)))
}

fn port_range(o: &Map<String, Value>, path: &P, from_key: &str, to_key: &str) -> R<PortRange> {
    let from = port(req_int(o, path, from_key)?, &path.k(from_key))?;
    let to = port(req_int(o, path, to_key)?, &path.k(to_key))?;
    PortRange::new(from, to).map_or_else(|| fail(path, ImportProblem::PortRangeBackwards { from, to }), Ok)
}

/// ICMP type and code, -1 meaning all; absent means all too.
fn icmp_match(o: &Map<String, Value>, path: &P, type_key: &str, code_key: &str) -> R<IcmpMatch> {
    let t = opt_int(o, path, type_key)?.unwrap_or(-1);
    let c = opt_int(o, path, code_key)?.unwrap_or(-1);
    let code = match c {
        -1 => None,
        c => Some(u8::try_from(c).or_else(|_| fail(&path.k(code_key), ImportProblem::InvalidIcmpCode(c)))?),
    };
    match t {
        -1 if code.is_none() => Ok(IcmpMatch::AllTypes),
        -1 => fail(&path.k(code_key), ImportProblem::AllIcmpTypesNeedAllCodes(c)),
        t => {
            let icmp_type = u8::try_from(t).or_else(|_| fail(&path.k(type_key), ImportProblem::InvalidIcmpType(t)))?;
            Ok(IcmpMatch::Type { icmp_type, code })
        }
    }
}

/// The traffic of a security group rule: `IpProtocol`, `FromPort`, `ToPort`.
fn sg_traffic(o: &Map<String, Value>, path: &P) -> R<Traffic> {
    Ok(match protocol(o, path, "IpProtocol")? {
        Protocol::Tcp => Traffic::Tcp(port_range(o, path, "FromPort", "ToPort")?),
        Protocol::Udp => Traffic::Udp(port_range(o, path, "FromPort", "ToPort")?),
        Protocol::Icmp => Traffic::Icmp(icmp_match(o, path, "FromPort", "ToPort")?),
        Protocol::Icmpv6 => Traffic::Icmpv6(icmp_match(o, path, "FromPort", "ToPort")?),
        Protocol::All => Traffic::All,
        Protocol::Number(n) => Traffic::Other(n),
    })
}

/// The traffic of a network ACL entry: `Protocol`, `PortRange`, `IcmpTypeCode`.
fn nacl_traffic(o: &Map<String, Value>, path: &P) -> R<Traffic> {
    let ports = |o: &Map<String, Value>| -> R<PortRange> {
        match opt_obj(o, path, "PortRange")? {
            Some(r) => port_range(r, &path.k("PortRange"), "From", "To"),
            None => fail(&path.k("PortRange"), ImportProblem::Missing),
        }
    };
    let icmp = |o: &Map<String, Value>| -> R<IcmpMatch> {
        match opt_obj(o, path, "IcmpTypeCode")? {
            Some(r) => icmp_match(r, &path.k("IcmpTypeCode"), "Type", "Code"),
            None => Ok(IcmpMatch::AllTypes),
        }
    };
    Ok(match protocol(o, path, "Protocol")? {
        Protocol::Tcp => Traffic::Tcp(ports(o)?),
        Protocol::Udp => Traffic::Udp(ports(o)?),
        Protocol::Icmp => Traffic::Icmp(icmp(o)?),
        Protocol::Icmpv6 => Traffic::Icmpv6(icmp(o)?),
        Protocol::All => Traffic::All,
        Protocol::Number(n) => Traffic::Other(n),
    })
}

// ---------------------------------------------------------------------------
// Import

/// Reads a network from AWS JSON text (see the module documentation).
pub fn from_aws_json(text: &str) -> Result<Network, ImportError> {
    check_size(text)?;
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError {
        path: String::new(),
        problem: Box::new(ImportProblem::InvalidJson(e.to_string())),
    })?;
    from_aws_value(&value)
}

/// Reads a network from a parsed AWS JSON document (see the module documentation).
pub fn from_aws_value(value: &Value) -> Result<Network, ImportError> {
    let root = P::root();
    let doc = match value {
        Value::Object(o) => o,
        other => return wrong(&root, "an object with keys such as `Vpcs` and `Subnets`", other),
    };
    if !KNOWN_KEYS.iter().any(|k| field(doc, k).is_some()) {
        if is_exercise(doc) {
            let title = doc.get("title").and_then(Value::as_str).map(str::to_owned);
            return fail(&root, ImportProblem::IsExercise { title });
        }
        let found = doc.keys().filter(|k| k.as_str() != "ResponseMetadata").take(10).cloned().collect();
        let wrapper = doc
            .iter()
            .find(|(_, v)| v.as_object().is_some_and(|inner| KNOWN_KEYS.iter().any(|k| field(inner, k).is_some())))
            .map(|(k, _)| k.clone());
        return fail(&root, ImportProblem::NoKnownKeys { found, wrapper });
    }
    let mut im = Importer::default();
    for (p, o) in objects(doc, &root, "Vpcs")? {
        im.vpc(&p, o)?;
    }
    for (p, o) in objects(doc, &root, "Subnets")? {
        im.subnet(&p, o)?;
    }
    for (p, o) in objects(doc, &root, "InternetGateways")? {
        im.internet_gateway(&p, o)?;
    }
    for (p, o) in objects(doc, &root, "RouteTables")? {
        im.route_table(&p, o)?;
    }
    for (p, o) in objects(doc, &root, "NetworkAcls")? {
        im.network_acl(&p, o)?;
    }
    for (p, o) in objects(doc, &root, "SecurityGroups")? {
        im.security_group(&p, o)?;
    }
    let rule_ids = im.security_group_rules(doc, &root)?;
    let mut derived = Vec::new();
    for (p, o) in objects(doc, &root, "NetworkInterfaces")? {
        derived.push(im.network_interface(&p, o)?);
    }
    let lab = opt_obj(doc, &root, "SgLab")?;
    let lab_path = root.k("SgLab");
    if let Some(lab) = lab {
        for (p, o) in objects(lab, &lab_path, "PrefixLists")? {
            im.prefix_list(&p, o)?;
        }
        for (p, o) in objects(lab, &lab_path, "InternetHosts")? {
            let name = req_str(o, &p, "Name")?.to_owned();
            let text = req_str(o, &p, "Address")?;
            let address = text.parse().or_else(|_| {
                fail(&p.k("Address"), ImportProblem::InvalidAddress { text: text.into(), family: "IP" })
            })?;
            im.net.internet_hosts.push(InternetHost { name, address });
        }
    }
    match lab.and_then(|l| field(l, "Resources")) {
        Some(_) => {
            if let Some(lab) = lab {
                for (p, o) in objects(lab, &lab_path, "Resources")? {
                    im.resource(&p, o)?;
                }
            }
        }
        None => {
            let names = instance_names(doc, &root)?;
            im.derive_resources(&derived, &names);
        }
    }
    im.primary_interfaces_first(&derived);
    im.add_defaults();
    im.assign_rule_ids(rule_ids);
    Ok(im.net)
}

/// What an interface says about its owner, for deriving resources without `SgLab`.
struct Owner {
    instance_id: Option<String>,
    requester_id: Option<String>,
    /// `Attachment.DeviceIndex`: 0 is the instance's primary interface.
    device_index: Option<i128>,
}

/// Placeholder for rule ids until [`Importer::assign_rule_ids`] gives the real ones.
const NO_ID: &str = "";

#[derive(Default)]
struct Importer {
    net: Network,
    /// Every id seen, with the path where it was first seen.
    ids: HashMap<String, String>,
    /// Subnet id -> the route table / network ACL it is explicitly associated with.
    subnet_route_table: HashMap<String, String>,
    subnet_acl: HashMap<String, String>,
    /// (vpc, address) -> interface, to refuse an address used twice.
    addresses: HashMap<(String, IpAddr), String>,
    /// Resource id -> where `SgLab.Resources` names it (resources have ids of
    /// their own kind: an RDS database's identifier may be anything).
    resource_paths: HashMap<String, String>,
    /// Security group id -> its index, and (vpc, name) of every group: found once
    /// each, so that import takes time in proportion to the groups, not its square.
    group_index: HashMap<String, usize>,
    group_names: HashSet<(String, String)>,
    /// Subnet and network interface id -> index, likewise.
    subnet_index: HashMap<String, usize>,
    interface_index: HashMap<String, usize>,
}

impl Importer {
    /// Records an id, refusing one used before (among all kinds: AWS ids are unique).
    fn claim(&mut self, id: &str, path: &P) -> R<()> {
        if let Some(first) = self.ids.get(id) {
            return fail(path, ImportProblem::DuplicateId { id: id.into(), first: first.clone() });
        }
        self.ids.insert(id.to_owned(), path.0.clone());
        Ok(())
    }

    /// A fresh id, made from `key` so the same document always gives the same one.
    fn make_id(&mut self, prefix: &str, key: &str) -> String {
        let mut seed = fnv1a(key);
        loop {
            let id = aws_style_id(prefix, seed);
            if !self.ids.contains_key(&id) {
                self.ids.insert(id.clone(), String::new());
                return id;
            }
            seed = seed.wrapping_add(1);
        }
    }

    fn vpc_ref(&self, o: &Map<String, Value>, path: &P, key: &str) -> R<&Vpc> {
        let id = req_str(o, path, key)?;
        self.net.vpcs.iter().find(|v| v.id.as_str() == id).map_or_else(
            || fail(&path.k(key), ImportProblem::UnknownReference { kind: "vpc", id: id.into(), list: "Vpcs" }),
            Ok,
        )
    }

    fn subnet_ref(&self, o: &Map<String, Value>, path: &P, key: &str) -> R<&Subnet> {
        let id = req_str(o, path, key)?;
        self.subnet_index.get(id).and_then(|&i| self.net.subnets.get(i)).map_or_else(
            || fail(&path.k(key), ImportProblem::UnknownReference { kind: "subnet", id: id.into(), list: "Subnets" }),
            Ok,
        )
    }

    /// A subnet named at `key` that must be in `vpc_id` (an association of a route
    /// table or a network ACL).
    fn subnet_in_vpc(&self, o: &Map<String, Value>, path: &P, key: &str, vpc_id: &VpcId) -> R<SubnetId> {
        let subnet = self.subnet_ref(o, path, key)?;
        if &subnet.vpc_id != vpc_id {
            return fail(
                &path.k(key),
                ImportProblem::WrongVpc {
                    kind: "subnet",
                    id: subnet.id.to_string(),
                    actual: subnet.vpc_id.to_string(),
                    expected: vpc_id.to_string(),
                },
            );
        }
        Ok(subnet.id.clone())
    }

    fn vpc(&mut self, p: &P, o: &Map<String, Value>) -> R<()> {
        let id = req_id(o, p, "VpcId")?;
        self.claim(&id, &p.k("VpcId"))?;
        let mut cidr_blocks = Vec::new();
        if let Some(c) = opt_str(o, p, "CidrBlock")? {
            cidr_blocks.push(v4net(c, &p.k("CidrBlock"))?);
        }
        for (ap, a) in objects(o, p, "CidrBlockAssociationSet")? {
            if associated(a, &ap, "CidrBlockState")? {
                let c = v4net(req_str(a, &ap, "CidrBlock")?, &ap.k("CidrBlock"))?;
                if !cidr_blocks.contains(&c) {
                    cidr_blocks.push(c);
                }
            }
        }
        if cidr_blocks.is_empty() {
            return fail(&p.k("CidrBlock"), ImportProblem::Missing);
        }
        let mut ipv6_cidr_blocks = Vec::new();
        for (ap, a) in objects(o, p, "Ipv6CidrBlockAssociationSet")? {
            if associated(a, &ap, "Ipv6CidrBlockState")? {
                let c = v6net(req_str(a, &ap, "Ipv6CidrBlock")?, &ap.k("Ipv6CidrBlock"))?;
                if !ipv6_cidr_blocks.contains(&c) {
                    ipv6_cidr_blocks.push(c);
                }
            }
        }
        self.net.vpcs.push(Vpc {
            id: VpcId::new(id),
            cidr_blocks,
            ipv6_cidr_blocks,
            is_default: opt_bool(o, p, "IsDefault")?.unwrap_or(false),
            tags: tags(o, p, "Tags")?,
        });
        Ok(())
    }

    fn subnet(&mut self, p: &P, o: &Map<String, Value>) -> R<()> {
        let id = req_id(o, p, "SubnetId")?;
        self.claim(&id, &p.k("SubnetId"))?;
        let vpc = self.vpc_ref(o, p, "VpcId")?;
        let cidr_path = p.k("CidrBlock");
        let cidr_block = v4net(req_str(o, p, "CidrBlock")?, &cidr_path)?;
        if !vpc.cidr_blocks.iter().any(|c| c.contains(&cidr_block)) {
            return fail(
                &cidr_path,
                ImportProblem::CidrOutsideVpc { cidr: cidr_block.to_string(), vpc: vpc.id.to_string() },
            );
        }
        let mut ipv6_cidr_block = None;
        for (ap, a) in objects(o, p, "Ipv6CidrBlockAssociationSet")? {
            if associated(a, &ap, "Ipv6CidrBlockState")? {
                let cp = ap.k("Ipv6CidrBlock");
                let c = v6net(req_str(a, &ap, "Ipv6CidrBlock")?, &cp)?;
                if !vpc.ipv6_cidr_blocks.iter().any(|v| v.contains(&c)) {
                    return fail(&cp, ImportProblem::CidrOutsideVpc { cidr: c.to_string(), vpc: vpc.id.to_string() });
                }
                if let Some(other) =
                    self.net.subnets.iter().find(|s| {
                        s.vpc_id == vpc.id && s.ipv6_cidr_block.is_some_and(|o| o.contains(&c) || c.contains(&o))
                    })
                {
                    return fail(
                        &cp,
                        ImportProblem::SubnetsOverlap {
                            cidr: c.to_string(),
                            other: other.id.to_string(),
                            other_cidr: other.ipv6_cidr_block.map(|c| c.to_string()).unwrap_or_default(),
                        },
                    );
                }
                ipv6_cidr_block = Some(c);
                break;
            }
        }
        if let Some(other) =
            self.net.subnets.iter().find(|s| {
                s.vpc_id == vpc.id && (s.cidr_block.contains(&cidr_block) || cidr_block.contains(&s.cidr_block))
            })
        {
            return fail(
                &cidr_path,
                ImportProblem::SubnetsOverlap {
                    cidr: cidr_block.to_string(),
                    other: other.id.to_string(),
                    other_cidr: other.cidr_block.to_string(),
                },
            );
        }
        let subnet = Subnet {
            id: SubnetId::new(id),
            vpc_id: vpc.id.clone(),
            cidr_block,
            ipv6_cidr_block,
            availability_zone: opt_str(o, p, "AvailabilityZone")?.unwrap_or("").to_owned(),
            tags: tags(o, p, "Tags")?,
        };
        self.subnet_index.insert(subnet.id.to_string(), self.net.subnets.len());
        self.net.subnets.push(subnet);
        Ok(())
    }

    fn internet_gateway(&mut self, p: &P, o: &Map<String, Value>) -> R<()> {
        let id = req_id(o, p, "InternetGatewayId")?;
        self.claim(&id, &p.k("InternetGatewayId"))?;
        let mut vpc_id = None;
        for (ap, a) in objects(o, p, "Attachments")? {
            let state = opt_str(a, &ap, "State")?;
            if vpc_id.is_none() && !matches!(state, Some("detaching" | "detached")) {
                vpc_id = Some(self.vpc_ref(a, &ap, "VpcId")?.id.clone());
            }
        }
        self.net.internet_gateways.push(InternetGateway {
            id: InternetGatewayId::new(id),
            vpc_id,
            tags: tags(o, p, "Tags")?,
        });
        Ok(())
    }

    fn route_table(&mut self, p: &P, o: &Map<String, Value>) -> R<()> {
        let id = req_id(o, p, "RouteTableId")?;
        self.claim(&id, &p.k("RouteTableId"))?;
        let vpc_id = self.vpc_ref(o, p, "VpcId")?.id.clone();
        let mut main = false;
        let mut subnet_ids = Vec::new();
        for (ap, a) in objects(o, p, "Associations")? {
            if !associated(a, &ap, "AssociationState")? {
                continue;
            }
            if opt_bool(a, &ap, "Main")? == Some(true) && !main {
                if let Some(other) = self.net.route_tables.iter().find(|t| t.main && t.vpc_id == vpc_id) {
                    return fail(
                        &ap.k("Main"),
                        ImportProblem::SecondDefault {
                            vpc: vpc_id.to_string(),
                            what: "main route table",
                            other: other.id.to_string(),
                        },
                    );
                }
                main = true;
            }
            if field(a, "SubnetId").is_some() {
                let subnet_id = self.subnet_in_vpc(a, &ap, "SubnetId", &vpc_id)?;
                if let Some(other) = self.subnet_route_table.get(subnet_id.as_str()) {
                    if other != &id || subnet_ids.contains(&subnet_id) {
                        return fail(
                            &ap.k("SubnetId"),
                            ImportProblem::AlreadyAssociated { subnet: subnet_id.to_string(), other: other.clone() },
                        );
                    }
                }
                self.subnet_route_table.insert(subnet_id.to_string(), id.clone());
                subnet_ids.push(subnet_id);
            }
        }
        let mut routes = Vec::new();
        for (rp, r) in objects(o, p, "Routes")? {
            if let Some(route) = self.route(&rp, r)? {
                routes.push(route);
            }
        }
        self.net.route_tables.push(RouteTable {
            id: RouteTableId::new(id),
            vpc_id,
            main,
            subnet_ids,
            routes,
            tags: tags(o, p, "Tags")?,
        });
        Ok(())
    }

    /// One route; `None` for a route to a prefix list (a gateway endpoint), which
    /// the lab does not simulate.
    fn route(&self, p: &P, r: &Map<String, Value>) -> R<Option<Route>> {
        let destination = if let Some(c) = opt_str(r, p, "DestinationCidrBlock")? {
            IpNet::V4(v4net(c, &p.k("DestinationCidrBlock"))?)
        } else if let Some(c) = opt_str(r, p, "DestinationIpv6CidrBlock")? {
            IpNet::V6(v6net(c, &p.k("DestinationIpv6CidrBlock"))?)
        } else if opt_str(r, p, "DestinationPrefixListId")?.is_some() {
            return Ok(None);
        } else {
            return fail(&p.k("DestinationCidrBlock"), ImportProblem::Missing);
        };
        let mut target = None;
        for key in ROUTE_TARGET_KEYS {
            if let Some(t) = opt_str(r, p, key)? {
                target = Some((key, t));
                break;
            }
        }
        let Some((key, target_id)) = target else { return fail(p, ImportProblem::MissingRouteTarget) };
        let target = if opt_str(r, p, "State")? == Some("blackhole") {
            RouteTarget::Blackhole { id: target_id.to_owned() }
        } else if key == "GatewayId" && target_id == "local" {
            RouteTarget::Local
        } else if key == "GatewayId" && target_id.starts_with(InternetGatewayId::PREFIX) {
            if self.net.internet_gateway(&InternetGatewayId::new(target_id)).is_none() {
                return fail(
                    &p.k(key),
                    ImportProblem::UnknownReference {
                        kind: "internet gateway",
                        id: target_id.into(),
                        list: "InternetGateways",
                    },
                );
            }
            RouteTarget::InternetGateway(InternetGatewayId::new(target_id))
        } else {
            RouteTarget::Other { id: target_id.to_owned() }
        };
        Ok(Some(Route { destination, target }))
    }

    fn network_acl(&mut self, p: &P, o: &Map<String, Value>) -> R<()> {
        let id = req_id(o, p, "NetworkAclId")?;
        self.claim(&id, &p.k("NetworkAclId"))?;
        let vpc_id = self.vpc_ref(o, p, "VpcId")?.id.clone();
        let is_default = opt_bool(o, p, "IsDefault")?.unwrap_or(false);
        if is_default {
            if let Some(other) = self.net.network_acls.iter().find(|a| a.is_default && a.vpc_id == vpc_id) {
                return fail(
                    &p.k("IsDefault"),
                    ImportProblem::SecondDefault {
                        vpc: vpc_id.to_string(),
                        what: "default network ACL",
                        other: other.id.to_string(),
                    },
                );
            }
        }
        let mut subnet_ids = Vec::new();
        for (ap, a) in objects(o, p, "Associations")? {
            let subnet_id = self.subnet_in_vpc(a, &ap, "SubnetId", &vpc_id)?;
            if let Some(other) = self.subnet_acl.get(subnet_id.as_str()) {
                return fail(
                    &ap.k("SubnetId"),
                    ImportProblem::AlreadyAssociated { subnet: subnet_id.to_string(), other: other.clone() },
                );
            }
            self.subnet_acl.insert(subnet_id.to_string(), id.clone());
            subnet_ids.push(subnet_id);
        }
        let mut inbound: Vec<NaclEntry> = Vec::new();
        let mut outbound: Vec<NaclEntry> = Vec::new();
        for (ep, e) in objects(o, p, "Entries")? {
            let number = req_int(e, &ep, "RuleNumber")?;
            let egress = match opt_bool(e, &ep, "Egress")? {
                Some(b) => b,
                None => return fail(&ep.k("Egress"), ImportProblem::Missing),
            };
            let action = match req_str(e, &ep, "RuleAction")? {
                "allow" => RuleAction::Allow,
                "deny" => RuleAction::Deny,
                other => {
                    return fail(
                        &ep.k("RuleAction"),
                        ImportProblem::UnknownValue { text: other.into(), expected: "allow or deny" },
                    )
                }
            };
            let cidr = if let Some(c) = opt_str(e, &ep, "CidrBlock")? {
                IpNet::V4(v4net(c, &ep.k("CidrBlock"))?)
            } else if let Some(c) = opt_str(e, &ep, "Ipv6CidrBlock")? {
                IpNet::V6(v6net(c, &ep.k("Ipv6CidrBlock"))?)
            } else {
                return fail(&ep.k("CidrBlock"), ImportProblem::Missing);
            };
            let traffic = nacl_traffic(e, &ep)?;
            if number == 32767 || number == 32768 {
                // The final `*` rule: implied by the model for every ACL.
                if action != RuleAction::Deny {
                    return fail(&ep.k("RuleAction"), ImportProblem::FinalRuleAllows(number));
                }
                continue;
            }
            let rule_number = match u16::try_from(number) {
                Ok(n) if (1..=32766).contains(&n) => n,
                _ => return fail(&ep.k("RuleNumber"), ImportProblem::RuleNumberOutOfRange(number)),
            };
            let list = if egress { &mut outbound } else { &mut inbound };
            if list.iter().any(|x| x.rule_number == rule_number) {
                return fail(&ep.k("RuleNumber"), ImportProblem::DuplicateRuleNumber(rule_number));
            }
            list.push(NaclEntry { rule_number, action, traffic, cidr });
        }
        self.net.network_acls.push(NetworkAcl {
            id: NetworkAclId::new(id),
            vpc_id,
            is_default,
            subnet_ids,
            inbound,
            outbound,
            tags: tags(o, p, "Tags")?,
        });
        Ok(())
    }

    fn security_group(&mut self, p: &P, o: &Map<String, Value>) -> R<()> {
        let id = req_id(o, p, "GroupId")?;
        self.claim(&id, &p.k("GroupId"))?;
        let name = req_str(o, p, "GroupName")?.to_owned();
        let vpc_id = self.vpc_ref(o, p, "VpcId")?.id.clone();
        if !self.group_names.insert((vpc_id.to_string(), name.clone())) {
            return fail(&p.k("GroupName"), ImportProblem::DuplicateGroupName { name, vpc: vpc_id.to_string() });
        }
        self.group_index.insert(id.clone(), self.net.security_groups.len());
        let inbound = permissions(o, p, "IpPermissions")?;
        let outbound = permissions(o, p, "IpPermissionsEgress")?;
        self.net.security_groups.push(SecurityGroup {
            id: SecurityGroupId::new(id),
            name,
            description: opt_str(o, p, "Description")?.unwrap_or("").to_owned(),
            vpc_id,
            inbound,
            outbound,
            tags: tags(o, p, "Tags")?,
        });
        Ok(())
    }

    /// The ids that `SecurityGroupRules` gives, by what each rule is.
    fn security_group_rules(&mut self, doc: &Map<String, Value>, root: &P) -> R<RuleIds> {
        let mut ids = RuleIds::new();
        for (p, o) in objects(doc, root, "SecurityGroupRules")? {
            let id = req_id(o, &p, "SecurityGroupRuleId")?;
            self.claim(&id, &p.k("SecurityGroupRuleId"))?;
            let group = req_str(o, &p, "GroupId")?.to_owned();
            let egress = match opt_bool(o, &p, "IsEgress")? {
                Some(b) => b,
                None => return fail(&p.k("IsEgress"), ImportProblem::Missing),
            };
            let traffic = sg_traffic(o, &p)?;
            let peer = if let Some(c) = opt_str(o, &p, "CidrIpv4")? {
                Peer::Cidr(IpNet::V4(v4net(c, &p.k("CidrIpv4"))?))
            } else if let Some(c) = opt_str(o, &p, "CidrIpv6")? {
                Peer::Cidr(IpNet::V6(v6net(c, &p.k("CidrIpv6"))?))
            } else if let Some(g) = opt_obj(o, &p, "ReferencedGroupInfo")? {
                Peer::SecurityGroup(SecurityGroupId::new(req_id(g, &p.k("ReferencedGroupInfo"), "GroupId")?))
            } else if let Some(l) = opt_str(o, &p, "PrefixListId")? {
                Peer::PrefixList(PrefixListId::new(l))
            } else {
                return fail(&p, ImportProblem::MissingPeer);
            };
            ids.entry((group, egress, traffic, peer)).or_default().push_back(SecurityGroupRuleId::new(id));
        }
        Ok(ids)
    }

    fn network_interface(&mut self, p: &P, o: &Map<String, Value>) -> R<Owner> {
        let id = req_id(o, p, "NetworkInterfaceId")?;
        self.claim(&id, &p.k("NetworkInterfaceId"))?;
        let subnet = self.subnet_ref(o, p, "SubnetId")?.clone();
        if let Some(vpc) = opt_str(o, p, "VpcId")? {
            if vpc != subnet.vpc_id.as_str() {
                return fail(
                    &p.k("VpcId"),
                    ImportProblem::WrongVpc {
                        kind: "subnet",
                        id: subnet.id.to_string(),
                        actual: subnet.vpc_id.to_string(),
                        expected: vpc.into(),
                    },
                );
            }
        }
        let top_public = match opt_obj(o, p, "Association")? {
            Some(a) => opt_str(a, &p.k("Association"), "PublicIp")?
                .map(|ip| v4addr(ip, &p.k("Association").k("PublicIp")))
                .transpose()?,
            None => None,
        };
        let mut private_ips: Vec<PrivateIp> = Vec::new();
        let mut paths = Vec::new();
        for (ip_path, ip) in objects(o, p, "PrivateIpAddresses")? {
            let ap = ip_path.k("PrivateIpAddress");
            let address = v4addr(req_str(ip, &ip_path, "PrivateIpAddress")?, &ap)?;
            let public_ip = match opt_obj(ip, &ip_path, "Association")? {
                Some(a) => opt_str(a, &ip_path.k("Association"), "PublicIp")?
                    .map(|t| v4addr(t, &ip_path.k("Association").k("PublicIp")))
                    .transpose()?,
                None => None,
            };
            let entry = PrivateIp { address, public_ip };
            if opt_bool(ip, &ip_path, "Primary")? == Some(true) && !private_ips.is_empty() {
                private_ips.insert(0, entry);
                paths.insert(0, ap);
            } else {
                private_ips.push(entry);
                paths.push(ap);
            }
        }
        if private_ips.is_empty() {
            let ap = p.k("PrivateIpAddress");
            private_ips.push(PrivateIp { address: v4addr(req_str(o, p, "PrivateIpAddress")?, &ap)?, public_ip: None });
            paths.push(ap);
        }
        if let Some(first) = private_ips.first_mut() {
            if first.public_ip.is_none() {
                first.public_ip = top_public;
            }
        }
        for (ip, ap) in private_ips.iter().zip(&paths) {
            if !subnet.cidr_block.contains(&ip.address) {
                return fail(
                    ap,
                    ImportProblem::AddressOutsideSubnet {
                        address: ip.address.to_string(),
                        subnet: subnet.id.to_string(),
                        cidr: subnet.cidr_block.to_string(),
                    },
                );
            }
            self.claim_address(IpAddr::V4(ip.address), &subnet, &id, ap)?;
        }
        let mut ipv6_addresses = Vec::new();
        for (ap, a) in objects(o, p, "Ipv6Addresses")? {
            let ap = ap.k("Ipv6Address");
            let text = opt_str(a, &ap, "Ipv6Address");
            let address = v6addr(text?.map_or_else(|| fail(&ap, ImportProblem::Missing), Ok)?, &ap)?;
            match subnet.ipv6_cidr_block {
                Some(c) if c.contains(&address) => {}
                Some(c) => {
                    return fail(
                        &ap,
                        ImportProblem::AddressOutsideSubnet {
                            address: address.to_string(),
                            subnet: subnet.id.to_string(),
                            cidr: c.to_string(),
                        },
                    )
                }
                None => {
                    return fail(
                        &ap,
                        ImportProblem::SubnetHasNoIpv6 { address: address.to_string(), subnet: subnet.id.to_string() },
                    )
                }
            }
            self.claim_address(IpAddr::V6(address), &subnet, &id, &ap)?;
            ipv6_addresses.push(address);
        }
        let mut security_groups = Vec::new();
        for (gp, g) in objects(o, p, "Groups")? {
            let gid = req_id(g, &gp, "GroupId")?;
            let Some(group) = self.group_index.get(gid.as_str()).and_then(|&i| self.net.security_groups.get(i)) else {
                return fail(
                    &gp.k("GroupId"),
                    ImportProblem::UnknownReference { kind: "security group", id: gid, list: "SecurityGroups" },
                );
            };
            if group.vpc_id != subnet.vpc_id {
                return fail(
                    &gp.k("GroupId"),
                    ImportProblem::WrongVpc {
                        kind: "security group",
                        id: gid,
                        actual: group.vpc_id.to_string(),
                        expected: subnet.vpc_id.to_string(),
                    },
                );
            }
            security_groups.push(group.id.clone());
        }
        let (instance_id, device_index) = match opt_obj(o, p, "Attachment")? {
            Some(a) => (
                opt_str(a, &p.k("Attachment"), "InstanceId")?.filter(|s| !s.is_empty()).map(str::to_owned),
                opt_int(a, &p.k("Attachment"), "DeviceIndex")?,
            ),
            None => (None, None),
        };
        let requester_id = opt_str(o, p, "RequesterId")?.map(str::to_owned);
        let tags = match field(o, "TagSet") {
            Some(_) => tags(o, p, "TagSet")?,
            None => tags(o, p, "Tags")?,
        };
        self.interface_index.insert(id.clone(), self.net.network_interfaces.len());
        self.net.network_interfaces.push(NetworkInterface {
            id: NetworkInterfaceId::new(id),
            subnet_id: subnet.id.clone(),
            description: opt_str(o, p, "Description")?.unwrap_or("").to_owned(),
            private_ips,
            ipv6_addresses,
            security_groups,
            resource_id: None,
            tags,
        });
        Ok(Owner { instance_id, requester_id, device_index })
    }

    fn claim_address(&mut self, address: IpAddr, subnet: &Subnet, eni: &str, path: &P) -> R<()> {
        let key = (subnet.vpc_id.to_string(), address);
        if let Some(other) = self.addresses.get(&key) {
            return fail(path, ImportProblem::DuplicateAddress { address: address.to_string(), other: other.clone() });
        }
        self.addresses.insert(key, eni.to_owned());
        Ok(())
    }

    fn prefix_list(&mut self, p: &P, o: &Map<String, Value>) -> R<()> {
        let id = req_id(o, p, "PrefixListId")?;
        self.claim(&id, &p.k("PrefixListId"))?;
        let name = opt_str(o, p, "PrefixListName")?.unwrap_or("").to_owned();
        let cidrs_path = p.k("Cidrs");
        let mut cidrs = Vec::new();
        for (i, c) in arr(o, p, "Cidrs")?.iter().enumerate() {
            let cp = cidrs_path.i(i);
            let Value::String(text) = c else { return wrong(&cp, "a string", c) };
            cidrs.push(
                text.parse::<IpNet>()
                    .or_else(|_| fail(&cp, ImportProblem::InvalidCidr { text: text.clone(), family: "IP" }))?,
            );
        }
        self.net.prefix_lists.push(PrefixList { id: PrefixListId::new(id), name, cidrs });
        Ok(())
    }

    fn resource(&mut self, p: &P, o: &Map<String, Value>) -> R<()> {
        let id = req_id(o, p, "Id")?;
        if let Some(first) = self.resource_paths.get(&id) {
            return fail(&p.k("Id"), ImportProblem::DuplicateId { id, first: first.clone() });
        }
        self.resource_paths.insert(id.clone(), p.k("Id").0);
        let kind = match req_str(o, p, "Kind")? {
            "ec2" => ResourceKind::Ec2,
            "rds" => ResourceKind::Rds,
            "alb" => ResourceKind::Alb,
            other => {
                return fail(
                    &p.k("Kind"),
                    ImportProblem::UnknownValue { text: other.into(), expected: "ec2, rds or alb" },
                )
            }
        };
        let name = opt_str(o, p, "Name")?.map_or_else(|| id.clone(), str::to_owned);
        let list = p.k("NetworkInterfaceIds");
        for (i, v) in arr(o, p, "NetworkInterfaceIds")?.iter().enumerate() {
            let ep = list.i(i);
            let Value::String(eni) = v else { return wrong(&ep, "a string", v) };
            let Some(interface) =
                self.interface_index.get(eni.as_str()).and_then(|&i| self.net.network_interfaces.get_mut(i))
            else {
                return fail(
                    &ep,
                    ImportProblem::UnknownReference {
                        kind: "network interface",
                        id: eni.clone(),
                        list: "NetworkInterfaces",
                    },
                );
            };
            if let Some(other) = &interface.resource_id {
                return fail(&ep, ImportProblem::InterfaceClaimedTwice { eni: eni.clone(), other: other.to_string() });
            }
            interface.resource_id = Some(ResourceId::new(id.as_str()));
        }
        self.net.resources.push(Resource { id: ResourceId::new(id), kind, name });
        Ok(())
    }

    /// Resources from what the interfaces say: an EC2 instance from
    /// `Attachment.InstanceId`, an RDS database from `RequesterId: amazon-rds` or the
    /// description `RDSNetworkInterface`, a load balancer from the description
    /// `ELB app/NAME/...`.
    fn derive_resources(&mut self, owners: &[Owner], instance_names: &HashMap<String, String>) {
        let mut known: HashSet<ResourceId> = self.net.resources.iter().map(|r| r.id.clone()).collect();
        for (eni, owner) in self.net.network_interfaces.iter_mut().zip(owners) {
            let eni_name = name_tag(&eni.tags).map(str::to_owned);
            let (id, kind, name) = if let Some(instance) = &owner.instance_id {
                let name = instance_names.get(instance).cloned().or(eni_name).unwrap_or_else(|| instance.clone());
                (instance.clone(), ResourceKind::Ec2, name)
            } else if owner.requester_id.as_deref() == Some("amazon-rds") || eni.description == "RDSNetworkInterface" {
                (eni.id.to_string(), ResourceKind::Rds, eni_name.unwrap_or_else(|| eni.id.to_string()))
            } else if let Some(alb) = alb_name(&eni.description) {
                (alb.to_owned(), ResourceKind::Alb, alb.to_owned())
            } else {
                continue;
            };
            let id = ResourceId::new(id);
            if known.insert(id.clone()) {
                self.net.resources.push(Resource { id: id.clone(), kind, name });
            }
            eni.resource_id = Some(id);
        }
    }

    /// Puts each resource's interfaces in the order of their `Attachment.DeviceIndex`,
    /// so that its first is its primary interface (device index 0), which is what an
    /// instance id means: `describe-network-interfaces` lists interfaces in no
    /// documented order. Only the places the resource's interfaces hold in the list
    /// are shuffled; an interface without a device index keeps its place after those
    /// with one.
    fn primary_interfaces_first(&mut self, owners: &[Owner]) {
        let interfaces = &mut self.net.network_interfaces;
        let mut places: HashMap<ResourceId, Vec<usize>> = HashMap::new();
        for (i, eni) in interfaces.iter().enumerate() {
            if let Some(r) = &eni.resource_id {
                places.entry(r.clone()).or_default().push(i);
            }
        }
        for slots in places.values().filter(|s| s.len() > 1) {
            let mut order = slots.clone();
            // A stable sort: equal or missing indexes keep the listed order.
            order.sort_by_key(|&i| owners.get(i).and_then(|o| o.device_index).unwrap_or(i128::MAX));
            if order == *slots {
                continue;
            }
            let moved: Vec<NetworkInterface> = order.iter().filter_map(|&i| interfaces.get(i).cloned()).collect();
            for (&slot, eni) in slots.iter().zip(moved) {
                if let Some(place) = interfaces.get_mut(slot) {
                    *place = eni;
                }
            }
        }
    }

    /// What AWS gives every VPC and the document left out: a main route table, a
    /// default network ACL, the `default` security group.
    fn add_defaults(&mut self) {
        let vpcs = self.net.vpcs.clone();
        for vpc in &vpcs {
            let has_v6 = !vpc.ipv6_cidr_blocks.is_empty();
            if !self.net.route_tables.iter().any(|t| t.main && t.vpc_id == vpc.id) {
                let id = self.make_id(RouteTableId::PREFIX, &format!("main route table of {}", vpc.id));
                let routes = vpc
                    .cidr_blocks
                    .iter()
                    .map(|c| IpNet::V4(*c))
                    .chain(vpc.ipv6_cidr_blocks.iter().map(|c| IpNet::V6(*c)))
                    .map(|destination| Route { destination, target: RouteTarget::Local })
                    .collect();
                self.net.route_tables.push(RouteTable {
                    id: RouteTableId::new(id),
                    vpc_id: vpc.id.clone(),
                    main: true,
                    subnet_ids: vec![],
                    routes,
                    tags: vec![],
                });
            }
            if !self.net.network_acls.iter().any(|a| a.is_default && a.vpc_id == vpc.id) {
                let id = self.make_id(NetworkAclId::PREFIX, &format!("default network ACL of {}", vpc.id));
                let mut acl = default_network_acl(NetworkAclId::new(id), vpc.id.clone(), vec![]);
                if has_v6 {
                    let allow_v6 = NaclEntry {
                        rule_number: 101,
                        action: RuleAction::Allow,
                        traffic: Traffic::All,
                        cidr: IpNet::V6(Ipv6Net::default()),
                    };
                    acl.inbound.push(allow_v6.clone());
                    acl.outbound.push(allow_v6);
                }
                self.net.network_acls.push(acl);
            }
            if !self.group_names.contains(&(vpc.id.to_string(), "default".to_owned())) {
                let id = SecurityGroupId::new(
                    self.make_id(SecurityGroupId::PREFIX, &format!("default security group of {}", vpc.id)),
                );
                let rule =
                    |traffic, peer| SgRule { id: SecurityGroupRuleId::new(NO_ID), traffic, peer, description: None };
                let mut outbound = vec![rule(Traffic::All, Peer::Cidr(IpNet::V4(Ipv4Net::default())))];
                if has_v6 {
                    outbound.push(rule(Traffic::All, Peer::Cidr(IpNet::V6(Ipv6Net::default()))));
                }
                self.net.security_groups.push(SecurityGroup {
                    inbound: vec![rule(Traffic::All, Peer::SecurityGroup(id.clone()))],
                    outbound,
                    id,
                    name: "default".into(),
                    description: "default VPC security group".into(),
                    vpc_id: vpc.id.clone(),
                    tags: vec![],
                });
            }
        }
    }

    /// Gives every rule its id: from `SecurityGroupRules` when it lists the rule,
    /// else one made from the group, the direction and the rule's position.
    fn assign_rule_ids(&mut self, mut given: RuleIds) {
        let mut groups = std::mem::take(&mut self.net.security_groups);
        for group in &mut groups {
            for (egress, rules) in [(false, &mut group.inbound), (true, &mut group.outbound)] {
                for (position, rule) in rules.iter_mut().enumerate() {
                    let key = (group.id.to_string(), egress, rule.traffic, rule.peer.clone());
                    rule.id = match given.get_mut(&key).and_then(VecDeque::pop_front) {
                        Some(id) => id,
                        None => SecurityGroupRuleId::new(self.make_id(
                            SecurityGroupRuleId::PREFIX,
                            &format!("{} {} rule {position}", group.id, if egress { "outbound" } else { "inbound" }),
                        )),
                    };
                }
            }
        }
        self.net.security_groups = groups;
    }
}

type RuleIds = HashMap<(String, bool, Traffic, Peer), VecDeque<SecurityGroupRuleId>>;

/// The fields a route's target may be in, in the order they are looked for.
const ROUTE_TARGET_KEYS: [&str; 10] = [
    "GatewayId",
    "NatGatewayId",
    "TransitGatewayId",
    "VpcPeeringConnectionId",
    "NetworkInterfaceId",
    "InstanceId",
    "EgressOnlyInternetGatewayId",
    "CarrierGatewayId",
    "LocalGatewayId",
    "CoreNetworkArn",
];

/// `IpPermissions` or `IpPermissionsEgress`: one rule per peer, in the order
/// IpRanges, Ipv6Ranges, UserIdGroupPairs, PrefixListIds. Ids come later.
fn permissions(o: &Map<String, Value>, p: &P, key: &str) -> R<Vec<SgRule>> {
    let mut rules = Vec::new();
    for (pp, perm) in objects(o, p, key)? {
        let traffic = sg_traffic(perm, &pp)?;
        let mut push = |peer, description: Option<&str>| {
            rules.push(SgRule {
                id: SecurityGroupRuleId::new(NO_ID),
                traffic,
                peer,
                description: description.map(str::to_owned),
            })
        };
        for (rp, r) in objects(perm, &pp, "IpRanges")? {
            let cidr = v4net(req_str(r, &rp, "CidrIp")?, &rp.k("CidrIp"))?;
            push(Peer::Cidr(IpNet::V4(cidr)), opt_str(r, &rp, "Description")?);
        }
        for (rp, r) in objects(perm, &pp, "Ipv6Ranges")? {
            let cidr = v6net(req_str(r, &rp, "CidrIpv6")?, &rp.k("CidrIpv6"))?;
            push(Peer::Cidr(IpNet::V6(cidr)), opt_str(r, &rp, "Description")?);
        }
        for (rp, r) in objects(perm, &pp, "UserIdGroupPairs")? {
            let group = req_id(r, &rp, "GroupId")?;
            push(Peer::SecurityGroup(SecurityGroupId::new(group)), opt_str(r, &rp, "Description")?);
        }
        for (rp, r) in objects(perm, &pp, "PrefixListIds")? {
            let list = req_id(r, &rp, "PrefixListId")?;
            push(Peer::PrefixList(PrefixListId::new(list)), opt_str(r, &rp, "Description")?);
        }
    }
    Ok(rules)
}

/// Instance id -> its `Name` tag, from `Reservations` (as `describe-instances` prints it).
fn instance_names(doc: &Map<String, Value>, root: &P) -> R<HashMap<String, String>> {
    let mut names = HashMap::new();
    for (rp, r) in objects(doc, root, "Reservations")? {
        for (ip, i) in objects(r, &rp, "Instances")? {
            let id = req_str(i, &ip, "InstanceId")?;
            if let Some(name) = name_tag(&tags(i, &ip, "Tags")?) {
                names.insert(id.to_owned(), name.to_owned());
            }
        }
    }
    Ok(names)
}

/// The load balancer's name in an ALB interface's description, `ELB app/NAME/…`.
fn alb_name(description: &str) -> Option<&str> {
    let rest = description.strip_prefix("ELB app/")?;
    let name = rest.split('/').next()?;
    (!name.is_empty()).then_some(name)
}

/// FNV-1a, to turn the text that identifies a generated thing into a seed.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

// ---------------------------------------------------------------------------
// Export

/// Writes a network as AWS JSON (pretty-printed), as the module documentation
/// describes: what the `describe-*` commands print, plus `SecurityGroupRules` and
/// `SgLab`. [`from_aws_json`] reads it back to the same network.
pub fn to_aws_json(network: &Network) -> String {
    serde_json::to_string_pretty(&export(network)).unwrap_or_default()
}

/// The document [`to_aws_json`] writes, as a JSON value.
pub fn to_aws_value(network: &Network) -> Value {
    serde_json::to_value(export(network)).unwrap_or_default()
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Document {
    vpcs: Vec<VpcOut>,
    subnets: Vec<SubnetOut>,
    route_tables: Vec<RouteTableOut>,
    internet_gateways: Vec<InternetGatewayOut>,
    network_acls: Vec<NetworkAclOut>,
    security_groups: Vec<SecurityGroupOut>,
    network_interfaces: Vec<NetworkInterfaceOut>,
    security_group_rules: Vec<SecurityGroupRuleOut>,
    #[serde(rename = "SgLab")]
    sg_lab: SgLabOut,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TagOut {
    key: String,
    value: String,
}

fn tags_out(tags: &[Tag]) -> Vec<TagOut> {
    tags.iter().map(|t| TagOut { key: t.key.clone(), value: t.value.clone() }).collect()
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StateOut {
    state: &'static str,
}

const ASSOCIATED: StateOut = StateOut { state: "associated" };

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct VpcOut {
    vpc_id: String,
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    cidr_block: Option<String>,
    cidr_block_association_set: Vec<CidrAssociationOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ipv6_cidr_block_association_set: Vec<Ipv6CidrAssociationOut>,
    is_default: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<TagOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CidrAssociationOut {
    association_id: String,
    cidr_block: String,
    cidr_block_state: StateOut,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Ipv6CidrAssociationOut {
    association_id: String,
    ipv6_cidr_block: String,
    ipv6_cidr_block_state: StateOut,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SubnetOut {
    subnet_id: String,
    vpc_id: String,
    state: &'static str,
    cidr_block: String,
    ipv6_cidr_block_association_set: Vec<Ipv6CidrAssociationOut>,
    availability_zone: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<TagOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RouteTableOut {
    route_table_id: String,
    vpc_id: String,
    associations: Vec<RouteTableAssociationOut>,
    routes: Vec<RouteOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<TagOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RouteTableAssociationOut {
    main: bool,
    route_table_association_id: String,
    route_table_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    subnet_id: Option<String>,
    association_state: StateOut,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "PascalCase")]
struct RouteOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_cidr_block: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_ipv6_cidr_block: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transit_gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vpc_peering_connection_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    network_interface_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    egress_only_internet_gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    carrier_gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    local_gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    core_network_arn: Option<String>,
    origin: &'static str,
    state: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct InternetGatewayOut {
    internet_gateway_id: String,
    attachments: Vec<IgwAttachmentOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<TagOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct IgwAttachmentOut {
    state: &'static str,
    vpc_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct NetworkAclOut {
    network_acl_id: String,
    vpc_id: String,
    is_default: bool,
    associations: Vec<NaclAssociationOut>,
    entries: Vec<NaclEntryOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<TagOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct NaclAssociationOut {
    network_acl_association_id: String,
    network_acl_id: String,
    subnet_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct NaclEntryOut {
    rule_number: u32,
    protocol: String,
    rule_action: RuleAction,
    egress: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    cidr_block: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ipv6_cidr_block: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    port_range: Option<NaclPortRangeOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icmp_type_code: Option<IcmpTypeCodeOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct NaclPortRangeOut {
    from: u16,
    to: u16,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct IcmpTypeCodeOut {
    r#type: i32,
    code: i32,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SecurityGroupOut {
    group_id: String,
    group_name: String,
    description: String,
    vpc_id: String,
    ip_permissions: Vec<IpPermissionOut>,
    ip_permissions_egress: Vec<IpPermissionOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<TagOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct IpPermissionOut {
    ip_protocol: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to_port: Option<i32>,
    ip_ranges: Vec<IpRangeOut>,
    ipv6_ranges: Vec<Ipv6RangeOut>,
    user_id_group_pairs: Vec<GroupPairOut>,
    prefix_list_ids: Vec<PrefixListIdOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct IpRangeOut {
    cidr_ip: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Ipv6RangeOut {
    cidr_ipv6: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct GroupPairOut {
    group_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PrefixListIdOut {
    prefix_list_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SecurityGroupRuleOut {
    security_group_rule_id: String,
    group_id: String,
    is_egress: bool,
    ip_protocol: String,
    from_port: i32,
    to_port: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    cidr_ipv4: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cidr_ipv6: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    referenced_group_info: Option<ReferencedGroupOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prefix_list_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ReferencedGroupOut {
    group_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct NetworkInterfaceOut {
    network_interface_id: String,
    subnet_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    vpc_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    availability_zone: Option<String>,
    description: String,
    interface_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    requester_id: Option<&'static str>,
    requester_managed: bool,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    private_ip_address: Option<String>,
    private_ip_addresses: Vec<PrivateIpOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<PublicIpOut>,
    ipv6_addresses: Vec<Ipv6AddressOut>,
    groups: Vec<GroupOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    attachment: Option<AttachmentOut>,
    tag_set: Vec<TagOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PrivateIpOut {
    primary: bool,
    private_ip_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    association: Option<PublicIpOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PublicIpOut {
    public_ip: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Ipv6AddressOut {
    ipv6_address: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct GroupOut {
    group_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    group_name: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AttachmentOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance_owner_id: Option<&'static str>,
    device_index: usize,
    status: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SgLabOut {
    resources: Vec<ResourceOut>,
    internet_hosts: Vec<InternetHostOut>,
    prefix_lists: Vec<PrefixListOut>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ResourceOut {
    id: String,
    kind: ResourceKind,
    name: String,
    network_interface_ids: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct InternetHostOut {
    name: String,
    address: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PrefixListOut {
    prefix_list_id: String,
    prefix_list_name: String,
    cidrs: Vec<String>,
}

/// An association id (`rtbassoc-…`, `aclassoc-…`): not in the model, so made from
/// what it associates, the same on every export.
fn association_id(prefix: &str, key: &str) -> String {
    aws_style_id(prefix, fnv1a(key))
}

/// AWS's `FromPort`/`ToPort` (for rules) or `Type`/`Code` (ICMP) of some traffic.
fn ports_of(traffic: Traffic) -> Option<(i32, i32)> {
    let icmp = |m: IcmpMatch| match m {
        IcmpMatch::AllTypes => (-1, -1),
        IcmpMatch::Type { icmp_type, code } => (i32::from(icmp_type), code.map_or(-1, i32::from)),
    };
    match traffic {
        Traffic::Tcp(r) | Traffic::Udp(r) => Some((i32::from(r.from), i32::from(r.to))),
        Traffic::Icmp(m) | Traffic::Icmpv6(m) => Some(icmp(m)),
        Traffic::All | Traffic::Other(_) => None,
    }
}

/// Where a route's target goes, by the prefix of its id.
fn route_target(route: &mut RouteOut, id: &str) {
    let slot = match id {
        _ if id.starts_with("nat-") => &mut route.nat_gateway_id,
        _ if id.starts_with("tgw-") => &mut route.transit_gateway_id,
        _ if id.starts_with("pcx-") => &mut route.vpc_peering_connection_id,
        _ if id.starts_with("eni-") => &mut route.network_interface_id,
        _ if id.starts_with("i-") => &mut route.instance_id,
        _ if id.starts_with("eigw-") => &mut route.egress_only_internet_gateway_id,
        _ if id.starts_with("cagw-") => &mut route.carrier_gateway_id,
        _ if id.starts_with("lgw-") => &mut route.local_gateway_id,
        _ if id.starts_with("arn:") => &mut route.core_network_arn,
        _ => &mut route.gateway_id,
    };
    *slot = Some(id.to_owned());
}

fn export(net: &Network) -> Document {
    let vpc_has_v6 = |id: &VpcId| net.vpc(id).is_some_and(|v| !v.ipv6_cidr_blocks.is_empty());
    let vpcs = net
        .vpcs
        .iter()
        .map(|v| VpcOut {
            vpc_id: v.id.to_string(),
            state: "available",
            cidr_block: v.cidr_blocks.first().map(ToString::to_string),
            cidr_block_association_set: v
                .cidr_blocks
                .iter()
                .map(|c| CidrAssociationOut {
                    association_id: association_id("vpc-cidr-assoc-", &format!("{} {c}", v.id)),
                    cidr_block: c.to_string(),
                    cidr_block_state: ASSOCIATED,
                })
                .collect(),
            ipv6_cidr_block_association_set: v
                .ipv6_cidr_blocks
                .iter()
                .map(|c| Ipv6CidrAssociationOut {
                    association_id: association_id("vpc-cidr-assoc-", &format!("{} {c}", v.id)),
                    ipv6_cidr_block: c.to_string(),
                    ipv6_cidr_block_state: ASSOCIATED,
                })
                .collect(),
            is_default: v.is_default,
            tags: tags_out(&v.tags),
        })
        .collect();
    let subnets = net
        .subnets
        .iter()
        .map(|s| SubnetOut {
            subnet_id: s.id.to_string(),
            vpc_id: s.vpc_id.to_string(),
            state: "available",
            cidr_block: s.cidr_block.to_string(),
            ipv6_cidr_block_association_set: s
                .ipv6_cidr_block
                .iter()
                .map(|c| Ipv6CidrAssociationOut {
                    association_id: association_id("subnet-cidr-assoc-", &format!("{} {c}", s.id)),
                    ipv6_cidr_block: c.to_string(),
                    ipv6_cidr_block_state: ASSOCIATED,
                })
                .collect(),
            availability_zone: s.availability_zone.clone(),
            tags: tags_out(&s.tags),
        })
        .collect();
    let route_tables = net
        .route_tables
        .iter()
        .map(|t| {
            let main = t.main.then(|| RouteTableAssociationOut {
                main: true,
                route_table_association_id: association_id("rtbassoc-", &format!("{} main", t.id)),
                route_table_id: t.id.to_string(),
                subnet_id: None,
                association_state: ASSOCIATED,
            });
            let explicit = t.subnet_ids.iter().map(|s| RouteTableAssociationOut {
                main: false,
                route_table_association_id: association_id("rtbassoc-", &format!("{} {s}", t.id)),
                route_table_id: t.id.to_string(),
                subnet_id: Some(s.to_string()),
                association_state: ASSOCIATED,
            });
            RouteTableOut {
                route_table_id: t.id.to_string(),
                vpc_id: t.vpc_id.to_string(),
                associations: main.into_iter().chain(explicit).collect(),
                routes: t.routes.iter().map(route_out).collect(),
                tags: tags_out(&t.tags),
            }
        })
        .collect();
    let internet_gateways = net
        .internet_gateways
        .iter()
        .map(|g| InternetGatewayOut {
            internet_gateway_id: g.id.to_string(),
            attachments: g
                .vpc_id
                .iter()
                .map(|v| IgwAttachmentOut { state: "available", vpc_id: v.to_string() })
                .collect(),
            tags: tags_out(&g.tags),
        })
        .collect();
    let network_acls = net
        .network_acls
        .iter()
        .map(|a| {
            let mut entries = Vec::new();
            for (egress, list) in [(true, &a.outbound), (false, &a.inbound)] {
                for e in list {
                    entries.push(nacl_entry_out(u32::from(e.rule_number), e.action, e.traffic, e.cidr, egress));
                }
                let deny = |n, cidr| nacl_entry_out(n, RuleAction::Deny, Traffic::All, cidr, egress);
                entries.push(deny(32767, IpNet::V4(Ipv4Net::default())));
                if vpc_has_v6(&a.vpc_id) {
                    entries.push(deny(32768, IpNet::V6(Ipv6Net::default())));
                }
            }
            NetworkAclOut {
                network_acl_id: a.id.to_string(),
                vpc_id: a.vpc_id.to_string(),
                is_default: a.is_default,
                associations: a
                    .subnet_ids
                    .iter()
                    .map(|s| NaclAssociationOut {
                        network_acl_association_id: association_id("aclassoc-", &format!("{} {s}", a.id)),
                        network_acl_id: a.id.to_string(),
                        subnet_id: s.to_string(),
                    })
                    .collect(),
                entries,
                tags: tags_out(&a.tags),
            }
        })
        .collect();
    let security_groups = net
        .security_groups
        .iter()
        .map(|g| SecurityGroupOut {
            group_id: g.id.to_string(),
            group_name: g.name.clone(),
            description: g.description.clone(),
            vpc_id: g.vpc_id.to_string(),
            ip_permissions: permissions_out(&g.inbound),
            ip_permissions_egress: permissions_out(&g.outbound),
            tags: tags_out(&g.tags),
        })
        .collect();
    let security_group_rules = net
        .security_groups
        .iter()
        .flat_map(|g| {
            let inbound = g.inbound.iter().map(move |r| (g, false, r));
            inbound.chain(g.outbound.iter().map(move |r| (g, true, r)))
        })
        .map(|(g, is_egress, r)| {
            let (from_port, to_port) = ports_of(r.traffic).unwrap_or((-1, -1));
            let mut out = SecurityGroupRuleOut {
                security_group_rule_id: r.id.to_string(),
                group_id: g.id.to_string(),
                is_egress,
                ip_protocol: r.traffic.protocol().api_name(),
                from_port,
                to_port,
                cidr_ipv4: None,
                cidr_ipv6: None,
                referenced_group_info: None,
                prefix_list_id: None,
                description: r.description.clone(),
            };
            match &r.peer {
                Peer::Cidr(IpNet::V4(c)) => out.cidr_ipv4 = Some(c.to_string()),
                Peer::Cidr(IpNet::V6(c)) => out.cidr_ipv6 = Some(c.to_string()),
                Peer::SecurityGroup(id) => {
                    out.referenced_group_info = Some(ReferencedGroupOut { group_id: id.to_string() })
                }
                Peer::PrefixList(id) => out.prefix_list_id = Some(id.to_string()),
            }
            out
        })
        .collect();
    let index = ExportIndex::new(net);
    let network_interfaces = net.network_interfaces.iter().map(|n| interface_out(&index, n)).collect();
    let sg_lab = SgLabOut {
        resources: net
            .resources
            .iter()
            .map(|r| ResourceOut {
                id: r.id.to_string(),
                kind: r.kind,
                name: r.name.clone(),
                network_interface_ids: index
                    .interfaces_of
                    .get(r.id.as_str())
                    .map(|list| list.iter().map(|n| n.id.to_string()).collect())
                    .unwrap_or_default(),
            })
            .collect(),
        internet_hosts: net
            .internet_hosts
            .iter()
            .map(|h| InternetHostOut { name: h.name.clone(), address: h.address.to_string() })
            .collect(),
        prefix_lists: net
            .prefix_lists
            .iter()
            .map(|l| PrefixListOut {
                prefix_list_id: l.id.to_string(),
                prefix_list_name: l.name.clone(),
                cidrs: l.cidrs.iter().map(ToString::to_string).collect(),
            })
            .collect(),
    };
    Document {
        vpcs,
        subnets,
        route_tables,
        internet_gateways,
        network_acls,
        security_groups,
        network_interfaces,
        security_group_rules,
        sg_lab,
    }
}

fn route_out(r: &Route) -> RouteOut {
    let mut out = RouteOut { origin: "CreateRoute", state: "active", ..RouteOut::default() };
    match r.destination {
        IpNet::V4(c) => out.destination_cidr_block = Some(c.to_string()),
        IpNet::V6(c) => out.destination_ipv6_cidr_block = Some(c.to_string()),
    }
    match &r.target {
        RouteTarget::Local => {
            out.gateway_id = Some("local".into());
            out.origin = "CreateRouteTable";
        }
        RouteTarget::InternetGateway(id) => out.gateway_id = Some(id.to_string()),
        RouteTarget::Other { id } => route_target(&mut out, id),
        RouteTarget::Blackhole { id } => {
            route_target(&mut out, id);
            out.state = "blackhole";
        }
    }
    out
}

fn nacl_entry_out(rule_number: u32, action: RuleAction, traffic: Traffic, cidr: IpNet, egress: bool) -> NaclEntryOut {
    let protocol = traffic.protocol().number().map_or_else(|| "-1".to_owned(), |n| n.to_string());
    let (port_range, icmp_type_code) = match (traffic, ports_of(traffic)) {
        (Traffic::Tcp(_) | Traffic::Udp(_), Some((from, to))) => (
            Some(NaclPortRangeOut { from: u16::try_from(from).unwrap_or(0), to: u16::try_from(to).unwrap_or(0) }),
            None,
        ),
        (Traffic::Icmp(_) | Traffic::Icmpv6(_), Some((t, c))) => (None, Some(IcmpTypeCodeOut { r#type: t, code: c })),
        _ => (None, None),
    };
    NaclEntryOut {
        rule_number,
        protocol,
        rule_action: action,
        egress,
        cidr_block: match cidr {
            IpNet::V4(c) => Some(c.to_string()),
            IpNet::V6(_) => None,
        },
        ipv6_cidr_block: match cidr {
            IpNet::V6(c) => Some(c.to_string()),
            IpNet::V4(_) => None,
        },
        port_range,
        icmp_type_code,
    }
}

/// The rank of a peer in an IpPermission: IpRanges, Ipv6Ranges, UserIdGroupPairs, PrefixListIds.
fn peer_rank(peer: &Peer) -> u8 {
    match peer {
        Peer::Cidr(IpNet::V4(_)) => 0,
        Peer::Cidr(IpNet::V6(_)) => 1,
        Peer::SecurityGroup(_) => 2,
        Peer::PrefixList(_) => 3,
    }
}

/// Groups rules into IpPermissions: consecutive rules with the same traffic share
/// one, as long as their peers come in the order AWS lists them, so that reading
/// the permissions back gives the rules in the same order.
fn permissions_out(rules: &[SgRule]) -> Vec<IpPermissionOut> {
    let mut out: Vec<IpPermissionOut> = Vec::new();
    let mut last: Option<(Traffic, u8)> = None;
    for rule in rules {
        let rank = peer_rank(&rule.peer);
        let joins = last.is_some_and(|(t, r)| t == rule.traffic && r <= rank);
        if !joins {
            let ports = ports_of(rule.traffic);
            out.push(IpPermissionOut {
                ip_protocol: rule.traffic.protocol().api_name(),
                from_port: ports.map(|p| p.0),
                to_port: ports.map(|p| p.1),
                ip_ranges: vec![],
                ipv6_ranges: vec![],
                user_id_group_pairs: vec![],
                prefix_list_ids: vec![],
            });
        }
        last = Some((rule.traffic, rank));
        let Some(perm) = out.last_mut() else { continue };
        let description = rule.description.clone();
        match &rule.peer {
            Peer::Cidr(IpNet::V4(c)) => perm.ip_ranges.push(IpRangeOut { cidr_ip: c.to_string(), description }),
            Peer::Cidr(IpNet::V6(c)) => perm.ipv6_ranges.push(Ipv6RangeOut { cidr_ipv6: c.to_string(), description }),
            Peer::SecurityGroup(id) => {
                perm.user_id_group_pairs.push(GroupPairOut { group_id: id.to_string(), description })
            }
            Peer::PrefixList(id) => {
                perm.prefix_list_ids.push(PrefixListIdOut { prefix_list_id: id.to_string(), description })
            }
        }
    }
    out
}

/// What export looks up for every interface, found once: by id, the first subnet,
/// resource and group (as `Network::subnet` and the others find them), and each
/// resource's interfaces in order (as `Network::interfaces_of` lists them).
struct ExportIndex<'n> {
    subnets: HashMap<&'n str, &'n Subnet>,
    resources: HashMap<&'n str, &'n Resource>,
    groups: HashMap<&'n str, &'n SecurityGroup>,
    interfaces_of: HashMap<&'n str, Vec<&'n NetworkInterface>>,
}

impl<'n> ExportIndex<'n> {
    fn new(net: &'n Network) -> Self {
        let mut index = ExportIndex {
            subnets: HashMap::new(),
            resources: HashMap::new(),
            groups: HashMap::new(),
            interfaces_of: HashMap::new(),
        };
        for s in &net.subnets {
            index.subnets.entry(s.id.as_str()).or_insert(s);
        }
        for r in &net.resources {
            index.resources.entry(r.id.as_str()).or_insert(r);
        }
        for g in &net.security_groups {
            index.groups.entry(g.id.as_str()).or_insert(g);
        }
        for n in &net.network_interfaces {
            if let Some(r) = &n.resource_id {
                index.interfaces_of.entry(r.as_str()).or_default().push(n);
            }
        }
        index
    }
}

fn interface_out(index: &ExportIndex<'_>, n: &NetworkInterface) -> NetworkInterfaceOut {
    let subnet = index.subnets.get(n.subnet_id.as_str());
    let resource = n.resource_id.as_ref().and_then(|r| index.resources.get(r.as_str()));
    let kind = resource.map(|r| r.kind);
    let device_index = resource.map_or(0, |r| {
        index.interfaces_of.get(r.id.as_str()).and_then(|list| list.iter().position(|x| x.id == n.id)).unwrap_or(0)
    });
    let attachment = resource.map(|r| AttachmentOut {
        instance_id: (r.kind == ResourceKind::Ec2).then(|| r.id.to_string()),
        instance_owner_id: match r.kind {
            ResourceKind::Ec2 => None,
            ResourceKind::Rds => Some("amazon-rds"),
            ResourceKind::Alb => Some("amazon-elb"),
        },
        device_index: if r.kind == ResourceKind::Ec2 { device_index } else { 1 },
        status: "attached",
    });
    let public = |ip: &PrivateIp| ip.public_ip.map(|a| PublicIpOut { public_ip: a.to_string() });
    NetworkInterfaceOut {
        network_interface_id: n.id.to_string(),
        subnet_id: n.subnet_id.to_string(),
        vpc_id: subnet.map(|s| s.vpc_id.to_string()),
        availability_zone: subnet.map(|s| s.availability_zone.clone()),
        description: n.description.clone(),
        interface_type: "interface",
        requester_id: match kind {
            Some(ResourceKind::Rds) => Some("amazon-rds"),
            Some(ResourceKind::Alb) => Some("amazon-elb"),
            _ => None,
        },
        requester_managed: matches!(kind, Some(ResourceKind::Rds | ResourceKind::Alb)),
        status: if resource.is_some() { "in-use" } else { "available" },
        private_ip_address: n.private_ips.first().map(|p| p.address.to_string()),
        private_ip_addresses: n
            .private_ips
            .iter()
            .enumerate()
            .map(|(i, p)| PrivateIpOut {
                primary: i == 0,
                private_ip_address: p.address.to_string(),
                association: public(p),
            })
            .collect(),
        association: n.private_ips.first().and_then(public),
        ipv6_addresses: n.ipv6_addresses.iter().map(|a| Ipv6AddressOut { ipv6_address: a.to_string() }).collect(),
        groups: n
            .security_groups
            .iter()
            .map(|g| GroupOut {
                group_id: g.to_string(),
                group_name: index.groups.get(g.as_str()).map(|s| s.name.clone()),
            })
            .collect(),
        attachment,
        tag_set: tags_out(&n.tags),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alb_interface_description_names_the_load_balancer() {
        assert_eq!(alb_name("ELB app/shop-alb/50dc6c495c0c9188"), Some("shop-alb"));
        assert_eq!(alb_name("ELB net/shop-nlb/50dc6c495c0c9188"), None);
        assert_eq!(alb_name("ELB app/"), None);
    }

    #[test]
    fn an_error_without_a_path_shows_only_its_problem() {
        let e = ImportError { path: String::new(), problem: Box::new(ImportProblem::Missing) };
        assert_eq!(e.to_string(), "missing");
        let e = ImportError { path: "Vpcs[0].VpcId".into(), problem: Box::new(ImportProblem::Missing) };
        assert_eq!(e.to_string(), "Vpcs[0].VpcId: missing");
    }
}
