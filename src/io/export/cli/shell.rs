//! Shell words for the exported script: quoting, variable names, and JSON arguments with the
//! ids the script captured spliced in.
//!
//! Every value a user wrote (a name, a description) reaches bash inside single quotes, so no
//! character of it is ever interpreted; an id the script captured is spliced in as `"$VAR"`.
//! JSON arguments are written by `serde_json` with a marker where a variable goes, then split at
//! the markers, so the JSON is always well formed whatever the text holds.

use serde_json::Value;

/// Where a variable goes inside a JSON string: a private-use character no AWS name or
/// description may hold (user text has it removed, see [`text`]).
const MARK: char = '\u{E000}';

/// One argument of a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Written as it is: a flag or a word with no character bash treats specially.
    Bare(String),
    /// Literal text, single-quoted when it needs quoting.
    Lit(String),
    /// A captured id: `"$NAME"`.
    Var(String),
    /// Literal text and variables joined into one word.
    Joined(Vec<Arg>),
}

impl Arg {
    /// The argument as bash reads it.
    pub fn render(&self) -> String {
        match self {
            Arg::Bare(s) => s.clone(),
            Arg::Lit(s) => quote(s),
            Arg::Var(v) => format!("\"${v}\""),
            Arg::Joined(parts) => parts.iter().map(Arg::render).collect(),
        }
    }
}

/// A literal argument.
pub fn lit(s: impl Into<String>) -> Arg {
    Arg::Lit(s.into())
}

/// A flag or plain word.
pub fn bare(s: impl Into<String>) -> Arg {
    Arg::Bare(s.into())
}

/// A variable's value.
pub fn var(name: &str) -> Arg {
    Arg::Var(name.to_string())
}

/// User text made safe to splice: the marker character removed.
pub fn text(s: &str) -> String {
    s.chars().filter(|c| *c != MARK).collect()
}

/// A string inside a JSON value that stands for the variable `name`.
pub fn json_var(name: &str) -> Value {
    Value::String(format!("{MARK}{name}{MARK}"))
}

/// A JSON value as one shell word, its variable markers spliced in as `"$VAR"`.
pub fn json(value: &Value) -> Arg {
    let s = value.to_string();
    let mut parts = Vec::new();
    for (i, piece) in s.split(MARK).enumerate() {
        if piece.is_empty() {
            continue;
        }
        if i % 2 == 0 {
            parts.push(Arg::Lit(piece.to_string()));
        } else {
            parts.push(Arg::Var(piece.to_string()));
        }
    }
    Arg::Joined(parts)
}

/// `s` single-quoted for bash when it holds anything but safe characters.
pub fn quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c));
    if safe {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A command line: the words joined by spaces.
pub fn line(args: &[Arg]) -> String {
    args.iter().map(Arg::render).collect::<Vec<_>>().join(" ")
}

/// A variable name from an object's kind and name: upper case letters, digits and `_`.
pub fn var_name(prefix: &str, name: &str) -> String {
    let mut out = String::from(prefix);
    out.push('_');
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quotes_only_what_needs_it_and_survives_single_quotes() {
        assert_eq!(quote("web-1"), "web-1");
        assert_eq!(quote("it's a web tier"), "'it'\\''s a web tier'");
        assert_eq!(quote("$(rm -rf /)"), "'$(rm -rf /)'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn json_arguments_splice_variables_outside_the_quotes() {
        let v = json!([{"GroupId": json_var("SG_WEB"), "Description": "it's"}]);
        assert_eq!(
            json(&v).render(),
            "'[{\"GroupId\":\"'\"$SG_WEB\"'\",\"Description\":\"it'\\''s\"}]'"
        );
    }

    #[test]
    fn variable_names_are_shell_words() {
        assert_eq!(var_name("SG", "web tier#2"), "SG_WEB_TIER_2");
        assert_eq!(var_name("VPC", "--"), "VPC");
    }
}
