//! What would make it work, in the explanation of the shown connection: for a blocked
//! connection, every component on its path that blocks it (not only the first), each
//! with the smallest change that gets it past and an Apply button; for an allowed one,
//! what lets it through and the changes that would block it.
//!
//! The engine works the answers out (`sglab_engine::fix`); [`advise`] turns them into
//! what the section shows, plain data tested natively. The section lives inside the
//! explanation, which is drawn again after every change, so what it remembers (the
//! answer, the last Apply's message, which parts are open) is in [`FixesState`], made
//! once by the Connections tab.

use super::explain::kind_label;
use super::{sentence, use_firing, FiringState};
use crate::lab::{Command, Lab};
use crate::store::{use_lab, LabStore};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys;
use sglab_engine::edit::replay;
use sglab_engine::fix::{what_would_allow, what_would_block, Blocker, Fix, Opening};
use sglab_engine::ids::{SecurityGroupId, SecurityGroupRuleId};
use sglab_engine::verdict::LegDirection;
use sglab_engine::{Edit, Network, RuleRef};

/// What the section says about the shown connection.
#[derive(Clone, Debug, PartialEq)]
pub enum Advice {
    /// It is blocked: what blocks it, in the order the packet meets them.
    Repair {
        blockers: Vec<BlockerItem>,
        /// Every fix as one step, when together they make it work and there is more than one.
        all: Option<Vec<Edit>>,
        allowed_after: bool,
    },
    /// It gets through: what lets it, and what would stop it.
    Exposure { through: Vec<OpeningItem>, blocks: Vec<Fix>, note: Option<String> },
    /// It cannot be judged; the sentence says why.
    Error(String),
}

/// A component that blocks the connection, as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockerItem {
    /// "Request hop 1".
    pub place: String,
    pub kind: &'static str,
    /// `eni-…`, `acl-…`, `rtb-…`, `igw-…`, `vpc-…`.
    pub component: String,
    /// "MySQL database's security groups", for an interface.
    pub component_name: Option<String>,
    pub code: String,
    pub explanation: String,
    pub remedy: Remedy,
}

/// How to get past a blocker.
#[derive(Clone, Debug, PartialEq)]
pub enum Remedy {
    /// One click. `edits` are the fix's own, or, when it was worked out on the network
    /// with the fixes above it applied and does not apply without them, theirs and its
    /// own (`with_earlier`); `applies` says in words what the click does.
    Apply { summary: String, edits: Vec<Edit>, with_earlier: bool, applies: String },
    /// No edit gets past it: what a person can do.
    ByHand(String),
    /// Not known: the engine found neither (it should not happen).
    Unknown,
}

/// A hop that lets the connection through, as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct OpeningItem {
    /// "Request" or "Reply".
    pub leg: &'static str,
    pub kind: &'static str,
    pub component: String,
    pub component_name: Option<String>,
    /// The verdict's sentence for the hop.
    pub summary: String,
    /// At a security group hop, every rule that allows it (the deciding one first),
    /// each a link to the editor. Elsewhere the summary names the entry or route.
    pub rules: Vec<RuleItem>,
}

/// A security group rule, to open in the editor.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleItem {
    pub group_id: SecurityGroupId,
    pub rule_id: SecurityGroupRuleId,
    pub group_name: String,
}

/// The answer for one fired connection.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownAdvice {
    pub connection: usize,
    pub advice: Advice,
}

/// What would make fired connection `index` work, or what would block it, on the lab
/// as it is now. `None` when there is no such connection.
pub fn advise(lab: &Lab, index: usize) -> Option<Advice> {
    let flow = lab.connections.connections().get(index)?.flow.clone();
    let network = &lab.network;
    let repair = match what_would_allow(network, &flow) {
        Ok(repair) => repair,
        Err(error) => return Some(Advice::Error(sentence(&error.to_string()))),
    };
    if !repair.allowed_now {
        let mut earlier: Vec<&Fix> = Vec::new();
        let blockers = repair
            .blockers
            .iter()
            .map(|blocker| {
                let item = blocker_item(network, blocker, &earlier);
                earlier.extend(&blocker.fix);
                item
            })
            .collect();
        let all = (repair.allowed_after && repair.blockers.len() > 1).then(|| repair.edits());
        return Some(Advice::Repair { blockers, all, allowed_after: repair.allowed_after });
    }
    Some(match what_would_block(network, &flow) {
        Ok(exposure) => Advice::Exposure {
            through: exposure.through.iter().map(|o| opening_item(network, o)).collect(),
            blocks: exposure.blocks,
            note: exposure.note,
        },
        Err(error) => Advice::Error(sentence(&error.to_string())),
    })
}

