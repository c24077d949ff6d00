//! The whole-world answers in the real TUI, driven in tmux as a person would (issue 13: "the TUI
//! shows reach, why and diff from the same answers; tmux tests drive each"): the reach grid on
//! `r`, `why` in the trace pane with its fix lines run by `n` and Enter, and `diff since` a mark.
//! Skipped, with a message, where tmux is not installed (CI installs it).

use crate::repl::{BIN, Pane, Scratch, tmux_installed};

/// The world of sessions/why-and-fix.sgs: three gates stand between web-1 and db-1 on tcp 5432.
const WORLD: &str = "\
create vpc prod 10.0.0.0/16
create subnet web-a in prod 10.0.1.0/24 public
create subnet db-a in prod 10.0.2.0/24
create group web \"web servers\" in prod
create group db \"database\" in prod
revoke egress all from web to 0.0.0.0/0
authorize egress tcp 443 from web to 0.0.0.0/0
authorize ingress tcp 443 from 0.0.0.0/0 to web
launch web-1 in prod/web-a groups web public-ip
launch db-1 in prod/db-a groups db
create nacl strict in prod
create nacl-entry strict ingress 100 allow tcp 5432 from 10.0.0.0/16
associate nacl strict with prod/db-a
";

/// Opens the command line afresh, types `text`, waits until it shows, and presses Enter.
fn command(pane: &Pane, text: &str) {
    escape(pane);
    pane.press(":");
    pane.wait_for("Tab complete");
    pane.type_text(text);
    pane.wait_for(text);
    pane.press("Enter");
}

/// Presses Esc, then waits: a key that follows Esc at once reads as Alt and that key.
fn escape(pane: &Pane) {
    pane.press("Escape");
    std::thread::sleep(std::time::Duration::from_millis(300));
}

/// Leaves the command line and presses Tab until the pane titled `name` has the focus (its
/// border turns heavy).
fn focus(pane: &Pane, name: &str) {
    escape(pane);
    let focused = format!("┏ {name}");
    for _ in 0..8 {
        if pane.screen().contains(&focused) {
            return;
        }
        pane.press("Tab");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    pane.wait_for(&focused);
}

#[test]
fn the_tui_shows_reach_why_and_diff_and_runs_whys_fix_line_by_line() {
    if !tmux_installed() {
        eprintln!("SKIPPED: tmux is not installed; the terminal tests need it");
        return;
    }
    let scratch = Scratch::new("tui-whole");
    let world = scratch.path().join("world.sgs");
    std::fs::write(&world, WORLD).expect("the world is written");
    let pane = Pane::start(
        "tui-whole",
        &format!("'{BIN}' tui '{}'; sleep 30", world.display()),
    );
    pane.wait_for("0 passed, 0 failed");

    // why: the gates on both legs, then the fix, run line by line from the trace pane.
    command(&pane, "mark before");
    pane.wait_for("before");
    command(&pane, "why tcp 5432 from web-1 to db-1");
    let screen = pane.wait_for("SG_HAS_NO_RULES");
    assert!(screen.contains("3 gates block"), "{screen}");
    focus(&pane, "Trace");
    for _ in 0..3 {
        pane.press("n");
        pane.press("Enter");
    }
    pane.wait_for("ok: created entry egress 32766");
    command(&pane, "expect allow tcp 5432 from web-1 to db-1");
    pane.wait_for("pass: allow tcp 5432 web-1 -> db-1");

    // diff since the mark: the rules the fix added and the pair it opened.
    command(&pane, "diff since before");
    let screen = pane.wait_for("web-1 -> db-1: +tcp 5432");
    assert!(
        screen.contains("+ authorize ingress tcp 5432 from web to db"),
        "{screen}"
    );

    // The reach grid of the selected group's VPC, from the Groups pane: every pair's verdict.
    focus(&pane, "Groups");
    pane.press("r");
    let screen = pane.wait_for("Reach grid");
    assert!(
        screen.contains("db-1") && screen.contains("web-1") && screen.contains('✗'),
        "{screen}"
    );
}
