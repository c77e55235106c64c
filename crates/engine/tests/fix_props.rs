//! What would make it work, on random labs: every fix the API accepts and gets the
//! connection past its blocker, the blockers are the ones the path meets in order,
//! all the fixes together make it allowed, and no fix changes a connection it does
//! not claim to (every other flow whose verdict changes is decided by what the fix
//! added, or was stopped by what it repaired). The reverse: every change offered to
//! block a connection blocks it, and "removing this rule alone would not block it"
//! is true exactly when the hop says so.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use ipnet::IpNet;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use sglab_engine::fix::{what_would_allow, what_would_block, Fix};
use sglab_engine::ids::*;
use sglab_engine::reach::matrix_ends;
use sglab_engine::verdict::{Blocked, LegDirection};
use sglab_engine::*;
use std::collections::HashSet;
use support::random_labs::{build, lab};

#[derive(Debug, PartialEq)]
enum Seen {
    Allowed,
    Blocked { code: ReasonCode, leg: LegDirection, hop: usize, component: String },
    Refused(std::mem::Discriminant<FlowError>),
}

fn seen(result: &Result<Verdict, FlowError>) -> Seen {
    match result {
        Err(e) => Seen::Refused(std::mem::discriminant(e)),
        Ok(v) => match &v.blocked {
            None => Seen::Allowed,
            Some(b) => Seen::Blocked { code: b.code, leg: b.leg, hop: b.hop, component: b.component.clone() },
        },
    }
}

/// The flows to repair and to watch: the lab's own, and every pair of its ends on
/// TCP 443 and on each of the lab's services.
fn flows(network: &Network, own: &[Flow]) -> Vec<Flow> {
    let ends = matrix_ends(network);
    let mut services: Vec<Service> = vec![Service::Tcp { port: 443 }];
    for f in own {
        if !services.contains(&f.service) {
            services.push(f.service);
        }
    }
    let mut all = own.to_vec();
    for service in services {
        for a in &ends {
            for b in &ends {
                if a.endpoint != b.endpoint {
                    all.push(Flow::new(a.endpoint.clone(), b.endpoint.clone(), service));
                }
            }
        }
    }
    all
}

/// What a fix added or repaired, to recognise the flows it may change.
struct Touched {
    new_rules: HashSet<SecurityGroupRuleId>,
    entries: Vec<(NetworkAclId, u16)>,
    routes: Vec<(RouteTableId, IpNet)>,
    removed_routes: Vec<(RouteTableId, IpNet)>,
    gateways: Vec<InternetGatewayId>,
}

fn touched(before: &Network, after: &Network, fix: &Fix) -> Touched {
    let rule_ids = |n: &Network| -> HashSet<SecurityGroupRuleId> {
        n.security_groups.iter().flat_map(|g| g.inbound.iter().chain(&g.outbound)).map(|r| r.id.clone()).collect()
    };
    let old = rule_ids(before);
    let mut t = Touched {
        new_rules: rule_ids(after).into_iter().filter(|id| !old.contains(id)).collect(),
        entries: vec![],
        routes: vec![],
        removed_routes: vec![],
        gateways: after
            .internet_gateways
            .iter()
            .filter(|g| before.internet_gateway(&g.id).map(|b| &b.vpc_id) != Some(&g.vpc_id))
            .map(|g| g.id.clone())
            .collect(),
    };
    for edit in &fix.edits {
        match edit {
            Edit::CreateNetworkAclEntry { acl_id, entry, .. } => t.entries.push((acl_id.clone(), entry.rule_number)),
            Edit::CreateRoute { route_table_id, destination, .. }
            | Edit::ReplaceRoute { route_table_id, destination, .. } => {
                t.routes.push((route_table_id.clone(), *destination))
            }
            Edit::DeleteRoute { route_table_id, destination } => {
                t.removed_routes.push((route_table_id.clone(), *destination))
            }
            Edit::AuthorizeSecurityGroupIngress { .. }
            | Edit::AuthorizeSecurityGroupEgress { .. }
            | Edit::CreateInternetGateway { .. }
            | Edit::AttachInternetGateway { .. } => {}
            other => panic!("a fix to allow a connection only adds: {other:?}"),
        }
    }
    t
}

