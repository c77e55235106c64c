//! The command line, declared with clap, and how its errors are reported.

use clap::error::ErrorKind;
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "sglab",
    version,
    max_term_width = 80,
    about = "Check whether a connection gets through AWS security groups, network ACLs, route tables and internet gateways, and why.",
    after_help = "Examples:\n  sglab example chapter > chapter.json\n  sglab check --aws chapter.json --from 1.2.3.4 --to 4.5.6.7 -p tcp --port 443\n\nExit status: 0 allowed, 1 denied, 2 bad input."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Judge one connection: allowed or denied, hop by hop, with the deciding rules.
    #[command(
        after_help = CHECK_HELP,
        override_usage = "sglab check (--aws FILE | --example chapter) --from A --to B\n       --protocol P [--port N | --icmp-type T --icmp-code C]\n       [--source-port N] [--json]"
    )]
    Check(CheckArgs),
    /// Who can reach what on one service: every source × destination of the lab,
    /// or the sources of one end (--who-can-reach), or its destinations (--where-can-go).
    #[command(
        after_help = REACH_HELP,
        override_usage = "sglab reach (--aws FILE | --example chapter) --protocol P\n       [--port N | --icmp-type T --icmp-code C]\n       [--who-can-reach X | --where-can-go X] [--json]"
    )]
    Reach(ReachArgs),
    /// What would make a blocked connection work (every component that blocks it and
    /// the rule changes that let it through), or what would block an allowed one.
    #[command(
        after_help = FIX_HELP,
        override_usage = "sglab fix (--aws FILE | --example chapter) --from A --to B\n       --protocol P [--port N | --icmp-type T --icmp-code C]\n       [--source-port N] [--json]"
    )]
    Fix(CheckArgs),
    /// Grade students' labs against an exercise: the score and each failed check, or
    /// one line (or CSV row) per lab for a class.
    #[command(after_help = GRADE_HELP)]
    Grade(GradeArgs),
    /// Print a built-in network as AWS JSON (the input format of `check --aws`).
    Example {
        /// The network: `chapter` is the Security Groups chapter's VPC.
        #[arg(value_enum)]
        name: ExampleName,
    },
}

