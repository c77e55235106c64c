//! The console's rule form: Type presets, Source types, a row typed by the user and
//! what it becomes, and the console's warnings.

#![expect(clippy::unwrap_used, reason = "helpers outside #[test] functions: a failed setup should stop the test")]

use ipnet::IpNet;
use sglab_engine::console::*;
use sglab_engine::edit::{apply, Field, RuleSpec};
use sglab_engine::example::{self, APP_SG_ID, VPC_ID};
use sglab_engine::ids::*;
use sglab_engine::*;

fn vpc() -> VpcId {
    VpcId::new(VPC_ID)
}

fn cidr(s: &str) -> Peer {
    Peer::Cidr(s.parse::<IpNet>().unwrap())
}

fn row(rule_type: RuleType, port_range: &str, source: &str) -> RuleDraft {
    RuleDraft { port_range: port_range.into(), source: source.into(), ..RuleDraft::new(rule_type) }
}

fn parse(draft: &RuleDraft) -> Result<RuleSpec, Vec<FieldError>> {
    draft.parse(&example::chapter(), &vpc())
}

fn one_error(draft: &RuleDraft) -> FieldError {
    let errors = parse(draft).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap()
}

#[test]
fn every_type_of_the_console_is_offered_in_its_order() {
    let labels: Vec<&str> = RuleType::all().map(RuleType::label).collect();
    for label in [
        "All traffic",
        "All TCP",
        "All UDP",
        "All ICMP - IPv4",
        "All ICMP - IPv6",
        "Custom TCP",
        "Custom UDP",
        "Custom ICMP - IPv4",
        "Custom protocol",
        "SSH",
        "SMTP",
        "DNS (UDP)",
        "DNS (TCP)",
        "HTTP",
        "POP3",
        "IMAP",
        "LDAP",
        "HTTPS",
        "SMB",
        "SMTPS",
        "IMAPS",
        "POP3S",
        "MSSQL",
        "NFS",
        "MYSQL/Aurora",
        "RDP",
        "PostgreSQL",
        "Redshift",
        "Oracle-RDS",
    ] {
        assert!(labels.contains(&label), "{label} is missing");
        assert_eq!(RuleType::from_label(label).map(RuleType::label), Some(label));
    }
    assert_eq!(labels[0], "Custom TCP", "a new row starts as Custom TCP");
    assert_eq!(RuleDraft::default().rule_type, RuleType::CustomTcp);
}

#[test]
fn service_presets_fix_protocol_and_port() {
    for (label, traffic) in [
        ("SSH", Traffic::Tcp(PortRange::single(22))),
        ("SMTP", Traffic::Tcp(PortRange::single(25))),
        ("DNS (UDP)", Traffic::Udp(PortRange::single(53))),
        ("DNS (TCP)", Traffic::Tcp(PortRange::single(53))),
        ("HTTP", Traffic::Tcp(PortRange::single(80))),
        ("POP3", Traffic::Tcp(PortRange::single(110))),
        ("IMAP", Traffic::Tcp(PortRange::single(143))),
        ("LDAP", Traffic::Tcp(PortRange::single(389))),
        ("HTTPS", Traffic::Tcp(PortRange::single(443))),
        ("SMB", Traffic::Tcp(PortRange::single(445))),
        ("SMTPS", Traffic::Tcp(PortRange::single(465))),
        ("IMAPS", Traffic::Tcp(PortRange::single(993))),
        ("POP3S", Traffic::Tcp(PortRange::single(995))),
        ("MSSQL", Traffic::Tcp(PortRange::single(1433))),
        ("NFS", Traffic::Tcp(PortRange::single(2049))),
        ("MYSQL/Aurora", Traffic::Tcp(PortRange::single(3306))),
        ("RDP", Traffic::Tcp(PortRange::single(3389))),
        ("PostgreSQL", Traffic::Tcp(PortRange::single(5432))),
        ("Redshift", Traffic::Tcp(PortRange::single(5439))),
        ("Oracle-RDS", Traffic::Tcp(PortRange::single(1521))),
        ("All traffic", Traffic::All),
        ("All TCP", Traffic::Tcp(PortRange::ALL)),
        ("All UDP", Traffic::Udp(PortRange::ALL)),
        ("All ICMP - IPv4", Traffic::Icmp(IcmpMatch::AllTypes)),
        ("All ICMP - IPv6", Traffic::Icmpv6(IcmpMatch::AllTypes)),
    ] {
        let t = RuleType::from_label(label).unwrap();
        assert_eq!(t.fixed_traffic(), Some(traffic), "{label}");
        assert_eq!(t.editable(), Editable::Nothing, "{label}");
        // Shown back under the same preset.
        assert_eq!(preset_for(traffic), t, "{label}");
        // Whatever was left in the greyed-out fields does not count.
        let draft = RuleDraft { protocol: "junk".into(), ..row(t, "junk", "10.0.0.0/8") };
        assert_eq!(parse(&draft).unwrap().traffic, traffic, "{label}");
    }
}