/// Is the change of this flow's verdict one the fix explains?
fn explained(t: &Touched, before: &Result<Verdict, FlowError>, after: &Result<Verdict, FlowError>) -> bool {
    let uses = |v: &Result<Verdict, FlowError>, added: bool| {
        let Ok(v) = v else { return false };
        v.hops().any(|h| {
            let gateway = t.gateways.iter().any(|g| h.component == g.as_str());
            let rule = match &h.rule {
                Some(RuleRef::SecurityGroupRule { rule_id, .. }) => added && t.new_rules.contains(rule_id),
                Some(RuleRef::NetworkAclEntry { acl_id, rule_number: Some(n), .. }) => {
                    added && t.entries.iter().any(|(a, m)| a == acl_id && m == n)
                }
                Some(RuleRef::Route { route_table_id, destination, target }) => {
                    let list = if added { &t.routes } else { &t.removed_routes };
                    list.iter().any(|(r, d)| r == route_table_id && d == destination)
                        || t.gateways.iter().any(|g| target == g.as_str())
                }
                _ => false,
            };
            rule || gateway
        })
    };
    // A route or gateway the fix repaired was what stopped it before.
    let repaired = matches!(before, Ok(v) if v.blocked.as_ref().is_some_and(|b| matches!(b.code, ReasonCode::NoInternetGateway | ReasonCode::BadStateRoute | ReasonCode::NoRouteToDestination)) && !t.gateways.is_empty());
    // A group that had no rules in a direction now has one: the same hop stops it, and
    // says that the rules do not match rather than that there are none.
    let first_rule = !t.new_rules.is_empty()
        && match (seen(before), seen(after)) {
            (
                Seen::Blocked { code: ReasonCode::SgHasNoRules, leg, hop, component },
                Seen::Blocked {
                    code: ReasonCode::EniSgRulesMismatch,
                    leg: leg_after,
                    hop: hop_after,
                    component: component_after,
                },
            ) => (leg, hop, component) == (leg_after, hop_after, component_after),
            _ => false,
        };
    uses(after, true) || uses(before, false) || repaired || first_rule
}

