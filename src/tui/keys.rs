//! Key bindings: one table per context (a pane, the command line, the reach grid, play mode),
//! each entry the keys, what they do and the [`Action`] they send. The event loop maps keys with
//! these tables, and the bottom bar and the `?` overlay print them, so help cannot drift from
//! what the keys do (gitui's rule).

use super::app::{Action, App, Mode, Pane};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key as the tables write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A character typed without Ctrl or Alt (Shift is part of the character: `G`).
    Char(char),
    /// A named key (arrows, Enter, Esc, Tab, Shift-Tab, …).
    Code(KeyCode),
    /// Ctrl and a letter.
    Ctrl(char),
}

impl Key {
    fn matches(self, ev: &KeyEvent) -> bool {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt = ev.modifiers.contains(KeyModifiers::ALT);
        match self {
            Key::Char(c) => ev.code == KeyCode::Char(c) && !ctrl && !alt,
            Key::Ctrl(c) => ctrl && ev.code == KeyCode::Char(c),
            Key::Code(code) => ev.code == code && !ctrl && !alt,
        }
    }

    /// How help writes the key.
    pub fn name(self) -> String {
        match self {
            Key::Char(' ') => "Space".to_string(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("C-{c}"),
            Key::Code(code) => match code {
                KeyCode::Up => "↑",
                KeyCode::Down => "↓",
                KeyCode::Left => "←",
                KeyCode::Right => "→",
                KeyCode::Enter => "Enter",
                KeyCode::Esc => "Esc",
                KeyCode::Tab => "Tab",
                KeyCode::BackTab => "S-Tab",
                KeyCode::PageUp => "PgUp",
                KeyCode::PageDown => "PgDn",
                KeyCode::Home => "Home",
                KeyCode::End => "End",
                KeyCode::Backspace => "Bksp",
                KeyCode::Delete => "Del",
                _ => "?",
            }
            .to_string(),
        }
    }
}

/// One binding: the keys, a few words on what they do, and the action.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub what: &'static str,
    pub action: Action,
    /// Shown in the bottom bar (the overlay shows every binding).
    pub bar: bool,
}

impl Binding {
    /// The keys as help writes them: `↑/k`.
    pub fn keys_text(&self) -> String {
        let names: Vec<String> = self.keys.iter().map(|k| k.name()).collect();
        names.join("/")
    }
}

const fn b(keys: &'static [Key], what: &'static str, action: Action, bar: bool) -> Binding {
    Binding {
        keys,
        what,
        action,
        bar,
    }
}

use Key::{Char as C, Code as K};

const UP: Binding = b(&[K(KeyCode::Up), C('k')], "up", Action::Up, false);
const DOWN: Binding = b(&[K(KeyCode::Down), C('j')], "down", Action::Down, false);
const PAGE_UP: Binding = b(&[K(KeyCode::PageUp)], "page up", Action::PageUp, false);
const PAGE_DOWN: Binding = b(
    &[K(KeyCode::PageDown)],
    "page down",
    Action::PageDown,
    false,
);
/// Moving in a list; the `?` overlay lists these once.
pub const MOVE: [Binding; 6] = [
    UP,
    DOWN,
    b(&[C('g'), K(KeyCode::Home)], "first", Action::Top, false),
    b(&[C('G'), K(KeyCode::End)], "last", Action::Bottom, false),
    PAGE_UP,
    PAGE_DOWN,
];
const FILTER: Binding = b(&[C('/')], "filter", Action::Filter, true);

/// Where keys are looked up, most specific first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Help,
    Input,
    Grid,
    Play,
    Groups,
    Rules,
    Members,
    Trace,
    Console,
    Global,
}

