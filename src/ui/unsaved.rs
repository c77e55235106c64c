//! A form left open when the panel closed (another tab chosen): it comes back as it
//! was when the same form is opened again, until it is saved or cancelled. One form
//! of each kind (the form's type) is kept.

use std::any::Any;
use std::cell::RefCell;

thread_local! {
    static UNSAVED: RefCell<Vec<Box<dyn Any>>> = const { RefCell::new(Vec::new()) };
}

/// Keeps `form`, in place of a kept form of the same type.
pub fn keep<T: 'static>(form: T) {
    UNSAVED.with(|u| {
        let mut kept = u.borrow_mut();
        kept.retain(|f| !f.is::<T>());
        kept.push(Box::new(form));
    });
}

/// The kept form of type `T` if `wanted` accepts it (the same group, the same
/// direction…); it is no longer kept. Any other stays kept.
pub fn take<T: 'static>(wanted: impl FnOnce(&T) -> bool) -> Option<T> {
    UNSAVED.with(|u| {
        let mut kept = u.borrow_mut();
        let at = kept.iter().position(|f| f.is::<T>())?;
        if !kept[at].downcast_ref::<T>().is_some_and(wanted) {
            return None;
        }
        kept.remove(at).downcast::<T>().ok().map(|form| *form)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Create(&'static str);
    #[derive(Debug, PartialEq)]
    struct Rules(u32);

    #[test]
    fn a_kept_form_comes_back_once_and_only_to_its_own_kind() {
        keep(Create("web"));
        keep(Rules(1));
        assert_eq!(take::<Rules>(|r| r.0 == 2), None, "another group's rules");
        assert_eq!(take::<Rules>(|r| r.0 == 1), Some(Rules(1)));
        assert_eq!(take::<Rules>(|_| true), None, "taken already");
        keep(Create("db"));
        assert_eq!(take::<Create>(|_| true), Some(Create("db")), "the newer replaces the older");
        assert_eq!(take::<Create>(|_| true), None);
    }
}
