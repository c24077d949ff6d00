//! `export cli`: a bash script of AWS CLI commands that builds the world in an empty account.
//!
//! The script captures every id AWS gives into a shell variable (`--query … --output text`) and
//! uses the variables after, so it runs in any account. The world's default VPC is the account's
//! own default VPC, looked up with its default subnets, group and network ACL; every object is
//! tagged with its `Name`; the AMI instances launch from is a variable at the top. Rules are
//! written in the `--ip-permissions` JSON form (the exact round trip, formats.md §13.1). A new
//! group's allow-all egress rule and a default group's two rules are kept when the world has
//! them and revoked when it does not, so each group ends with exactly the world's rules.
//!
//! One file per concern: `shell` (quoting, variables, JSON arguments), `topology` (VPCs,
//! subnets, internet gateways and routes, peerings), `groups` (groups and rules), `nacls`,
//! `instances` (instances, interfaces, Elastic IPs) and `services` (ElastiCache and RDS).

mod accounts;
mod groups;
mod instances;
mod nacls;
mod prefix_lists;
mod services;
pub mod shell;
mod topology;

use super::Tally;
use crate::vocab::ids::Scope;
use crate::world::World;
use shell::{Arg, bare, line};
use std::collections::{HashMap, HashSet};

/// The image instances launch from when `AMI` is not set: Amazon Linux 2023 through AWS's public
/// parameter, which `run-instances` resolves in every region.
pub(crate) const DEFAULT_AMI: &str =
    "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
/// The instance type every instance launches as (sgs does not model types).
pub(super) const INSTANCE_TYPE: &str = "t3.micro";

/// The script being written.
pub(super) struct Script<'w> {
    pub w: &'w World,
    lines: Vec<String>,
    /// Object id to the variable that holds its AWS id.
    vars: HashMap<String, String>,
    taken: HashSet<String>,
    /// A heading not yet written: it goes out before the section's first command, so a
    /// section with nothing in it leaves no heading.
    heading: Option<String>,
    /// The account and region the commands written last run in (`None` before the first), and
    /// the one the next command runs in.
    scope: Option<Scope>,
    next: Option<Scope>,
    /// Whether the world spans accounts or regions, and whether it spans accounts.
    spans: bool,
    spans_accounts: bool,
    pub tally: Tally,
}

impl<'w> Script<'w> {
    fn new(w: &'w World) -> Self {
        Script {
            w,
            lines: Vec::new(),
            vars: HashMap::new(),
            taken: HashSet::new(),
            heading: None,
            scope: None,
            next: None,
            spans: accounts::spans(w),
            spans_accounts: accounts::spans_accounts(w),
            tally: Tally::default(),
        }
    }

    /// A section heading.
    pub fn section(&mut self, title: &str) {
        self.heading = Some(title.to_string());
        self.next = Some(self.w.scope.clone());
    }

    fn push(&mut self, line: String) {
        if let Some(title) = self.heading.take() {
            self.lines.push(String::new());
            self.lines.push(format!("# --- {title}"));
        }
        if self.next.is_some() && self.next != self.scope {
            self.scope = self.next.clone();
            if let Some(switch) = self.scope.as_ref().and_then(|s| accounts::switch(self, s)) {
                self.lines.push(switch);
            }
        }
        self.lines.push(line);
    }

    /// The commands written next run in `scope`'s account and region: a world of one account
    /// and region needs no switch; otherwise the script switches when the scope changes.
    pub fn enter(&mut self, scope: &Scope) {
        self.next = Some(scope.clone());
    }

    /// A command whose output is not needed.
    pub fn run(&mut self, args: Vec<Arg>) {
        let mut args = args;
        args.push(bare(">/dev/null"));
        self.push(line(&args));
    }

    /// A command whose output goes where the script's goes.
    pub fn run_plain(&mut self, args: Vec<Arg>) {
        self.push(line(&args));
    }

    /// A command whose `--query` result becomes the variable of object `id`; the variable's
    /// name comes from `prefix` and `name`, made unique.
    pub fn capture(&mut self, id: &str, prefix: &str, name: &str, args: Vec<Arg>) -> String {
        let var = self.fresh(prefix, name);
        self.push(format!("{var}=$({})", line(&args)));
        self.vars.insert(id.to_string(), var.clone());
        var
    }

