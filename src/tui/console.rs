//! The console: the command line (a one-line editor with history, shared by commands, `/`
//! filters and prompts) and the output log. Commands go to the session through
//! [`App::execute`](super::app::App::execute); completion and hints come from `lang::complete`,
//! the same functions the REPL uses, so both complete exactly the same language.

use super::app::{Action, App, Mode, Pane, Prompt};
use super::list::Cursor;
use crate::lang::complete::hint_words;
use crate::lang::{complete_in, hint_in, split_script};
use crate::session::printable;

/// The most lines the log keeps.
const LOG_LIMIT: usize = 5000;

/// The longest line (in bytes) that gets a hint or completion: their work grows with the line,
/// and no command is this long, so a huge paste stays responsive key by key.
pub const ASSIST_LIMIT: usize = 2000;

/// A one-line editor: text, a cursor (a char index) and the history of submitted lines.
#[derive(Clone, Debug, Default)]
pub struct LineEditor {
    pub text: String,
    /// The cursor, in chars.
    pub cursor: usize,
    pub history: Vec<String>,
    /// Where Up/Down is in the history, and the line being typed before it started.
    browsing: Option<(usize, String)>,
    /// Tab's candidates when more than one fits, shown under the line.
    pub candidates: Vec<String>,
}

impl LineEditor {
    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = self.text.chars().count();
        self.browsing = None;
        self.candidates.clear();
    }

    pub(super) fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    pub(super) fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Edits the line for one action; false when the action is not an edit.
    pub fn edit(&mut self, action: Action) -> bool {
        match action {
            Action::Input(c) => {
                let at = self.byte(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            Action::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            Action::Delete if self.cursor < self.len() => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            Action::Backspace | Action::Delete => {}
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(self.len()),
            Action::LineStart => self.cursor = 0,
            Action::LineEnd => self.cursor = self.len(),
            Action::ClearLine => self.set(""),
            Action::HistoryPrev => self.older(),
            Action::HistoryNext => self.newer(),
            _ => return false,
        }
        if !matches!(action, Action::HistoryPrev | Action::HistoryNext) {
            self.browsing = None;
        }
        self.candidates.clear();
        true
    }

    fn older(&mut self) {
        let at = match self.browsing.take() {
            None if self.history.is_empty() => return,
            None => {
                self.browsing = Some((self.history.len() - 1, self.text.clone()));
                self.history.len() - 1
            }
            Some((0, draft)) => {
                self.browsing = Some((0, draft));
                return;
            }
            Some((i, draft)) => {
                self.browsing = Some((i - 1, draft));
                i - 1
            }
        };
        if let Some(line) = self.history.get(at) {
            self.text = line.clone();
            self.cursor = self.len();
        }
    }

    fn newer(&mut self) {
        let Some((i, draft)) = self.browsing.clone() else {
            return;
        };
        if i + 1 < self.history.len() {
            self.browsing = Some((i + 1, draft));
            self.text = self.history[i + 1].clone();
        } else {
            self.browsing = None;
            self.text = draft;
        }
        self.cursor = self.len();
    }

    /// Takes the line for running it, remembering it in the history.
    pub fn take(&mut self) -> String {
        let line = std::mem::take(&mut self.text);
        self.cursor = 0;
        self.browsing = None;
        self.candidates.clear();
        if !line.trim().is_empty() && self.history.last() != Some(&line) {
            self.history.push(line.clone());
        }
        line
    }
}

/// How a log line is coloured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogKind {
    /// A command as typed.
    Command,
    Ok,
    Text,
    Error,
    /// `echo` narration.
    Echo,
    Pass,
    Fail,
    Allow,
    Deny,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub text: String,
    pub kind: LogKind,
}

/// The output log; its cursor's offset is the first line shown.
#[derive(Clone, Debug, Default)]
pub struct Log {
    pub lines: Vec<LogLine>,
    pub cursor: Cursor,
    /// Lines dropped from the front to keep within the limit.
    pub dropped: usize,
    /// The newest line is in view: a resize keeps it there.
    pub following: bool,
}

impl Log {
    /// Adds `text`, line by line, its control characters shown escaped.
    pub fn push(&mut self, kind: LogKind, text: &str) {
        for line in printable(text).lines() {
            self.lines.push(LogLine {
                text: line.to_string(),
                kind,
            });
        }
        if self.lines.len() > LOG_LIMIT {
            let extra = self.lines.len() - LOG_LIMIT;
            self.lines.drain(..extra);
            self.dropped += extra;
        }
    }

    /// The total pushed so far (for play mode's step back).
    pub fn mark(&self) -> usize {
        self.dropped + self.lines.len()
    }

    /// Drops what was pushed after `mark`.
    pub fn rewind(&mut self, mark: usize) {
        let keep = mark.saturating_sub(self.dropped);
        self.lines.truncate(keep);
    }
}