fn leg_word(leg: LegDirection) -> &'static str {
    match leg {
        LegDirection::Request => "Request",
        LegDirection::Reply => "Reply",
    }
}

/// An interface's security groups by the name people know its resource by.
fn component_name(network: &Network, component: &str) -> Option<String> {
    let eni = network.network_interfaces.iter().find(|n| n.id.as_str() == component)?;
    Some(format!("{}'s security groups", network.interface_label(eni)))
}

/// `earlier`: the fixes above this blocker, in order.
fn blocker_item(network: &Network, blocker: &Blocker, earlier: &[&Fix]) -> BlockerItem {
    let remedy = match (&blocker.fix, &blocker.by_hand) {
        (Some(fix), _) => {
            // Worked out with the fixes above applied: alone it may not apply (a route
            // to the gateway the fix above creates), and then Apply brings them along.
            if replay(network, &fix.edits).is_ok() {
                Remedy::Apply {
                    summary: fix.summary.clone(),
                    edits: fix.edits.clone(),
                    with_earlier: false,
                    applies: fix.summary.clone(),
                }
            } else {
                let all = || earlier.iter().copied().chain(std::iter::once(fix));
                Remedy::Apply {
                    summary: fix.summary.clone(),
                    edits: all().flat_map(|f| f.edits.iter().cloned()).collect(),
                    with_earlier: true,
                    applies: all().map(|f| f.summary.as_str()).collect::<Vec<_>>().join("; "),
                }
            }
        }
        (None, Some(text)) => Remedy::ByHand(text.clone()),
        (None, None) => Remedy::Unknown,
    };
    BlockerItem {
        place: format!("{} hop {}", leg_word(blocker.leg), blocker.hop + 1),
        kind: kind_label(blocker.kind),
        component: blocker.component.clone(),
        component_name: component_name(network, &blocker.component),
        code: blocker.code.to_string(),
        explanation: blocker.explanation.clone(),
        remedy,
    }
}

fn rule_item(network: &Network, rule: &RuleRef) -> Option<RuleItem> {
    match rule {
        RuleRef::SecurityGroupRule { group_id, rule_id } => Some(RuleItem {
            group_id: group_id.clone(),
            rule_id: rule_id.clone(),
            group_name: network.security_group(group_id).map_or_else(|| group_id.to_string(), |g| g.name.clone()),
        }),
        RuleRef::NetworkAclEntry { .. } | RuleRef::Route { .. } => None,
    }
}

fn opening_item(network: &Network, opening: &Opening) -> OpeningItem {
    let rules =
        if opening.allowed_by.is_empty() { std::slice::from_ref(&opening.rule) } else { opening.allowed_by.as_slice() };
    OpeningItem {
        leg: leg_word(opening.leg),
        kind: kind_label(opening.kind),
        component: opening.component.clone(),
        component_name: component_name(network, &opening.component),
        summary: opening.summary.clone(),
        rules: rules.iter().filter_map(|r| rule_item(network, r)).collect(),
    }
}

