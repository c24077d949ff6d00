//! A `show`'s answer as data: lines of text and tables of cells, in order. The render module
//! writes them out (a table's columns as wide as their widest cell) or as JSON; the builder,
//! [`Sheet`], takes the lines as the listings write them, so a listing reads like the text it
//! prints.

use std::fmt;

/// A `show`'s answer: lines of text and tables, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    pub blocks: Vec<Block>,
}

/// One part of a `show`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// One line of text (empty for a blank line).
    Line(String),
    /// Rows of cells under column names.
    Table(Table),
}

/// Rows of cells under column names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: &[&str], rows: Vec<Vec<String>>) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        }
    }
}

impl Shown {
    /// An answer that is one table.
    pub fn table(columns: &[&str], rows: Vec<Vec<String>>) -> Shown {
        Shown {
            blocks: vec![Block::Table(Table::new(columns, rows))],
        }
    }

    /// The tables, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Line(_) => None,
        })
    }
}

/// Builds a [`Shown`]: text written to it (`write!`, `push_str`) becomes its lines, one per
/// `\n`; [`Sheet::table`] puts a table after them.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    shown: Shown,
    partial: String,
}

impl Sheet {
    pub fn push_str(&mut self, text: &str) {
        let mut rest = text;
        while let Some((line, tail)) = rest.split_once('\n') {
            self.partial.push_str(line);
            let line = std::mem::take(&mut self.partial);
            self.shown.blocks.push(Block::Line(line));
            rest = tail;
        }
        self.partial.push_str(rest);
    }

    pub fn push(&mut self, c: char) {
        let mut buf = [0; 4];
        self.push_str(c.encode_utf8(&mut buf));
    }

    /// A table after the lines so far.
    pub fn table(&mut self, columns: &[&str], rows: &[Vec<String>]) {
        self.end_line();
        let table = Table::new(columns, rows.to_vec());
        self.shown.blocks.push(Block::Table(table));
    }

    pub fn is_empty(&self) -> bool {
        self.shown.blocks.is_empty() && self.partial.is_empty()
    }

    /// The answer (a line left open is ended).
    pub fn finish(mut self) -> Shown {
        self.end_line();
        self.shown
    }

    fn end_line(&mut self) {
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.shown.blocks.push(Block::Line(line));
        }
    }
}

impl fmt::Write for Sheet {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}
