//! Where a session file made each object: the line whose command minted its id. `sgs lint`
//! builds a world from a `.sgs` file this way, so that a finding (in SARIF) can point at the
//! line behind its object.
//!
//! Every id the world mints takes the next number of its counter, and the id's digits are a
//! function of that number alone (`vocab::ids::mint`), so the numbers a line took, read off the
//! counter before and after it, give the ids it made whatever their prefix.

use super::Session;
use crate::lang::ast::{Command, Spanned};
use crate::lang::{lines, parse_command, split_script};
use crate::session::Host;
use crate::vocab::Diagnostic;
use std::collections::HashMap;

/// The line (from 1) that made each object, by the digits of its id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origins {
    by_digits: HashMap<String, usize>,
}

impl Origins {
    /// The line that made the object with this id (`sg-…`, `sgr-…`, `eni-…`), if a line did.
    pub fn line(&self, id: &str) -> Option<usize> {
        let (_, digits) = id.rsplit_once('-')?;
        self.by_digits.get(digits).copied()
    }
}

/// The digits `mint` gives the number `n`.
fn digits(n: u64) -> String {
    let id = crate::vocab::ids::mint("x", n);
    id.split_once('-')
        .map_or(id.clone(), |(_, d)| d.to_string())
}

impl Session {
    /// Runs a script to build a world, noting the line each object came from. Stops at `quit`;
    /// the first command that fails, or a line that does not parse, is the error (rendered with
    /// the file's name, line and caret). Expectations are run and their outcome ignored.
    pub fn build_from_script(
        &mut self,
        origin: &str,
        src: &str,
        host: &mut dyn Host,
    ) -> Result<Origins, String> {
        let src = lines::without_bom(src);
        let mut origins = Origins::default();
        // The offset and the line (from 1) it is on, of the last line that made something.
        let mut counted = (0, 1);
        let fail = |err: Diagnostic, start: usize| err.shifted(start).render(origin, src);
        for (start, text) in split_script(src) {
            let cmd = match parse_command(&text) {
                Ok(None) => continue,
                Ok(Some(Spanned {
                    node: Command::Quit,
                    ..
                })) => break,
                Ok(Some(cmd)) => cmd,
                Err(err) => return Err(fail(err, start)),
            };
            let before = self.world().counter;
            self.run(&cmd.node, host).map_err(|err| fail(err, start))?;
            let after = self.world().counter;
            if after > before {
                // Lines are counted on from the last line that made something: a file of ten
                // thousand commands is read once, not once per command.
                let newlines = src
                    .get(counted.0..start)
                    .map_or(0, |s| s.bytes().filter(|b| *b == b'\n').count());
                counted = (start, counted.1 + newlines);
                let line = counted.1;
                for n in before + 1..=after {
                    origins.by_digits.insert(digits(n), line);
                }
            }
        }
        Ok(origins)
    }
}