#[test]
fn only_custom_types_leave_fields_open() {
    assert_eq!(RuleType::CustomTcp.editable(), Editable::PortRange);
    assert_eq!(RuleType::CustomUdp.editable(), Editable::PortRange);
    assert_eq!(RuleType::CustomIcmpV4.editable(), Editable::IcmpTypeCode);
    assert_eq!(RuleType::CustomProtocol.editable(), Editable::ProtocolNumber);
    for t in RuleType::all() {
        let custom = t.label().starts_with("Custom");
        assert_eq!(t.fixed_traffic().is_none(), custom, "{}", t.label());
        assert_eq!(t.preset().rule_type, t);
    }
}

#[test]
fn an_existing_rule_shows_under_its_preset_name() {
    assert_eq!(preset_for(Traffic::Tcp(PortRange::single(443))), RuleType::Https);
    assert_eq!(preset_for(Traffic::Tcp(PortRange::single(3306))).label(), "MYSQL/Aurora");
    assert_eq!(preset_for(Traffic::Udp(PortRange::single(53))), RuleType::DnsUdp);
    assert_eq!(preset_for(Traffic::Tcp(PortRange::single(8080))), RuleType::CustomTcp);
    assert_eq!(preset_for(Traffic::Tcp(PortRange { from: 1024, to: 65535 })), RuleType::CustomTcp);
    assert_eq!(preset_for(Traffic::Udp(PortRange::single(443))), RuleType::CustomUdp);
    assert_eq!(preset_for(Traffic::Icmp(IcmpMatch::Type { icmp_type: 8, code: None })), RuleType::CustomIcmpV4);
    assert_eq!(preset_for(Traffic::Other(47)), RuleType::CustomProtocol);
    assert_eq!(protocol_text(Traffic::Tcp(PortRange::single(443))), "TCP");
    assert_eq!(port_range_text(Traffic::Tcp(PortRange { from: 1024, to: 65535 })), "1024 - 65535");
    assert_eq!(port_range_text(Traffic::All), "All");
}

#[test]
fn custom_tcp_takes_a_port_or_a_range() {
    let t = |s: &str| parse(&row(RuleType::CustomTcp, s, "0.0.0.0/0")).map(|r| r.traffic);
    assert_eq!(t("443"), Ok(Traffic::Tcp(PortRange::single(443))));
    assert_eq!(t(" 1024-65535 "), Ok(Traffic::Tcp(PortRange { from: 1024, to: 65535 })));
    assert_eq!(t("1024 - 2048"), Ok(Traffic::Tcp(PortRange { from: 1024, to: 2048 })));
    assert_eq!(
        parse(&row(RuleType::CustomUdp, "500", "0.0.0.0/0")).unwrap().traffic,
        Traffic::Udp(PortRange::single(500))
    );
    for bad in ["", "65536", "http", "-5", "1-2-3", "80,443", "1.5"] {
        let e = one_error(&row(RuleType::CustomTcp, bad, "0.0.0.0/0"));
        assert_eq!(e.field, Field::PortRange, "{bad}");
        assert_eq!(e.message, "Port range must be a number from 0 to 65535, or a range such as 1024-65535", "{bad}");
    }
    let e = one_error(&row(RuleType::CustomTcp, "65535-1024", "0.0.0.0/0"));
    assert_eq!(e.message, "The first port must not be greater than the last: did you mean 1024-65535?");
}

#[test]
fn custom_icmp_takes_a_type_and_a_code() {
    let icmp = |ty: &str, code: &str| {
        parse(&RuleDraft { protocol: ty.into(), ..row(RuleType::CustomIcmpV4, code, "0.0.0.0/0") }).map(|r| r.traffic)
    };
    assert_eq!(icmp("Echo Request", "All"), Ok(Traffic::Icmp(IcmpMatch::Type { icmp_type: 8, code: None })));
    assert_eq!(icmp("3", "4"), Ok(Traffic::Icmp(IcmpMatch::Type { icmp_type: 3, code: Some(4) })));
    assert_eq!(icmp("All", ""), Ok(Traffic::Icmp(IcmpMatch::AllTypes)));
    assert_eq!(icmp("-1", "-1"), Ok(Traffic::Icmp(IcmpMatch::AllTypes)));
    let errors = icmp("All", "4").unwrap_err();
    assert_eq!(errors[0].field, Field::PortRange);
    assert_eq!(errors[0].message, "The ICMP code must be All when the type is All: choose a type to give a code");
    assert_eq!(icmp("ping", "All").unwrap_err()[0].field, Field::Protocol);
    assert_eq!(icmp("8", "300").unwrap_err()[0].field, Field::PortRange);
}

