//! Writing HCL: blocks of attributes, strings escaped so no text a user wrote is read as an
//! interpolation, and identifiers for resource names.

/// One attribute or nested block of a block.
enum Item {
    Attr(String, String),
    Block(String, Block),
}

/// A block's body, in the order written.
#[derive(Default)]
pub struct Block {
    items: Vec<Item>,
}

impl Block {
    pub fn new() -> Self {
        Block::default()
    }

    /// `key = "text"`.
    pub fn str(&mut self, key: &str, text: &str) -> &mut Self {
        self.raw(key, &string(text))
    }

    /// `key = EXPR` (a reference, a number, a list already written).
    pub fn raw(&mut self, key: &str, expr: &str) -> &mut Self {
        self.items
            .push(Item::Attr(key.to_string(), expr.to_string()));
        self
    }

    pub fn num(&mut self, key: &str, n: impl std::fmt::Display) -> &mut Self {
        self.raw(key, &n.to_string())
    }

    /// `tags = { Name = "…" }`.
    pub fn name_tag(&mut self, name: &str) -> &mut Self {
        self.raw("tags", &format!("{{ Name = {} }}", string(name)))
    }

    /// `provider = EXPR` as the block's first line (a meta-argument goes first by convention).
    pub fn provider(&mut self, expr: &str) -> &mut Self {
        self.items
            .insert(0, Item::Attr("provider".to_string(), expr.to_string()));
        self
    }

    /// A nested block.
    pub fn block(&mut self, key: &str, b: Block) -> &mut Self {
        self.items.push(Item::Block(key.to_string(), b));
        self
    }

    /// The block under `head` (`resource "aws_vpc" "prod"`), two spaces an indent level.
    pub fn render(&self, head: &str) -> String {
        let mut out = String::new();
        self.write(head, 0, &mut out);
        out
    }

    fn write(&self, head: &str, depth: usize, out: &mut String) {
        let pad = "  ".repeat(depth);
        out.push_str(&format!("{pad}{head} {{\n"));
        let width = self
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Attr(k, _) => Some(k.len()),
                Item::Block(..) => None,
            })
            .max()
            .unwrap_or(0);
        for item in &self.items {
            match item {
                Item::Attr(k, v) => out.push_str(&format!("{pad}  {k:width$} = {v}\n")),
                Item::Block(k, b) => b.write(k, depth + 1, out),
            }
        }
        out.push_str(&format!("{pad}}}\n"));
    }
}

/// A quoted HCL string: `"`, `\` and control characters escaped, and `${`/`%{` doubled so they
/// stay text.
pub fn string(s: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A list of expressions.
pub fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// A resource name from an object's name: lower case letters, digits and `_`, starting with a
/// letter or `_`.
pub fn ident(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    match out.chars().next() {
        None => "x".to_string(),
        Some(c) if c.is_ascii_digit() => format!("_{out}"),
        Some(_) => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_and_interpolations() {
        assert_eq!(
            string("a \"b\" ${c} %{d} $e"),
            "\"a \\\"b\\\" $${c} %%{d} $e\""
        );
        assert_eq!(ident("web-1 tier"), "web_1_tier");
        assert_eq!(ident("1st"), "_1st");
        assert_eq!(ident("--"), "x");
    }

    #[test]
    fn blocks_align_their_attributes() {
        let mut b = Block::new();
        b.str("name", "web").raw("vpc_id", "aws_vpc.prod.id");
        assert_eq!(
            b.render("resource \"aws_security_group\" \"web\""),
            "resource \"aws_security_group\" \"web\" {\n  name   = \"web\"\n  vpc_id = aws_vpc.prod.id\n}\n"
        );
    }
}
