//! How templates read: the syntax lines and sub-rule definitions `help` prints, and the rest of
//! a half-walked template a hint shows.
//!
//! Help spells everything out (`<peer>, …`, every alternative); hints are short: lists show one
//! item, wide choices their first words (`ingress|egress …`), and optional clauses only once
//! nothing required is left.

use super::{Frame, Part, Slot, State};

/// A rendered item and whether it must be written.
struct Item {
    text: String,
    required: bool,
    /// Glued to the item before it (`:`).
    glued: bool,
}

/// How templates are shown: help spells lists out (`<peer>, …`); hints keep them short.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Help,
    Hint,
}

fn render_part(part: &Part, mode: Mode, out: &mut Vec<Item>) {
    let item = |text: String, required: bool| Item {
        text,
        required,
        glued: false,
    };
    match part {
        Part::Kw(k) => out.push(item((*k).to_string(), true)),
        Part::Slot(slot, label) => out.push(item(slot_text(*slot, label), true)),
        Part::List(slot, label) => {
            let one = slot_text(*slot, label);
            let text = match mode {
                Mode::Help => format!("{one}, …"),
                Mode::Hint => one,
            };
            out.push(item(text, true));
        }
        Part::Opt(parts) => out.push(item(format!("[{}]", join(parts, mode)), false)),
        Part::Choice(alternatives) => out.push(item(choice_text(alternatives, mode), true)),
        Part::Options(options) => {
            for option in *options {
                out.push(item(format!("[{}]", join(option, mode)), false));
            }
        }
        Part::Named(name, _) => out.push(item(format!("<{name}>"), true)),
        Part::Seq(parts) => {
            for part in *parts {
                render_part(part, mode, out);
            }
        }
        Part::Colon => out.push(Item {
            text: ":".into(),
            required: true,
            glued: true,
        }),
        Part::Command => out.push(item("<command>".into(), true)),
    }
}

fn slot_text(slot: Slot, label: &str) -> String {
    match slot {
        Slot::Quoted => format!("\"<{label}>\""),
        _ => format!("<{label}>"),
    }
}

/// `a|b|c` for single keywords; alternatives of several parts are spelt out in help
/// (`in <vpc> | classic`), and in hints when short, else cut to their first words
/// (`ingress|egress …`).
fn choice_text(alternatives: &[&[Part]], mode: Mode) -> String {
    let keywords = alternatives.iter().all(|a| matches!(a, [Part::Kw(_)]));
    let sep = if keywords { "|" } else { " | " };
    let forms: Vec<String> = alternatives.iter().map(|a| join(a, mode)).collect();
    let spelt = forms.join(sep);
    if mode == Mode::Help || keywords || spelt.chars().count() <= HINT_CHOICE_WIDTH {
        return spelt;
    }
    let firsts: Vec<String> = alternatives
        .iter()
        .map(|a| join(a.get(..1).unwrap_or(&[]), mode))
        .collect();
    format!("{} …", firsts.join("|"))
}

/// The widest choice a hint spells out in full; wider ones show their first words.
const HINT_CHOICE_WIDTH: usize = 30;

fn join_items(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        if !out.is_empty() && !item.glued {
            out.push(' ');
        }
        out.push_str(&item.text);
    }
    out
}

fn join(parts: &[Part], mode: Mode) -> String {
    let mut items = Vec::new();
    for part in parts {
        render_part(part, mode, &mut items);
    }
    join_items(&items)
}

/// The forms a template is written in for help: one line per alternative of a top-level choice
/// whose alternatives are more than one keyword (`authorize ingress …` and `authorize egress …`).
pub fn syntax(template: &'static [Part]) -> Vec<String> {
    let mut forms: Vec<Vec<Part>> = vec![Vec::new()];
    for part in template {
        match part {
            Part::Choice(alternatives) if alternatives.iter().any(|a| a.len() > 1) => {
                forms = forms
                    .into_iter()
                    .flat_map(|form| {
                        alternatives.iter().map(move |a| {
                            let mut f = form.clone();
                            f.extend_from_slice(a);
                            f
                        })
                    })
                    .collect();
            }
            _ => forms.iter_mut().for_each(|f| f.push(*part)),
        }
    }
    forms.iter().map(|f| join(f, Mode::Help)).collect()
}

/// The named sub-rules a template uses, with their definitions (`<perm> = tcp [<port>] | …`).
pub fn definitions(template: &'static [Part]) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    collect_named(template, &mut seen, &mut out);
    out
}

fn collect_named(parts: &[Part], seen: &mut Vec<&'static str>, out: &mut Vec<String>) {
    for part in parts {
        match part {
            Part::Named(name, inner) => {
                if !seen.contains(name) {
                    seen.push(name);
                    out.push(format!("<{name}> = {}", join(inner, Mode::Help)));
                }
                collect_named(inner, seen, out);
            }
            Part::Opt(inner) | Part::Seq(inner) => collect_named(inner, seen, out),
            Part::Choice(alternatives) | Part::Options(alternatives) => {
                for a in *alternatives {
                    collect_named(a, seen, out);
                }
            }
            _ => {}
        }
    }
}

/// What is left of the command in `state`, for a hint: the required parts, and the optional
/// ones only when nothing is required any more.
pub fn rest(state: &State) -> String {
    let mut items = Vec::new();
    for frame in state.frames.iter().rev() {
        match *frame {
            Frame::Seq(parts, i) => {
                for part in parts.get(i..).unwrap_or(&[]) {
                    render_part(part, Mode::Hint, &mut items);
                }
            }
            Frame::Options(options, used) => {
                for (k, option) in options.iter().enumerate() {
                    if used & (1u32 << (k % 32)) == 0 {
                        items.push(Item {
                            text: format!("[{}]", join(option, Mode::Hint)),
                            required: false,
                            glued: false,
                        });
                    }
                }
            }
            Frame::ListItem(slot, label) => items.push(Item {
                text: slot_text(slot, label),
                required: true,
                glued: false,
            }),
            Frame::ListMore(..) | Frame::Rest => {}
        }
    }
    if let Some(last) = items.iter().rposition(|i| i.required) {
        items.truncate(last + 1);
    }
    join_items(&items)
}
