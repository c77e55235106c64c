use super::*;
use crate::lessons::text::Span;
use sglab_engine::example::{self, chapter};
use sglab_engine::{evaluate, Edit, Endpoint};

fn draft(rule_type: &str) -> ServiceDraft {
    ServiceDraft { rule_type: rule_type.into(), ..ServiceDraft::default() }
}

fn fields(errors: &[ServiceError]) -> Vec<ServiceField> {
    errors.iter().map(|e| e.field).collect()
}

fn end(matrix: &ReachMatrix, network: &Network, name: &str) -> usize {
    matrix.find(network, name).unwrap_or_else(|| panic!("no end named {name}"))
}

/// The accessible name of the cell between two named ends.
fn name_of(network: &Network, service: Service, from: &str, to: &str) -> String {
    let matrix = ReachMatrix::build(network, service);
    cell_name(&matrix, network, end(&matrix, network, from), end(&matrix, network, to))
}

fn labels(matrix: &ReachMatrix, ends: &[usize]) -> Vec<String> {
    ends.iter().map(|&i| matrix.ends[i].label.clone()).collect()
}

const HTTPS: Service = Service::Tcp { port: 443 };
const MYSQL: Service = Service::Tcp { port: 3306 };

#[test]
fn the_picker_starts_on_https_and_reads_presets() {
    assert_eq!(ServiceDraft::default().parse(), Ok(HTTPS));
    assert_eq!(draft("MYSQL/Aurora").parse(), Ok(MYSQL));
    assert_eq!(draft("DNS (UDP)").parse(), Ok(Service::Udp { port: 53 }));
    assert_eq!(draft("All traffic").parse(), Ok(Service::All));
    let custom = ServiceDraft { port: " 8443 ".into(), ..draft("Custom UDP") };
    assert_eq!(custom.parse(), Ok(Service::Udp { port: 8443 }));
    let icmp = ServiceDraft { icmp_type: "3".into(), icmp_code: "4".into(), ..draft("Custom ICMP - IPv4") };
    assert_eq!(icmp.parse(), Ok(Service::Icmp { icmp_type: 3, code: 4 }));
    let gre = ServiceDraft { protocol_number: "47".into(), ..draft("Custom protocol") };
    assert_eq!(gre.parse(), Ok(Service::Other(47)));
}

#[test]
fn the_picker_says_which_field_is_wrong() {
    let bad_port = ServiceDraft { port: "70000".into(), ..draft("Custom TCP") };
    assert_eq!(fields(&bad_port.parse().unwrap_err()), [ServiceField::Port]);
    let bad_icmp = ServiceDraft { icmp_type: "x".into(), icmp_code: "256".into(), ..draft("Custom ICMP - IPv6") };
    assert_eq!(fields(&bad_icmp.parse().unwrap_err()), [ServiceField::IcmpType, ServiceField::IcmpCode]);
    let tcp_by_number = ServiceDraft { protocol_number: "6".into(), ..draft("Custom protocol") };
    let errors = tcp_by_number.parse().unwrap_err();
    assert_eq!(errors[0].message, "Protocol 6 is TCP: choose Custom TCP to give its details.");
    assert_eq!(fields(&draft("All TCP").parse().unwrap_err()), [ServiceField::Type]);
    assert_eq!(fields(&draft("Telnet").parse().unwrap_err()), [ServiceField::Type]);
}

#[test]
fn the_type_list_has_no_ranges() {
    let types: Vec<String> = service_types().map(type_option_text).collect();
    assert!(types.contains(&"HTTPS (443)".to_owned()));
    assert!(types.contains(&"Custom TCP".to_owned()));
    assert!(!types.iter().any(|t| t.starts_with("All TCP")));
}