#[test]
fn custom_protocol_takes_a_protocol_number() {
    let p = |s: &str| parse(&RuleDraft { protocol: s.into(), ..row(RuleType::CustomProtocol, "", "0.0.0.0/0") });
    assert_eq!(p("47").unwrap().traffic, Traffic::Other(47));
    assert_eq!(p("6").unwrap().traffic, Traffic::Tcp(PortRange::ALL), "protocol 6 is all of TCP");
    let e = p("300").unwrap_err();
    assert_eq!(e[0].field, Field::Protocol);
    assert_eq!(e[0].message, "Protocol must be a protocol number from 0 to 255, such as 47 for GRE");
}

#[test]
fn source_types_fill_the_source() {
    let with = |st: SourceType, source: &str| {
        parse(&RuleDraft { source_type: st, ..row(RuleType::Https, "", source) }).map(|r| r.peer)
    };
    assert_eq!(with(SourceType::AnywhereIpv4, "ignored"), Ok(cidr("0.0.0.0/0")));
    assert_eq!(with(SourceType::AnywhereIpv6, ""), Ok(cidr("::/0")));
    assert_eq!(with(SourceType::MyIp, "203.0.113.9"), Ok(cidr("203.0.113.9/32")));
    assert_eq!(with(SourceType::MyIp, "2001:db8::1"), Ok(cidr("2001:db8::1/128")));
    assert_eq!(with(SourceType::MyIp, "").unwrap_err()[0].field, Field::Source);
    assert_eq!(SourceType::ALL.map(SourceType::label), ["Custom", "Anywhere-IPv4", "Anywhere-IPv6", "My IP"]);
}

#[test]
fn the_source_may_be_a_cidr_a_group_id_a_group_name_or_a_prefix_list() {
    let mut net = example::chapter();
    net.prefix_lists.push(PrefixList {
        id: PrefixListId::new("pl-0123456789abcdef0"),
        name: "office".into(),
        cidrs: vec!["198.51.100.0/24".parse().unwrap()],
    });
    let src = |s: &str| row(RuleType::Https, "", s).parse(&net, &vpc()).map(|r| r.peer);
    assert_eq!(src("10.1.1.0/24"), Ok(cidr("10.1.1.0/24")));
    assert_eq!(src("2001:db8::/32"), Ok(cidr("2001:db8::/32")));
    assert_eq!(src(APP_SG_ID), Ok(Peer::SecurityGroup(SecurityGroupId::new(APP_SG_ID))));
    assert_eq!(
        src(&format!("{APP_SG_ID} / app-server-sg")),
        Ok(Peer::SecurityGroup(SecurityGroupId::new(APP_SG_ID))),
        "as the suggestion list writes it"
    );
    assert_eq!(src("app-server-sg"), Ok(Peer::SecurityGroup(SecurityGroupId::new(APP_SG_ID))));
    assert_eq!(src("pl-0123456789abcdef0"), Ok(Peer::PrefixList(PrefixListId::new("pl-0123456789abcdef0"))));
    let options = source_options(&net, &vpc());
    assert!(options.contains(&(APP_SG_ID.to_owned(), "app-server-sg".to_owned())));
    assert!(options.contains(&("pl-0123456789abcdef0".to_owned(), "office".to_owned())));
}

#[test]
fn a_wrong_source_gets_a_message_that_says_how_to_fix_it() {
    let msg = |s: &str| {
        let e = one_error(&row(RuleType::Https, "", s));
        assert_eq!(e.field, Field::Source);
        e.message
    };
    assert_eq!(msg("10.1.1.5/24"), "CIDR blocks must not have host bits set: did you mean 10.1.1.0/24?");
    assert_eq!(msg("1.2.3.4"), "Add a prefix length to the address: did you mean 1.2.3.4/32?");
    assert_eq!(msg("10.1.1.0/33"), "Enter a valid CIDR block, such as 10.0.0.0/16, or a security group ID");
    assert_eq!(msg("not-a-group"), "Enter a valid CIDR block, such as 10.0.0.0/16, or a security group ID");
    assert_eq!(msg("sg-0000000000000dead"), "Security group sg-0000000000000dead does not exist in this VPC");
    assert_eq!(msg("pl-00000000"), "Prefix list pl-00000000 does not exist");
    assert_eq!(msg(""), "Enter a CIDR block, such as 10.0.0.0/16, a security group ID or a prefix list ID");
}

