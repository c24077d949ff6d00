//! Reading one JSON file into its shape, and pointing at a place in it: every error names the
//! file, the JSON path, the line and the column, and shows the line with a caret under the value.
//!
//! serde_path_to_error gives the path of a value that does not fit its shape; serde_json the line
//! and column. An error found after reading (a reference to an unknown VPC) knows its JSON path
//! only, so [`locate`] finds the path's value in the text again with a small scanner.

use crate::lang::error::{Diagnostic, line_col};
use serde::de::DeserializeOwned;

/// The code of a file that is not JSON or does not have the shape of its describe call.
pub const MALFORMED: &str = "InvalidAwsJson";
/// The code of a reference to an object the data does not have, or a value AWS would refuse.
pub const INVALID: &str = "InvalidAwsData";

/// Reads `text` as `T`; `file` names it in errors.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let value: T = match serde_path_to_error::deserialize(&mut de) {
        Ok(v) => v,
        Err(e) => {
            // serde_path_to_error writes `?` for a key it never read (a syntax error before it).
            let path = match e.path().to_string().replace(".?", "") {
                p if p == "?" => ".".to_string(),
                p => p,
            };
            let inner = e.into_inner();
            return Err(at_line(file, text, &path, &inner));
        }
    };
    de.end().map_err(|e| at_line(file, text, ".", &e))?;
    Ok(value)
}

/// A serde_json error, at its line and column.
fn at_line(file: &str, text: &str, path: &str, e: &serde_json::Error) -> Diagnostic {
    let what = plain_words(&e.to_string());
    // serde_json stands after the value it refused; the caret goes under the value's start.
    let found = match e.classify() {
        serde_json::error::Category::Data if path != "." => locate(text, path),
        _ => None,
    };
    let (line, col) = match found {
        Some(offset) => line_col(text, offset),
        None => (e.line(), e.column()),
    };
    let path = if path == "." { "(top level)" } else { path };
    let mut message = format!("{file}:{line}:{col}: {path}: {what}");
    message.push_str(&excerpt(text, line, col));
    let help = match e.classify() {
        serde_json::error::Category::Eof => "the file ends too soon: was it cut off?",
        serde_json::error::Category::Syntax => {
            "the file is not JSON; export it with `--output json`"
        }
        _ => "export the file with the AWS CLI's `--output json`, unfiltered (no `--query`)",
    };
    Diagnostic::new(MALFORMED, message).help(format!("{help}; the current world is kept"))
}

/// serde's words made plain: `expected i32` is `expected a number`, and the position serde_json
/// appends is dropped (the message leads with it).
fn plain_words(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    let mut out = message.to_string();
    for ty in ["i32", "i64", "u16", "u32", "u64", "u8"] {
        out = out.replace(&format!("expected {ty}"), "expected a number");
    }
    out.replace("expected a boolean", "expected true or false")
}

/// An error about the value at `path` of a file (found after reading it).
pub fn error_at(code: &str, file: &str, text: &str, path: &str, what: &str) -> Diagnostic {
    let message = match locate(text, path) {
        Some(offset) => {
            let (line, col) = line_col(text, offset);
            format!(
                "{file}:{line}:{col}: {path}: {what}{}",
                excerpt(text, line, col)
            )
        }
        None => format!("{file}: {path}: {what}"),
    };
    Diagnostic::new(code, message)
}

/// The line `line` of `text`, and a caret under column `col`, as rustc prints them.
fn excerpt(text: &str, line: usize, col: usize) -> String {
    let Some(shown) = text.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    // A minified file is one long line: show at most 60 characters either side of the column.
    let chars: Vec<char> = shown.trim_end_matches('\r').chars().collect();
    let col = col.max(1).min(chars.len().max(1));
    let from = col.saturating_sub(61);
    let to = (col + 60).min(chars.len());
    let slice: String = chars[from..to].iter().collect();
    let slice = crate::vocab::printable::printable(&slice).into_owned();
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    let lead = if from > 0 { "…" } else { "" };
    let caret = " ".repeat(col - 1 - from + lead.chars().count());
    format!("\n{pad} |\n{line} | {lead}{slice}\n{pad} | {caret}^")
}

