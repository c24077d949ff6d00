//! Route tables, as far as sgs reads them: whether a subnet's table (its own, else its VPC's main
//! one) sends 0.0.0.0/0 to an internet gateway, which makes the subnet public. Read from
//! `aws_route_table` (inline `route` blocks), `aws_default_route_table` (the main table),
//! `aws_route`, `aws_route_table_association` and `aws_main_route_table_association`, and written
//! as `describe-route-tables` output.

use super::build::Build;
use super::tree::Placed;
use super::values::set;
use crate::lang::error::Diagnostic;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Default, Deserialize)]
struct Table {
    vpc_id: Option<String>,
    default_route_table_id: Option<String>,
    route: Option<Vec<Route>>,
}

#[derive(Debug, Default, Deserialize)]
struct Route {
    cidr_block: Option<String>,
    destination_cidr_block: Option<String>,
    gateway_id: Option<String>,
    route_table_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Association {
    route_table_id: Option<String>,
    subnet_id: Option<String>,
}

fn routes(list: &[Route]) -> Vec<Value> {
    list.iter()
        .filter_map(|r| {
            let to = set(&r.cidr_block).or(set(&r.destination_cidr_block))?;
            Some(json!({"DestinationCidrBlock": to, "GatewayId": set(&r.gateway_id)}))
        })
        .collect()
}

/// `aws_route_table` and `aws_default_route_table` (`main`).
pub fn table(b: &mut Build<'_, '_>, p: &Placed<'_>, main: bool) -> Result<(), Diagnostic> {
    let t: Table = b.read(p)?;
    let id = match set(&t.default_route_table_id) {
        Some(d) if main => d.to_string(),
        _ => b.tree.handle(p),
    };
    let Some(vpc) = b.tree.one(p, "vpc_id", &t.vpc_id) else {
        b.skip(p, "it names no VPC");
        return Ok(());
    };
    let associations: Vec<Value> = if main {
        vec![json!({"Main": true})]
    } else {
        Vec::new()
    };
    b.origin(&id, p);
    b.push(
        "RouteTables",
        json!({
            "RouteTableId": id,
            "VpcId": vpc,
            "Associations": associations,
            "Routes": routes(t.route.as_deref().unwrap_or_default()),
        }),
    );
    Ok(())
}

fn find<'d>(b: &'d mut Build<'_, '_>, id: &str) -> Option<&'d mut Value> {
    b.doc
        .get_mut("RouteTables")
        .and_then(Value::as_array_mut)
        .and_then(|l| l.iter_mut().find(|t| t["RouteTableId"] == json!(id)))
}

/// `aws_route`: a route added to its table (read before).
pub fn route(b: &mut Build<'_, '_>, p: &Placed<'_>) -> Result<(), Diagnostic> {
    let r: Route = b.read(p)?;
    let Some(table) = b.tree.one(p, "route_table_id", &r.route_table_id) else {
        return Err(b.error(p, "route_table_id", "a route names its route table"));
    };
    let gateway = b.tree.one(p, "gateway_id", &r.gateway_id);
    let added = routes(&[Route {
        gateway_id: gateway,
        ..r
    }]);
    match find(b, &table).and_then(|t| t["Routes"].as_array_mut()) {
        Some(list) => list.extend(added),
        None => b.skip(p, format!("its route table {table} is not in the file")),
    }
    Ok(())
}

/// `aws_route_table_association` (a subnet's table) and `aws_main_route_table_association` (a
/// VPC's main table).
pub fn association(b: &mut Build<'_, '_>, p: &Placed<'_>, main: bool) -> Result<(), Diagnostic> {
    let a: Association = b.read(p)?;
    let Some(table) = b.tree.one(p, "route_table_id", &a.route_table_id) else {
        return Err(b.error(p, "route_table_id", "an association names its route table"));
    };
    let link = if main {
        json!({"Main": true})
    } else {
        match b.tree.one(p, "subnet_id", &a.subnet_id) {
            Some(s) => json!({"Main": false, "SubnetId": s}),
            // A gateway's table (`gateway_id`) routes nothing sgs simulates.
            None => return Ok(()),
        }
    };
    match find(b, &table).and_then(|t| t["Associations"].as_array_mut()) {
        Some(list) => list.push(link),
        None => b.skip(p, format!("its route table {table} is not in the file")),
    }
    Ok(())
}
