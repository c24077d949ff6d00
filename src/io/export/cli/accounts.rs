//! Worlds that span accounts and regions: which credentials and region each command runs with.
//!
//! A world of one account and region is built with whatever credentials and region the script
//! runs with, as before. Otherwise each section of the script says whose it is
//! (`as_account ACCOUNT REGION`): the world's current account runs with the credentials the
//! script was started with (or `AWS_ACCESS_KEY_ID_<ACCOUNT>` … when those are set), every other
//! account with `AWS_ACCESS_KEY_ID_<ACCOUNT>`, `AWS_SECRET_ACCESS_KEY_<ACCOUNT>` and, for
//! temporary credentials, `AWS_SESSION_TOKEN_<ACCOUNT>`, which the script insists on before it
//! builds anything. The current region is `AWS_DEFAULT_REGION` when set (as for a one-account
//! world); the other regions are the world's. When the world spans accounts, the script asks
//! each account's credentials which account they are (`sts get-caller-identity`) and uses those
//! ids wherever AWS needs an owner (`--peer-owner-id`, a group pair's `UserId`), so it builds in
//! any set of accounts, and stops when two of the world's accounts are one.

use super::Script;
use super::shell::{bare, quote, var, var_name};
use super::topology::query;
use crate::vocab::ids::Scope;
use crate::world::World;
use std::collections::BTreeSet;

/// Every account and region the world's objects are in, the current one first.
pub(super) fn scopes(w: &World) -> Vec<Scope> {
    crate::io::export::scopes(w)
}

/// Whether the world has objects outside its current account and region.
pub(super) fn spans(w: &World) -> bool {
    scopes(w).len() > 1
}

/// Whether the world has objects in more than one account.
pub(super) fn spans_accounts(w: &World) -> bool {
    scopes(w).iter().any(|s| s.account != w.scope.account)
}

/// How an account is named in the script's variables: `AWS_ACCESS_KEY_ID_<this>`,
/// `ACCOUNT_<this>`.
fn suffix(account: &str) -> String {
    var_name("", account).trim_start_matches('_').to_string()
}

/// The variable holding the id AWS reports for a world's account, when the world spans
/// accounts.
pub(super) fn account_var(s: &Script<'_>, account: &str) -> Option<String> {
    s.spans_accounts
        .then(|| format!("ACCOUNT_{}", suffix(account)))
}

/// The region argument of `as_account`: the current region follows `AWS_DEFAULT_REGION`.
fn region_arg(w: &World, region: &str) -> String {
    if region == w.scope.region {
        "\"$HOME_REGION\"".into()
    } else {
        quote(region)
    }
}

/// The region a command names (`--peer-region`): as `as_account` has it.
pub(super) fn region_word(w: &World, region: &str) -> super::shell::Arg {
    if region == w.scope.region {
        var("HOME_REGION")
    } else {
        bare(quote(region))
    }
}

/// The variable holding the image instances of `region` launch from: `AMI` in the current
/// region, `AMI_<REGION>` in another (an image id is regional).
pub(super) fn ami_var(w: &World, region: &str) -> String {
    if region == w.scope.region {
        "AMI".into()
    } else {
        var_name("AMI", region)
    }
}

/// The line that makes the commands after it run in `scope`, when the world spans scopes.
pub(super) fn switch(s: &Script<'_>, scope: &Scope) -> Option<String> {
    let w = s.w;
    s.spans.then(|| {
        let home = if scope.account == w.scope.account {
            " home"
        } else {
            ""
        };
        format!(
            "as_account {} {}{home}",
            suffix(&scope.account),
            region_arg(w, &scope.region)
        )
    })
}

/// The functions that switch accounts, when the world spans scopes.
pub(super) fn header(w: &World) -> String {
    if !spans(w) {
        return String::new();
    }
    let all = scopes(w);
    let list: Vec<String> = all
        .iter()
        .map(|s| format!("account {} in {}", s.account, s.region))
        .collect();
    let regions: BTreeSet<&str> = all
        .iter()
        .map(|s| s.region.as_str())
        .filter(|r| *r != w.scope.region)
        .collect();
    let mut amis = String::new();
    for r in regions {
        let v = ami_var(w, r);
        amis.push_str(&format!(
            "# The image instances of {r} launch from: set {v} to one of its images.\n\
             {v}=\"${{{v}:-{}}}\"\n",
            super::DEFAULT_AMI
        ));
    }
    let text = format!(
        "# This world spans accounts and regions ({list}). Each section runs as\n\
         # `as_account ACCOUNT REGION`: the current account ({home}) with the credentials the script\n\
         # is run with, every other with AWS_ACCESS_KEY_ID_<ACCOUNT>, AWS_SECRET_ACCESS_KEY_<ACCOUNT>\n\
         # and (temporary credentials) AWS_SESSION_TOKEN_<ACCOUNT>; `aws configure\n\
         # export-credentials --profile P --format env` prints a profile's. Setting them for the\n\
         # current account too overrides the ambient ones. The current region is AWS_DEFAULT_REGION.\n\
         HOME_REGION=\"$AWS_DEFAULT_REGION\"\n\
         home_credentials=$(export -p | grep -E '^declare -x AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)=' || true)\n\
         as_account() {{\n\
         \x20 local k=\"AWS_ACCESS_KEY_ID_$1\" s=\"AWS_SECRET_ACCESS_KEY_$1\" t=\"AWS_SESSION_TOKEN_$1\"\n\
         \x20 unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN\n\
         \x20 if [ -n \"${{!k-}}\" ] && [ -n \"${{!s-}}\" ]; then\n\
         \x20   export AWS_ACCESS_KEY_ID=\"${{!k}}\" AWS_SECRET_ACCESS_KEY=\"${{!s}}\"\n\
         \x20   if [ -n \"${{!t-}}\" ]; then export AWS_SESSION_TOKEN=\"${{!t}}\"; fi\n\
         \x20 elif [ \"${{3-}}\" = home ]; then\n\
         \x20   eval \"${{home_credentials//declare -x /declare -gx }}\"\n\
         \x20 else\n\
         \x20   echo \"set $k and $s (and $t for temporary credentials): the credentials of account $1\" >&2\n\
         \x20   exit 1\n\
         \x20 fi\n\
         \x20 export AWS_DEFAULT_REGION=\"$2\"\n\
         }}\n",
        list = list.join(", "),
        home = w.scope.account,
    );
    text + &amis
}

/// Checks every account's credentials before anything is built and, when the world spans
/// accounts, keeps the id AWS reports for each.
pub(super) fn write(s: &mut Script<'_>) {
    let w = s.w;
    if !s.spans_accounts {
        return;
    }
    s.section("accounts: whose credentials each section uses");
    let mut seen = BTreeSet::new();
    let mut vars = Vec::new();
    for scope in scopes(w) {
        let Some(v) = account_var(s, &scope.account) else {
            continue;
        };
        if !seen.insert(scope.account.clone()) {
            continue;
        }
        s.enter(&scope);
        let mut a = vec![bare("aws"), bare("sts"), bare("get-caller-identity")];
        a.extend(query("Account"));
        s.push(format!("{v}=$({})", super::shell::line(&a)));
        vars.push((scope.account.clone(), v));
    }
    for (i, (a, va)) in vars.iter().enumerate() {
        for (b, vb) in &vars[i + 1..] {
            s.push(format!(
                "if [ \"${va}\" = \"${vb}\" ]; then echo \"accounts {a} and {b} of the world are both ${va}: give each its own credentials\" >&2; exit 1; fi"
            ));
        }
    }
}
