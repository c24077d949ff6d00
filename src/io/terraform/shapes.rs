//! The JSON shapes of `terraform show -json` (Terraform's "JSON Output Format", format_version
//! 1.x) that a world is read from: a state's `values`, a plan's `prior_state`, `planned_values`
//! and `configuration`. A resource's `values` stay JSON here: each kind reads its own shape
//! ([`super::values`]), so that an error names the kind's field. Unknown keys are ignored, as
//! Terraform adds keys between versions.

use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The top level of `terraform show -json`, of a state or of a plan.
#[derive(Debug, Default, Deserialize)]
pub struct Show {
    /// A state: its resources.
    pub values: Option<Values>,
    /// A plan: the state it was made against.
    pub prior_state: Option<State>,
    /// A plan: the resources as they will be (unknown values left out).
    pub planned_values: Option<Values>,
    pub configuration: Option<Configuration>,
}

#[derive(Debug, Default, Deserialize)]
pub struct State {
    pub values: Option<Values>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Values {
    pub root_module: Module,
}

#[derive(Debug, Default, Deserialize)]
pub struct Module {
    #[serde(default)]
    pub resources: Vec<Resource>,
    #[serde(default)]
    pub child_modules: Vec<Module>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Resource {
    pub address: String,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub values: Map<String, Value>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Configuration {
    #[serde(default)]
    pub root_module: ConfigModule,
}

#[derive(Debug, Default, Deserialize)]
pub struct ConfigModule {
    #[serde(default)]
    pub resources: Vec<ConfigResource>,
    #[serde(default)]
    pub module_calls: BTreeMap<String, ModuleCall>,
    #[serde(default)]
    pub outputs: BTreeMap<String, ConfigOutput>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ModuleCall {
    #[serde(default)]
    pub module: ConfigModule,
}

#[derive(Debug, Default, Deserialize)]
pub struct ConfigOutput {
    #[serde(default)]
    pub expression: Expression,
}

#[derive(Debug, Default, Deserialize)]
pub struct ConfigResource {
    pub address: String,
    #[serde(default)]
    pub expressions: BTreeMap<String, Value>,
}

/// One expression of the configuration: what it references (`aws_security_group.batch.id`).
#[derive(Debug, Default, Deserialize)]
pub struct Expression {
    #[serde(default)]
    pub references: Vec<String>,
}
