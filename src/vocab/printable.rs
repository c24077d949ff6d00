//! Text from a file or a person, made safe to print: control characters (an escape sequence in
//! an `echo`, a carriage return in a name) are shown escaped, so a session file can never drive
//! the terminal it is run in. Line breaks and tabs stay as they are.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with every control character but `\n` and `\t` written as `\x1b` (C0 and DEL) or
/// `\u{9b}` (C1).
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !escaped(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

fn escaped(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(printable("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(
            printable("\u{1b}[2J\r\u{7f}\u{9b}é"),
            "\\x1b[2J\\x0d\\x7f\\u{9b}é"
        );
    }
}
