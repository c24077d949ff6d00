//! Resolving references (`web`, `prod/web`, `sg-0a1b…`, `111122223333/web`) to objects.
//!
//! A reference names an object of the kind the command expects. Names resolve in the current
//! account and region first, then everywhere; a name that still matches several objects is an
//! error listing them, with the qualified spelling to use. A reference that matches nothing gets
//! AWS's NotFound code for its kind, with the nearest existing name as a suggestion. One
//! generic resolver does this for every kind; each `resolve_*` says only what is particular to
//! its kind (its id prefix, what a qualifier means, which matches it prefers).

use super::group::Group;
use super::hash::FastMap;
use super::instance::{Eni, Instance};
use super::nacl::Nacl;
use super::network::{Subnet, Vpc};
use super::peering::Peering;
use super::prefix_list::PrefixList;
use super::{GroupHome, World};
use crate::vocab::suggest::did_you_mean;
use crate::vocab::{
    AclId, Diagnostic, EniId, InstanceId, PcxId, PlId, Ref, Scope, SgId, SubnetId, VpcId,
};
use std::hash::Hash;

/// The qualifier that names EC2-Classic.
pub const CLASSIC: &str = "classic";

/// The "VPC" of an EC2-Classic group, which no VPC qualifier names.
static NO_VPC: VpcId = VpcId(String::new());

/// Whether a qualifier is an account id (12 digits).
pub fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// What resolving needs of an object: its name and where it is.
pub trait Scoped {
    fn name(&self) -> &str;
    fn scope(&self) -> &Scope;
}

macro_rules! scoped {
    ($($t:ty),*) => {$(
        impl Scoped for $t {
            fn name(&self) -> &str {
                &self.name
            }
            fn scope(&self) -> &Scope {
                &self.scope
            }
        }
    )*};
}

scoped!(Vpc, Subnet, Group, Instance, Eni, Nacl, Peering, PrefixList);

/// A kind of object a reference names: AWS's NotFound code and words for it.
struct Kind {
    code: &'static str,
    /// As AWS's NotFound message names it: `vpc ID`.
    what: &'static str,
    /// As the ambiguity error names it: `VPC`.
    noun: &'static str,
}

const VPC: Kind = Kind {
    code: "InvalidVpcID.NotFound",
    what: "vpc ID",
    noun: "VPC",
};
const SUBNET: Kind = Kind {
    code: "InvalidSubnetID.NotFound",
    what: "subnet ID",
    noun: "subnet",
};
const GROUP: Kind = Kind {
    code: "InvalidGroup.NotFound",
    what: "security group",
    noun: "group",
};
const INSTANCE: Kind = Kind {
    code: "InvalidInstanceID.NotFound",
    what: "instance ID",
    noun: "instance",
};
const ENI: Kind = Kind {
    code: "InvalidNetworkInterfaceID.NotFound",
    what: "network interface ID",
    noun: "network interface",
};
const NACL: Kind = Kind {
    code: "InvalidNetworkAclID.NotFound",
    what: "network ACL ID",
    noun: "network ACL",
};
const PEERING: Kind = Kind {
    code: "InvalidVpcPeeringConnectionID.NotFound",
    what: "vpc peering connection ID",
    noun: "peering",
};

const PREFIX_LIST: Kind = Kind {
    code: "InvalidPrefixListID.NotFound",
    what: "prefix list ID",
    noun: "prefix list",
};

fn not_found(kind: &Kind, r: &Ref) -> Diagnostic {
    Diagnostic::new(kind.code, format!("The {} '{r}' does not exist", kind.what)).at(r.span)
}

/// The code of an ambiguous name: `AmbiguousName` for `account/name` matching in several of the
/// account's regions (LANGUAGE.md "References"); `InvalidParameterValue` otherwise, as before
/// that code existed.
pub fn ambiguous_code(r: &Ref) -> &'static str {
    if r.qualifier.as_deref().is_some_and(is_account) {
        "AmbiguousName"
    } else {
        "InvalidParameterValue"
    }
}

