//! Where a word was written: byte spans into the text a command was parsed from.
//!
//! Every floor points at text with these: the parser records them, the control plane and the data
//! plane hand them back in a [`Diagnostic`](super::diagnostic::Diagnostic) so the error lands
//! under the offending word. A span is only offsets; it knows nothing of the text or its file.

use serde::{Deserialize, Serialize};

/// A byte range in the text a command was parsed from (`start..end`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The span moved `by` bytes to the right (used to map a command's spans into its file).
    pub fn shift(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Self {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}