/// A fix's words cut around the AWS ids in them (`sg-0a1b…`), so that the page can
/// keep each id on one line: `(true, id)` for an id, `(false, text)` between.
pub fn split_ids(text: &str) -> Vec<(bool, String)> {
    const PREFIXES: [&str; 9] = ["sg-", "sgr-", "eni-", "acl-", "rtb-", "igw-", "vpc-", "subnet-", "pl-"];
    let is_id = |word: &str| {
        PREFIXES.iter().any(|p| {
            word.strip_prefix(p).is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_hexdigit()))
        })
    };
    let mut parts: Vec<(bool, String)> = Vec::new();
    let mut push = |id: bool, piece: &str| match parts.last_mut() {
        Some((false, text)) if !id => text.push_str(piece),
        _ if piece.is_empty() => {}
        _ => parts.push((id, piece.to_owned())),
    };
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest.find(|c: char| c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        push(false, &rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(rest.len());
        let word = &rest[..end];
        push(is_id(word), word);
        rest = &rest[end..];
    }
    parts
}

/// Text with its ids in code, each kept on one line.
fn with_ids(text: &str) -> impl IntoView {
    split_ids(text)
        .into_iter()
        .map(|(id, piece)| if id { view! { <code class="fix-id">{piece}</code> }.into_any() } else { piece.into_any() })
        .collect_view()
}

// ---------------------------------------------------------------------------
// In the page

/// What the last Apply did, shown while the lab is as it left it.
#[derive(Clone, Debug, PartialEq)]
struct Notice {
    connection: usize,
    /// The network just after (or, when refused, as it stayed).
    network: Network,
    text: String,
    refused: bool,
}

/// What the section remembers while the explanation is drawn again.
#[derive(Clone, Copy)]
pub struct FixesState {
    /// Worked out once per change of the lab or of the shown connection.
    advice: Memo<Option<ShownAdvice>>,
    notice: RwSignal<Option<Notice>>,
    through_open: RwSignal<bool>,
    blocks_open: RwSignal<bool>,
}

/// Makes the section's state for the Connections tab; called once by the tab.
pub fn provide_fixes() -> FixesState {
    let store = use_lab();
    let advice = Memo::new(move |_| {
        let connection = store.ui.shown_connection.get()?;
        let advice = store.lab.with(|lab| advise(lab, connection))?;
        Some(ShownAdvice { connection, advice })
    });
    let state = FixesState {
        advice,
        notice: RwSignal::new(None),
        through_open: RwSignal::new(false),
        blocks_open: RwSignal::new(false),
    };
    provide_context(state);
    state
}

fn use_fixes() -> FixesState {
    use_context::<FixesState>().unwrap_or_else(provide_fixes)
}

const STATUS_ID: &str = "fixes-status";

/// Applies a fix as one step (one Undo), says what happened and keeps the keyboard in
/// the section: the button pressed is gone with the explanation drawn again.
fn apply(store: LabStore, firing: FiringState, state: FixesState, edits: Vec<Edit>, summary: &str) {
    let Some(connection) = store.ui.shown_connection.get_untracked() else { return };
    let result = store.dispatch(Command::Edits(edits));
    let network = store.lab.with_untracked(|lab| lab.network.clone());
    let notice = match result {
        Ok(_) => {
            // Send the packet again, so the diagram shows how far it gets now.
            firing.play(&store, connection);
            Notice { connection, network, text: format!("Applied: {summary}."), refused: false }
        }
        Err(error) => Notice {
            connection,
            network,
            text: format!("Not applied: {}", sentence(&error.to_string())),
            refused: true,
        },
    };
    state.notice.set(Some(notice));
    request_animation_frame(|| {
        let element = document().get_element_by_id(STATUS_ID);
        if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    });
}

/// The section, for the shown connection. Placed in the explanation.
#[component]
pub fn Fixes() -> impl IntoView {
    let state = use_fixes();
    move || {
        state.advice.get().map(|shown| match shown.advice {
            Advice::Repair { blockers, all, allowed_after } => {
                view! { <RepairView blockers all allowed_after/> }.into_any()
            }
            Advice::Exposure { through, blocks, note } => view! { <ExposureView through blocks note/> }.into_any(),
            Advice::Error(message) => view! {
                <section class="fixes" aria-labelledby="fixes-heading" data-testid="fixes">
                    <h3 id="fixes-heading">"What would make it work"</h3>
                    <p class="fixes-error" data-testid="fixes-error">{message}</p>
                </section>
            }
            .into_any(),
        })
    }
}

