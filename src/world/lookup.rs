//! Resolving references (`web`, `prod/web`, `sg-0a1b…`, `111122223333/web`) to objects.
//!
//! A reference names an object of the kind the command expects. Names resolve in the current
//! account and region first, then everywhere; a name that still matches several objects is an
//! error listing them, with the qualified spelling to use. A reference that matches nothing gets
//! AWS's NotFound code for its kind.

use super::group::Group;
use super::instance::{Eni, Instance};
use super::nacl::Nacl;
use super::network::{Subnet, Vpc};
use super::peering::Peering;
use super::{GroupHome, World};
use crate::vocab::{AclId, Diagnostic, EniId, InstanceId, PcxId, Ref, SgId, SubnetId, VpcId};

/// The qualifier that names EC2-Classic.
pub const CLASSIC: &str = "classic";

/// Whether a qualifier is an account id (12 digits).
pub fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn not_found(code: &str, what: &str, r: &Ref) -> Diagnostic {
    Diagnostic::new(code, format!("The {what} '{r}' does not exist")).at(r.span)
}

fn ambiguous(r: &Ref, kind: &str, candidates: Vec<String>) -> Diagnostic {
    let first = candidates.first().cloned().unwrap_or_default();
    Diagnostic::new(
        "InvalidParameterValue",
        format!(
            "the {kind} name '{r}' is ambiguous: it matches {}",
            candidates.join(", ")
        ),
    )
    .at(r.span)
    .label("which one?")
    .help(format!("qualify the name, e.g. {first}"))
}