fn ambiguous(r: &Ref, kind: &Kind, candidates: Vec<String>) -> Diagnostic {
    let first = candidates.first().cloned().unwrap_or_default();
    Diagnostic::new(
        ambiguous_code(r),
        format!(
            "the {} name '{r}' is ambiguous: it matches {}",
            kind.noun,
            candidates.join(", ")
        ),
    )
    .at(r.span)
    .label("which one?")
    .help(format!("qualify the name, e.g. {first}"))
}

/// What a reference found before preferences narrow it: the object its id names, the objects
/// its name (and qualifier) name, or nothing because its qualifier names nothing.
enum Found<'w, T> {
    Id(&'w T),
    Named(Vec<&'w T>),
    NoQualifier,
}

/// The objects that `names` lists under `key`.
fn named<'w, K: Eq + Hash, T>(
    names: &FastMap<String, Vec<K>>,
    key: &str,
    objects: &'w FastMap<K, T>,
) -> Vec<&'w T> {
    names
        .get(key)
        .into_iter()
        .flatten()
        .filter_map(|id| objects.get(id))
        .collect()
}

/// The key a group's name is indexed by: the name lowercased (AWS group names are
/// case-insensitive), borrowed when it is lowercase already.
pub fn name_key(name: &str) -> std::borrow::Cow<'_, str> {
    if name
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(name.to_lowercase())
    }
}

/// The object of `objects` whose id is the reference's name, when it is written as an id.
fn by_id<'w, K: Eq + Hash, T>(
    r: &Ref,
    prefix: &str,
    id: impl Fn(String) -> K,
    objects: &'w FastMap<K, T>,
) -> Option<&'w T> {
    if r.name.starts_with(prefix) {
        objects.get(&id(r.name.clone()))
    } else {
        None
    }
}

/// Whether an object is where a qualifier that is not a VPC (an account or a region) says.
fn in_qualified_scope(r: &Ref, scope: &Scope) -> bool {
    match &r.qualifier {
        None => true,
        Some(q) if is_account(q) => &scope.account == q,
        Some(q) => &scope.region == q,
    }
}

impl World {
    /// Narrows name matches to those `keep` holds for, when any does.
    fn prefer_scope<T, F: Fn(&T) -> bool>(&self, list: Vec<T>, keep: F) -> Vec<T> {
        if list.iter().any(&keep) {
            list.into_iter().filter(|x| keep(x)).collect()
        } else {
            list
        }
    }

