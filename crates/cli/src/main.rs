//! `sglab`: judge a connection through an AWS VPC from the command line.
//!
//! A thin layer over `sglab-engine`: it reads the network (AWS JSON or a built-in
//! example), turns the arguments into a `Flow`, and prints the engine's `Verdict`.
//!
//! Exit status: 0 allowed, 1 denied, 2 bad input (the message on standard error).

mod args;
mod grade;
mod reach;
mod render;
mod repair;

use args::{CheckArgs, Cli, Command, ExampleName};
use clap::Parser;
use sglab_engine::{aws, example, Flow, Network, Protocol, Service};
use std::io::{self, Read, Write};
use std::process::ExitCode;

const ALLOWED: u8 = 0;
const DENIED: u8 = 1;
const BAD_INPUT: u8 = 2;

/// A reason the command could not do what was asked: printed as one line, exit 2.
struct BadInput {
    message: String,
    /// The command whose `--help` to point at.
    help: &'static str,
}

impl BadInput {
    fn check(message: impl Into<String>) -> Self {
        BadInput { message: message.into(), help: "sglab check --help" }
    }

    fn new(help: &'static str, message: impl Into<String>) -> Self {
        BadInput { message: message.into(), help }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return args::report_parse_error(&e),
    };
    let result = match cli.command {
        Command::Check(check_args) => check(&check_args),
        Command::Reach(reach_args) => reach::run(&reach_args),
        Command::Fix(fix_args) => repair::run(&fix_args),
        Command::Example { name } => print_example(name),
        Command::Grade(grade_args) => grade::run(&grade_args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(bad) => {
            // Nothing more can be done if standard error is gone.
            let _ = writeln!(io::stderr(), "sglab: {}\nTry '{}' for more information.", bad.message, bad.help);
            ExitCode::from(BAD_INPUT)
        }
    }
}

fn example_network(name: ExampleName) -> Network {
    match name {
        ExampleName::Chapter => example::chapter(),
    }
}

fn print_example(name: ExampleName) -> Result<u8, BadInput> {
    let json = aws::to_aws_json(&example_network(name));
    write_stdout(&json)?;
    Ok(ALLOWED)
}

/// The network `--aws FILE` or `--example NAME` names; `help` is the command's help.
fn load_network(aws: Option<&str>, example: Option<ExampleName>, help: &'static str) -> Result<Network, BadInput> {
    match (aws, example) {
        (Some(path), _) => read_network(path, help),
        (None, Some(name)) => Ok(example_network(name)),
        // clap requires one of the two; this is only a fallback.
        (None, None) => Err(BadInput::new(help, "give the network with --aws FILE (or --example chapter)")),
    }
}

fn check(a: &CheckArgs) -> Result<u8, BadInput> {
    let network = load_network(a.aws.as_deref(), a.example, "sglab check --help")?;
    let source = network.parse_endpoint(&a.from).map_err(|e| BadInput::check(format!("--from: {e}")))?;
    let destination = network.parse_endpoint(&a.to).map_err(|e| BadInput::check(format!("--to: {e}")))?;
    let mut flow = Flow::new(source, destination, service(&ServiceFlags::of_check(a), "sglab check --help")?);
    if let Some(port) = a.source_port {
        flow.source_port = port;
    }
    let verdict = sglab_engine::evaluate(&network, &flow).map_err(|e| BadInput::check(e.to_string()))?;
    let text = if a.json {
        let mut json = serde_json::to_string_pretty(&verdict)
            .map_err(|e| BadInput::check(format!("cannot write the verdict as JSON: {e}")))?;
        json.push('\n');
        json
    } else {
        render::verdict(&verdict)
    };
    write_stdout(&text)?;
    Ok(if verdict.allowed { ALLOWED } else { DENIED })
}

/// Reads and imports AWS JSON from a file, or from standard input for `-`.
fn read_network(path: &str, help: &'static str) -> Result<Network, BadInput> {
    let bad = |message: String| BadInput::new(help, message);
    let (text, name) = if path == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).map_err(|e| bad(format!("cannot read standard input: {e}")))?;
        (text, "standard input")
    } else {
        let text =
            std::fs::read_to_string(path).map_err(|e| bad(format!("cannot read `{path}`: {}", io_reason(&e))))?;
        (text, path)
    };
    aws::from_aws_json(&text).map_err(|e| bad(import_message(name, path, &e)))
}

/// An import error as the CLI says it: the file's name first, and for an exercise
/// given as a lab, how to grade a lab against it.
fn import_message(name: &str, path: &str, e: &aws::ImportError) -> String {
    match &*e.problem {
        aws::ImportProblem::IsExercise { .. } => {
            let file = if path == "-" { "EXERCISE" } else { path };
            format!(
                "{name}: this is an exercise, not a lab: grade labs against it with `sglab grade {file} LAB…`, \
                 or open it from the lab's Lessons tab"
            )
        }
        _ => format!("{name}: {e}"),
    }
}

/// The OS's reason without the `(os error N)` suffix.
fn io_reason(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// The flags that say what service a command is about (`--source-port` only where it applies).
struct ServiceFlags<'a> {
    protocol: &'a str,
    port: Option<u16>,
    icmp_type: Option<u8>,
    icmp_code: Option<u8>,
    source_port: Option<u16>,
}

impl<'a> ServiceFlags<'a> {
    fn of_check(a: &'a CheckArgs) -> Self {
        ServiceFlags {
            protocol: &a.protocol,
            port: a.port,
            icmp_type: a.icmp_type,
            icmp_code: a.icmp_code,
            source_port: a.source_port,
        }
    }
}

/// The service the arguments ask for; the flags that do not apply to the protocol are refused.
fn service(a: &ServiceFlags, help: &'static str) -> Result<Service, BadInput> {
    let bad = |message: String| BadInput::new(help, message);
    let protocol: Protocol = a.protocol.parse().map_err(|e| bad(format!("{e}")))?;
    let icmp_given = a.icmp_type.is_some() || a.icmp_code.is_some();
    let name = protocol.api_name();
    if !protocol.has_ports() {
        if a.port.is_some() {
            return Err(bad(format!("--port applies to tcp and udp only, not to protocol `{name}`")));
        }
        if a.source_port.is_some() {
            return Err(bad(format!("--source-port applies to tcp and udp only, not to protocol `{name}`")));
        }
    }
    if icmp_given && !matches!(protocol, Protocol::Icmp | Protocol::Icmpv6) {
        return Err(bad(format!(
            "--icmp-type and --icmp-code apply to icmp and icmpv6 only, not to protocol `{name}`"
        )));
    }
    let port = || a.port.ok_or_else(|| bad(format!("protocol `{name}` needs a destination port: add --port N")));
    Ok(match protocol {
        Protocol::Tcp => Service::Tcp { port: port()? },
        Protocol::Udp => Service::Udp { port: port()? },
        // Echo request (ping) unless told otherwise.
        Protocol::Icmp => Service::Icmp { icmp_type: a.icmp_type.unwrap_or(8), code: a.icmp_code.unwrap_or(0) },
        Protocol::Icmpv6 => Service::Icmpv6 { icmp_type: a.icmp_type.unwrap_or(128), code: a.icmp_code.unwrap_or(0) },
        Protocol::All => Service::All,
        Protocol::Number(n) => Service::Other(n),
    })
}

/// Writes to standard output; a closed pipe (`sglab … | head`) is not an error.
fn write_stdout(text: &str) -> Result<(), BadInput> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(BadInput { message: format!("cannot write the output: {e}"), help: "sglab --help" })
        }
        _ => Ok(()),
    }
}