/// The last Apply's message, while the lab is as that Apply left it.
#[component]
fn ApplyNotice() -> impl IntoView {
    let store = use_lab();
    let state = use_fixes();
    let current = move || {
        let shown = store.ui.shown_connection.get();
        state.notice.with(|notice| {
            notice
                .as_ref()
                .filter(|n| Some(n.connection) == shown && store.lab.with(|lab| lab.network == n.network))
                .map(|n| (n.text.clone(), n.refused))
        })
    };
    move || {
        current().map(|(text, refused)| {
            let undo = (!refused).then_some(" Undo, in the top bar, takes it back.");
            view! {
                <p
                    class="fixes-notice"
                    class:refused=refused
                    id=STATUS_ID
                    tabindex="-1"
                    data-testid="fixes-notice"
                >
                    {text}
                    {undo}
                </p>
            }
        })
    }
}

/// One Apply button, named by what it does.
#[component]
fn ApplyButton(
    /// The visible word: "Apply", "Apply all".
    label: &'static str,
    /// What the button does, for its accessible name and the message after.
    summary: String,
    edits: Vec<Edit>,
) -> impl IntoView {
    let store = use_lab();
    let firing = use_firing();
    let state = use_fixes();
    let name = format!("{label}: {summary}");
    view! {
        <button
            type="button"
            class="button primary apply-fix"
            aria-label=name
            data-testid="apply-fix"
            on:click=move |_| apply(store, firing, state, edits.clone(), &summary)
        >
            {label}
        </button>
    }
}

#[component]
fn RepairView(blockers: Vec<BlockerItem>, all: Option<Vec<Edit>>, allowed_after: bool) -> impl IntoView {
    let count = blockers.len();
    let intro = match count {
        0 => "The lab cannot tell which component blocks it.".to_owned(),
        1 => "One component on its path blocks it. Here is the smallest change that gets it past.".to_owned(),
        n => format!(
            "{n} components on its path block it, in the order the packet meets them, each with the smallest change that gets it past."
        ),
    };
    let fixes = blockers.iter().filter(|b| matches!(b.remedy, Remedy::Apply { .. })).count();
    let outcome = match (allowed_after, fixes) {
        (true, 1) => "Applying the fix makes it work.".to_owned(),
        (true, n) => format!("Applied in order, these {n} fixes make it work."),
        (false, 0) => "No rule change gets it past: it needs a change by hand.".to_owned(),
        (false, _) => {
            "The fixes get it further, but the last component needs a change by hand; what lies beyond it is not known yet."
                .to_owned()
        }
    };
    let items = blockers
        .into_iter()
        .enumerate()
        .map(|(i, blocker)| view! { <BlockerView number=i + 1 blocker/> })
        .collect_view();
    let all = all.map(|edits| {
        view! { <ApplyButton label="Apply all" summary=format!("the {fixes} fixes above, as one step") edits/> }
    });
    view! {
        <section class="fixes" aria-labelledby="fixes-heading" data-testid="fixes" data-state="blocked">
            <h3 id="fixes-heading">"What would make it work"</h3>
            <p class="hint">{intro} " Every Apply is one step: Undo, in the top bar, takes it back."</p>
            <ol class="blockers">{items}</ol>
            <div class="fixes-outcome" data-testid="fixes-outcome">
                <p>{outcome}</p>
                {all}
            </div>
            <ApplyNotice/>
        </section>
    }
}