#[test]
fn every_wrong_field_of_a_row_gets_its_own_message() {
    let draft = RuleDraft { description: "x".repeat(256), ..row(RuleType::CustomTcp, "99999", "10.1.1.5/24") };
    let errors = parse(&draft).unwrap_err();
    let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, vec![Field::PortRange, Field::Source, Field::Description]);
    assert_eq!(
        errors[2].message,
        "Descriptions can be up to 255 characters long. Allowed characters are a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*"
    );
}

#[test]
fn the_chapter_rows_parse_and_save() {
    let mut net = example::chapter();
    let g = apply(
        &mut net,
        &Edit::CreateSecurityGroup {
            vpc_id: vpc(),
            name: "our-learning-sg-https".into(),
            description: "HTTPS and HTTP".into(),
            tags: vec![],
        },
    )
    .unwrap()
    .security_group()
    .unwrap()
    .clone();
    let rows = [
        RuleDraft {
            source_type: SourceType::AnywhereIpv4,
            description: "HTTPS".into(),
            ..row(RuleType::Https, "", "")
        },
        RuleDraft { description: "HTTP".into(), ..row(RuleType::CustomTcp, "80", "0.0.0.0/0") },
    ];
    let specs: Vec<RuleSpec> = rows.iter().map(|r| r.parse(&net, &vpc()).unwrap()).collect();
    apply(&mut net, &Edit::AuthorizeSecurityGroupIngress { group_id: g.clone(), rules: specs.clone() }).unwrap();
    let group = net.security_group(&g).unwrap();
    assert_eq!(group.inbound.iter().map(RuleSpec::from).collect::<Vec<_>>(), specs);

    // And the "Edit inbound rules" page shows them back.
    let shown: Vec<RuleDraft> = group.inbound.iter().map(|r| RuleDraft::from_spec(&RuleSpec::from(r))).collect();
    assert_eq!(shown[0].rule_type, RuleType::Https);
    assert_eq!(shown[0].source_type, SourceType::AnywhereIpv4);
    assert_eq!(shown[1].rule_type, RuleType::Http);
    for (draft, spec) in shown.iter().zip(&specs) {
        assert_eq!(&draft.parse(&net, &vpc()).unwrap(), spec, "a rule shown in the form parses back to itself");
    }
}

#[test]
fn a_rule_shown_in_the_form_parses_back_to_itself() {
    let net = example::chapter();
    for spec in [
        RuleSpec::new(Traffic::Tcp(PortRange { from: 1024, to: 65535 }), cidr("10.0.0.0/8")),
        RuleSpec::new(Traffic::Udp(PortRange::single(123)), cidr("::/0")),
        RuleSpec::new(Traffic::Icmp(IcmpMatch::Type { icmp_type: 3, code: Some(4) }), cidr("0.0.0.0/0")),
        RuleSpec::new(Traffic::Icmpv6(IcmpMatch::Type { icmp_type: 128, code: None }), cidr("::/0")),
        RuleSpec::new(Traffic::Other(47), Peer::SecurityGroup(SecurityGroupId::new(APP_SG_ID))),
        RuleSpec::new(Traffic::All, cidr("1.2.3.4/32")).with_description("all from one host"),
    ] {
        assert_eq!(RuleDraft::from_spec(&spec).parse(&net, &vpc()), Ok(spec.clone()), "{spec:?}");
    }
}

#[test]
fn ssh_or_rdp_open_to_anywhere_gets_a_warning() {
    let anywhere = |t: Traffic, peer: &str| RuleSpec::new(t, cidr(peer));
    let ssh = Traffic::Tcp(PortRange::single(22));
    let rdp = Traffic::Tcp(PortRange::single(3389));
    assert_eq!(warnings(Direction::Inbound, &anywhere(ssh, "0.0.0.0/0")).len(), 1);
    assert!(warnings(Direction::Inbound, &anywhere(ssh, "0.0.0.0/0"))[0].contains("SSH (port 22)"));
    assert_eq!(warnings(Direction::Inbound, &anywhere(rdp, "::/0")).len(), 1);
    assert_eq!(warnings(Direction::Inbound, &anywhere(Traffic::All, "0.0.0.0/0")).len(), 2);
    assert!(warnings(Direction::Inbound, &anywhere(ssh, "1.2.3.4/32")).is_empty());
    assert!(warnings(Direction::Inbound, &anywhere(Traffic::Tcp(PortRange::single(443)), "0.0.0.0/0")).is_empty());
    assert!(warnings(Direction::Outbound, &anywhere(ssh, "0.0.0.0/0")).is_empty());
}
