//! The network around the groups, through the language: network ACLs (AWS-SEMANTICS §10),
//! peering and stale rules (§4, §5), accounts and regions, and EC2-Classic (§8).

mod classic;
mod nacls;
mod peering;
mod scopes;
