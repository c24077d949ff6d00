//! How a network ACL step reads: the entry that decided, the reason, and every entry looked at.

use super::*;

impl NaclStep {
    /// `network ACL acl-… inbound entry 50`: the entry that decided, as a denied `send` names it.
    pub fn entry_words(&self) -> String {
        match &self.decided_by {
            Some(e) => format!(
                "network ACL {} {} entry {}",
                self.acl,
                self.direction,
                EntryNumber(e.number)
            ),
            None => format!(
                "network ACL {} {}: no entry matches",
                self.acl, self.direction
            ),
        }
    }

    pub(super) fn reason(&self, allowed: bool) -> String {
        let verb = if allowed { "allows" } else { "denies" };
        let by = match &self.decided_by {
            Some(e) => format!("entry {}", EntryNumber(e.number)),
            None => "no entry matches".to_string(),
        };
        format!(
            "network ACL {} of subnet {} {verb} it {} ({by})",
            self.acl, self.subnet, self.direction
        )
    }

    pub(super) fn details(&self, out: &mut Details) {
        let entries: Vec<EntryCheck> = if self.entries.is_empty() {
            self.decided_by
                .iter()
                .map(|e| EntryCheck {
                    entry: *e,
                    verdict: RuleVerdict::Match(Why::AnyHost),
                })
                .collect()
        } else {
            self.entries.clone()
        };
        let word = match self.direction {
            AclDirection::Inbound => "from",
            AclDirection::Outbound => "to",
        };
        let rows: Vec<([String; 4], LineKind)> = entries
            .iter()
            .map(|c| {
                let e = c.entry;
                // Only the deciding entry recorded: it is shown as a bare `match`.
                let kind = if self.entries.is_empty() {
                    LineKind::Detail
                } else {
                    verdict_kind(c.verdict)
                };
                let row = [
                    EntryNumber(e.number).to_string(),
                    if e.allow { "allow" } else { "deny" }.to_string(),
                    format!("{} {word} {}", e.proto, e.cidr),
                    if self.entries.is_empty() {
                        "match".to_string()
                    } else {
                        verdict_text(c.verdict, &e.cidr.to_string())
                    },
                ];
                (row, kind)
            })
            .collect();
        push_table(out, &rows);
        if self.decided_by.is_none() {
            out.push("no entry matches: the packet is denied".to_string());
        }
    }
}

struct EntryNumber(Option<u16>);

impl fmt::Display for EntryNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, "{n}"),
            None => f.write_str("*"),
        }
    }
}
