//! A reference to an object as a user writes it: a name or an id, with an optional qualifier.
//!
//! The parser produces references and never looks them up; the world resolves them (by id, by
//! name in the current account and region, through a VPC or account qualifier) and answers with a
//! diagnostic that points at the reference's span when none or several objects match.

use super::span::Span;
use serde::{Deserialize, Serialize};

/// A reference to an object: an id or a name, optionally qualified (`prod/web`,
/// `classic/default`, `111122223333/sg-0a1b2c3d4e5f60789`). A quoted name is never split.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ref {
    pub qualifier: Option<String>,
    pub name: String,
    pub span: Span,
}

impl std::fmt::Display for Ref {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.qualifier {
            Some(q) => write!(f, "{q}/{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}