/// One step of a JSON path.
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key));
        }
        while let Some(end) = rest.find(']') {
            if let Ok(n) = rest[1..end].parse() {
                out.push(Seg::Index(n));
            }
            rest = &rest[end + 1..];
        }
    }
    out
}

/// The byte offset of the value at `path` (`Subnets[2].VpcId`) in a JSON text.
pub fn locate(text: &str, path: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut pos = skip_ws(b, 0);
    for seg in segments(path) {
        match seg {
            Seg::Key(k) => {
                if *b.get(pos)? != b'{' {
                    return None;
                }
                pos += 1;
                loop {
                    pos = skip_ws(b, pos);
                    let end = string_end(b, pos)?;
                    let key = text.get(pos + 1..end - 1)?;
                    pos = skip_ws(b, end);
                    if *b.get(pos)? != b':' {
                        return None;
                    }
                    pos = skip_ws(b, pos + 1);
                    if key == k {
                        break;
                    }
                    pos = skip_ws(b, value_end(b, pos)?);
                    match b.get(pos)? {
                        b',' => pos += 1,
                        _ => return None,
                    }
                }
            }
            Seg::Index(n) => {
                if *b.get(pos)? != b'[' {
                    return None;
                }
                pos = skip_ws(b, pos + 1);
                for _ in 0..n {
                    pos = skip_ws(b, value_end(b, pos)?);
                    if *b.get(pos)? != b',' {
                        return None;
                    }
                    pos = skip_ws(b, pos + 1);
                }
            }
        }
    }
    Some(pos)
}

fn skip_ws(b: &[u8], mut pos: usize) -> usize {
    while pos < b.len() && b[pos].is_ascii_whitespace() {
        pos += 1;
    }
    pos
}

/// The end (one past the closing quote) of the string starting at `pos`.
fn string_end(b: &[u8], pos: usize) -> Option<usize> {
    if *b.get(pos)? != b'"' {
        return None;
    }
    let mut i = pos + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of the value starting at `pos`.
fn value_end(b: &[u8], pos: usize) -> Option<usize> {
    match *b.get(pos)? {
        b'"' => string_end(b, pos),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = pos;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        i = string_end(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut i = pos;
            while i < b.len() && !matches!(b[i], b',' | b'}' | b']') && !b[i].is_ascii_whitespace()
            {
                i += 1;
            }
            Some(i)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_found_again_in_the_text() {
        let text = "{\"A\": [1, {\"B\": \"x,]\"}, {\"C\": {\"D\": 5}}], \"E\": true}";
        let at = |p| locate(text, p).map(|o| &text[o..o + 1]);
        assert_eq!(at("A[1].B"), Some("\""));
        assert_eq!(at("A[2].C.D"), Some("5"));
        assert_eq!(at("E"), Some("t"));
        assert_eq!(at("A[7]"), None);
        assert_eq!(at("Z"), None);
    }

    #[test]
    fn a_wrong_type_names_the_path_line_and_column() {
        #[derive(serde::Deserialize, Debug)]
        struct S {
            #[serde(rename = "N")]
            _n: Vec<u16>,
        }
        let e = parse::<S>("f.json", "{\n  \"N\": [1, \"x\"]\n}").unwrap_err();
        assert!(e.message.starts_with("f.json:2:"), "{}", e.message);
        assert!(e.message.contains("N[1]: "), "{}", e.message);
        assert!(e.message.contains("expected a number"), "{}", e.message);
        assert!(
            e.message.contains("2 |   \"N\": [1, \"x\"]"),
            "{}",
            e.message
        );
    }
}