    /// The one resolver behind every `resolve_*`: an id wins; else the named objects, narrowed to
    /// the current account and region when any is there (for `account/name`, to the current
    /// region, then any), then by `prefer` in order. Nothing left is the kind's NotFound code, with
    /// the nearest existing name as a suggestion (`all` lists the kind's objects); several left is
    /// an ambiguity error listing them by `label`.
    fn resolve<'w, T: Scoped>(
        &self,
        r: &Ref,
        kind: &Kind,
        found: Found<'w, T>,
        prefer: &[&dyn Fn(&T) -> bool],
        label: impl Fn(&T) -> String,
        all: impl Iterator<Item = &'w T>,
    ) -> Result<&'w T, Diagnostic> {
        let list = match found {
            Found::Id(x) => return Ok(x),
            Found::NoQualifier => return Err(not_found(kind, r)),
            Found::Named(list) => list,
        };
        let mut list = list;
        // Narrowing keeps one match or none as it is: only several are narrowed.
        if list.len() > 1 {
            list = self.prefer_scope(list, |x| *x.scope() == self.scope);
            if r.qualifier.as_deref().is_some_and(is_account) {
                list = self.prefer_scope(list, |x| x.scope().region == self.scope.region);
            }
            for keep in prefer {
                list = self.prefer_scope(list, |x| keep(x));
            }
        }
        match list.as_slice() {
            [] => Err(self.suggest(not_found(kind, r), r, all)),
            [one] => Ok(one),
            many => Err(ambiguous(r, kind, many.iter().map(|x| label(x)).collect())),
        }
    }

    /// Adds the nearest existing name to a NotFound error: one of the current account and region
    /// first, else one anywhere.
    fn suggest<'w, T: Scoped + 'w>(
        &self,
        err: Diagnostic,
        r: &Ref,
        all: impl Iterator<Item = &'w T>,
    ) -> Diagnostic {
        let (here, elsewhere): (Vec<&T>, Vec<&T>) = all.partition(|x| *x.scope() == self.scope);
        let nearest = did_you_mean(&r.name, here.iter().map(|x| x.name()))
            .or_else(|| did_you_mean(&r.name, elsewhere.iter().map(|x| x.name())));
        match nearest {
            Some(name) if name != r.name => err.help(format!("did you mean '{name}'?")),
            _ => err,
        }
    }

    /// The VPC a reference's qualifier names (`prod` in `prod/web`), if it names one. The caller
    /// answers a qualifier that names nothing with the NotFound code of what it looks for.
    fn qualifier_vpc(&self, qualifier: &str, r: &Ref) -> Option<VpcId> {
        let qref = Ref {
            qualifier: None,
            name: qualifier.to_string(),
            span: r.span,
        };
        self.resolve_vpc(&qref).ok().map(|v| v.id.clone())
    }

    /// The objects named `key` in the VPC the reference's qualifier names (all of them without a
    /// qualifier).
    fn named_in_vpc<'w, K: Eq + Hash, T>(
        &self,
        r: &Ref,
        key: &str,
        names: &FastMap<String, Vec<K>>,
        objects: &'w FastMap<K, T>,
        vpc_of: impl Fn(&T) -> &VpcId,
    ) -> Found<'w, T> {
        let vpc = match &r.qualifier {
            Some(q) => match self.qualifier_vpc(q, r) {
                Some(v) => Some(v),
                None => return Found::NoQualifier,
            },
            None => None,
        };
        let list = named(names, key, objects)
            .into_iter()
            .filter(|x| vpc.as_ref().is_none_or(|v| vpc_of(x) == v))
            .collect();
        Found::Named(list)
    }

    pub fn resolve_vpc(&self, r: &Ref) -> Result<&Vpc, Diagnostic> {
        let found = match by_id(r, "vpc-", VpcId, &self.vpcs) {
            Some(v) => Found::Id(v),
            None => Found::Named(
                named(&self.index.vpc_names, &r.name, &self.vpcs)
                    .into_iter()
                    .filter(|v| in_qualified_scope(r, &v.scope))
                    .collect(),
            ),
        };
        let label = |v: &Vpc| format!("{}/{} ({})", v.scope.account, v.name, v.id);
        self.resolve(r, &VPC, found, &[], label, self.vpcs.values())
    }

    pub fn resolve_subnet(&self, r: &Ref) -> Result<&Subnet, Diagnostic> {
        let found = match by_id(r, "subnet-", SubnetId, &self.subnets) {
            Some(s) => Found::Id(s),
            None => self.named_in_vpc(r, &r.name, &self.index.subnet_names, &self.subnets, |s| {
                &s.vpc
            }),
        };
        let label = |s: &Subnet| format!("{}/{}", self.vpc_name(&s.vpc), s.name);
        self.resolve(r, &SUBNET, found, &[], label, self.subnets.values())
    }

    /// Resolves a group reference. `prefer` is the network the command works in (the group's VPC
    /// for a rule peer, the subnet's VPC for a launch): among several matches, those there win,
    /// and VPC groups win over EC2-Classic ones unless the reference says `classic/`.
    pub fn resolve_group(&self, r: &Ref, prefer: Option<&GroupHome>) -> Result<&Group, Diagnostic> {
        let owner = r.qualifier.as_deref().filter(|q| is_account(q));
        let found = match by_id(r, "sg-", SgId, &self.groups) {
            Some(g) if owner.is_none_or(|a| g.scope.account == a) => Found::Id(g),
            Some(_) => Found::Named(Vec::new()),
            None => {
                let key = name_key(r.name.trim());
                match r.qualifier.as_deref() {
                    Some(q) if q.eq_ignore_ascii_case(CLASSIC) => Found::Named(
                        named(&self.index.group_names, &key, &self.groups)
                            .into_iter()
                            .filter(|g| g.vpc.is_none())
                            .collect(),
                    ),
                    Some(q) if !is_account(q) => {
                        self.named_in_vpc(r, &key, &self.index.group_names, &self.groups, |g| {
                            g.vpc.as_ref().unwrap_or(&NO_VPC)
                        })
                    }
                    _ => Found::Named(
                        named(&self.index.group_names, &key, &self.groups)
                            .into_iter()
                            .filter(|g| owner.is_none_or(|a| g.scope.account == a))
                            .collect(),
                    ),
                }
            }
        };
        let at_home = |g: &Group| prefer.is_none_or(|home| &self.group_home(g) == home);
        let in_vpc = |g: &Group| g.vpc.is_some();
        let label = |g: &Group| self.group_label(g);
        let all = self
            .groups
            .values()
            .filter(|g| owner.is_none_or(|a| g.scope.account == a));
        self.resolve(r, &GROUP, found, &[&at_home, &in_vpc], label, all)
    }

    pub fn resolve_instance(&self, r: &Ref) -> Result<&Instance, Diagnostic> {
        let found = match by_id(r, "i-", InstanceId, &self.instances) {
            Some(i) => Found::Id(i),
            None => Found::Named(
                named(&self.index.instance_names, &r.name, &self.instances)
                    .into_iter()
                    .filter(|i| in_qualified_scope(r, &i.scope))
                    .collect(),
            ),
        };
        let label = |i: &Instance| format!("{}/{}", i.scope.account, i.name);
        self.resolve(r, &INSTANCE, found, &[], label, self.instances.values())
    }

    pub fn resolve_eni(&self, r: &Ref) -> Result<&Eni, Diagnostic> {
        let found = match by_id(r, "eni-", EniId, &self.enis) {
            Some(e) => Found::Id(e),
            None => Found::Named(
                named(&self.index.eni_names, &r.name, &self.enis)
                    .into_iter()
                    .filter(|e| e.device_index > 0 || r.qualifier.is_none())
                    .collect(),
            ),
        };
        let label = |e: &Eni| e.id.to_string();
        self.resolve(r, &ENI, found, &[], label, self.enis.values())
    }

    /// Resolves a network ACL: an id, a name (`strict`) or a name in a VPC (`prod/strict`).
    pub fn resolve_nacl(&self, r: &Ref) -> Result<&Nacl, Diagnostic> {
        self.resolve_nacl_in(r, None)
    }

    /// Resolves a network ACL, preferring those of `prefer` (the VPC of the subnet it is for)
    /// among several of one name, so `default` names the subnet's VPC's default ACL.
    pub fn resolve_nacl_in(&self, r: &Ref, prefer: Option<&VpcId>) -> Result<&Nacl, Diagnostic> {
        let found = match by_id(r, "acl-", AclId, &self.nacls) {
            Some(n) => Found::Id(n),
            None => self.named_in_vpc(r, &r.name, &self.index.nacl_names, &self.nacls, |n| &n.vpc),
        };
        let in_vpc = |n: &Nacl| prefer.is_none_or(|v| &n.vpc == v);
        let label = |n: &Nacl| format!("{}/{} ({})", self.vpc_name(&n.vpc), n.name, n.id);
        self.resolve(r, &NACL, found, &[&in_vpc], label, self.nacls.values())
    }

    /// Resolves a peering connection: an id or a name.
    pub fn resolve_peering(&self, r: &Ref) -> Result<&Peering, Diagnostic> {
        let found = match by_id(r, "pcx-", PcxId, &self.peerings) {
            Some(p) => Found::Id(p),
            None => Found::Named(
                named(&self.index.peering_names, &r.name, &self.peerings)
                    .into_iter()
                    .filter(|p| in_qualified_scope(r, &p.scope))
                    .collect(),
            ),
        };
        let label = |p: &Peering| format!("{}/{} ({})", p.scope.account, p.name, p.id);
        self.resolve(r, &PEERING, found, &[], label, self.peerings.values())
    }

    /// Resolves a managed prefix list: an id or a name.
    pub fn resolve_prefix_list(&self, r: &Ref) -> Result<&PrefixList, Diagnostic> {
        let found = match by_id(r, "pl-", PlId, &self.prefix_lists) {
            Some(l) => Found::Id(l),
            None => Found::Named(
                named(&self.index.prefix_list_names, &r.name, &self.prefix_lists)
                    .into_iter()
                    .filter(|l| in_qualified_scope(r, &l.scope))
                    .collect(),
            ),
        };
        let label = |l: &PrefixList| format!("{}/{} ({})", l.scope.region, l.name, l.id);
        self.resolve(
            r,
            &PREFIX_LIST,
            found,
            &[],
            label,
            self.prefix_lists.values(),
        )
    }

    /// Where a group's name is unique.
    pub fn group_home(&self, g: &Group) -> GroupHome {
        match &g.vpc {
            Some(v) => GroupHome::Vpc(v.clone()),
            None => GroupHome::Classic(g.scope.clone()),
        }
    }

    /// A VPC's name, or its id if it is gone.
    pub fn vpc_name<'a>(&'a self, id: &'a VpcId) -> &'a str {
        self.vpcs.get(id).map_or(id.as_str(), |v| v.name.as_str())
    }

    /// `vpc/name (sg-…)`, or `classic/name (sg-…)`, as a candidate list shows a group.
    pub fn group_label(&self, g: &Group) -> String {
        let home = match &g.vpc {
            Some(v) => self.vpc_name(v),
            None => CLASSIC,
        };
        let prefix = if g.scope.account != self.scope.account {
            format!("{}/", g.scope.account)
        } else {
            String::new()
        };
        format!("{prefix}{home}/{} ({})", g.name, g.id)
    }

    /// A group's display name for traces and tables: its name, or its id when it is gone.
    pub fn group_name(&self, id: &SgId) -> String {
        self.groups
            .get(id)
            .map_or_else(|| id.to_string(), |g| g.name.clone())
    }
}