#[component]
fn BlockerView(number: usize, blocker: BlockerItem) -> impl IntoView {
    let remedy = match blocker.remedy {
        Remedy::Apply { summary, edits, with_earlier, applies } => {
            let (label, note) = if with_earlier {
                (
                    "Apply with the fixes above",
                    Some(view! { <p class="fix-note">"It needs the fixes above: they are applied with it."</p> }),
                )
            } else {
                ("Apply", None)
            };
            view! {
                <div class="fix">
                    <p class="fix-summary" data-testid="fix-summary">
                        <span class="fix-label">"Fix "</span>
                        {with_ids(&summary)}
                    </p>
                    {note}
                    <ApplyButton label summary=applies edits/>
                </div>
            }
            .into_any()
        }
        Remedy::ByHand(text) => view! {
            <p class="by-hand" data-testid="by-hand">
                <span class="fix-label">"By hand "</span>
                {with_ids(&text)}
            </p>
        }
        .into_any(),
        Remedy::Unknown => view! { <p class="by-hand">"The lab has no change to offer for it."</p> }.into_any(),
    };
    let code = blocker.code;
    let code_attribute = code.clone();
    view! {
        <li class="blocker" data-testid="blocker" data-code=code_attribute>
            <span class="blocker-number" aria-hidden="true">{number}</span>
            <div class="blocker-body">
                <p class="blocker-head">
                    <span class="hop-kind">{blocker.kind}</span>
                    <span class="blocker-place">{blocker.place}</span>
                    <code class="reason-code" data-testid="blocker-code">{code}</code>
                </p>
                <p class="hop-component">
                    {blocker.component_name.map(|name| format!("{name} "))}
                    <code>{blocker.component}</code>
                </p>
                // The first is where the connection stops, explained just above.
                {(number > 1).then(|| view! { <p class="blocker-explanation">{blocker.explanation}</p> })}
                {remedy}
            </div>
        </li>
    }
}

/// A part that opens and closes, remembered while the explanation is drawn again.
#[component]
fn Disclosure(
    /// The heading's text.
    title: &'static str,
    /// Said after the title while closed ("4 hops").
    count: String,
    /// Whether it is open.
    open: RwSignal<bool>,
    /// The id of the part it shows.
    id: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="disclosure" data-testid=id>
            <h3 class="disclosure-heading">
                <button
                    type="button"
                    class="disclosure-button"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=format!("{id}-body")
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span class="disclosure-mark" aria-hidden="true">"▸"</span>
                    {title}
                    <span class="disclosure-count">{count}</span>
                </button>
            </h3>
            <div class="disclosure-body" id=format!("{id}-body") hidden=move || !open.get()>
                {children()}
            </div>
        </div>
    }
}