#[test]
fn services_read_as_the_console_names_them() {
    assert_eq!(service_text(HTTPS), "HTTPS (TCP 443)");
    assert_eq!(service_text(MYSQL), "MYSQL/Aurora (TCP 3306)");
    assert_eq!(service_text(Service::Tcp { port: 8080 }), "TCP 8080");
    assert_eq!(service_text(Service::Udp { port: 53 }), "DNS (UDP 53)");
    assert_eq!(service_text(Service::Tcp { port: 53 }), "DNS (TCP 53)");
    assert_eq!(service_text(Service::Icmp { icmp_type: 8, code: 0 }), "ICMP type 8 code 0");
    assert_eq!(service_text(Service::All), "all traffic");
}

#[test]
fn cells_name_the_chapters_four_verdicts() {
    let net = chapter();
    assert_eq!(name_of(&net, HTTPS, "Web browser", "App Server"), "Web browser → App Server: allowed");
    assert_eq!(name_of(&net, MYSQL, "App Server", "MySQL database"), "App Server → MySQL database: allowed");
    assert_eq!(
        name_of(&net, HTTPS, "App Server", "Suspicious server"),
        format!("App Server → Suspicious server: blocked (ENI_SG_RULES_MISMATCH at {})", example::APP_ENI_ID)
    );
    assert_eq!(
        name_of(&net, HTTPS, "MySQL database", "App Server"),
        format!("MySQL database → App Server: blocked (SG_HAS_NO_RULES at {})", example::DATABASE_ENI_ID)
    );
    assert_eq!(
        name_of(&net, HTTPS, "Web browser", "Suspicious server"),
        "Web browser → Suspicious server: not a connection"
    );
    assert_eq!(name_of(&net, HTTPS, "App Server", "App Server"), "App Server → App Server: the same end");
}

#[test]
fn a_rule_edit_changes_the_cell() {
    let mut net = chapter();
    net.apply(&Edit::RevokeSecurityGroupIngress {
        group_id: example::APP_SG_ID.into(),
        rule_ids: vec!["sgr-0a1b2c3d4e5f60003".into()],
    })
    .unwrap();
    assert_eq!(
        name_of(&net, HTTPS, "Web browser", "App Server"),
        format!("Web browser → App Server: blocked (SG_HAS_NO_RULES at {})", example::APP_ENI_ID)
    );
}

#[test]
fn details_say_where_and_why() {
    let net = chapter();
    let matrix = ReachMatrix::build(&net, HTTPS);
    let app = end(&matrix, &net, "App Server");
    let db = end(&matrix, &net, "MySQL database");
    let suspicious = end(&matrix, &net, "Suspicious server");
    assert_eq!(
        cell_details(&matrix, &net, app, suspicious),
        format!(
            "App Server → Suspicious server, HTTPS (TCP 443): blocked at App Server's security groups ({}) — \
             Security groups, outbound, on the request. `ENI_SG_RULES_MISMATCH`: the interface's security groups \
             have rules, but none allows it.",
            example::APP_ENI_ID
        )
    );
    let into_db = cell_details(&matrix, &net, app, db);
    assert!(into_db.contains("blocked at App Server's security groups"), "{into_db}");
    let hosts = cell_details(&matrix, &net, suspicious, end(&matrix, &net, "Web browser"));
    assert!(hosts.starts_with("Suspicious server → Web browser: not a connection. Neither `203.0.113.66`"), "{hosts}");
}

/// The text as the tab shows it: `code` pieces apart, no backtick left.
fn shown(text: &str) -> (String, Vec<String>) {
    let mut plain = String::new();
    let mut code = Vec::new();
    for span in crate::lessons::text::spans(text) {
        match span {
            Span::Text(t) => plain.push_str(&t),
            Span::Code(c) => {
                plain.push_str(&c);
                code.push(c);
            }
        }
    }
    (plain, code)
}

#[test]
fn details_show_addresses_and_codes_as_code_with_no_backticks() {
    let net = chapter();
    let matrix = ReachMatrix::build(&net, HTTPS);
    let (browser, suspicious) = (end(&matrix, &net, "Web browser"), end(&matrix, &net, "Suspicious server"));
    let (plain, code) = shown(&cell_details(&matrix, &net, suspicious, browser));
    assert!(!plain.contains('`'), "{plain}");
    assert!(plain.starts_with("Suspicious server → Web browser: not a connection. Neither 203.0.113.66 nor 1.2.3.4"));
    assert_eq!(code, ["203.0.113.66", "1.2.3.4"]);
    let app = end(&matrix, &net, "App Server");
    let (plain, code) = shown(&cell_details(&matrix, &net, app, suspicious));
    assert!(!plain.contains('`'), "{plain}");
    assert_eq!(code, ["ENI_SG_RULES_MISMATCH"]);
}

