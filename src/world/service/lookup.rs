//! Resolving references to managed-service objects (`redis-1`, `111122223333/orders`,
//! `eu-west-1/reports`): a name, ignoring case, in the current account and region first, then in
//! every other; a qualifier of 12 digits picks an account, any other a region. A name that
//! matches nothing gets the kind's AWS code and message.

use super::{CacheCluster, CacheSecurityGroup, DbCluster, DbInstance, ReplicationGroup, SvcKey};
use crate::vocab::suggest::did_you_mean;
use crate::vocab::{Diagnostic, Ref, Scope, ServiceKind};
use crate::world::World;
use crate::world::lookup::is_account;
use std::collections::BTreeMap;

/// The words messages use for a kind (`cache cluster`).
pub fn noun(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::CacheCluster => "cache cluster",
        ServiceKind::ReplicationGroup => "replication group",
        ServiceKind::CacheGroup => "cache security group",
        ServiceKind::DbInstance => "DB instance",
        ServiceKind::DbCluster => "DB cluster",
    }
}

/// AWS's NotFound error for a `kind` named `name`.
pub fn not_found(kind: ServiceKind, name: &str) -> Diagnostic {
    let (code, message) = match kind {
        ServiceKind::CacheCluster => (
            "CacheClusterNotFound",
            format!("CacheCluster not found: {name}"),
        ),
        ServiceKind::ReplicationGroup => (
            "ReplicationGroupNotFoundFault",
            format!("ReplicationGroup not found: {name}"),
        ),
        ServiceKind::CacheGroup => (
            "CacheSecurityGroupNotFound",
            format!("CacheSecurityGroup not found: {name}"),
        ),
        ServiceKind::DbInstance => (
            "DBInstanceNotFound",
            format!("DBInstance {name} not found."),
        ),
        ServiceKind::DbCluster => (
            "DBClusterNotFoundFault",
            format!("DBCluster {name} not found."),
        ),
    };
    Diagnostic::new(code, message)
}

/// Resolves `r` among the objects of `map`.
fn resolve<'a, T>(
    world: &World,
    map: &'a BTreeMap<SvcKey, T>,
    kind: ServiceKind,
    r: &Ref,
) -> Result<&'a T, Diagnostic> {
    let nf = || not_found(kind, &r.to_string()).at(r.span);
    let name = r.name.trim().to_lowercase();
    let qualifier = r.qualifier.as_deref();
    let fits = |s: &Scope| match qualifier {
        None => true,
        Some(q) if is_account(q) => s.account == q,
        Some(q) => s.region == q,
    };
    if fits(&world.scope)
        && let Some(found) = map.get(&SvcKey::new(&world.scope, &name))
    {
        return Ok(found);
    }
    let mut found: Vec<(&Scope, &T)> = world
        .scopes
        .iter()
        .filter(|s| fits(s))
        .filter_map(|s| map.get(&SvcKey::new(s, &name)).map(|x| (s, x)))
        .collect();
    // `account/name`: the account's object in the current region first, then any region.
    if qualifier.is_some_and(is_account)
        && found.iter().any(|(s, _)| s.region == world.scope.region)
    {
        found.retain(|(s, _)| s.region == world.scope.region);
    }
    match found.as_slice() {
        [] => {
            let here = map.keys().filter(|k| k.scope == world.scope);
            match did_you_mean(&name, here.map(|k| k.name.as_str())) {
                Some(best) => Err(nf().help(format!("did you mean '{best}'?"))),
                None => Err(nf()),
            }
        }
        [(_, one)] => Ok(one),
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|(s, _)| format!("{}/{name} ({})", s.account, s.region))
                .collect();
            let first = names.first().cloned().unwrap_or_default();
            Err(Diagnostic::new(
                crate::world::lookup::ambiguous_code(r),
                format!(
                    "the {} name '{r}' is ambiguous: it matches {}",
                    noun(kind),
                    names.join(", ")
                ),
            )
            .at(r.span)
            .label("which one?")
            .help(format!(
                "qualify the name with its account or region, e.g. {}",
                first.split(' ').next().unwrap_or_default()
            )))
        }
    }
}

impl World {
    pub fn resolve_cache_cluster(&self, r: &Ref) -> Result<&CacheCluster, Diagnostic> {
        resolve(
            self,
            &self.services.cache_clusters,
            ServiceKind::CacheCluster,
            r,
        )
    }

    pub fn resolve_replication_group(&self, r: &Ref) -> Result<&ReplicationGroup, Diagnostic> {
        resolve(
            self,
            &self.services.replication_groups,
            ServiceKind::ReplicationGroup,
            r,
        )
    }

    pub fn resolve_cache_group(&self, r: &Ref) -> Result<&CacheSecurityGroup, Diagnostic> {
        resolve(
            self,
            &self.services.cache_groups,
            ServiceKind::CacheGroup,
            r,
        )
    }

    pub fn resolve_db_instance(&self, r: &Ref) -> Result<&DbInstance, Diagnostic> {
        resolve(
            self,
            &self.services.db_instances,
            ServiceKind::DbInstance,
            r,
        )
    }

    pub fn resolve_db_cluster(&self, r: &Ref) -> Result<&DbCluster, Diagnostic> {
        resolve(self, &self.services.db_clusters, ServiceKind::DbCluster, r)
    }
}
