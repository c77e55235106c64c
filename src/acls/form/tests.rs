use super::*;
use sglab_engine::example;
use sglab_engine::verdict::LegDirection;
use sglab_engine::{evaluate, ReasonCode};

const PUBLIC_SUBNET: &str = example::PUBLIC_SUBNET_ID;

fn draft(number: &str, rule_type: RuleType, ports: &str, cidr: &str, action: RuleAction) -> EntryDraft {
    let mut d = EntryDraft::new();
    d.set_type(rule_type);
    d.rule_number = number.into();
    if !ports.is_empty() {
        d.port_range = ports.into();
    }
    d.cidr = cidr.into();
    d.action = action;
    d
}

/// Creates `public-acl` through the form and associates it with the public subnet
/// through the associations form, as a student does in lesson 2.
fn with_public_acl() -> (Network, NetworkAclId) {
    let mut network = example::chapter();
    let form = CreateAclForm { name: "public-acl".into(), ..CreateAclForm::new(&network) };
    let (edit, id) = form.plan(&network).unwrap();
    let applied = network.apply(&edit).unwrap();
    assert_eq!(applied.network_acl(), Some(&id));
    let mut assoc = AssociationsForm::for_acl(&network, &id);
    assoc.set(&SubnetId::new(PUBLIC_SUBNET), true);
    for edit in assoc.plan(&network).unwrap() {
        network.apply(&edit).unwrap();
    }
    (network, id)
}

fn save(network: &mut Network, form: &EntriesForm) {
    for edit in form.plan(network).unwrap() {
        network.apply(&edit).unwrap();
    }
}

fn connection(network: &Network, number: u8) -> sglab_engine::Verdict {
    let c = example::chapter_connections().into_iter().find(|c| c.number == number).unwrap();
    evaluate(network, &c.flow).unwrap()
}

fn add_rows(form: &mut EntriesForm, keys: &mut Keys, drafts: Vec<EntryDraft>) -> Vec<u64> {
    drafts
        .into_iter()
        .map(|draft| {
            let row = EntryRow { key: keys.fresh(), draft };
            let key = row.key;
            form.rows.push(row);
            key
        })
        .collect()
}

#[test]
fn a_new_custom_acl_has_its_name_serves_the_subnet_and_denies_everything() {
    let (network, id) = with_public_acl();
    let acl = network.network_acls.iter().find(|a| a.id == id).unwrap();
    assert_eq!(sglab_engine::name_tag(&acl.tags), Some("public-acl"));
    assert!(!acl.is_default);
    assert_eq!(served_subnets(&network, acl), vec![SubnetId::new(PUBLIC_SUBNET)]);
    let lines = entry_lines(&network, acl, Direction::Inbound);
    assert_eq!(lines.len(), 1);
    assert_eq!((lines[0].rule_number.as_str(), lines[0].action), ("*", RuleAction::Deny));

    let verdict = connection(&network, 1);
    assert!(!verdict.allowed);
    assert_eq!(verdict.blocked.unwrap().code, ReasonCode::SubnetAclRestriction);
}

#[test]
fn https_in_alone_fails_on_the_reply_and_ephemeral_ports_out_let_it_through() {
    let (mut network, id) = with_public_acl();
    let mut keys = Keys::default();
    let mut inbound = EntriesForm::for_acl(&network, &id, Direction::Inbound, &mut keys);
    assert!(inbound.rows.is_empty());
    add_rows(&mut inbound, &mut keys, vec![draft("100", RuleType::Https, "", "0.0.0.0/0", RuleAction::Allow)]);
    let edits = inbound.plan(&network).unwrap();
    assert!(matches!(edits.as_slice(), [Edit::CreateNetworkAclEntry { egress: false, .. }]));
    save(&mut network, &inbound);
    let blocked = connection(&network, 1).blocked.unwrap();
    assert_eq!(blocked.code, ReasonCode::SubnetAclRestriction);
    assert_eq!(blocked.leg, LegDirection::Reply);

    let mut outbound = EntriesForm::for_acl(&network, &id, Direction::Outbound, &mut keys);
    add_rows(
        &mut outbound,
        &mut keys,
        vec![draft("100", RuleType::CustomTcp, "1024-65535", "0.0.0.0/0", RuleAction::Allow)],
    );
    save(&mut network, &outbound);
    assert!(connection(&network, 1).allowed);
}