/// How [`World::peer_text`] writes a group peer (a CIDR is written as it is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeerForm<'a> {
    /// `web (sg-…)`, or the id alone when no group has it: the control plane's messages.
    Named,
    /// `sg-… (web)`, after `owner/` when the owner is not `account`; a group that no longer
    /// exists is its id followed by `gone`: tables and panes.
    Listed { account: &'a str, gone: &'a str },
}

impl World {
    /// A rule's peer as text, in the form its reader wants.
    pub fn peer_text(&self, peer: &crate::vocab::RulePeer, form: PeerForm<'_>) -> String {
        use crate::vocab::RulePeer;
        let (id, owner) = match peer {
            RulePeer::Cidr(net) => return net.to_string(),
            RulePeer::Group { id, owner } => (id, owner),
            RulePeer::PrefixList(id) => {
                return match (self.prefix_lists.get(id), form) {
                    (Some(l), PeerForm::Named) => format!("prefix list {} ({id})", l.name),
                    (Some(l), PeerForm::Listed { .. }) => format!("{id} ({})", l.name),
                    (None, PeerForm::Named) => id.to_string(),
                    (None, PeerForm::Listed { gone, .. }) => format!("{id}{gone}"),
                };
            }
        };
        match form {
            PeerForm::Named => {
                let name = self.group_name(id);
                if name == id.as_str() {
                    id.to_string()
                } else {
                    format!("{name} ({id})")
                }
            }
            PeerForm::Listed { account, gone } => {
                let acct = if owner != account {
                    format!("{owner}/")
                } else {
                    String::new()
                };
                match self.groups.get(id) {
                    Some(g) => format!("{acct}{id} ({})", g.name),
                    None => format!("{acct}{id}{gone}"),
                }
            }
        }
    }
}
