//! Worlds that span accounts and regions: one aliased `provider "aws"` block per account and
//! region, and every resource names its own (`provider = aws.a111122223333_us_east_1`).
//!
//! The current account's providers use the credentials Terraform finds as usual; every other
//! account's use the profile its variable names (`var.profile_111122223333`: a profile of the
//! shared AWS config, which may itself assume a role). Instances of another region than the
//! current launch from `var.ami_<region>` (an image id is regional). A world of one account and
//! region keeps its single unaliased provider.

use super::hcl::string;
use crate::vocab::ids::Scope;
use crate::world::World;
use std::collections::BTreeSet;

/// An identifier for a word: letters, digits and `_`.
fn ident(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The provider alias of an account and region: `a<ACCOUNT>_<region>`.
pub(super) fn alias(scope: &Scope) -> String {
    format!("a{}_{}", ident(&scope.account), ident(&scope.region))
}

/// The variable of the image instances of `region` launch from.
pub(super) fn ami(w: &World, region: &str) -> String {
    if region == w.scope.region {
        "var.ami".into()
    } else {
        format!("var.ami_{}", ident(region))
    }
}

/// The provider blocks and the variables they and the instances need, when the world spans
/// accounts or regions.
pub(super) fn header(w: &World) -> String {
    let scopes = crate::io::export::scopes(w);
    if scopes.len() < 2 {
        return String::new();
    }
    let mut out = String::from(
        "\n# This world spans accounts and regions: one provider per account and region, and every\n\
         # resource names its own. The current account's use the credentials Terraform finds; each\n\
         # other account's, the AWS profile its variable names.\n",
    );
    let accounts: BTreeSet<&str> = scopes
        .iter()
        .map(|s| s.account.as_str())
        .filter(|a| *a != w.scope.account)
        .collect();
    for a in &accounts {
        out.push_str(&format!(
            "\nvariable \"profile_{}\" {{\n  description = {}\n  type        = string\n}}\n",
            ident(a),
            string(&format!(
                "The AWS profile whose credentials reach account {a} of the world"
            )),
        ));
    }
    let regions: BTreeSet<&str> = scopes
        .iter()
        .map(|s| s.region.as_str())
        .filter(|r| *r != w.scope.region)
        .collect();
    for r in &regions {
        out.push_str(&format!(
            "\nvariable \"ami_{}\" {{\n  description = {}\n  type        = string\n  default     = {}\n}}\n",
            ident(r),
            string(&format!("The image instances of {r} launch from")),
            string(super::super::cli::DEFAULT_AMI),
        ));
    }
    for s in &scopes {
        let (a, r) = (string(&alias(s)), string(&s.region));
        out.push_str(&if s.account == w.scope.account {
            format!("\nprovider \"aws\" {{\n  alias  = {a}\n  region = {r}\n}}\n")
        } else {
            format!(
                "\nprovider \"aws\" {{\n  alias   = {a}\n  region  = {r}\n  profile = var.profile_{}\n}}\n",
                ident(&s.account)
            )
        });
    }
    out
}