impl World {
    /// Narrows name matches to the current scope when any is there.
    fn prefer_scope<T, F: Fn(&T) -> bool>(&self, list: Vec<T>, in_scope: F) -> Vec<T> {
        if list.iter().any(&in_scope) {
            list.into_iter().filter(|x| in_scope(x)).collect()
        } else {
            list
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

    pub fn resolve_vpc(&self, r: &Ref) -> Result<&Vpc, Diagnostic> {
        let nf = || not_found("InvalidVpcID.NotFound", "vpc ID", r);
        if r.name.starts_with("vpc-")
            && let Some(v) = self.vpcs.get(&VpcId(r.name.clone()))
        {
            return Ok(v);
        }
        let list: Vec<&Vpc> = self
            .index
            .vpc_names
            .get(&r.name)
            .into_iter()
            .flatten()
            .filter_map(|id| self.vpcs.get(id))
            .filter(|v| match &r.qualifier {
                None => true,
                Some(q) if is_account(q) => &v.scope.account == q,
                Some(q) => &v.scope.region == q,
            })
            .collect();
        let list = self.prefer_scope(list, |v| v.scope == self.scope);
        match list.as_slice() {
            [] => Err(nf()),
            [one] => Ok(one),
            many => Err(ambiguous(
                r,
                "VPC",
                many.iter()
                    .map(|v| format!("{}/{} ({})", v.scope.account, v.name, v.id))
                    .collect(),
            )),
        }
    }

    pub fn resolve_subnet(&self, r: &Ref) -> Result<&Subnet, Diagnostic> {
        let nf = || not_found("InvalidSubnetID.NotFound", "subnet ID", r);
        if r.name.starts_with("subnet-")
            && let Some(s) = self.subnets.get(&SubnetId(r.name.clone()))
        {
            return Ok(s);
        }
        let vpc = match &r.qualifier {
            Some(q) => Some(self.qualifier_vpc(q, r).ok_or_else(nf)?),
            None => None,
        };
        let list: Vec<&Subnet> = self
            .index
            .subnet_names
            .get(&r.name)
            .into_iter()
            .flatten()
            .filter_map(|id| self.subnets.get(id))
            .filter(|s| vpc.as_ref().is_none_or(|v| &s.vpc == v))
            .collect();
        let list = self.prefer_scope(list, |s| s.scope == self.scope);
        match list.as_slice() {
            [] => Err(nf()),
            [one] => Ok(one),
            many => Err(ambiguous(
                r,
                "subnet",
                many.iter()
                    .map(|s| format!("{}/{}", self.vpc_name(&s.vpc), s.name))
                    .collect(),
            )),
        }
    }

    /// Resolves a group reference. `prefer` is the network the command works in (the group's VPC
    /// for a rule peer, the subnet's VPC for a launch): among several matches, those there win,
    /// and VPC groups win over EC2-Classic ones unless the reference says `classic/`.
    pub fn resolve_group(&self, r: &Ref, prefer: Option<&GroupHome>) -> Result<&Group, Diagnostic> {
        let nf = || not_found("InvalidGroup.NotFound", "security group", r);
        let owner = r.qualifier.as_deref().filter(|q| is_account(q));
        if r.name.starts_with("sg-")
            && let Some(g) = self.groups.get(&SgId(r.name.clone()))
        {
            return match owner {
                Some(acct) if g.scope.account != acct => Err(nf()),
                _ => Ok(g),
            };
        }
        let home_filter: Option<Option<VpcId>> = match r.qualifier.as_deref() {
            None => None,
            Some(q) if is_account(q) => None,
            Some(q) if q.eq_ignore_ascii_case(CLASSIC) => Some(None),
            Some(q) => Some(Some(self.qualifier_vpc(q, r).ok_or_else(nf)?)),
        };
        let list: Vec<&Group> = self
            .index
            .group_names
            .get(&r.name.trim().to_lowercase())
            .into_iter()
            .flatten()
            .filter_map(|id| self.groups.get(id))
            .filter(|g| owner.is_none_or(|a| g.scope.account == a))
            .filter(|g| home_filter.as_ref().is_none_or(|h| &g.vpc == h))
            .collect();
        let list = self.prefer_scope(list, |g| g.scope == self.scope);
        let list = match prefer {
            Some(home) => self.prefer_scope(list, |g| &self.group_home(g) == home),
            None => list,
        };
        let list = self.prefer_scope(list, |g| g.vpc.is_some());
        match list.as_slice() {
            [] => Err(nf()),
            [one] => Ok(one),
            many => Err(ambiguous(
                r,
                "group",
                many.iter().map(|g| self.group_label(g)).collect(),
            )),
        }
    }

    pub fn resolve_instance(&self, r: &Ref) -> Result<&Instance, Diagnostic> {
        let nf = || not_found("InvalidInstanceID.NotFound", "instance ID", r);
        if r.name.starts_with("i-")
            && let Some(i) = self.instances.get(&InstanceId(r.name.clone()))
        {
            return Ok(i);
        }
        let list: Vec<&Instance> = self
            .index
            .instance_names
            .get(&r.name)
            .into_iter()
            .flatten()
            .filter_map(|id| self.instances.get(id))
            .filter(|i| match &r.qualifier {
                None => true,
                Some(q) if is_account(q) => &i.scope.account == q,
                Some(q) => &i.scope.region == q,
            })
            .collect();
        let list = self.prefer_scope(list, |i| i.scope == self.scope);
        match list.as_slice() {
            [] => Err(nf()),
            [one] => Ok(one),
            many => Err(ambiguous(
                r,
                "instance",
                many.iter()
                    .map(|i| format!("{}/{}", i.scope.account, i.name))
                    .collect(),
            )),
        }
    }

    pub fn resolve_eni(&self, r: &Ref) -> Result<&Eni, Diagnostic> {
        let nf = || {
            not_found(
                "InvalidNetworkInterfaceID.NotFound",
                "network interface ID",
                r,
            )
        };
        if r.name.starts_with("eni-")
            && let Some(e) = self.enis.get(&EniId(r.name.clone()))
        {
            return Ok(e);
        }
        let list: Vec<&Eni> = self
            .index
            .eni_names
            .get(&r.name)
            .into_iter()
            .flatten()
            .filter_map(|id| self.enis.get(id))
            .filter(|e| e.device_index > 0 || r.qualifier.is_none())
            .collect();
        let list = self.prefer_scope(list, |e| e.scope == self.scope);
        match list.as_slice() {
            [] => Err(nf()),
            [one] => Ok(one),
            many => Err(ambiguous(
                r,
                "network interface",
                many.iter().map(|e| e.id.to_string()).collect(),
            )),
        }
    }

    /// Resolves a network ACL: an id, a name (`strict`) or a name in a VPC (`prod/strict`).
    pub fn resolve_nacl(&self, r: &Ref) -> Result<&Nacl, Diagnostic> {
        self.resolve_nacl_in(r, None)
    }

    /// Resolves a network ACL, preferring those of `prefer` (the VPC of the subnet it is for)
    /// among several of one name, so `default` names the subnet's VPC's default ACL.
    pub fn resolve_nacl_in(&self, r: &Ref, prefer: Option<&VpcId>) -> Result<&Nacl, Diagnostic> {
        let nf = || not_found("InvalidNetworkAclID.NotFound", "network ACL ID", r);
        if r.name.starts_with("acl-")
            && let Some(n) = self.nacls.get(&AclId(r.name.clone()))
        {
            return Ok(n);
        }
        let vpc = match &r.qualifier {
            Some(q) => Some(self.qualifier_vpc(q, r).ok_or_else(nf)?),
            None => None,
        };
        let list: Vec<&Nacl> = self
            .index
            .nacl_names
            .get(&r.name)
            .into_iter()
            .flatten()
            .filter_map(|id| self.nacls.get(id))
            .filter(|n| vpc.as_ref().is_none_or(|v| &n.vpc == v))
            .collect();
        let list = self.prefer_scope(list, |n| n.scope == self.scope);
        let list = match prefer {
            Some(v) => self.prefer_scope(list, |n| &n.vpc == v),
            None => list,
        };
        match list.as_slice() {
            [] => Err(nf()),
            [one] => Ok(one),
            many => Err(ambiguous(
                r,
                "network ACL",
                many.iter()
                    .map(|n| format!("{}/{} ({})", self.vpc_name(&n.vpc), n.name, n.id))
                    .collect(),
            )),
        }
    }

    /// Resolves a peering connection: an id or a name.
    pub fn resolve_peering(&self, r: &Ref) -> Result<&Peering, Diagnostic> {
        let nf = || {
            not_found(
                "InvalidVpcPeeringConnectionID.NotFound",
                "vpc peering connection ID",
                r,
            )
        };
        if r.name.starts_with("pcx-")
            && let Some(p) = self.peerings.get(&PcxId(r.name.clone()))
        {
            return Ok(p);
        }
        let list: Vec<&Peering> = self
            .index
            .peering_names
            .get(&r.name)
            .into_iter()
            .flatten()
            .filter_map(|id| self.peerings.get(id))
            .filter(|p| match &r.qualifier {
                None => true,
                Some(q) if is_account(q) => &p.scope.account == q,
                Some(q) => &p.scope.region == q,
            })
            .collect();
        let list = self.prefer_scope(list, |p| p.scope == self.scope);
        match list.as_slice() {
            [] => Err(nf()),
            [one] => Ok(one),
            many => Err(ambiguous(
                r,
                "peering",
                many.iter()
                    .map(|p| format!("{}/{} ({})", p.scope.account, p.name, p.id))
                    .collect(),
            )),
        }
    }

    /// Where a group's name is unique.
    pub fn group_home(&self, g: &Group) -> GroupHome {
        match &g.vpc {
            Some(v) => GroupHome::Vpc(v.clone()),
            None => GroupHome::Classic(g.scope.clone()),
        }
    }

    /// A VPC's name, or its id if it is gone.
    pub fn vpc_name(&self, id: &VpcId) -> String {
        self.vpcs
            .get(id)
            .map_or_else(|| id.to_string(), |v| v.name.clone())
    }

    /// `vpc/name (sg-…)`, or `classic/name (sg-…)`, as a candidate list shows a group.
    pub fn group_label(&self, g: &Group) -> String {
        let home = match &g.vpc {
            Some(v) => self.vpc_name(v),
            None => CLASSIC.to_string(),
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