impl App {
    /// Opens the command line (in play mode too: a detour, whose commands change the world the
    /// next steps run in).
    pub(super) fn open_command(&mut self) {
        // In play mode, a command typed is a detour: the lesson comes back as it was.
        if self.play.is_some() {
            self.detour_begin();
        }
        self.input.pick = None;
        self.input.mode = Mode::Command;
        self.focus_pane(Pane::Console);
    }

    pub(super) fn open_filter(&mut self) {
        let text = match self.screen.focus {
            Pane::Groups => self.tree.filter.clone(),
            Pane::Rules => self.rules.filter.clone(),
            Pane::Members => self.members.filter.clone(),
            _ => {
                self.input.status = Some("/ filters the groups, rules and members lists".into());
                return;
            }
        };
        self.input.mode = Mode::Filter(self.screen.focus);
        self.input.line.set(&text);
    }

    /// Keys while the line is open: edits, history, completion, Enter and Esc.
    pub(super) fn update_input(&mut self, action: Action) {
        let mode = self.input.mode.clone();
        match action {
            Action::Back => {
                if let Mode::Filter(pane) = mode {
                    self.set_filter(pane, "");
                }
                let grid_prompt =
                    matches!(mode, Mode::Prompt(Prompt::GridPacket | Prompt::GridFilter));
                if matches!(mode, Mode::Prompt(Prompt::Step)) {
                    // No step is asked for any more.
                    self.input.status = None;
                }
                if grid_prompt && self.grid.is_some() {
                    self.input.mode = Mode::Grid;
                } else {
                    self.input.mode = Mode::Normal;
                }
                self.input.line.set("");
            }
            Action::Submit => self.submit(mode),
            // PgUp/PgDn scroll the log while a command is typed.
            Action::PageUp | Action::PageDown => {
                let page = self.rows(Pane::Console).max(1) as isize;
                let delta = if action == Action::PageUp {
                    -page
                } else {
                    page
                };
                self.scroll_text(Pane::Console, super::scroll::To::By(delta));
            }
            // Ctrl-C clears the line; on an empty line it closes it, as Esc does.
            Action::Interrupt if self.input.line.text.is_empty() => self.update_input(Action::Back),
            Action::Interrupt => self.input.line.set(""),
            Action::Complete if mode == Mode::Command => self.complete(),
            Action::CursorRight
                if mode == Mode::Command
                    && self.input.line.cursor == self.input.line.len()
                    && self.accept_hint() => {}
            Action::HistoryPrev | Action::HistoryNext if mode != Mode::Command => {}
            _ => {
                if self.input.line.edit(action)
                    && let Mode::Filter(pane) = mode
                {
                    let text = self.input.line.text.clone();
                    self.set_filter(pane, &text);
                }
            }
        }
    }

    fn set_filter(&mut self, pane: Pane, text: &str) {
        let slot = match pane {
            Pane::Groups => &mut self.tree.filter,
            Pane::Rules => &mut self.rules.filter,
            Pane::Members => &mut self.members.filter,
            _ => return,
        };
        *slot = text.to_string();
        // The selected row stays selected while the filter still shows it; else the first.
        let kept = match pane {
            Pane::Groups => self.tree.view.get(self.tree.cursor.selected).copied(),
            Pane::Rules => self.rules.view.get(self.rules.cursor.selected).copied(),
            _ => self.members.view.get(self.members.cursor.selected).copied(),
        };
        match pane {
            Pane::Groups => self.tree.cursor = Cursor::default(),
            Pane::Rules => self.rules.cursor = Cursor::default(),
            _ => self.members.cursor = Cursor::default(),
        }
        self.apply_filters();
        let view = match pane {
            Pane::Groups => &self.tree.view,
            Pane::Rules => &self.rules.view,
            _ => &self.members.view,
        };
        if let Some(at) = kept.and_then(|k| view.iter().position(|i| *i == k)) {
            let focus = std::mem::replace(&mut self.screen.focus, pane);
            self.with_cursor(|c, len, h| {
                c.selected = at;
                c.clamp(len, h);
            });
            self.screen.focus = focus;
        }
    }

