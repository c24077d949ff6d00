//! What completion asks of the world: the names of the objects a reference can name.
//!
//! The language knows no world. Where a template expects a VPC, a group or a DB cluster, completion
//! asks a [`Names`] for the words that name one, already spelled the way they resolve (a bare
//! name when it names one object, else qualified, else the id). The session implements it over its
//! world; the shells pass it in with the line being edited.

/// The kinds of name completion asks for, one per template slot that needs the world.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    Vpc,
    /// A VPC, or EC2-Classic.
    Network,
    Subnet,
    Nacl,
    Peering,
    PrefixList,
    Group,
    Instance,
    Eni,
    /// Anything a probe can start or end at: instances, managed services and their nodes,
    /// secondary network interfaces.
    Endpoint,
    CacheCluster,
    ReplicationGroup,
    CacheGroup,
    DbInstance,
    DbCluster,
    CacheEngine,
    DbEngine,
    RuleId,
    /// The accounts the world has objects in.
    Account,
    /// The regions the world has objects in.
    Region,
    /// The availability zones of the current region.
    Zone,
}

/// A source of names for completion.
pub trait Names {
    /// The words that name objects of `kind`, in the order to offer them. `prefix` is the part of
    /// the word already typed: ids that have a name are offered only once it starts like one.
    fn names(&self, kind: NameKind, prefix: &str) -> Vec<String>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{complete, hint};

    /// Names from a list, with no world behind them.
    struct Listed;

    impl Names for Listed {
        fn names(&self, kind: NameKind, prefix: &str) -> Vec<String> {
            match kind {
                NameKind::Group if prefix.starts_with("sg-") => vec!["sg-web".to_string()],
                NameKind::Group => vec!["web".to_string(), "prod/db".to_string()],
                NameKind::Region => vec!["xx-test-1".to_string()],
                _ => Vec::new(),
            }
        }
    }

    #[test]
    fn completion_takes_the_names_it_is_given() {
        let line = "delete group ";
        assert_eq!(
            complete(line, line.len(), &Listed).candidates,
            ["web", "prod/db"]
        );
        let line = "delete group sg-";
        assert_eq!(complete(line, line.len(), &Listed).candidates, ["sg-web"]);
        let line = "region xx";
        assert_eq!(
            complete(line, line.len(), &Listed).candidates,
            ["xx-test-1"]
        );
        let peers = complete("authorize ingress tcp 22 from ", 30, &Listed).candidates;
        assert_eq!(
            peers,
            ["web", "prod/db", "0.0.0.0/0", "::/0", "prefix-list"]
        );
        assert_eq!(hint("delete group w", &Listed).as_deref(), Some("eb"));
    }
}
