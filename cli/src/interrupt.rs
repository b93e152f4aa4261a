//! Ctrl-C during a wait: the first one asks the cluster to cancel the
//! operation (`CancelClusterGroupOperation`) and lets the wait see what the
//! cluster makes of it; a second one ends the command at once (exit 130).
//! Outside a wait Ctrl-C keeps its default meaning: the handler is only
//! installed when a wait begins.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// From now on, Ctrl-C is a request to cancel (see the module docs). If the
/// handler cannot be installed, Ctrl-C keeps ending the command at once.
pub fn arm() {
    INSTALL.call_once(|| {
        let installed = ctrlc::set_handler(|| {
            if on_ctrl_c(&REQUESTED) == Then::Exit {
                crate::output::errln!("clusprop: interrupted again: ending without waiting");
                std::process::exit(i32::from(crate::error::INTERRUPTED));
            }
        });
        if let Err(e) = installed {
            crate::output::errln!("clusprop: Ctrl-C will end the command at once ({e})");
        }
    });
}

/// Whether Ctrl-C was pressed since [`arm`].
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// What a Ctrl-C does.
#[derive(Debug, PartialEq, Eq)]
enum Then {
    /// The first: the wait sees the request and asks the cluster to cancel.
    AskToCancel,
    /// A later one: end the command now.
    Exit,
}

/// Records a Ctrl-C in `requested` and says what it means.
fn on_ctrl_c(requested: &AtomicBool) -> Then {
    if requested.swap(true, Ordering::SeqCst) {
        Then::Exit
    } else {
        Then::AskToCancel
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_ctrl_c_asks_to_cancel_and_every_later_one_exits() {
        let requested = AtomicBool::new(false);
        assert_eq!(on_ctrl_c(&requested), Then::AskToCancel);
        assert!(requested.load(Ordering::SeqCst));
        assert_eq!(on_ctrl_c(&requested), Then::Exit);
        assert_eq!(on_ctrl_c(&requested), Then::Exit);
    }
}