fn check_repairs(network: &Network, own: &[Flow]) -> Result<(), TestCaseError> {
    let watched = flows(network, own);
    for flow in &watched {
        let Ok(repair) = what_would_allow(network, flow) else {
            prop_assert!(evaluate(network, flow).is_err());
            continue;
        };
        if repair.allowed_now {
            prop_assert!(repair.blockers.is_empty() && repair.allowed_after);
            continue;
        }
        prop_assert!(!repair.blockers.is_empty());
        let mut net = network.clone();
        for (k, blocker) in repair.blockers.iter().enumerate() {
            // The blocker is where the path stops now, with the earlier fixes applied.
            let now = evaluate(&net, flow).unwrap();
            prop_assert_eq!(
                seen(&Ok(now.clone())),
                Seen::Blocked {
                    code: blocker.code,
                    leg: blocker.leg,
                    hop: blocker.hop,
                    component: blocker.component.clone()
                },
                "blocker {} of {:?}",
                k,
                flow
            );
            let Some(fix) = &blocker.fix else {
                prop_assert_eq!(k + 1, repair.blockers.len(), "only the last blocker can lack a fix");
                prop_assert!(blocker.by_hand.as_deref().is_some_and(|t| !t.is_empty()));
                prop_assert!(!repair.allowed_after);
                break;
            };
            prop_assert!(!fix.edits.is_empty() && !fix.summary.is_empty());
            let mut fixed = net.clone();
            for edit in &fix.edits {
                let applied = fixed.apply(edit);
                prop_assert!(applied.is_ok(), "{} refused: {:?}", fix.summary, applied);
            }
            let after = evaluate(&fixed, flow).unwrap();
            // Past the hop, or stopped there for another reason (a gateway attached to the
            // VPC that still cannot reach a private address).
            let position = |b: &Blocked| (b.leg == LegDirection::Reply, b.hop);
            let further = match (&after.blocked, &now.blocked) {
                (None, _) => after.allowed,
                (Some(a), Some(b)) => position(a) > position(b) || (position(a) == position(b) && a.code != b.code),
                (Some(_), None) => false,
            };
            prop_assert!(further, "{} does not get {:?} further than {:?}", fix.summary, flow, blocker.code);

            // Nothing else changes but what the fix explains, and nothing allowed is lost.
            let t = touched(&net, &fixed, fix);
            let (before_eval, after_eval) = (Evaluator::new(&net), Evaluator::new(&fixed));
            for other in &watched {
                let (b, a) = (before_eval.evaluate(other), after_eval.evaluate(other));
                if seen(&b) == seen(&a) {
                    continue;
                }
                prop_assert!(seen(&b) != Seen::Allowed, "{} blocks {:?}, allowed before", fix.summary, other);
                prop_assert!(
                    explained(&t, &b, &a),
                    "{} changed {:?} from {:?} to {:?}, which it does not claim",
                    fix.summary,
                    other,
                    seen(&b),
                    seen(&a)
                );
            }
            net = fixed;
        }
        let all = sglab_engine::edit::replay(network, &repair.edits());
        prop_assert!(all.is_ok(), "{:?}", all.err());
        prop_assert_eq!(evaluate(&all.unwrap(), flow).unwrap().allowed, repair.allowed_after);
    }
    Ok(())
}

fn check_blocks(network: &Network, own: &[Flow]) -> Result<(), TestCaseError> {
    let watched = flows(network, own);
    for flow in &watched {
        let Ok(exposure) = what_would_block(network, flow) else { continue };
        prop_assert_eq!(exposure.allowed, evaluate(network, flow).unwrap().allowed);
        if !exposure.allowed {
            continue;
        }
        for fix in &exposure.blocks {
            let blocked = sglab_engine::edit::replay(network, &fix.edits).unwrap();
            prop_assert!(!evaluate(&blocked, flow).unwrap().allowed, "{} does not block {:?}", fix.summary, flow);
        }
        // "Removing this rule alone would not block it" is true exactly when another rule allows it.
        for opening in exposure.through.iter().filter(|o| o.leg == LegDirection::Request && !o.allowed_by.is_empty()) {
            prop_assert_eq!(&opening.allowed_by[0], &opening.rule);
            let RuleRef::SecurityGroupRule { group_id, rule_id } = &opening.rule else { continue };
            let edit = match opening.kind {
                HopKind::SecurityGroupsInbound => {
                    Edit::RevokeSecurityGroupIngress { group_id: group_id.clone(), rule_ids: vec![rule_id.clone()] }
                }
                _ => Edit::RevokeSecurityGroupEgress { group_id: group_id.clone(), rule_ids: vec![rule_id.clone()] },
            };
            let mut without = network.clone();
            without.apply(&edit).unwrap();
            let still = evaluate(&without, flow).unwrap().allowed;
            prop_assert_eq!(
                still,
                opening.allowed_by.len() > 1,
                "{:?} at {}: {}",
                flow,
                opening.component,
                opening.summary
            );
        }
    }
    Ok(())
}

fn config(cases: u32) -> Config {
    Config { cases, rng_seed: RngSeed::Fixed(0xf1c5), failure_persistence: None, ..Config::default() }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn fixes_get_past_each_blocker_and_change_nothing_else(spec in lab()) {
        let lab = build(&spec);
        check_repairs(&lab.network, &lab.flows)?;
    }

    #[test]
    fn blocks_block_and_say_truly_when_one_rule_is_not_enough(spec in lab()) {
        let lab = build(&spec);
        check_blocks(&lab.network, &lab.flows)?;
    }
}