const CHECK_HELP: &str = "\
Endpoints (--from, --to): an IP address (10.1.1.33, 4.5.6.7), a network interface
id (eni-…), an instance or resource id or name (i-…, \"App Server\"), or the name of
an internet host in the lab (\"Web browser\").

Protocols: tcp and udp need --port. icmp and icmpv6 take --icmp-type and
--icmp-code (default: echo request, 8/0 for icmp, 128/0 for icmpv6). -1 is all
traffic (is everything allowed?). Any other number is that IP protocol.

Examples:
  sglab example chapter > chapter.json
  sglab check --aws chapter.json --from 1.2.3.4 --to 4.5.6.7 -p tcp --port 443
  sglab check --aws chapter.json --from \"App Server\" --to 10.1.2.15 -p icmp
  cat vpc.json | sglab check --aws - --from eni-… --to 10.0.0.5 -p -1 --json
  sglab check --example chapter --from 10.1.2.15 --to 10.1.1.33 -p tcp --port 443

Exit status: 0 allowed, 1 denied, 2 bad input.";

#[derive(Args)]
#[command(group(ArgGroup::new("network").required(true).args(["aws", "example"])))]
pub struct CheckArgs {
    /// The network as AWS JSON (what `sglab example` prints, or the output of
    /// `aws ec2 describe-*` gathered into one object); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub aws: Option<String>,
    /// Use a built-in network instead of a file (`chapter`).
    #[arg(long, value_enum, value_name = "NAME")]
    pub example: Option<ExampleName>,
    /// Where the connection starts.
    #[arg(long, value_name = "ENDPOINT")]
    pub from: String,
    /// Where it goes.
    #[arg(long, value_name = "ENDPOINT")]
    pub to: String,
    /// tcp, udp, icmp, icmpv6, -1 (all traffic) or an IP protocol number.
    #[arg(long, short = 'p', value_name = "PROTOCOL", allow_negative_numbers = true)]
    pub protocol: String,
    /// Destination port (tcp and udp).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// ICMP type (icmp, icmpv6) [default: 8 for icmp, 128 for icmpv6].
    #[arg(long, value_name = "T")]
    pub icmp_type: Option<u8>,
    /// ICMP code (icmp, icmpv6) [default: 0].
    #[arg(long, value_name = "C")]
    pub icmp_code: Option<u8>,
    /// The client's source port, where replies go (tcp and udp) [default: 50000].
    #[arg(long, value_name = "N")]
    pub source_port: Option<u16>,
    /// Print the verdict as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

const GRADE_HELP: &str = "\
EXERCISE is an exercise file (docs/exercises.md; the lab's lessons in
lessons/ are examples). Each LAB is a lab a student exported, as AWS JSON; `-`
reads standard input.

One lab: the score, then every step with its points and what each failed check
finds wrong. Several labs: one line per lab (file, score/max, passed or failed);
a lab that cannot be read gets its own line with the reason, and the others are
still graded.

Examples:
  sglab grade challenge.json alice.json
  sglab grade challenge.json labs/*.json
  sglab grade challenge.json labs/*.json --csv > grades.csv

Exit status: 0 every lab read and every check passed, 1 every lab read and some
check failed, 2 bad input (the exercise, or a lab that could not be read).";

const REACH_HELP: &str = "\
The ends are the lab's network interfaces (each reached at the address a peer would
use: privately from its VPC, at its public IP from elsewhere) and its named internet
hosts. Up to 15 ends print as a table (rows are sources, columns destinations, each
cell `ok` or the reason it is blocked); larger labs print the allowed pairs and the
counts of each reason.

X (--who-can-reach, --where-can-go): an end's name, interface or resource id, or
one of its addresses.

Examples:
  sglab reach --example chapter -p tcp --port 443
  sglab reach --aws account.json -p tcp --port 5432 --who-can-reach \"MySQL database\"
  sglab reach --aws account.json -p icmp --where-can-go eni-0a1b2c3d4e5f60001 --json

Exit status: 0 answered, 2 bad input.";

#[derive(Args)]
#[command(group(ArgGroup::new("network").required(true).args(["aws", "example"])))]
pub struct ReachArgs {
    /// The network as AWS JSON (what `sglab example` prints, or the output of
    /// `aws ec2 describe-*` gathered into one object); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub aws: Option<String>,
    /// Use a built-in network instead of a file (`chapter`).
    #[arg(long, value_enum, value_name = "NAME")]
    pub example: Option<ExampleName>,
    /// tcp, udp, icmp, icmpv6, -1 (all traffic) or an IP protocol number.
    #[arg(long, short = 'p', value_name = "PROTOCOL", allow_negative_numbers = true)]
    pub protocol: String,
    /// Destination port (tcp and udp).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// ICMP type (icmp, icmpv6) [default: 8 for icmp, 128 for icmpv6].
    #[arg(long, value_name = "T")]
    pub icmp_type: Option<u8>,
    /// ICMP code (icmp, icmpv6) [default: 0].
    #[arg(long, value_name = "C")]
    pub icmp_code: Option<u8>,
    /// Only the sources that can reach X (and why the others cannot).
    #[arg(long, value_name = "X", conflicts_with = "where_can_go")]
    pub who_can_reach: Option<String>,
    /// Only the destinations X can reach (and why the others cannot).
    #[arg(long, value_name = "X")]
    pub where_can_go: Option<String>,
    /// Print the answer as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

const FIX_HELP: &str = "\
For a blocked connection: every component on its path that blocks it, in order,
each with the smallest change that lets it pass (a rule, a network ACL entry, a
route, an internet gateway), or what to do by hand when no edit can. Applying the
changes in order makes the connection allowed.

For an allowed connection: the rule, entry or route that let it through at each hop,
and the changes that would block it.

Endpoints and protocols as for `sglab check`.

Examples:
  sglab fix --example chapter --from 10.1.2.15 --to 10.1.1.33 -p tcp --port 443
  sglab fix --example chapter --from 1.2.3.4 --to 4.5.6.7 -p tcp --port 443 --json

Exit status: 0 answered, 2 bad input.";

#[derive(Args)]
pub struct GradeArgs {
    /// The exercise file.
    #[arg(value_name = "EXERCISE")]
    pub exercise: String,
    /// The students' labs as AWS JSON, one file each; `-` reads standard input.
    #[arg(value_name = "LAB", required = true, num_args = 1..)]
    pub labs: Vec<String>,
    /// Print the report as JSON instead of text (for several labs, an array of
    /// `{"file", "report"}` or `{"file", "error"}`).
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// One row per lab for a spreadsheet: file, score, max, then each check's points
    /// (one column per check), then the error of a lab that could not be read.
    #[arg(long)]
    pub csv: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExampleName {
    /// The Security Groups chapter's VPC: App Server, MySQL database, web browser.
    Chapter,
}

/// Help and version go to standard output (exit 0); anything else is bad input,
/// reported on one line (exit 2).
pub fn report_parse_error(e: &clap::Error) -> ExitCode {
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let code = if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { 2 } else { 0 };
        let _ = e.print();
        return ExitCode::from(code);
    }
    // clap's message is a paragraph (the error, sometimes a list of arguments), then
    // tips and usage: keep the first paragraph, on one line.
    let rendered = e.render().to_string();
    let message = rendered.lines().take_while(|l| !l.trim().is_empty()).map(str::trim).collect::<Vec<_>>().join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    let help = match std::env::args().nth(1).as_deref() {
        Some("check") => "sglab check --help",
        Some("reach") => "sglab reach --help",
        Some("fix") => "sglab fix --help",
        Some("grade") => "sglab grade --help",
        _ => "sglab --help",
    };
    let _ = writeln!(std::io::stderr(), "sglab: {message}\nTry '{help}' for more information.");
    ExitCode::from(2)
}
