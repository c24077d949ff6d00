//! How the cache security groups of an EC2-Classic cache cluster read in a trace.

use super::{Details, LineKind, push_table, verdict_kind, verdict_text};
use crate::dataplane::trace::{AuthCheck, CacheGroupsStep};

impl AuthCheck {
    /// `legacy (sg-…) of 123456789012`, as a verdict names the group.
    pub fn peer(&self) -> String {
        match &self.group {
            Some(id) => format!("{} ({id}) of {}", self.ec2_group, self.owner),
            None => format!("{} of {}", self.ec2_group, self.owner),
        }
    }

    fn row(&self) -> ([String; 4], LineKind) {
        let peer = self.peer();
        let (verdict, kind) = match &self.group {
            Some(_) => (
                verdict_text(self.verdict, &peer),
                verdict_kind(self.verdict),
            ),
            None => (
                format!(
                    "no: account {} has no EC2-Classic group {} in this region",
                    self.owner, self.ec2_group
                ),
                LineKind::Miss,
            ),
        };
        let row = [
            self.cache_group.clone(),
            "EC2 group".to_string(),
            peer,
            verdict,
        ];
        (row, kind)
    }
}

impl CacheGroupsStep {
    pub(super) fn reason(&self) -> String {
        if let Some(a) = &self.allowed_by {
            return format!(
                "ingress by cache security group {}: EC2 group {} of {} is authorized",
                a.cache_group, a.ec2_group, a.owner
            );
        }
        if !self.on_port {
            return format!(
                "cache cluster {} listens on tcp {} only",
                self.cluster, self.port
            );
        }
        if self.authorized == 0 {
            return format!(
                "no EC2 group is authorized for cache cluster {}: network access is off",
                self.cluster
            );
        }
        format!(
            "no cache security group of {} authorizes the source",
            self.cluster
        )
    }

    pub(super) fn details(&self, complete: bool, out: &mut Details) {
        out.push(format!(
            "cache security groups: {}",
            self.cache_groups.join(", ")
        ));
        out.push(if self.on_port {
            format!("the cluster's port: tcp {}", self.port)
        } else {
            format!(
                "the cluster's port is tcp {}: cache security groups open nothing else",
                self.port
            )
        });
        if self.authorized == 0 {
            out.push(
                "no EC2 group is authorized: network access to the cluster is off until \
                 `authorize cache-ingress`"
                    .to_string(),
            );
            return;
        }
        let checks: Vec<&AuthCheck> = if self.checks.is_empty() {
            self.allowed_by.iter().collect()
        } else {
            self.checks.iter().collect()
        };
        let rows: Vec<([String; 4], LineKind)> = checks.iter().map(|c| c.row()).collect();
        push_table(out, &rows);
        if complete && self.on_port && self.allowed_by.is_none() {
            out.push(
                "the source is in no authorized EC2 group: cache security groups deny what they \
                 do not authorize"
                    .to_string(),
            );
        }
    }
}