#[component]
fn ExposureView(through: Vec<OpeningItem>, blocks: Vec<Fix>, note: Option<String>) -> impl IntoView {
    let state = use_fixes();
    let through_count = match through.len() {
        0 => "none".to_owned(),
        1 => "1 hop".to_owned(),
        n => format!("{n} hops"),
    };
    let blocks_count = match blocks.len() {
        0 => "nothing to offer".to_owned(),
        1 => "1 change".to_owned(),
        n => format!("{n} changes"),
    };
    view! {
        <section class="fixes" aria-label="What lets it through, and what would block it" data-testid="fixes" data-state="allowed">
            <Disclosure title="What lets it through" count=through_count open=state.through_open id="fixes-through">
                <p class="hint">"The rule, entry or route that decided each hop. Only removing every rule that allows it at a security group blocks it there."</p>
                <ol class="openings">
                    {through.into_iter().map(|opening| view! { <OpeningView opening/> }).collect_view()}
                </ol>
            </Disclosure>
            <Disclosure title="What would block it" count=blocks_count open=state.blocks_open id="fixes-blocks">
                <p class="hint">"Each change alone, checked on a copy of the lab first. Every Apply is one step that Undo takes back."</p>
                {note.map(|note| view! { <p class="fixes-note" data-testid="fixes-note">{note}</p> })}
                <ul class="blocks">
                    {blocks
                        .into_iter()
                        .map(|fix| {
                            view! {
                                <li class="fix block" data-testid="block">
                                    <p class="fix-summary" data-testid="fix-summary">{with_ids(&fix.summary)}</p>
                                    <ApplyButton label="Apply" summary=fix.summary edits=fix.edits/>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </Disclosure>
            <ApplyNotice/>
        </section>
    }
}

#[component]
fn OpeningView(opening: OpeningItem) -> impl IntoView {
    let store = use_lab();
    let rules = (!opening.rules.is_empty()).then(|| {
        let links = opening
            .rules
            .into_iter()
            .map(|RuleItem { group_id, rule_id, group_name }| {
                let text = format!("{rule_id} of {group_name}");
                let open = move |_| store.open_group(group_id.clone(), Some(rule_id.to_string()));
                view! {
                    <li>
                        <button
                            type="button"
                            class="rule-link"
                            title="Open this rule in the security group editor"
                            data-testid="rule-link"
                            on:click=open
                        >
                            {text}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="opening-rules">
                <span>"Open in the editor: "</span>
                <ul>{links}</ul>
            </div>
        }
    });
    view! {
        <li class="opening" data-testid="opening">
            <p class="blocker-head">
                <span class="hop-kind">{opening.kind}</span>
                <span class="blocker-place">{opening.leg}</span>
            </p>
            <p class="hop-component">
                {opening.component_name.map(|name| format!("{name} "))}
                <code>{opening.component}</code>
            </p>
            <p class="opening-summary">{opening.summary}</p>
            {rules}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sglab_engine::example::{self, chapter_connections, APP_SG_ID};
    use sglab_engine::RouteTarget;

    /// The chapter's lab with its connection `number` fired, and the advice for it.
    fn fired(number: usize) -> (Lab, Advice) {
        let mut lab = Lab::chapter();
        let flow = chapter_connections()[number - 1].flow.clone();
        assert!(lab.apply(Command::Fire(flow)).is_ok());
        let advice = advise(&lab, 0).unwrap_or_else(|| Advice::Error("no connection".into()));
        (lab, advice)
    }

    fn is_allowed(lab: &Lab) -> bool {
        lab.connections.connections()[0].verdict.as_ref().is_ok_and(|v| v.allowed)
    }

    #[test]
    fn connection_4_is_fixed_by_its_one_apply_and_then_shows_what_lets_it_through() {
        let (mut lab, advice) = fired(4);
        let Advice::Repair { blockers, all, allowed_after } = advice else { panic!("{advice:?}") };
        assert!(allowed_after && all.is_none());
        assert_eq!(blockers.len(), 1);
        let b = &blockers[0];
        assert_eq!((b.code.as_str(), b.place.as_str()), ("SG_HAS_NO_RULES", "Request hop 1"));
        assert_eq!(b.component_name.as_deref(), Some("MySQL database's security groups"));
        let Remedy::Apply { edits, with_earlier, .. } = &b.remedy else { panic!("{b:?}") };
        assert!(!with_earlier);
        assert!(lab.apply(Command::Edits(edits.clone())).is_ok());
        assert!(is_allowed(&lab));
        // Allowed now: the section turns to what lets it through.
        assert!(matches!(advise(&lab, 0), Some(Advice::Exposure { .. })));
    }

    #[test]
    fn connection_1_is_blocked_by_each_change_offered() {
        let (lab, advice) = fired(1);
        let Advice::Exposure { through, blocks, note } = advice else { panic!("{advice:?}") };
        assert!(note.is_none() && !blocks.is_empty());
        let group = through.iter().find(|o| o.kind == "Security groups, inbound").map(|o| o.rules.clone());
        assert!(
            matches!(group.as_deref(), Some([RuleItem { group_id, group_name, .. }]) if group_id.as_str() == APP_SG_ID && group_name == "app-server-sg"),
            "{group:?}"
        );
        for fix in blocks {
            let mut changed = lab.clone();
            assert!(changed.apply(Command::Edits(fix.edits)).is_ok(), "{}", fix.summary);
            assert!(!is_allowed(&changed), "{}", fix.summary);
        }
    }

    #[test]
    fn several_blockers_are_listed_in_path_order_up_to_one_only_a_person_can_fix() {
        // The database to the suspicious server: no outbound rule, no route, no public IP.
        let mut lab = Lab::chapter();
        let flow = sglab_engine::Flow::new(
            sglab_engine::Endpoint::Address(example::DATABASE_PRIVATE_IP.into()),
            sglab_engine::Endpoint::Address(example::SUSPICIOUS_SERVER_IP.into()),
            sglab_engine::Service::Tcp { port: 443 },
        );
        assert!(lab.apply(Command::Fire(flow)).is_ok());
        let Some(Advice::Repair { blockers, all, allowed_after }) = advise(&lab, 0) else { panic!("a repair") };
        // The fixes do not make it work, so there is no Apply all.
        assert!(!allowed_after && all.is_none());
        let codes: Vec<&str> = blockers.iter().map(|b| b.code.as_str()).collect();
        assert_eq!(codes, ["SG_HAS_NO_RULES", "NO_ROUTE_TO_DESTINATION", "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"]);
        assert_eq!(blockers[1].place, "Request hop 3");
        assert!(matches!(&blockers[2].remedy, Remedy::ByHand(text) if text.contains("Elastic IP")));
        // The route does not need the rule: each applies alone.
        for blocker in &blockers[..2] {
            let Remedy::Apply { edits, with_earlier: false, .. } = &blocker.remedy else { panic!("{blocker:?}") };
            assert!(lab.clone().apply(Command::Edits(edits.clone())).is_ok(), "{blocker:?}");
        }
    }

    #[test]
    fn a_fix_that_needs_the_one_above_brings_it_along_and_apply_all_does_everything() {
        // The internet gateway is gone: create and attach one, then point the blackhole route at it.
        let mut network = example::chapter();
        network.internet_gateways.clear();
        for route in network.route_tables.iter_mut().flat_map(|t| t.routes.iter_mut()) {
            if route.target == RouteTarget::InternetGateway(example::IGW_ID.into()) {
                route.target = RouteTarget::Blackhole { id: example::IGW_ID.into() };
            }
        }
        let mut lab = Lab::new(network);
        assert!(lab.apply(Command::Fire(chapter_connections()[0].flow.clone())).is_ok());
        let Some(Advice::Repair { blockers, all, allowed_after }) = advise(&lab, 0) else { panic!("a repair") };
        assert!(allowed_after);
        let Remedy::Apply { edits: first, with_earlier: false, .. } = &blockers[0].remedy else {
            panic!("{blockers:?}")
        };
        // The route points at the gateway the first fix creates: alone it would be refused.
        let Remedy::Apply { edits: second, with_earlier: true, applies, .. } = &blockers[1].remedy else {
            panic!("{blockers:?}")
        };
        assert!(second.starts_with(first) && second.len() > first.len());
        // The button says it all: the gateway, then the route.
        assert!(
            applies.starts_with("Create an internet gateway") && applies.contains("; Point route 0.0.0.0/0 at igw-"),
            "{applies}"
        );
        let mut after_second = lab.clone();
        assert!(after_second.apply(Command::Edits(second.clone())).is_ok());
        assert!(is_allowed(&after_second));
        let mut after_all = lab.clone();
        assert!(after_all.apply(Command::Edits(all.unwrap_or_default())).is_ok());
        assert!(is_allowed(&after_all));
    }

    #[test]
    fn ids_are_cut_out_of_a_fix_and_the_words_kept_whole() {
        let parts = split_ids(
            "Add outbound rule TCP 443 to sg-0a1b2c3d4e5f60002 (app-server-sg) in sg-0a1b2c3d4e5f60003 (database-sg)",
        );
        let ids: Vec<&str> = parts.iter().filter(|(id, _)| *id).map(|(_, t)| t.as_str()).collect();
        assert_eq!(ids, ["sg-0a1b2c3d4e5f60002", "sg-0a1b2c3d4e5f60003"]);
        let joined: String = parts.iter().map(|(_, t)| t.as_str()).collect();
        assert!(joined.starts_with("Add outbound rule TCP 443 to sg-") && joined.ends_with("(database-sg)"));
        // A name with a prefix's letters is not an id; an address is not either.
        assert!(
            split_ids("app-server-sg to 203.0.113.66/32, rtb-0a1b2c3d4e5f60001.").iter().filter(|(id, _)| *id).count()
                == 1
        );
    }

    #[test]
    fn a_connection_that_is_gone_has_no_advice() {
        assert!(advise(&Lab::chapter(), 0).is_none());
    }
}