#[test]
fn a_deny_with_a_lower_number_wins_over_an_allow() {
    let (mut network, id) = with_public_acl();
    let mut keys = Keys::default();
    for (direction, d) in [
        (Direction::Inbound, draft("100", RuleType::Https, "", "0.0.0.0/0", RuleAction::Allow)),
        (Direction::Outbound, draft("100", RuleType::CustomTcp, "1024-65535", "0.0.0.0/0", RuleAction::Allow)),
    ] {
        let mut form = EntriesForm::for_acl(&network, &id, direction, &mut keys);
        add_rows(&mut form, &mut keys, vec![d]);
        save(&mut network, &form);
    }
    // Numbered above 100 the DENY is never reached.
    let mut inbound = EntriesForm::for_acl(&network, &id, Direction::Inbound, &mut keys);
    add_rows(&mut inbound, &mut keys, vec![draft("200", RuleType::AllTraffic, "", "1.2.3.4/32", RuleAction::Deny)]);
    save(&mut network, &inbound);
    assert!(connection(&network, 1).allowed);
    // Renumbered to 50 it comes first and wins: one delete, one create.
    let mut inbound = EntriesForm::for_acl(&network, &id, Direction::Inbound, &mut keys);
    assert_eq!(inbound.rows.iter().map(|r| r.draft.rule_number.as_str()).collect::<Vec<_>>(), ["100", "200"]);
    inbound.rows[1].draft.rule_number = "50".into();
    let edits = inbound.plan(&network).unwrap();
    assert!(matches!(
        edits.as_slice(),
        [Edit::DeleteNetworkAclEntry { rule_number: 200, .. }, Edit::CreateNetworkAclEntry { .. }]
    ));
    save(&mut network, &inbound);
    let verdict = connection(&network, 1);
    assert_eq!(verdict.blocked.unwrap().code, ReasonCode::SubnetAclRestriction);
    let acl = network.network_acls.iter().find(|a| a.id == id).unwrap();
    let numbers: Vec<String> =
        entry_lines(&network, acl, Direction::Inbound).into_iter().map(|l| l.rule_number).collect();
    assert_eq!(numbers, ["50", "100", "*"]);
}

#[test]
fn a_duplicate_rule_number_is_refused_on_its_row_and_nothing_is_planned() {
    let (network, id) = with_public_acl();
    let mut keys = Keys::default();
    let mut form = EntriesForm::for_acl(&network, &id, Direction::Inbound, &mut keys);
    let keys_added = add_rows(
        &mut form,
        &mut keys,
        vec![
            draft("100", RuleType::Https, "", "0.0.0.0/0", RuleAction::Allow),
            draft("100", RuleType::AllTraffic, "", "1.2.3.4/32", RuleAction::Deny),
        ],
    );
    let errors = form.plan(&network).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].place,
        Place::Row { direction: form.direction, key: keys_added[1], field: Some(Field::RuleNumber) }
    );
    assert_eq!(errors[0].code, Some("NetworkAclEntryAlreadyExists"));
    assert!(errors[0].message.contains("identified by 100 already exists"), "{}", errors[0].message);
    // The rows are as typed.
    assert_eq!(form.rows[1].draft.cidr, "1.2.3.4/32");

    // Said at once, with the row's other problems.
    form.rows[1].draft.cidr = "1.2.3.4/99".into();
    let errors = form.plan(&network).unwrap_err();
    let places: Vec<Place> = errors.iter().map(|e| e.place).collect();
    assert_eq!(
        places,
        [
            Place::Row { direction: form.direction, key: keys_added[1], field: Some(Field::RuleNumber) },
            Place::Row { direction: form.direction, key: keys_added[1], field: Some(Field::Cidr) },
        ]
    );
}

#[test]
fn a_duplicate_of_an_existing_number_is_refused_too() {
    let (mut network, id) = with_public_acl();
    let mut keys = Keys::default();
    let mut form = EntriesForm::for_acl(&network, &id, Direction::Inbound, &mut keys);
    add_rows(&mut form, &mut keys, vec![draft("100", RuleType::Https, "", "0.0.0.0/0", RuleAction::Allow)]);
    save(&mut network, &form);
    let mut form = EntriesForm::for_acl(&network, &id, Direction::Inbound, &mut keys);
    let added = add_rows(&mut form, &mut keys, vec![draft("100", RuleType::Ssh, "", "10.0.0.0/8", RuleAction::Allow)]);
    let errors = form.plan(&network).unwrap_err();
    assert_eq!(
        errors[0].place,
        Place::Row { direction: form.direction, key: added[0], field: Some(Field::RuleNumber) }
    );
    assert_eq!(errors[0].code, Some("NetworkAclEntryAlreadyExists"));
}

