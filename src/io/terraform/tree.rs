//! One tree of resources (a state's `values`, a plan's `prior_state` or `planned_values`),
//! flattened with each resource's JSON path, and what a value left unknown until apply stands
//! for: the configuration names the resources an expression references
//! (`configuration.root_module.resources[].expressions.security_group_id.references`, through
//! module calls and their outputs), and a resource whose id is unknown gets a placeholder id
//! minted from its address, the same in every world read from the file.

use super::shapes::{ConfigModule, Configuration, Module, Resource};
use serde_json::Value;
use std::collections::HashMap;

/// A resource, where it is in the file.
pub struct Placed<'a> {
    pub res: &'a Resource,
    /// `planned_values.root_module.child_modules[0].resources[3]`.
    pub path: String,
}

/// The resources of one tree, and the configuration's references.
pub struct Tree<'a> {
    pub list: Vec<Placed<'a>>,
    by_address: HashMap<&'a str, usize>,
    /// (resource address without its index, field) -> the addresses it references.
    refs: HashMap<(String, String), Vec<String>>,
}

impl<'a> Tree<'a> {
    pub fn new(root: &'a Module, path: &str, config: Option<&Configuration>) -> Tree<'a> {
        let mut list = Vec::new();
        flatten(root, &format!("{path}.root_module"), &mut list);
        let by_address = list
            .iter()
            .enumerate()
            .map(|(n, p)| (p.res.address.as_str(), n))
            .collect();
        let mut refs = HashMap::new();
        if let Some(c) = config {
            references(&c.root_module, "", &mut refs);
        }
        Tree {
            list,
            by_address,
            refs,
        }
    }

    /// The tree with the data sources of `prior` it lacks: a plan's planned values leave out
    /// the data sources it read, which its prior state holds (`prior_state.values`).
    pub fn with_data(mut self, prior: Option<&'a Module>, path: &str) -> Tree<'a> {
        let Some(prior) = prior else {
            return self;
        };
        let mut read = Vec::new();
        flatten(prior, &format!("{path}.root_module"), &mut read);
        for p in read {
            let data = p.res.mode.as_deref() == Some("data");
            if data && !self.by_address.contains_key(p.res.address.as_str()) {
                self.by_address
                    .insert(p.res.address.as_str(), self.list.len());
                self.list.push(p);
            }
        }
        self
    }

    pub fn get(&self, address: &str) -> Option<&Placed<'a>> {
        self.by_address.get(address).map(|n| &self.list[*n])
    }

    /// The resources an address names: itself, or every instance of a counted resource.
    fn named(&self, address: &str) -> Vec<&Placed<'a>> {
        if let Some(p) = self.get(address) {
            return vec![p];
        }
        self.list
            .iter()
            .filter(|p| without_index(&p.res.address) == address)
            .collect()
    }

    /// The handle a reference to a resource stands for: its id, or for kinds whose references
    /// are by name its name; a placeholder when the plan does not know it.
    pub fn handle(&self, p: &Placed<'_>) -> String {
        let v = &p.res.values;
        let s = |k: &str| v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
        let own = match p.res.kind.as_str() {
            "aws_rds_cluster" => s("cluster_identifier"),
            "aws_db_subnet_group" | "aws_elasticache_subnet_group" => s("name"),
            "aws_elasticache_cluster" => s("cluster_id"),
            _ => None,
        };
        own.or_else(|| s("id"))
            .map(str::to_string)
            .unwrap_or_else(|| placeholder(&p.res.kind, &p.res.address))
    }

    /// The value of a string field: as the tree has it, else what the configuration's
    /// references make it.
    pub fn one(&self, p: &Placed<'_>, field: &str, known: &Option<String>) -> Option<String> {
        if let Some(v) = known.as_deref().filter(|v| !v.is_empty()) {
            return Some(v.to_string());
        }
        self.referenced(p, field).into_iter().next()
    }

    /// The value of a list field: as the tree has it, else through the references.
    pub fn many(&self, p: &Placed<'_>, field: &str, known: &Option<Vec<String>>) -> Vec<String> {
        match known {
            Some(list) => list.clone(),
            None => self.referenced(p, field),
        }
    }

    /// The handles of the resources a field's expression references.
    fn referenced(&self, p: &Placed<'_>, field: &str) -> Vec<String> {
        let key = (without_index(&p.res.address).to_string(), field.to_string());
        let mut out: Vec<String> = Vec::new();
        for address in self.refs.get(&key).into_iter().flatten() {
            for q in self.named(address) {
                let h = self.handle(q);
                if !out.contains(&h) {
                    out.push(h);
                }
            }
        }
        out
    }
}