    /// A fresh variable name.
    pub fn fresh(&mut self, prefix: &str, name: &str) -> String {
        let base = shell::var_name(prefix, name);
        let mut var = base.clone();
        let mut n = 2;
        while !self.taken.insert(var.clone()) {
            var = format!("{base}_{n}");
            n += 1;
        }
        var
    }

    /// Records that variable `var` holds object `id`'s value.
    pub fn bind(&mut self, id: &str, var: &str) {
        self.vars.insert(id.to_string(), var.to_string());
    }

    /// The variable that holds object `id`'s AWS id, once the script has captured it.
    pub fn var(&self, id: &str) -> Option<&str> {
        self.vars.get(id).map(String::as_str)
    }
}

/// The script for the world, and what it wrote and left out.
pub(super) fn script(world: &World) -> (String, Tally) {
    let mut s = Script::new(world);
    accounts::write(&mut s);
    topology::write(&mut s);
    nacls::write(&mut s);
    prefix_lists::write(&mut s);
    groups::write(&mut s);
    instances::write(&mut s);
    services::write(&mut s);
    let mut text = header(world);
    text.push_str(&accounts::header(world));
    for l in &s.lines {
        text.push_str(l);
        text.push('\n');
    }
    text.push_str("\necho \"built the world: every id is in the variables above\" >&2\n");
    (text, s.tally)
}

fn header(world: &World) -> String {
    let scope = &world.scope;
    format!(
        "#!/usr/bin/env bash\n\
         # Written by sgs `export cli`: AWS CLI commands that build this world (account {} in\n\
         # sgs) in an empty account. Run it with the target account's credentials: `bash FILE`.\n\
         # The default VPC is the account's own; every other id AWS gives is kept in a variable.\n\
         set -euo pipefail\n\
         export AWS_PAGER=\"\"\n\
         export AWS_DEFAULT_REGION=\"${{AWS_DEFAULT_REGION:-{}}}\"\n\
         # The image every instance launches from: set AMI to one of the region's images.\n\
         AMI=\"${{AMI:-{DEFAULT_AMI}}}\"\n\
         # Stops the script when a lookup found nothing (AWS CLI prints `None`).\n\
         found() {{ if [ -z \"$2\" ] || [ \"$2\" = None ]; then echo \"not found: $1\" >&2; exit 1; fi; }}\n\
         # The K-th /64 of a VPC's /56 IPv6 block, and an address of a /64 block (AWS chooses a\n\
         # VPC's block, so subnets and interfaces keep the world's offsets inside it).\n\
         v6_subnet() {{ local h; IFS=: read -ra h <<< \"${{1%%::*}}\"; while [ ${{#h[@]}} -lt 4 ]; do h+=(0); done\n\
         \x20 printf '%s:%s:%s:%x::/64\\n' \"${{h[0]}}\" \"${{h[1]}}\" \"${{h[2]}}\" $((16#${{h[3]}} + $2)); }}\n\
         v6_address() {{ local h; IFS=: read -ra h <<< \"${{1%%::*}}\"; while [ ${{#h[@]}} -lt 4 ]; do h+=(0); done\n\
         \x20 echo \"${{h[0]}}:${{h[1]}}:${{h[2]}}:${{h[3]}}:$2\"; }}\n\
         # Revokes every rule of a group (a default group, as the account has it now).\n\
         clear_rules() {{\n\
         \x20 local egress id ins=() outs=()\n\
         \x20 while read -r egress id; do\n\
         \x20   case \"$egress\" in True) outs+=(\"$id\") ;; False) ins+=(\"$id\") ;; esac\n\
         \x20 done < <(aws ec2 describe-security-group-rules --filters \"Name=group-id,Values=$1\" \\\n\
         \x20   --query 'SecurityGroupRules[].[IsEgress,SecurityGroupRuleId]' --output text)\n\
         \x20 if [ ${{#ins[@]}} -gt 0 ]; then\n\
         \x20   aws ec2 revoke-security-group-ingress --group-id \"$1\" --security-group-rule-ids \"${{ins[@]}}\" >/dev/null\n\
         \x20 fi\n\
         \x20 if [ ${{#outs[@]}} -gt 0 ]; then\n\
         \x20   aws ec2 revoke-security-group-egress --group-id \"$1\" --security-group-rule-ids \"${{outs[@]}}\" >/dev/null\n\
         \x20 fi\n\
         }}\n",
        scope.account,
        scope
            .region
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>(),
    )
}