    fn submit(&mut self, mode: Mode) {
        match mode {
            Mode::Command => {
                let line = self.input.line.take();
                // `:q`, as in vi.
                if line.trim() == "q" {
                    self.quit = true;
                } else if !line.trim().is_empty() {
                    self.execute(line.trim());
                }
            }
            Mode::Filter(_) => {
                self.input.mode = Mode::Normal;
                self.input.line.set("");
            }
            Mode::Prompt(Prompt::TracePacket { from, to }) => {
                let packet = self.input.line.take();
                self.input.mode = Mode::Normal;
                self.execute(&format!("trace {} from {from} to {to}", packet.trim()));
            }
            Mode::Prompt(Prompt::GridPacket) => {
                let packet = self.input.line.take();
                self.input.mode = Mode::Grid;
                self.set_grid_packet(packet.trim());
            }
            Mode::Prompt(Prompt::Step) => {
                let text = self.input.line.take();
                self.input.mode = Mode::Normal;
                match text.trim().parse::<usize>() {
                    Ok(n) => self.play_jump(n),
                    Err(_) => {
                        self.input.status = Some(format!("{:?} is no step number", text.trim()))
                    }
                }
            }
            Mode::Prompt(Prompt::GridFilter) => {
                let filter = self.input.line.take();
                self.input.mode = Mode::Grid;
                self.set_grid_filter(filter.trim());
            }
            Mode::Normal | Mode::Grid => {}
        }
    }

    /// Tab: the completion engine's candidates for the word at the cursor; one is put in, several
    /// are listed under the line.
    fn complete(&mut self) {
        if self.input.line.text.len() > ASSIST_LIMIT {
            self.input.status = Some("the line is too long to complete".into());
            return;
        }
        let at = self.input.line.byte(self.input.line.cursor);
        let flows = self.model.session.flow_names();
        let found = complete_in(
            &self.input.line.text,
            at,
            self.model.session.world(),
            &flows,
        );
        let start = found.start.min(at);
        let typed = self
            .input
            .line
            .text
            .get(start..at)
            .unwrap_or("")
            .to_string();
        let insert = match found.candidates.as_slice() {
            [] => {
                self.input.status = Some("nothing to complete here".into());
                return;
            }
            [only] => format!("{only} "),
            many => common_prefix(many),
        };
        if insert.chars().count() >= typed.chars().count() && start <= at {
            let rest = self.input.line.text.split_off(at);
            self.input.line.text.truncate(start);
            self.input.line.text.push_str(&insert);
            self.input.line.cursor = self.input.line.text.chars().count();
            self.input.line.text.push_str(&rest);
        }
        if found.candidates.len() > 1 {
            self.input.line.candidates = found.candidates;
        }
    }

    /// The rest of the command being typed, dimmed after it (only with the cursor at the end).
    pub fn hint(&self) -> Option<String> {
        if self.input.line.text.len() > ASSIST_LIMIT
            || self.input.line.cursor < self.input.line.len()
        {
            return None;
        }
        hint_in(
            &self.input.line.text,
            self.model.session.world(),
            &self.model.session.flow_names(),
        )
    }

    /// → at the end of the line takes the hint's leading words, as in the REPL.
    fn accept_hint(&mut self) -> bool {
        let Some(h) = self.hint() else {
            return false;
        };
        let words = hint_words(&h);
        if words.is_empty() {
            return false;
        }
        self.input.line.text.push_str(words);
        self.input.line.cursor = self.input.line.len();
        true
    }
}

impl App {
    /// Pasted text (the terminal's bracketed paste: one event, however long). On the command
    /// line, or opening it, the text is split into lines as a file is: each whole line runs,
    /// and what follows the last line break stays on the line to be edited. In a filter or a
    /// prompt, the first line is typed in.
    pub fn paste(&mut self, text: &str) {
        if self.screen.help.is_some() {
            return;
        }
        match self.input.mode {
            Mode::Grid => return,
            Mode::Normal => self.open_command(),
            _ => {}
        }
        if !matches!(self.input.mode, Mode::Command) {
            self.insert(text.lines().next().unwrap_or(""));
            if let Mode::Filter(pane) = self.input.mode.clone() {
                let typed = self.input.line.text.clone();
                self.set_filter(pane, &typed);
            }
            return;
        }
        let ends_a_line = text.ends_with('\n');
        let mut parts = split_script(text);
        let rest = if ends_a_line { None } else { parts.pop() };
        for (k, (_, line)) in parts.iter().enumerate() {
            let line = if k == 0 {
                format!("{}{line}", self.input.line.text)
            } else {
                line.to_string()
            };
            self.input.line.set(&line);
            self.submit(Mode::Command);
            if self.quit {
                return;
            }
        }
        if let Some((_, rest)) = rest {
            self.insert(&rest);
        }
    }

    /// Puts `text` (its control characters left out) on the line at the cursor, as one edit.
    fn insert(&mut self, text: &str) {
        let at = self.input.line.byte(self.input.line.cursor);
        let typed: String = text.chars().filter(|c| !c.is_control()).collect();
        self.input.line.text.insert_str(at, &typed);
        self.input.line.cursor += typed.chars().count();
        self.input.line.candidates.clear();
    }
}

/// The longest prefix all `words` share (ignoring nothing: completion offers exact spellings).
fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for w in &words[1..] {
        end = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    first[..end].to_string()
}