#[test]
fn rule_numbers_out_of_range_or_not_numbers_get_the_range_in_the_message() {
    for text in ["0", "32767", "70000", "", "abc", "-5", "1.5"] {
        let message = parse_rule_number(text).unwrap_err();
        assert!(message.contains("32766"), "{text}: {message}");
    }
    assert_eq!(parse_rule_number(" 1 "), Ok(1));
    assert_eq!(parse_rule_number("32766"), Ok(32766));
}

#[test]
fn every_bad_field_of_every_row_gets_its_message() {
    let (network, id) = with_public_acl();
    let mut keys = Keys::default();
    let mut form = EntriesForm::for_acl(&network, &id, Direction::Outbound, &mut keys);
    let added = add_rows(
        &mut form,
        &mut keys,
        vec![
            draft("0", RuleType::CustomTcp, "70000", "10.1.2.300/24", RuleAction::Allow),
            draft("110", RuleType::CustomUdp, "53", "not a cidr", RuleAction::Allow),
        ],
    );
    let errors = form.plan(&network).unwrap_err();
    let places: Vec<Place> = errors.iter().map(|e| e.place).collect();
    assert_eq!(
        places,
        [
            Place::Row { direction: form.direction, key: added[0], field: Some(Field::RuleNumber) },
            Place::Row { direction: form.direction, key: added[0], field: Some(Field::PortRange) },
            Place::Row { direction: form.direction, key: added[0], field: Some(Field::Cidr) },
            Place::Row { direction: form.direction, key: added[1], field: Some(Field::Cidr) },
        ]
    );
    assert_eq!(errors[1].message, console::PORT_RANGE_MESSAGE);
    assert_eq!(errors[2].message, CIDR_MESSAGE);
}

#[test]
fn a_cidr_with_host_bits_is_refused_by_the_api_next_to_the_field() {
    let (network, id) = with_public_acl();
    let mut keys = Keys::default();
    let mut form = EntriesForm::for_acl(&network, &id, Direction::Inbound, &mut keys);
    let added =
        add_rows(&mut form, &mut keys, vec![draft("100", RuleType::Https, "", "10.1.2.15/24", RuleAction::Allow)]);
    let errors = form.plan(&network).unwrap_err();
    assert_eq!(errors[0].place, Place::Row { direction: form.direction, key: added[0], field: Some(Field::Cidr) });
    assert_eq!(errors[0].code, Some("InvalidParameterValue"));
    assert!(errors[0].message.contains("10.1.2.0/24"), "{}", errors[0].message);
}

#[test]
fn an_unchanged_page_saves_nothing_and_a_changed_row_is_replaced() {
    let network = example::chapter();
    let id = NetworkAclId::new(example::DEFAULT_ACL_ID);
    let mut keys = Keys::default();
    let mut form = EntriesForm::for_acl(&network, &id, Direction::Inbound, &mut keys);
    assert_eq!(form.plan(&network).unwrap(), vec![]);
    form.rows[0].draft.action = RuleAction::Deny;
    let edits = form.plan(&network).unwrap();
    assert!(
        matches!(edits.as_slice(), [Edit::ReplaceNetworkAclEntry { entry, .. }] if entry.action == RuleAction::Deny)
    );
}

#[test]
fn removing_every_row_deletes_every_numbered_rule_but_the_star_stays() {
    let mut network = example::chapter();
    let id = NetworkAclId::new(example::DEFAULT_ACL_ID);
    let mut keys = Keys::default();
    let mut form = EntriesForm::for_acl(&network, &id, Direction::Outbound, &mut keys);
    form.rows.clear();
    save(&mut network, &form);
    let acl = network.network_acls.iter().find(|a| a.id == id).unwrap();
    assert!(acl.outbound.is_empty());
    let lines = entry_lines(&network, acl, Direction::Outbound);
    assert_eq!(lines.last().map(|l| (l.rule_number.as_str(), l.action)), Some(("*", RuleAction::Deny)));
}

#[test]
fn the_default_acl_rows_show_as_the_console_has_them() {
    let network = example::chapter();
    let acl = network.network_acls.iter().find(|a| a.is_default).unwrap();
    let lines = entry_lines(&network, acl, Direction::Inbound);
    let first = &lines[0];
    assert_eq!(
        (
            first.rule_number.as_str(),
            first.rule_type.as_str(),
            first.protocol.as_str(),
            first.ports.as_str(),
            first.cidr.as_str()
        ),
        ("100", "All traffic", "All", "All", "0.0.0.0/0")
    );
    assert_eq!(protocol_text(Traffic::Tcp(sglab_engine::PortRange::single(443))), "TCP (6)");
    let https = draft("100", RuleType::Https, "", "0.0.0.0/0", RuleAction::Allow);
    assert_eq!(https.protocol_cell(), ("TCP (6)".to_owned(), false));
    assert_eq!(https.port_cell(), ("443".to_owned(), false));
}