#[test]
fn a_pair_that_is_not_a_connection_is_explained_in_its_own_words() {
    // A copy of the App Server beside it is of its class: ICMPv6 to each names its own address.
    let mut net = chapter();
    let mut copy = net.network_interfaces[0].clone();
    copy.id = "eni-0copy0000000000001".into();
    copy.resource_id = None;
    copy.private_ips[0].address = "10.1.1.34".parse().unwrap();
    copy.private_ips[0].public_ip = Some("4.5.6.8".parse().unwrap());
    net.network_interfaces.push(copy);
    let matrix = ReachMatrix::build(&net, Service::Icmpv6 { icmp_type: 128, code: 0 });
    let database = end(&matrix, &net, "MySQL database");
    for (to, address) in [("App Server", "10.1.1.33"), ("10.1.1.34", "10.1.1.34")] {
        let details = cell_details(&matrix, &net, database, end(&matrix, &net, to));
        assert!(details.contains("not a connection"), "{details}");
        assert!(details.contains(&format!("`{address}`")), "{details}");
    }
}

#[test]
fn every_reason_code_has_words_to_show_beside_it() {
    for code in ReasonCode::ALL {
        let meaning = reason_meaning(code);
        assert!(meaning.len() > 10 && !meaning.contains('`') && !meaning.ends_with('.'), "{code}: {meaning}");
    }
}

#[test]
fn counts_agree_with_firing_each_pair() {
    let net = chapter();
    for service in [HTTPS, MYSQL, Service::Udp { port: 53 }, Service::Icmp { icmp_type: 8, code: 0 }, Service::All] {
        let matrix = ReachMatrix::build(&net, service);
        let all: Vec<usize> = (0..matrix.len()).collect();
        let found = counts(&matrix, &all, &all);
        let mut expected = Counts::default();
        for from in 0..matrix.len() {
            for to in (0..matrix.len()).filter(|&to| to != from) {
                match evaluate(&net, &matrix.flow(from, to).unwrap()) {
                    Ok(v) if v.allowed => expected.allowed += 1,
                    Ok(_) => expected.blocked += 1,
                    Err(_) => expected.not_connections += 1,
                }
            }
        }
        assert_eq!(
            (found.allowed, found.blocked, found.not_connections),
            (expected.allowed, expected.blocked, expected.not_connections),
            "{service:?}"
        );
        assert_eq!(found.pairs(), matrix.len() * (matrix.len() - 1));
        assert_eq!(found.by_reason.iter().map(|(_, n)| n).sum::<usize>(), found.blocked);
    }
}

#[test]
fn filters_pick_by_name_address_id_subnet_and_group() {
    let net = chapter();
    let matrix = ReachMatrix::build(&net, HTTPS);
    let pick = |filter: EndFilter| labels(&matrix, &select(&matrix, &net, &filter));
    let text = |t: &str| EndFilter { text: t.into(), ..EndFilter::default() };
    assert_eq!(pick(EndFilter::default()).len(), 4);
    assert_eq!(pick(text("  mysql ")), ["MySQL database"]);
    assert_eq!(pick(text("10.1.1.33")), ["App Server"]);
    assert_eq!(pick(text("4.5.6.7")), ["App Server"]);
    assert_eq!(pick(text(example::DATABASE_ENI_ID)), ["MySQL database"]);
    assert_eq!(pick(text("i-0a1b2c3d4e5f60001")), ["App Server"]);
    assert_eq!(pick(text("server")), ["App Server", "Suspicious server"]);
    assert!(pick(text("nothing-like-this")).is_empty());
    let internet = EndFilter { subnet: INTERNET.into(), ..EndFilter::default() };
    assert_eq!(pick(internet), ["Web browser", "Suspicious server"]);
    let private = EndFilter { subnet: example::PRIVATE_SUBNET_ID.into(), ..EndFilter::default() };
    assert_eq!(pick(private), ["MySQL database"]);
    let app_group = EndFilter { group: example::APP_SG_ID.into(), ..EndFilter::default() };
    assert_eq!(pick(app_group), ["App Server"]);
    let both = EndFilter { text: "server".into(), subnet: INTERNET.into(), group: String::new() };
    assert_eq!(pick(both), ["Suspicious server"]);
}

