//! The terminal UI: panes for groups, rules, members and the packet trace, a console with the
//! same language as the REPL, a reach grid, and a play mode that steps through a session file.
//!
//! ratatui's shape: [`App`] holds the state, [`Action`] names what the user wants, `App::update`
//! changes the state, and `ui::draw` renders it without changing anything. The loop is
//! draw → read an event → map it to an action (`keys`) → update; no async, no channels: the
//! engine is synchronous and in memory. The one timer: while autoplay is on, the loop waits for
//! an event at most a tick and sends `Action::Tick` when none came (the core keeps no clock). The terminal goes back to how it was on quit,
//! on a panic (ratatui's hook, plus the mouse capture and bracketed paste this module turns on)
//! and on SIGTERM, SIGINT, SIGHUP or SIGQUIT (`signals`). A paste arrives as one event.
//!
//! - `app`: state, `Action`, `update`; `state` (the model: the session and what was read from
//!   it), `screen` (size, focus, overlay), `input` (mode, line, status), `console`, `runner`,
//!   `grid`, `play` (with `autoplay` and `detour`), `topology`: the parts of the state and their
//!   updates; `model`, `traceview`, `changes`:
//!   view models built once per change (what a command changed comes from what the session says
//!   it wrote);
//!   `services`: what the panes say about cache security groups, clusters and databases.
//! - `keys`: the bindings per context, read by the loop and printed by the help.
//! - `ui` and `panes/`: layout and drawing; `wrap` and `scroll`: long lines in the trace and the
//!   console, and scrolling them to their last line.
//! - `signals`: the terminal put back when a signal ends the process (the REPL uses it too).

mod action;
pub mod app;
pub mod autoplay;
pub mod changes;
pub mod console;
mod detour;
pub mod grid;
mod input;
mod kept;
pub mod keys;
pub mod list;
pub mod model;
mod mouse;
pub mod panes;
mod pick;
pub mod play;
mod quiz;
pub mod runner;
mod screen;
mod scroll;
pub mod services;
pub mod signals;
pub mod state;
pub mod topology;
pub mod traceview;
pub mod ui;
pub mod why;
pub mod wrap;

pub use app::{Action, App, Mode, Pane};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, MouseEventKind,
};
use crossterm::execute;
use ratatui::DefaultTerminal;
use std::io;

/// Maps one terminal event to an action.
pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) => keys::action(app, key),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(_) => Some(Action::Click {
                x: m.column,
                y: m.row,
            }),
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                x: m.column,
                y: m.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                x: m.column,
                y: m.row,
                down: false,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// Puts the terminal back: mouse capture and bracketed paste off, the main screen, cooked mode.
fn restore_terminal() {
    let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// Runs the app in the terminal until the user quits. The terminal goes back to how it was on
/// quit, on a panic and on a signal that ends the process.
pub fn run(mut app: App) -> io::Result<()> {
    // ratatui installs a panic hook that restores the terminal; ours, chained before it, also
    // gives the mouse back.
    let mut terminal = ratatui::try_init()?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
        hook(info);
    }));
    signals::restore_on(signals::TUI, restore_terminal);
    let result = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste)
        .and_then(|()| run_loop(&mut terminal, &mut app));
    restore_terminal();
    // The process ends next: freeing a big world would only cost time.
    std::mem::forget(app);
    result
}

fn run_loop(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<()> {
    while !app.quit {
        let size = terminal.size()?;
        if (size.width, size.height) != (app.screen.size.width, app.screen.size.height) {
            app.update(Action::Resize {
                width: size.width,
                height: size.height,
            });
        }
        terminal.draw(|frame| ui::draw(app, frame))?;
        // While autoplay is on the loop ticks; otherwise it waits for the next event.
        if app.ticking() && !event::poll(std::time::Duration::from_millis(autoplay::TICK_MS))? {
            app.update(Action::Tick);
            continue;
        }
        match event::read()? {
            Event::Paste(text) => app.paste(&text),
            event => {
                if let Some(action) = action_for(app, &event) {
                    app.update(action);
                }
            }
        }
    }
    Ok(())
}