impl Context {
    /// Every context, in the order the `?` overlay lists them.
    pub const ALL: [Context; 10] = [
        Context::Global,
        Context::Play,
        Context::Groups,
        Context::Rules,
        Context::Members,
        Context::Trace,
        Context::Console,
        Context::Input,
        Context::Grid,
        Context::Help,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Context::Help => "This help",
            Context::Input => "Command line, filter and packet prompt",
            Context::Grid => "Reach grid",
            Context::Play => "Play mode",
            Context::Groups => "Groups",
            Context::Rules => "Rules",
            Context::Members => "Members",
            Context::Trace => "Trace",
            Context::Console => "Console",
            Context::Global => "Everywhere",
        }
    }

    /// The bindings of this context.
    pub fn bindings(self) -> Vec<Binding> {
        let mut list = Vec::new();
        match self {
            Context::Help => list.extend([
                b(
                    &[K(KeyCode::Esc), C('?'), C('q')],
                    "close",
                    Action::Back,
                    true,
                ),
                UP,
                DOWN,
            ]),
            Context::Input => list.extend([
                b(&[K(KeyCode::Enter)], "run", Action::Submit, true),
                b(&[K(KeyCode::Tab)], "complete", Action::Complete, true),
                b(&[K(KeyCode::Up)], "older", Action::HistoryPrev, true),
                b(&[K(KeyCode::Down)], "newer", Action::HistoryNext, true),
                b(&[K(KeyCode::Esc)], "cancel", Action::Back, true),
                b(
                    &[K(KeyCode::PageUp)],
                    "scroll the log up",
                    Action::PageUp,
                    false,
                ),
                b(
                    &[K(KeyCode::PageDown)],
                    "scroll the log down",
                    Action::PageDown,
                    false,
                ),
                b(
                    &[K(KeyCode::Left)],
                    "cursor left",
                    Action::CursorLeft,
                    false,
                ),
                b(
                    &[K(KeyCode::Right)],
                    "cursor right; at the end, take the hint",
                    Action::CursorRight,
                    false,
                ),
                b(
                    &[K(KeyCode::Home), Key::Ctrl('a')],
                    "line start",
                    Action::LineStart,
                    false,
                ),
                b(
                    &[K(KeyCode::End), Key::Ctrl('e')],
                    "line end",
                    Action::LineEnd,
                    false,
                ),
                b(
                    &[K(KeyCode::Backspace)],
                    "delete back",
                    Action::Backspace,
                    false,
                ),
                b(&[K(KeyCode::Delete)], "delete", Action::Delete, false),
                b(&[Key::Ctrl('u')], "clear line", Action::ClearLine, false),
                b(
                    &[Key::Ctrl('c')],
                    "clear line; on an empty line, cancel",
                    Action::Interrupt,
                    false,
                ),
            ]),
            Context::Grid => list.extend([
                b(&[K(KeyCode::Enter)], "trace cell", Action::Enter, true),
                b(&[C('p')], "packet", Action::GridPacket, true),
                b(&[C('/')], "filter", Action::Filter, true),
                b(&[K(KeyCode::Esc)], "close grid", Action::Back, true),
                b(&[K(KeyCode::Up), C('k')], "up", Action::Up, false),
                b(&[K(KeyCode::Down), C('j')], "down", Action::Down, false),
                b(&[K(KeyCode::Left), C('h')], "left", Action::Left, false),
                b(&[K(KeyCode::Right), C('l')], "right", Action::Right, false),
                b(&[C('g')], "first row", Action::Top, false),
                b(&[C('G')], "last row", Action::Bottom, false),
            ]),
            Context::Play => list.extend([
                b(
                    &[C(' '), K(KeyCode::Right), C('n')],
                    "next step",
                    Action::PlayNext,
                    true,
                ),
                b(
                    &[K(KeyCode::Left), C('b')],
                    "step back",
                    Action::PlayBack,
                    true,
                ),
                b(
                    &[C('c'), C(']')],
                    "run to the next pause",
                    Action::PlayRun,
                    true,
                ),
                b(
                    &[C('[')],
                    "back to the previous pause",
                    Action::PlayPreviousPause,
                    true,
                ),
                b(&[C('s')], "jump to step N", Action::PlayJump, true),
                b(&[C('p')], "autoplay on/off", Action::Autoplay, true),
                b(&[C('+')], "autoplay faster", Action::Pace(false), false),
                b(&[C('-')], "autoplay slower", Action::Pace(true), false),
                b(
                    &[C('e')],
                    "detour: your own commands / back to the lesson",
                    Action::Detour,
                    true,
                ),
            ]),
            Context::Groups => {
                list.extend([
                    b(&[K(KeyCode::Enter)], "open", Action::Enter, true),
                    b(&[C('h')], "fold", Action::Fold, false),
                    b(&[C('l')], "unfold", Action::Unfold, false),
                    b(&[C('r')], "reach grid", Action::Grid, true),
                    b(&[C('v')], "topology of the VPC", Action::Topology, true),
                    FILTER,
                ]);
                list.extend(MOVE);
            }
            Context::Rules => {
                list.extend([
                    b(
                        &[K(KeyCode::Enter)],
                        "go to peer group",
                        Action::Enter,
                        true,
                    ),
                    FILTER,
                ]);
                list.extend(MOVE);
            }
            Context::Members => {
                list.extend([
                    b(&[C('t')], "trace from/to", Action::Pick, true),
                    b(&[K(KeyCode::Enter)], "show instance", Action::Enter, true),
                    FILTER,
                ]);
                list.extend(MOVE);
            }
            Context::Trace => {
                list.extend([
                    b(&[C('n')], "next fix line", Action::NextFix, true),
                    b(
                        &[K(KeyCode::Enter)],
                        "run the fix line",
                        Action::Enter,
                        true,
                    ),
                ]);
                list.extend(MOVE);
            }
            Context::Console => list.extend([
                b(
                    &[K(KeyCode::Enter)],
                    "type a command",
                    Action::Command,
                    true,
                ),
                UP,
                DOWN,
                b(&[C('g'), K(KeyCode::Home)], "oldest", Action::Top, false),
                b(&[C('G'), K(KeyCode::End)], "newest", Action::Bottom, false),
                PAGE_UP,
                PAGE_DOWN,
            ]),
            Context::Global => list.extend([
                b(&[C(':')], "command", Action::Command, true),
                b(&[K(KeyCode::Tab)], "next pane", Action::NextPane, true),
                b(
                    &[K(KeyCode::BackTab)],
                    "previous pane",
                    Action::PrevPane,
                    false,
                ),
                b(&[K(KeyCode::Esc)], "back", Action::Back, false),
                b(&[C('?')], "help", Action::Help, true),
                b(&[C('q'), Key::Ctrl('c')], "quit", Action::Quit, true),
            ]),
        }
        list
    }
}