fn flatten<'a>(m: &'a Module, path: &str, out: &mut Vec<Placed<'a>>) {
    for (i, res) in m.resources.iter().enumerate() {
        out.push(Placed {
            res,
            path: format!("{path}.resources[{i}]"),
        });
    }
    for (i, c) in m.child_modules.iter().enumerate() {
        flatten(c, &format!("{path}.child_modules[{i}]"), out);
    }
}

/// `aws_rds_cluster_instance.prod_aurora[1]` without `[1]`.
fn without_index(address: &str) -> &str {
    match address.strip_suffix(']').and_then(|a| a.rfind('[')) {
        Some(i) => &address[..i],
        None => address,
    }
}

/// Every resource expression's references, resolved to resource addresses.
fn references(m: &ConfigModule, prefix: &str, out: &mut HashMap<(String, String), Vec<String>>) {
    for r in &m.resources {
        let address = format!("{prefix}{}", r.address);
        for (field, expr) in &r.expressions {
            let mut found = Vec::new();
            for text in expr_refs(expr) {
                resolve(m, prefix, &text, 0, &mut found);
            }
            if !found.is_empty() {
                out.insert((address.clone(), field.clone()), found);
            }
        }
    }
    for (name, call) in &m.module_calls {
        references(&call.module, &format!("{prefix}module.{name}."), out);
    }
}

fn expr_refs(expr: &Value) -> Vec<String> {
    expr.get("references")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// One reference (`aws_security_group.batch.id`, `module.network.prod_vpc_id`) as the address
/// of the resource it reads, followed through module outputs.
fn resolve(m: &ConfigModule, prefix: &str, text: &str, depth: usize, out: &mut Vec<String>) {
    if depth > 16 {
        return;
    }
    let parts: Vec<&str> = text.split('.').collect();
    let address = match parts.as_slice() {
        ["module", call, output, ..] => {
            let call = call.split('[').next().unwrap_or(call);
            if let Some(c) = m.module_calls.get(call)
                && let Some(o) = c.module.outputs.get(*output)
            {
                let inner = format!("{prefix}module.{call}.");
                for r in &o.expression.references {
                    resolve(&c.module, &inner, r, depth + 1, out);
                }
            }
            return;
        }
        [
            "var" | "local" | "each" | "count" | "path" | "self" | "terraform",
            ..,
        ] => return,
        ["data", kind, name, ..] => format!("{prefix}data.{kind}.{name}"),
        [kind, name, ..] => format!("{prefix}{kind}.{name}"),
        _ => return,
    };
    if !out.contains(&address) {
        out.push(address);
    }
}

/// The id AWS will give a resource the plan does not know yet: the kind's prefix and 17 hex
/// digits hashed from the address, so that both worlds of a plan, and every run, agree.
pub fn placeholder(kind: &str, address: &str) -> String {
    let prefix = match kind {
        "aws_security_group" | "aws_default_security_group" => "sg",
        "aws_vpc" => "vpc",
        "aws_subnet" => "subnet",
        "aws_instance" => "i",
        "aws_network_interface" => "eni",
        "aws_network_acl" | "aws_default_network_acl" => "acl",
        "aws_vpc_peering_connection" => "pcx",
        "aws_ec2_managed_prefix_list" => "pl",
        "aws_internet_gateway" => "igw",
        "aws_vpc_security_group_ingress_rule"
        | "aws_vpc_security_group_egress_rule"
        | "aws_security_group_rule" => "sgr",
        _ => "tf",
    };
    format!("{prefix}-{}", hex17(address))
}

/// 17 hex digits of a 68-bit FNV-1a hash of `text`.
pub fn hex17(text: &str) -> String {
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for b in text.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    format!("{:017x}", h & ((1u128 << 68) - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_stable_and_shaped_like_aws_ids() {
        let a = placeholder("aws_security_group", "aws_security_group.batch");
        assert_eq!(
            a,
            placeholder("aws_security_group", "aws_security_group.batch")
        );
        assert!(a.starts_with("sg-") && a.len() == 20, "{a}");
        assert_ne!(
            a,
            placeholder("aws_security_group", "aws_security_group.web")
        );
    }

    #[test]
    fn counted_addresses_lose_their_index() {
        assert_eq!(without_index("a.b[1]"), "a.b");
        assert_eq!(without_index("a.b[\"k\"]"), "a.b");
        assert_eq!(without_index("a.b"), "a.b");
    }
}
