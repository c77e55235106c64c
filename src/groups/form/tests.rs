use super::*;
use sglab_engine::console::SourceType;
use sglab_engine::example;

fn row(keys: &mut Keys, rule_type: RuleType, source_type: SourceType, source: &str) -> RuleRow {
    RuleRow {
        key: keys.fresh(),
        rule_id: None,
        draft: RuleDraft { source_type, source: source.into(), ..RuleDraft::new(rule_type) },
    }
}

fn apply_plan(network: &mut Network, plan: &CreatePlan) -> SecurityGroupId {
    let applied = network.apply(&plan.create).unwrap();
    let id = applied.security_group().unwrap().clone();
    assert_eq!(id, plan.group_id);
    for edit in plan.rule_edits_for(&id) {
        network.apply(&edit).unwrap();
    }
    id
}

fn https_form(network: &Network, keys: &mut Keys) -> GroupForm {
    let mut form = GroupForm::new(network, keys);
    form.name = "our-learning-sg-https".into();
    form.description = "Allow HTTPS and HTTP".into();
    form.inbound.push(row(keys, RuleType::Https, SourceType::AnywhereIpv4, ""));
    form.inbound.push(row(keys, RuleType::Http, SourceType::AnywhereIpv4, ""));
    form.tags.push(TagRow { key: keys.fresh(), tag_key: "Name".into(), value: "our-learning-sg-https".into() });
    form.tags.push(TagRow { key: keys.fresh(), tag_key: "EducationOnly".into(), value: "yes".into() });
    form
}

#[test]
fn a_new_form_has_the_default_outbound_rule() {
    let network = example::chapter();
    let form = GroupForm::new(&network, &mut Keys::default());
    assert!(form.inbound.is_empty());
    assert_eq!(form.outbound.len(), 1);
    assert_eq!(form.outbound[0].draft.rule_type, RuleType::AllTraffic);
    assert_eq!(form.outbound[0].draft.source, "0.0.0.0/0");
}

#[test]
fn the_chapters_https_group_is_created_with_its_rules_and_tags() {
    let mut network = example::chapter();
    let mut keys = Keys::default();
    let plan = https_form(&network, &mut keys).plan(&network).unwrap();
    // The default outbound rule is kept as AWS creates it: no outbound edit.
    assert_eq!(plan.then.len(), 1);
    let id = apply_plan(&mut network, &plan);
    let group = network.security_group(&id).unwrap();
    assert_eq!(group.name, "our-learning-sg-https");
    assert_eq!(group.inbound.len(), 2);
    assert_eq!(group.outbound.len(), 1);
    assert_eq!(group.tags.len(), 2);
    assert_eq!(group.tags[1], Tag { key: "EducationOnly".into(), value: "yes".into() });
}

#[test]
fn the_mysql_group_then_its_rules_edited_to_reference_the_https_group() {
    let mut network = example::chapter();
    let mut keys = Keys::default();
    let plan = https_form(&network, &mut keys).plan(&network).unwrap();
    let https = apply_plan(&mut network, &plan);
    let mut form = GroupForm::new(&network, &mut keys);
    form.name = "our-learning-sg-mysql".into();
    form.description = "MySQL from the app subnet".into();
    form.inbound.push(row(&mut keys, RuleType::Mysql, SourceType::Custom, "10.1.1.0/24"));
    let plan = form.plan(&network).unwrap();
    let mysql = apply_plan(&mut network, &plan);

    let mut rules = RulesForm::for_group(&network, &mysql, Direction::Inbound, &mut keys);
    assert_eq!(rules.rows.len(), 1);
    assert_eq!(rules.rows[0].draft.source, "10.1.1.0/24");
    let old = rules.rows[0].rule_id.clone();
    rules.rows.push(row(&mut keys, RuleType::Mysql, SourceType::Custom, https.as_str()));
    rules.rows[1].draft.description = "MySQL".into();
    rules.rows.remove(0);
    let edit = rules.to_edit(&network).unwrap();
    network.apply(&edit).unwrap();
    let group = network.security_group(&mysql).unwrap();
    assert_eq!(group.inbound.len(), 1);
    assert_eq!(group.inbound[0].peer, Peer::SecurityGroup(https.clone()));
    assert_ne!(Some(group.inbound[0].id.clone()), old);
    assert_eq!(peer_text(&network, &group.inbound[0].peer), format!("{https} / our-learning-sg-https"));
}