/// The contexts whose keys are live now, most specific first.
pub fn active(app: &App) -> Vec<Context> {
    if app.screen.help.is_some() {
        return vec![Context::Help];
    }
    let mut out = Vec::new();
    match app.input.mode {
        Mode::Command | Mode::Filter(_) | Mode::Prompt(_) => return vec![Context::Input],
        Mode::Grid => out.push(Context::Grid),
        Mode::Normal => {}
    }
    if app.play.is_some() {
        out.push(Context::Play);
    }
    if app.input.mode == Mode::Normal {
        out.push(match app.screen.focus {
            Pane::Groups => Context::Groups,
            Pane::Rules => Context::Rules,
            Pane::Members => Context::Members,
            Pane::Trace => Context::Trace,
            Pane::Console => Context::Console,
        });
    }
    out.push(Context::Global);
    out
}

/// The action a key press asks for, if any.
pub fn action(app: &App, ev: &KeyEvent) -> Option<Action> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    if app.question.is_some() && app.screen.help.is_none() {
        return super::quiz::action(ev);
    }
    // Ctrl-C quits from anywhere but a line being typed (where it clears the line): the
    // terminal must come back.
    let typing = matches!(
        app.input.mode,
        Mode::Command | Mode::Filter(_) | Mode::Prompt(_)
    );
    if Key::Ctrl('c').matches(ev) && (!typing || app.screen.help.is_some()) {
        return Some(Action::Quit);
    }
    for ctx in active(app) {
        for binding in ctx.bindings() {
            if binding.keys.iter().any(|k| k.matches(ev)) {
                return Some(binding.action);
            }
        }
    }
    match ev.code {
        KeyCode::Char(c)
            if typing
                && app.screen.help.is_none()
                && !ev.modifiers.contains(KeyModifiers::CONTROL) =>
        {
            Some(Action::Input(c))
        }
        _ => None,
    }
}
