//! The describe-* document being built from one tree, and what reading it takes: each
//! resource's values read in its kind's shape (an error names the file, the JSON path, the line
//! and the column), the subnets' addresses, and the resources that became no object of the world,
//! each with the reason.

use super::tree::{Placed, Tree};
use crate::io::aws::json;
use crate::lang::error::Diagnostic;
use crate::vocab::import::Skipped;
use ipnet::Ipv4Net;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::Ipv4Addr;

/// A subnet as the interfaces in it need it.
#[derive(Clone)]
pub struct SubnetInfo {
    pub vpc: String,
    pub net: Option<Ipv4Net>,
    pub az: String,
    pub map_public_ip: bool,
}

pub struct Build<'t, 'a> {
    pub file: &'t str,
    pub text: &'t str,
    pub tree: &'t Tree<'a>,
    /// The describe-* keys and their lists.
    pub doc: Map<String, Value>,
    pub skipped: Vec<Skipped>,
    /// Each object's id, and the JSON path of the resource it came from.
    pub origins: Vec<(String, String)>,
    pub subnets: HashMap<String, SubnetInfo>,
    /// Each managed prefix list's entries, by its id, in `get-managed-prefix-list-entries`' shape.
    pub lists: BTreeMap<String, Vec<Value>>,
    used: HashSet<Ipv4Addr>,
    next_public: u32,
}

impl<'t, 'a> Build<'t, 'a> {
    pub fn new(file: &'t str, text: &'t str, tree: &'t Tree<'a>) -> Self {
        Build {
            file,
            text,
            tree,
            doc: Map::new(),
            skipped: Vec::new(),
            origins: Vec::new(),
            subnets: HashMap::new(),
            lists: BTreeMap::new(),
            used: HashSet::new(),
            next_public: 0,
        }
    }

    /// A resource's values in its kind's shape.
    pub fn read<T: DeserializeOwned>(&self, p: &Placed<'_>) -> Result<T, Diagnostic> {
        let value = Value::Object(p.res.values.clone());
        serde_path_to_error::deserialize(value).map_err(|e| {
            let at = format!("{}.values.{}", p.path, e.path());
            let what = e.inner().to_string();
            json::error_at(json::MALFORMED, self.file, self.text, &at, &what).help(
                "write the file with `terraform show -json`, unedited; the current world is kept",
            )
        })
    }

    /// An error about a resource's field, found after reading it.
    pub fn error(&self, p: &Placed<'_>, field: &str, what: &str) -> Diagnostic {
        let at = format!("{}.values.{field}", p.path);
        let located = json::locate(self.text, &at).is_some();
        let at = if located { at } else { p.path.clone() };
        json::error_at(json::INVALID, self.file, self.text, &at, what)
            .help("the current world is kept")
    }

    pub fn push(&mut self, key: &str, value: Value) {
        if let Value::Array(list) = self
            .doc
            .entry(key.to_string())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            list.push(value);
        }
    }

    pub fn skip(&mut self, p: &Placed<'_>, why: impl Into<String>) {
        self.skipped.push(Skipped {
            file: self.file.to_string(),
            at: p.path.clone(),
            what: p.res.address.clone(),
            why: why.into(),
        });
    }

    /// Notes something the file does not say that sgs made up, and what it made.
    pub fn note(&mut self, p: &Placed<'_>, what: String, why: String) {
        self.skipped.push(Skipped {
            file: self.file.to_string(),
            at: p.path.clone(),
            what,
            why,
        });
    }

    pub fn origin(&mut self, id: &str, p: &Placed<'_>) {
        self.origins.push((id.to_string(), p.path.clone()));
    }

    /// Notes an address as taken.
    pub fn take(&mut self, a: Ipv4Addr) {
        self.used.insert(a);
    }

    /// The lowest free address of a subnet, past the four AWS keeps at its start, as `create`
    /// gives one.
    pub fn mint_private(&mut self, subnet: &str) -> Option<Ipv4Addr> {
        let net = self.subnets.get(subnet)?.net?;
        let first = u32::from(net.network()).checked_add(4)?;
        let last = u32::from(net.broadcast()).checked_sub(1)?;
        let found = (first..=last)
            .map(Ipv4Addr::from)
            .find(|a| !self.used.contains(a))?;
        self.used.insert(found);
        Some(found)
    }

    /// A public address for an interface AWS gives one at launch: the plan cannot know it, so
    /// sgs takes one of 198.18.0.0/15 (set aside for benchmarks, never on the internet).
    pub fn mint_public(&mut self) -> Ipv4Addr {
        // 198.18.0.0/15 holds 131,070 hosts: past them, the count wraps (never in practice).
        let n = self.next_public % 131_070 + 1;
        self.next_public = self.next_public.wrapping_add(1);
        Ipv4Addr::from(u32::from(Ipv4Addr::new(198, 18, 0, 0)) + n)
    }
}

/// `{"Key": "Name", "Value": name}` as AWS lists tags.
pub fn name_tags(name: &str) -> Value {
    serde_json::json!([{"Key": "Name", "Value": name}])
}
