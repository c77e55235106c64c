//! The Details tab: what is selected on the diagram, its interfaces and their
//! security groups (attach, detach), and adding or removing resources.

use crate::lab::{Command, CommandError};
use crate::layout::NodeKey;
use crate::store::{use_lab, LabStore};
use crate::ui::errors::field_messages_named;
use crate::ui::{sentence, FormError, Place};
use leptos::prelude::*;
use sglab_engine::edit::Field;
use sglab_engine::ids::{NetworkInterfaceId, ResourceId, SecurityGroupId, SubnetId, VpcId};
use sglab_engine::{name_tag, Edit, ResourceKind};

/// A refused edit at the field of `fields` it is about, or else above the buttons.
fn placed(error: CommandError, fields: &[Place]) -> FormError {
    let error = FormError::at_field(error);
    if fields.contains(&error.place) {
        error
    } else {
        FormError { place: Place::Form, ..error }
    }
}

/// The message at `place`, next to its field; `data-testid` is `error-` and the
/// field's name (`error-cidr`, `error-form`).
fn error_for(error: RwSignal<Vec<FormError>>, place: Place) -> impl IntoView {
    let name = match place {
        Place::Field(field) => field.as_str(),
        Place::Subnet => "subnet",
        Place::Vpc => "vpc",
        _ => "form",
    };
    field_messages_named(error.into(), place, format!("details-error-{name}"), format!("error-{name}"))
}

#[component]
pub fn DetailsPanel() -> impl IntoView {
    let store = use_lab();
    view! {
        <section class="panel details" data-testid="details">
            {move || match store.ui.selected.get() {
                Some(NodeKey::Resource(id)) => view! { <ResourceDetails id/> }.into_any(),
                Some(NodeKey::Interface(id)) => view! { <InterfaceOnly id/> }.into_any(),
                Some(NodeKey::Host(address)) => view! { <HostDetails address/> }.into_any(),
                None => view! { <AddForms/> }.into_any(),
            }}
        </section>
    }
}

#[derive(Clone, Debug, PartialEq)]
struct InterfaceRow {
    id: String,
    subnet: String,
    private_ips: Vec<String>,
    public_ip: Option<String>,
    groups: Vec<(String, String)>,
    /// The VPC's groups not attached yet.
    attachable: Vec<(String, String)>,
}

fn interface_row(store: LabStore, id: &str) -> Option<InterfaceRow> {
    store.lab.with(|lab| {
        let net = &lab.network;
        let eni = net.network_interfaces.iter().find(|e| e.id.as_str() == id)?;
        let subnet = net.subnet(&eni.subnet_id);
        let vpc = subnet.map(|s| s.vpc_id.clone());
        let group_name = |g: &SecurityGroupId| net.security_group(g).map_or_else(|| g.to_string(), |g| g.name.clone());
        Some(InterfaceRow {
            id: eni.id.to_string(),
            subnet: subnet.map_or_else(
                || eni.subnet_id.to_string(),
                |s| format!("{} ({})", name_tag(&s.tags).unwrap_or(s.id.as_str()), s.id),
            ),
            private_ips: eni.private_ips.iter().map(|p| p.address.to_string()).collect(),
            public_ip: eni.public_ip().map(|ip| ip.to_string()),
            groups: eni.security_groups.iter().map(|g| (g.to_string(), group_name(g))).collect(),
            attachable: net
                .security_groups
                .iter()
                .filter(|g| Some(&g.vpc_id) == vpc.as_ref() && !eni.security_groups.contains(&g.id))
                .map(|g| (g.id.to_string(), g.name.clone()))
                .collect(),
        })
    })
}