#[test]
fn a_duplicate_rule_is_refused_on_its_row_and_nothing_is_created() {
    let network = example::chapter();
    let mut keys = Keys::default();
    let mut form = https_form(&network, &mut keys);
    form.inbound.push(row(&mut keys, RuleType::Https, SourceType::AnywhereIpv4, ""));
    let third = form.inbound[2].key;
    let errors = form.plan(&network).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].code, Some("InvalidParameterValue"));
    assert!(errors[0].message.contains("multiple times"), "{errors:?}");
    assert!(
        matches!(errors[0].place, Place::Row { direction: Direction::Inbound, key, .. } if key == third || key == form.inbound[0].key)
    );
}

#[test]
fn an_invalid_cidr_is_refused_next_to_its_source() {
    let network = example::chapter();
    let mut keys = Keys::default();
    let mut form = https_form(&network, &mut keys);
    form.inbound.push(row(&mut keys, RuleType::Mysql, SourceType::Custom, "10.1.300.0/24"));
    let key = form.inbound[2].key;
    let errors = form.plan(&network).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].place, Place::Row { direction: Direction::Inbound, key, field: Some(Field::Source) });
    assert!(errors[0].message.contains("CIDR"), "{}", errors[0].message);
}

#[test]
fn every_wrong_field_gets_its_message_at_once() {
    let network = example::chapter();
    let mut keys = Keys::default();
    let mut form = GroupForm::new(&network, &mut keys);
    form.name = "sg-mine".into();
    form.description = "x".into();
    let mut bad = row(&mut keys, RuleType::CustomTcp, SourceType::Custom, "nowhere");
    bad.draft.port_range = "70000".into();
    form.inbound.push(bad);
    let errors = form.plan(&network).unwrap_err();
    let places: Vec<Place> = errors.iter().map(|e| e.place).collect();
    assert!(places.contains(&Place::Field(Field::Name)), "{errors:?}");
    let key = form.inbound[0].key;
    assert!(places.contains(&Place::Row { direction: Direction::Inbound, key, field: Some(Field::PortRange) }));
    assert!(places.contains(&Place::Row { direction: Direction::Inbound, key, field: Some(Field::Source) }));
}

#[test]
fn a_taken_name_is_refused_with_awss_code() {
    let network = example::chapter();
    let mut keys = Keys::default();
    let mut form = GroupForm::new(&network, &mut keys);
    form.name = "database-sg".into();
    form.description = "again".into();
    let errors = form.plan(&network).unwrap_err();
    assert_eq!(errors[0].place, Place::Field(Field::Name));
    assert_eq!(errors[0].code, Some("InvalidGroup.Duplicate"));
    assert!(errors[0].message.starts_with(|c: char| c.is_uppercase()));
}

#[test]
fn removing_the_default_outbound_rule_sets_no_outbound_rules() {
    let mut network = example::chapter();
    let mut keys = Keys::default();
    let mut form = https_form(&network, &mut keys);
    form.outbound.clear();
    let plan = form.plan(&network).unwrap();
    assert_eq!(plan.then.len(), 2);
    let id = apply_plan(&mut network, &plan);
    assert!(network.security_group(&id).unwrap().outbound.is_empty());
}

