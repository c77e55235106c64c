//! Which lab the page opens with, decided from what the browser saved and what the
//! address bar holds. Plain Rust: the browser glue reads both and carries out the
//! decision.
//!
//! Nothing the learner built is ever dropped here: an unreadable save is handed back
//! to be kept as a backup, and a shared link never replaces a saved lab that differs
//! from it without asking.

use super::format::{self, LoadError};
use super::link;
use super::Notice;
use crate::lab::Lab;

#[derive(Debug)]
pub struct Start {
    pub lab: Lab,
    /// What to tell the learner.
    pub notice: Option<Notice>,
    /// The saved text to keep as a backup, because it could not be opened.
    pub backup: Option<String>,
    /// A shared lab waiting for the learner's choice (keep both, switch, or stay).
    pub incoming: Option<Lab>,
    /// The link has been dealt with: take it out of the address bar so a reload does
    /// not ask again.
    pub clear_link: bool,
}

/// `saved`: the text autosave left, if any. `fragment`: the address bar's fragment.
pub fn decide(saved: Option<&str>, fragment: &str) -> Start {
    let mut start = Start { lab: Lab::chapter(), notice: None, backup: None, incoming: None, clear_link: false };
    let saved_lab = match saved.map(format::from_json) {
        None => None,
        Some(Ok(lab)) => Some(lab),
        Some(Err(error)) => {
            start.notice = Some(Notice::SaveUnreadable { reason: unreadable(&error) });
            start.backup = saved.map(str::to_owned);
            None
        }
    };
    if !link::is_link(fragment) {
        if let Some(lab) = saved_lab {
            start.lab = lab;
        }
        return start;
    }
    start.clear_link = true;
    match (link::decode(fragment), saved_lab) {
        (Ok(shared), None) => start.lab = shared,
        (Ok(shared), Some(own)) if shared == own => start.lab = own,
        (Ok(shared), Some(own)) => {
            start.lab = own;
            start.incoming = Some(shared);
        }
        (Err(error), own) => {
            if let Some(own) = own {
                start.lab = own;
            }
            // An unreadable save is the more serious news; it stays the notice.
            if start.notice.is_none() {
                start.notice = Some(Notice::LinkDamaged { reason: super::dialogs::sentence(&error.to_string()) });
            }
        }
    }
    start
}

/// What a link opened while the page is already open (pasted into the address bar,
/// say) asks for. The lab on screen is the learner's own, so it is never replaced
/// without asking.
#[derive(Debug, PartialEq)]
pub enum Arrival {
    /// The link holds the lab on screen: nothing to do.
    Same,
    /// Another lab, waiting for the learner's choice.
    Incoming(Box<Lab>),
    /// The link could not be read; the sentence says why.
    Damaged(String),
}

/// `None` when the fragment is not a link to a lab.
pub fn arrival(current: &Lab, fragment: &str) -> Option<Arrival> {
    if !link::is_link(fragment) {
        return None;
    }
    Some(match link::decode(fragment) {
        Ok(shared) if &shared == current => Arrival::Same,
        Ok(shared) => Arrival::Incoming(Box::new(shared)),
        Err(error) => Arrival::Damaged(super::dialogs::sentence(&error.to_string())),
    })
}

fn unreadable(error: &LoadError) -> String {
    match error {
        LoadError::Newer { .. } => super::dialogs::sentence(&error.to_string()),
        _ => super::dialogs::sentence(&format!("it is damaged: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keep::format::tests::worked_lab;

    #[test]
    fn a_first_visit_opens_the_chapter() {
        let start = decide(None, "");
        assert_eq!(start.lab, Lab::chapter());
        assert!(start.notice.is_none() && start.backup.is_none() && !start.clear_link);
    }

    #[test]
    fn a_save_opens_as_it_was() {
        let lab = worked_lab();
        let start = decide(Some(&format::to_json(&lab)), "");
        assert_eq!(start.lab, lab);
        assert!(start.notice.is_none());
    }

    #[test]
    fn a_corrupt_save_is_backed_up_and_reported() {
        let text = "{\"Vpcs\": [tru";
        let start = decide(Some(text), "");
        assert_eq!(start.lab, Lab::chapter());
        assert_eq!(start.backup.as_deref(), Some(text));
        assert!(matches!(&start.notice, Some(Notice::SaveUnreadable { reason }) if reason.contains("damaged")));
    }

    #[test]
    fn a_newer_save_is_backed_up_and_reported() {
        let mut doc = format::to_value(&worked_lab());
        doc[format::KEY]["Version"] = serde_json::Value::from(format::VERSION + 1);
        let text = doc.to_string();
        let start = decide(Some(&text), "");
        assert_eq!(start.lab, Lab::chapter());
        assert_eq!(start.backup, Some(text));
        assert!(matches!(&start.notice, Some(Notice::SaveUnreadable { reason }) if reason.contains("newer version")));
    }

    #[test]
    fn a_link_opens_directly_when_nothing_is_saved() {
        let shared = worked_lab();
        let start = decide(None, &format!("#{}", link::encode(&shared)));
        assert_eq!(start.lab, shared);
        assert!(start.incoming.is_none() && start.clear_link);
    }

    #[test]
    fn a_link_never_replaces_a_different_save_without_asking() {
        let shared = worked_lab();
        let own = Lab::chapter();
        let start = decide(Some(&format::to_json(&own)), &format!("#{}", link::encode(&shared)));
        assert_eq!(start.lab, own);
        assert_eq!(start.incoming, Some(shared));
    }

    #[test]
    fn a_link_to_the_saved_lab_just_opens_it() {
        let lab = worked_lab();
        let start = decide(Some(&format::to_json(&lab)), &link::encode(&lab));
        assert_eq!(start.lab, lab);
        assert!(start.incoming.is_none());
    }

    #[test]
    fn a_link_arriving_in_an_open_page_asks_before_replacing_the_lab() {
        let current = Lab::chapter();
        let shared = worked_lab();
        assert_eq!(arrival(&current, ""), None);
        assert_eq!(arrival(&current, "#details"), None);
        assert_eq!(arrival(&current, &format!("#{}", link::encode(&current))), Some(Arrival::Same));
        assert_eq!(
            arrival(&current, &format!("#{}", link::encode(&shared))),
            Some(Arrival::Incoming(Box::new(shared)))
        );
        assert!(matches!(arrival(&current, "#lab=AAAA"), Some(Arrival::Damaged(_))));
    }

    #[test]
    fn a_damaged_link_is_reported_and_the_save_opens() {
        let lab = worked_lab();
        let start = decide(Some(&format::to_json(&lab)), "#lab=AAAA");
        assert_eq!(start.lab, lab);
        assert!(matches!(start.notice, Some(Notice::LinkDamaged { .. })));
    }
}