/// A resource: kind, name, id, its interfaces, and Remove.
#[component]
fn ResourceDetails(id: String) -> impl IntoView {
    let store = use_lab();
    let head = {
        let id = id.clone();
        Memo::new(move |_| {
            store.lab.with(|lab| {
                let r = lab.network.resources.iter().find(|r| r.id.as_str() == id)?;
                let enis: Vec<String> = lab.network.interfaces_of(&r.id).map(|e| e.id.to_string()).collect();
                Some((r.kind.label(), r.name.clone(), enis))
            })
        })
    };
    let remove_id = id.clone();
    view! {
        {move || match head.get() {
            None => view! { <p class="hint">"This resource no longer exists."</p> }.into_any(),
            Some((kind, name, enis)) => {
                let remove_id = remove_id.clone();
                view! {
                    <header class="details-head">
                        <span class="details-kind">{kind}</span>
                        <h2 data-testid="details-name">{name.clone()}</h2>
                        <code data-testid="details-id">{id.clone()}</code>
                    </header>
                    <h3 class="details-section">"Network interfaces"</h3>
                    {enis.into_iter().map(|eni| view! { <InterfaceCard id=eni/> }).collect_view()}
                    <RemoveButton
                        what=format!("Remove {name}")
                        edit=Edit::DeleteResource { resource_id: ResourceId::new(remove_id) }
                    />
                }
                    .into_any()
            }
        }}
    }
}

/// An interface that belongs to no resource.
#[component]
fn InterfaceOnly(id: String) -> impl IntoView {
    view! {
        <header class="details-head">
            <span class="details-kind">"Network interface"</span>
            <h2>{id.clone()}</h2>
        </header>
        <InterfaceCard id/>
    }
}