#[test]
fn an_existing_entry_comes_back_as_the_row_that_made_it() {
    let (mut network, id) = with_public_acl();
    let mut keys = Keys::default();
    let typed = vec![
        draft("100", RuleType::Https, "", "0.0.0.0/0", RuleAction::Allow),
        draft("110", RuleType::CustomTcp, "1024-65535", "10.1.2.0/24", RuleAction::Allow),
        draft("50", RuleType::AllTraffic, "", "1.2.3.4/32", RuleAction::Deny),
    ];
    let mut form = EntriesForm::for_acl(&network, &id, Direction::Inbound, &mut keys);
    add_rows(&mut form, &mut keys, typed.clone());
    save(&mut network, &form);
    let again = EntriesForm::for_acl(&network, &id, Direction::Inbound, &mut keys);
    let vpc = VpcId::new(example::VPC_ID);
    let shown: Vec<(RuleType, NaclEntry)> =
        again.rows.iter().map(|r| (r.draft.rule_type, r.draft.parse(&network, &vpc).unwrap())).collect();
    let expected: Vec<(RuleType, NaclEntry)> =
        [2, 0, 1].iter().map(|&i| (typed[i].rule_type, typed[i].parse(&network, &vpc).unwrap())).collect();
    assert_eq!(shown, expected);
    assert_eq!(again.plan(&network).unwrap(), vec![]);
}

#[test]
fn unticking_a_subnet_returns_it_to_the_default_acl_and_the_default_keeps_its_subnets() {
    let (mut network, id) = with_public_acl();
    let default = NetworkAclId::new(example::DEFAULT_ACL_ID);
    let on_default = AssociationsForm::for_acl(&network, &default);
    let public = on_default.subnets.iter().find(|s| s.subnet_id.as_str() == PUBLIC_SUBNET).unwrap();
    assert!(!public.chosen);
    assert!(public.current_acl.contains("public-acl"));
    assert!(on_default.subnets.iter().filter(|s| s.chosen).all(|s| s.locked));

    let mut form = AssociationsForm::for_acl(&network, &id);
    form.set(&SubnetId::new(PUBLIC_SUBNET), false);
    let edits = form.plan(&network).unwrap();
    assert_eq!(
        edits,
        vec![Edit::ReplaceNetworkAclAssociation { subnet_id: SubnetId::new(PUBLIC_SUBNET), acl_id: default.clone() }]
    );
    for edit in edits {
        network.apply(&edit).unwrap();
    }
    let acl = network.network_acls.iter().find(|a| a.id == id).unwrap();
    assert!(served_subnets(&network, acl).is_empty());
    assert!(connection(&network, 1).allowed);

    // On the default ACL a served subnet stays ticked.
    let mut form = AssociationsForm::for_acl(&network, &default);
    form.set(&SubnetId::new(PUBLIC_SUBNET), false);
    assert_eq!(form.plan(&network).unwrap(), vec![]);
}

#[test]
fn the_default_acl_and_an_associated_one_cannot_be_deleted_with_the_apis_codes() {
    let (mut network, id) = with_public_acl();
    let default = NetworkAclId::new(example::DEFAULT_ACL_ID);
    let e = network.apply(&Edit::DeleteNetworkAcl { acl_id: default }).unwrap_err();
    assert_eq!(e.code(), "InvalidParameterValue");
    let e = network.apply(&Edit::DeleteNetworkAcl { acl_id: id }).unwrap_err();
    assert_eq!(e.code(), "DependencyViolation");
}

#[test]
fn a_nameless_acl_is_created_without_a_name_tag_and_a_missing_vpc_is_asked_for() {
    let network = example::chapter();
    let form = CreateAclForm::new(&network);
    let (edit, _) = form.plan(&network).unwrap();
    assert!(matches!(edit, Edit::CreateNetworkAcl { name: None, .. }));
    let errors = CreateAclForm { vpc_id: VpcId::new("vpc-gone"), ..form }.plan(&network).unwrap_err();
    assert_eq!(errors[0].place, Place::Vpc);
}