#[test]
fn filter_choices_name_subnets_and_groups() {
    let net = chapter();
    assert_eq!(
        subnet_choices(&net),
        [
            (example::PUBLIC_SUBNET_ID.to_owned(), "public-subnet (10.1.1.0/24)".to_owned()),
            (example::PRIVATE_SUBNET_ID.to_owned(), "private-subnet (10.1.2.0/24)".to_owned()),
            (INTERNET.to_owned(), "The internet (hosts)".to_owned()),
        ]
    );
    let groups = group_choices(&net);
    assert_eq!(groups.len(), 3);
    assert_eq!(groups[1], (example::APP_SG_ID.to_owned(), format!("app-server-sg ({})", example::APP_SG_ID)));
}

fn ask(net: &Network, text: &str, picker: Service) -> Result<(String, Vec<String>), String> {
    let question = parse_question(text)?;
    let matrix = ReachMatrix::build(net, question_service(&question, picker));
    let answer = answer(&matrix, net, &question)?;
    Ok((answer.heading, answer.items.into_iter().map(|i| i.label).collect()))
}

#[test]
fn questions_are_answered_with_names() {
    let net = chapter();
    assert_eq!(
        ask(&net, "who can reach App Server on port 443?", MYSQL),
        // Its rule admits 0.0.0.0/0: every host on the internet.
        Ok((
            "2 can reach App Server on HTTPS (TCP 443):".to_owned(),
            vec!["Web browser".to_owned(), "Suspicious server".to_owned()]
        ))
    );
    assert_eq!(
        ask(&net, "Where can App Server go on tcp 3306", HTTPS),
        Ok(("App Server can reach 1 on MYSQL/Aurora (TCP 3306):".to_owned(), vec!["MySQL database".to_owned()]))
    );
    // Without a service, the picker's.
    assert_eq!(
        ask(&net, "where can mysql database go?", HTTPS),
        Ok(("MySQL database can reach nothing on HTTPS (TCP 443).".to_owned(), vec![]))
    );
    assert_eq!(
        ask(&net, "who can reach 10.1.2.15", MYSQL),
        Ok(("1 can reach MySQL database on MYSQL/Aurora (TCP 3306):".to_owned(), vec!["App Server".to_owned()]))
    );
}

#[test]
fn an_answer_fires_the_pair_it_lists() {
    let net = chapter();
    let question = parse_question("who can reach App Server on 443").unwrap();
    let matrix = ReachMatrix::build(&net, HTTPS);
    let answer = answer(&matrix, &net, &question).unwrap();
    let flow = &answer.items[0].flow;
    assert_eq!(flow.source, Endpoint::Address(example::BROWSER_IP.into()));
    assert_eq!(flow.destination, Endpoint::Interface(example::APP_ENI_ID.into()));
    assert!(evaluate(&net, flow).unwrap().allowed);
}

#[test]
fn questions_that_cannot_be_answered_say_why() {
    let net = chapter();
    assert_eq!(
        ask(&net, "who can reach Bastion on 22?", HTTPS),
        Err("Nothing in the lab is called `Bastion`: name a resource or internet host, an interface or instance id, or an address.".to_owned())
    );
    assert_eq!(
        ask(&net, "can App Server reach the database?", HTTPS),
        Err("Ask `who can reach X on port P` or `where can X go on port P`.".to_owned())
    );
    let bad = ask(&net, "who can reach App Server on port http", HTTPS).unwrap_err();
    assert!(bad.starts_with("`port http` is not a service"), "{bad}");
    assert!(ask(&net, "   ", HTTPS).unwrap_err().starts_with("Type a question"));
}