/// One interface: subnet, addresses, and its security groups with Detach and Attach.
#[component]
fn InterfaceCard(id: String) -> impl IntoView {
    let store = use_lab();
    let row = {
        let id = id.clone();
        Memo::new(move |_| interface_row(store, &id))
    };
    let error = RwSignal::new(Vec::<FormError>::new());
    let choice = RwSignal::new(String::new());
    let set_groups = move |groups: Vec<String>| {
        let Some(r) = row.get_untracked() else { return };
        let edit = Edit::ModifyNetworkInterfaceAttribute {
            interface_id: NetworkInterfaceId::new(r.id),
            groups: groups.into_iter().map(SecurityGroupId::new).collect(),
        };
        match store.dispatch(Command::Edit(edit)) {
            Ok(_) => error.set(Vec::new()),
            Err(e) => error.set(vec![placed(e, &[])]),
        }
    };
    let attach = move |_| {
        let Some(r) = row.get_untracked() else { return };
        let chosen = choice.get_untracked();
        let chosen =
            if chosen.is_empty() { r.attachable.first().map(|(g, _)| g.clone()).unwrap_or_default() } else { chosen };
        if chosen.is_empty() {
            return;
        }
        let mut groups: Vec<String> = r.groups.iter().map(|(g, _)| g.clone()).collect();
        groups.push(chosen);
        choice.set(String::new());
        set_groups(groups);
    };
    view! {
        {move || {
            row.get()
                .map(|r| {
                    let groups = r
                        .groups
                        .iter()
                        .map(|(gid, name)| {
                            let open = SecurityGroupId::new(gid.clone());
                            let keep: Vec<String> = r.groups.iter().map(|(g, _)| g.clone()).filter(|g| g != gid).collect();
                            view! {
                                <li class="group-row" data-testid=format!("attached-{gid}")>
                                    <button
                                        type="button"
                                        class="link"
                                        title="Open in the Security groups tab"
                                        on:click=move |_| store.open_group(open.clone(), None)
                                    >
                                        {name.clone()}
                                    </button>
                                    <code>{gid.clone()}</code>
                                    <button
                                        type="button"
                                        class="button small"
                                        aria-label=format!("Detach {name}")
                                        on:click=move |_| set_groups(keep.clone())
                                    >
                                        "Detach"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view();
                    let options = r
                        .attachable
                        .iter()
                        .map(|(gid, name)| view! { <option value=gid.clone()>{format!("{name} ({gid})")}</option> })
                        .collect_view();
                    let none_left = r.attachable.is_empty();
                    view! {
                        <div class="eni-card" data-testid=format!("eni-{}", r.id)>
                            <dl class="facts">
                                <dt>"Interface"</dt>
                                <dd><code>{r.id.clone()}</code></dd>
                                <dt>"Subnet"</dt>
                                <dd>{r.subnet.clone()}</dd>
                                <dt>"Private IP"</dt>
                                <dd>{r.private_ips.join(", ")}</dd>
                                <dt>"Public IP"</dt>
                                <dd>{r.public_ip.clone().unwrap_or_else(|| "–".into())}</dd>
                            </dl>
                            <h4>"Security groups"</h4>
                            <ul class="group-list">{groups}</ul>
                            <div class="attach">
                                <label>
                                    <span class="visually-hidden">"Security group to attach"</span>
                                    <select
                                        aria-label="Security group to attach"
                                        disabled=none_left
                                        on:change=move |ev| choice.set(event_target_value(&ev))
                                    >
                                        {options}
                                    </select>
                                </label>
                                <button type="button" class="button" disabled=none_left on:click=attach>
                                    "Attach security group"
                                </button>
                            </div>
                        </div>
                    }
                })
        }}
        {error_for(error, Place::Form)}
    }
}

/// An internet host: name, address, Remove.
#[component]
fn HostDetails(address: String) -> impl IntoView {
    let store = use_lab();
    let name = {
        let address = address.clone();
        Memo::new(move |_| {
            store.lab.with(|lab| {
                lab.network.internet_hosts.iter().find(|h| h.address.to_string() == address).map(|h| h.name.clone())
            })
        })
    };
    view! {
        {move || match name.get() {
            None => view! { <p class="hint">"This host no longer exists."</p> }.into_any(),
            Some(n) => view! {
                <header class="details-head">
                    <span class="details-kind">"Internet host"</span>
                    <h2 data-testid="details-name">{n.clone()}</h2>
                    <code>{address.clone()}</code>
                </header>
                <RemoveButton what=format!("Remove {n}") edit=Edit::RemoveInternetHost { name: n.clone() }/>
            }
                .into_any(),
        }}
    }
}

/// Remove, then a confirmation.
#[component]
fn RemoveButton(what: String, edit: Edit) -> impl IntoView {
    let store = use_lab();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(Vec::<FormError>::new());
    let label = what.clone();
    view! {
        <div class="remove">
            {move || {
                if confirming.get() {
                    let edit = edit.clone();
                    view! {
                        <span class="confirm-text">"Remove it from the network?"</span>
                        <button
                            type="button"
                            class="button danger"
                            on:click=move |_| match store.dispatch(Command::Edit(edit.clone())) {
                                Ok(_) => store.ui.selected.set(None),
                                Err(e) => {
                                    error.set(vec![placed(e, &[])]);
                                    confirming.set(false);
                                }
                            }
                        >
                            "Confirm remove"
                        </button>
                        <button type="button" class="button" on:click=move |_| confirming.set(false)>
                            "Cancel"
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button type="button" class="button danger" on:click=move |_| confirming.set(true)>
                            {label.clone()}
                        </button>
                    }
                        .into_any()
                }
            }}
            {error_for(error, Place::Form)}
        </div>
    }
}

/// Options of a select: value and label.
type Options = Vec<(String, String)>;

/// The network's subnets and security groups, for the forms' selects.
fn choices(store: LabStore) -> (Options, Options) {
    store.lab.with(|lab| {
        let subnets = lab
            .network
            .subnets
            .iter()
            .map(|s| (s.id.to_string(), format!("{} ({})", name_tag(&s.tags).unwrap_or(s.id.as_str()), s.cidr_block)))
            .collect();
        let groups = lab.network.security_groups.iter().map(|g| (g.id.to_string(), g.name.clone())).collect();
        (subnets, groups)
    })
}

/// With nothing selected: add a resource, an internet host or a subnet.
#[component]
fn AddForms() -> impl IntoView {
    view! {
        <p class="hint">"Select a resource on the diagram to see its interfaces and security groups, or add to the network."</p>
        <AddResource/>
        <AddHost/>
        <Subnets/>
        <AddSubnet/>
    }
}

/// The subnets, each with Remove (refused while something still has an interface in it).
#[component]
fn Subnets() -> impl IntoView {
    let store = use_lab();
    let rows = Memo::new(move |_| {
        store.lab.with(|lab| {
            lab.network
                .subnets
                .iter()
                .map(|s| {
                    let name = name_tag(&s.tags).unwrap_or(s.id.as_str()).to_owned();
                    let public = crate::layout::is_public(&lab.network, s);
                    (s.id.to_string(), name, s.cidr_block.to_string(), public)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="subnet-list" aria-label="Subnets">
            <h3>"Subnets"</h3>
            <ul>
                <For
                    each=move || rows.get()
                    key=|row| row.clone()
                    children=move |(id, name, cidr, public)| {
                        let testid = format!("subnet-row-{id}");
                        view! {
                            <li data-testid=testid>
                                <span class="subnet-name">{name.clone()}</span>
                                <span class=if public { "pill public" } else { "pill private" }>
                                    {if public { "Public" } else { "Private" }}
                                </span>
                                <code>{cidr}</code>
                                <RemoveButton
                                    what=format!("Remove {name}")
                                    edit=Edit::DeleteSubnet { subnet_id: SubnetId::new(id) }
                                />
                            </li>
                        }
                    }
                />
            </ul>
        </section>
    }
}

const RESOURCE_FIELDS: &[Place] =
    &[Place::Field(Field::Name), Place::Subnet, Place::Field(Field::SecurityGroups), Place::Field(Field::PrivateIp)];

#[component]
fn AddResource() -> impl IntoView {
    let store = use_lab();
    let kind = RwSignal::new("ec2".to_string());
    let name = RwSignal::new(String::new());
    let subnet = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let error = RwSignal::new(Vec::<FormError>::new());
    let done = RwSignal::new(None::<String>);
    let lists = Memo::new(move |_| choices(store));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (subnets, _) = lists.get_untracked();
        let subnet_id =
            Some(subnet.get_untracked()).filter(|s| !s.is_empty()).or_else(|| subnets.first().map(|s| s.0.clone()));
        let Some(subnet_id) = subnet_id else {
            error.set(vec![FormError::new(Place::Subnet, sentence("there is no subnet to put it in"))]);
            return;
        };
        let kind = match kind.get_untracked().as_str() {
            "rds" => ResourceKind::Rds,
            "alb" => ResourceKind::Alb,
            _ => ResourceKind::Ec2,
        };
        let chosen = group.get_untracked();
        let edit = Edit::CreateResource {
            kind,
            name: name.get_untracked(),
            subnet_id: SubnetId::new(subnet_id),
            security_groups: if chosen.is_empty() { Vec::new() } else { vec![SecurityGroupId::new(chosen)] },
            private_ip: None,
            public_ip: None,
        };
        match store.dispatch(Command::Edit(edit)) {
            Ok(outcome) => {
                error.set(Vec::new());
                done.set(Some(format!("Added {}.", name.get_untracked())));
                name.set(String::new());
                if let Some(id) = outcome.applied.as_ref().and_then(|a| a.resource()) {
                    store.ui.selected.set(Some(NodeKey::Resource(id.to_string())));
                }
            }
            Err(e) => {
                done.set(None);
                error.set(vec![placed(e, RESOURCE_FIELDS)]);
            }
        }
    };
    view! {
        <form class="add-form" data-testid="add-resource" on:submit=submit>
            <h3>"Add a resource"</h3>
            <label class="field">
                <span>"Kind"</span>
                <select prop:value=move || kind.get() on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="ec2">"EC2 instance"</option>
                    <option value="rds">"RDS database"</option>
                    <option value="alb">"Application Load Balancer"</option>
                </select>
            </label>
            <label class="field">
                <span>"Name"</span>
                <input type="text" name="name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                {error_for(error, Place::Field(Field::Name))}
            </label>
            <label class="field">
                <span>"Subnet"</span>
                <select name="subnet" on:change=move |ev| subnet.set(event_target_value(&ev))>
                    {move || {
                        lists
                            .get()
                            .0
                            .into_iter()
                            .map(|(id, label)| {
                                let selected = subnet.get_untracked() == id;
                                view! { <option value=id.clone() selected=selected>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                {error_for(error, Place::Subnet)}
            </label>
            <label class="field">
                <span>"Security group"</span>
                <select name="security-group" on:change=move |ev| group.set(event_target_value(&ev))>
                    <option value="">"The VPC's default group"</option>
                    {move || {
                        lists
                            .get()
                            .1
                            .into_iter()
                            .map(|(id, label)| {
                                let selected = group.get_untracked() == id;
                                view! { <option value=id.clone() selected=selected>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                {error_for(error, Place::Field(Field::SecurityGroups))}
            </label>
            {error_for(error, Place::Form)}
            <p class="done" role="status">{move || done.get()}</p>
            <button type="submit" class="button primary">"Add resource"</button>
        </form>
    }
}

const HOST_FIELDS: &[Place] = &[Place::Field(Field::Name), Place::Field(Field::Address)];

#[component]
fn AddHost() -> impl IntoView {
    let store = use_lab();
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let error = RwSignal::new(Vec::<FormError>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = address.get_untracked();
        let Ok(parsed) = text.trim().parse() else {
            error.set(vec![FormError::new(
                Place::Field(Field::Address),
                sentence(&format!("`{text}` is not an IP address")),
            )]);
            return;
        };
        match store.dispatch(Command::Edit(Edit::AddInternetHost { name: name.get_untracked(), address: parsed })) {
            Ok(_) => {
                error.set(Vec::new());
                name.set(String::new());
                address.set(String::new());
            }
            Err(e) => error.set(vec![placed(e, HOST_FIELDS)]),
        }
    };
    view! {
        <form class="add-form" data-testid="add-host" on:submit=submit>
            <h3>"Add an internet host"</h3>
            <label class="field">
                <span>"Name"</span>
                <input type="text" name="name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                {error_for(error, Place::Field(Field::Name))}
            </label>
            <label class="field">
                <span>"Address"</span>
                <input
                    type="text"
                    name="address"
                    placeholder="198.51.100.7"
                    prop:value=move || address.get()
                    on:input=move |ev| address.set(event_target_value(&ev))
                />
                {error_for(error, Place::Field(Field::Address))}
            </label>
            {error_for(error, Place::Form)}
            <button type="submit" class="button primary">"Add host"</button>
        </form>
    }
}

const SUBNET_FIELDS: &[Place] = &[Place::Field(Field::Name), Place::Field(Field::Cidr)];

#[component]
fn AddSubnet() -> impl IntoView {
    let store = use_lab();
    let name = RwSignal::new(String::new());
    let cidr = RwSignal::new(String::new());
    let error = RwSignal::new(Vec::<FormError>::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = cidr.get_untracked();
        let Ok(parsed) = text.trim().parse() else {
            error.set(vec![FormError::new(
                Place::Field(Field::Cidr),
                sentence(&format!("`{text}` is not an IPv4 CIDR block")),
            )]);
            return;
        };
        let (vpc, zone) = store.lab.with_untracked(|lab| {
            (
                lab.network.vpcs.first().map(|v| v.id.clone()),
                lab.network.subnets.first().map_or_else(|| "us-east-1a".to_owned(), |s| s.availability_zone.clone()),
            )
        });
        let Some(vpc_id) = vpc else {
            error.set(vec![FormError::new(Place::Form, sentence("there is no VPC to add a subnet to"))]);
            return;
        };
        let n = name.get_untracked();
        let edit = Edit::CreateSubnet {
            vpc_id: VpcId::new(vpc_id.to_string()),
            cidr_block: parsed,
            availability_zone: zone,
            name: Some(n.trim().to_owned()).filter(|n| !n.is_empty()),
        };
        match store.dispatch(Command::Edit(edit)) {
            Ok(_) => {
                error.set(Vec::new());
                name.set(String::new());
                cidr.set(String::new());
            }
            Err(e) => error.set(vec![placed(e, SUBNET_FIELDS)]),
        }
    };
    view! {
        <form class="add-form" data-testid="add-subnet" on:submit=submit>
            <h3>"Add a subnet"</h3>
            <label class="field">
                <span>"Name"</span>
                <input type="text" name="name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                {error_for(error, Place::Field(Field::Name))}
            </label>
            <label class="field">
                <span>"IPv4 CIDR block"</span>
                <input
                    type="text"
                    name="cidr"
                    placeholder="10.1.3.0/24"
                    prop:value=move || cidr.get()
                    on:input=move |ev| cidr.set(event_target_value(&ev))
                />
                {error_for(error, Place::Field(Field::Cidr))}
            </label>
            {error_for(error, Place::Form)}
            <button type="submit" class="button primary">"Add subnet"</button>
        </form>
    }
}