#[test]
fn changing_the_type_keeps_what_the_new_type_uses() {
    let mut draft = RuleDraft::new(RuleType::CustomTcp);
    draft.port_range = "8080".into();
    set_type(&mut draft, RuleType::CustomUdp);
    assert_eq!(draft.port_range, "8080");
    assert_eq!(port_cell(&draft), ("8080".into(), true));
    set_type(&mut draft, RuleType::Https);
    assert_eq!(port_cell(&draft), ("443".into(), false));
    assert_eq!(protocol_cell(&draft), ("TCP".into(), false));
    set_type(&mut draft, RuleType::CustomIcmpV4);
    assert_eq!(protocol_cell(&draft), ("All".into(), true));
    set_type(&mut draft, RuleType::AllTraffic);
    assert_eq!(protocol_cell(&draft), ("All".into(), false));
    assert_eq!(port_cell(&draft), ("All".into(), false));
}

#[test]
fn my_ip_is_the_chapters_browser_and_custom_text_survives_other_source_types() {
    let network = example::chapter();
    let vpc = network.vpcs[0].id.clone();
    let mut keys = Keys::default();
    let mut r = row(&mut keys, RuleType::Ssh, SourceType::MyIp, "10.9.0.0/16");
    assert_eq!(source_cell(&r.draft), (MY_IP.into(), false));
    let rows = [r.clone()];
    let spec = parsed(&rows[0].draft, &network, &vpc).unwrap();
    assert_eq!(peer_text(&network, &spec.peer), MY_IP);
    r.draft.source_type = SourceType::Custom;
    assert_eq!(source_cell(&r.draft), ("10.9.0.0/16".into(), true));
}

#[test]
fn ssh_open_to_anywhere_is_warned_about() {
    let network = example::chapter();
    let vpc = network.vpcs[0].id.clone();
    let mut keys = Keys::default();
    let rows = vec![
        row(&mut keys, RuleType::Ssh, SourceType::AnywhereIpv4, ""),
        row(&mut keys, RuleType::Https, SourceType::AnywhereIpv4, ""),
    ];
    let warnings = row_warnings(&rows, Direction::Inbound, &network, &vpc);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].0, rows[0].key);
    assert!(warnings[0].1.contains("SSH"));
    assert!(row_warnings(&rows, Direction::Outbound, &network, &vpc).is_empty());
}

fn tags_form(rows: &[(&str, &str)]) -> TagsForm {
    let mut keys = Keys::default();
    TagsForm {
        group_id: SecurityGroupId::new(example::APP_SG_ID),
        rows: rows
            .iter()
            .map(|(k, v)| TagRow { key: keys.fresh(), tag_key: (*k).into(), value: (*v).into() })
            .collect(),
    }
}

#[test]
fn manage_tags_sets_changes_and_removes_tags_in_one_plan() {
    let mut net = example::chapter();
    let group = SecurityGroupId::new(example::APP_SG_ID);
    net.apply(&Edit::CreateTags {
        resource_id: group.to_string(),
        tags: vec![Tag { key: "Team".into(), value: "web".into() }, Tag { key: "Old".into(), value: "x".into() }],
    })
    .unwrap();
    let edits = tags_form(&[("Team", "platform"), ("EducationOnly", "yes"), ("", "")]).plan(&net).unwrap();
    for edit in &edits {
        net.apply(edit).unwrap();
    }
    let mut tags: Vec<(String, String)> =
        net.security_group(&group).unwrap().tags.iter().map(|t| (t.key.clone(), t.value.clone())).collect();
    tags.sort();
    assert!(!tags.iter().any(|(k, _)| k == "Old"));
    assert!(tags.contains(&("EducationOnly".into(), "yes".into())));
    assert!(tags.contains(&("Team".into(), "platform".into())));
    // Opened again and saved unchanged: nothing to do.
    let again = TagsForm::for_group(&net, &group, &mut Keys::default());
    assert_eq!(again.rows.len(), tags.len());
    assert_eq!(again.plan(&net).unwrap(), vec![]);
}

#[test]
fn a_refused_tag_is_shown_in_the_tags_section_and_nothing_is_planned() {
    let net = example::chapter();
    let long_key = "k".repeat(129);
    let errors = tags_form(&[(long_key.as_str(), "v")]).plan(&net).unwrap_err();
    assert_eq!(errors[0].place, Place::Field(Field::Tags));
    assert!(errors[0].message.contains("128"), "{}", errors[0].message);
}