#[test]
fn numbers_and_code_read_well() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1000), "1,000");
    assert_eq!(thousands(1_000_000), "1,000,000");
}

/// Who cannot, as the answer lists them: the heading, then each end with why.
fn ask_cannot(net: &Network, text: &str, picker: Service) -> (Option<String>, Vec<(String, String)>) {
    let question = parse_question(text).unwrap();
    let matrix = ReachMatrix::build(net, question_service(&question, picker));
    let answer = answer(&matrix, net, &question).unwrap();
    let items = answer
        .cannot
        .into_iter()
        .map(|item| {
            let why = match item.why {
                Why::Blocked(stop) => format!("{} — {} — {}", stop.component, stop.hop, stop.code),
                Why::NotAConnection(why) => why,
            };
            (item.label, why)
        })
        .collect();
    (answer.cannot_heading, items)
}

#[test]
fn answers_say_who_cannot_and_why() {
    let net = chapter();
    let db = format!("MySQL database's security groups ({})", example::DATABASE_ENI_ID);
    assert_eq!(
        ask_cannot(&net, "who can reach App Server on port 443?", HTTPS),
        (
            Some("1 cannot reach App Server on HTTPS (TCP 443):".to_owned()),
            vec![(
                "MySQL database".to_owned(),
                format!("{db} — Security groups, outbound, on the request — SG_HAS_NO_RULES")
            )]
        )
    );
    let (heading, items) = ask_cannot(&net, "where can App Server go on tcp 3306", HTTPS);
    assert_eq!(heading.as_deref(), Some("App Server cannot reach 2 on MYSQL/Aurora (TCP 3306):"));
    let app = format!("App Server's security groups ({})", example::APP_ENI_ID);
    assert_eq!(
        items,
        [
            (
                "Web browser".to_owned(),
                format!("{app} — Security groups, outbound, on the request — ENI_SG_RULES_MISMATCH")
            ),
            (
                "Suspicious server".to_owned(),
                format!("{app} — Security groups, outbound, on the request — ENI_SG_RULES_MISMATCH")
            ),
        ]
    );
    // From one internet host to another is no connection at all: said so, in its own words.
    let (heading, items) = ask_cannot(&net, "who can reach Web browser", HTTPS);
    assert_eq!(heading.as_deref(), Some("3 cannot reach Web browser on HTTPS (TCP 443):"));
    let (label, why) = &items[2];
    assert_eq!(label, "Suspicious server");
    assert!(why.starts_with("Neither `203.0.113.66` nor `1.2.3.4` is in the lab"), "{why}");
}

#[test]
fn a_blocked_end_fires_its_connection_and_one_that_is_not_a_connection_does_not() {
    let net = chapter();
    let question = parse_question("who can reach Web browser").unwrap();
    let matrix = ReachMatrix::build(&net, HTTPS);
    let answer = answer(&matrix, &net, &question).unwrap();
    let app = answer.cannot.iter().find(|i| i.label == "App Server").unwrap();
    let flow = app.flow.as_ref().unwrap();
    assert_eq!(flow.destination, Endpoint::Address(example::BROWSER_IP.into()));
    assert!(!evaluate(&net, flow).unwrap().allowed);
    let host = answer.cannot.iter().find(|i| i.label == "Suspicious server").unwrap();
    assert_eq!(host.flow, None);
}

#[test]
fn when_every_other_end_can_no_one_is_listed_as_cannot() {
    // The App Server and the web browser alone: 443 is open to it from anywhere.
    let mut net = chapter();
    net.network_interfaces.retain(|n| n.id.as_str() == example::APP_ENI_ID);
    net.internet_hosts.retain(|h| h.name == "Web browser");
    assert_eq!(ask_cannot(&net, "who can reach App Server on 443", HTTPS), (None, vec![]));
}
