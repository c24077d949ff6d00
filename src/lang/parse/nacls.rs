//! Network ACLs: `create nacl`, `create nacl-entry`, `replace nacl-entry` and the entry they
//! share, and `delete nacl-entry` (the `delete` dispatch lives with the other deletes).

use super::combinator::{keyword, one_of};
use super::input::{Fail, Input, PResult};
use super::lex::{address, name, number, reference};
use super::rules::perm;
use crate::lang::ast::{Command, Direction, NaclEntrySpec};
use crate::lang::error::Diagnostic;
use nom::combinator::{cut, map};
use nom::error::context;
use nom::sequence::{preceded, tuple};

/// create_nacl = "nacl" name "in" reference ;
pub(super) fn create_nacl(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("nacl")(i)?;
    let (i, (name, _, vpc)) = cut(tuple((
        context("the network ACL's name", name),
        keyword("in"),
        context("the network ACL's VPC", reference),
    )))(i)?;
    Ok((i, Command::CreateNacl { name, vpc }))
}

/// create_nacl_entry = "nacl-entry" nacl_entry ;
pub(super) fn create_nacl_entry(i: Input<'_>) -> PResult<'_, Command> {
    map(
        preceded(keyword("nacl-entry"), cut(nacl_entry)),
        Command::CreateNaclEntry,
    )(i)
}

/// replace = "replace" "nacl-entry" nacl_entry ;
pub(super) fn replace(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("replace")(i)?;
    let (i, _) = cut(keyword("nacl-entry"))(i)?;
    map(cut(nacl_entry), Command::ReplaceNaclEntry)(i)
}

const DIRECTIONS: &[&str] = &["ingress", "egress"];
const ACTIONS: &[&str] = &["allow", "deny"];
const PEER_WORDS: &[&str] = &["from", "to"];

/// nacl_entry = reference ( "ingress" | "egress" ) number ( "allow" | "deny" ) perm ( "from" | "to" )
///            address ;
/// (* an ingress entry names its CIDR after "from", an egress entry after "to" *)
fn nacl_entry(i: Input<'_>) -> PResult<'_, NaclEntrySpec> {
    let (i, nacl) = context("the network ACL", reference)(i)?;
    let (i, direction) = direction(i)?;
    let (i, number) = cut(context("a rule number (100)", number))(i)?;
    let (i, (action, _)) = cut(one_of("expected allow or deny", ACTIONS))(i)?;
    let (i, perm) = cut(perm)(i)?;
    let (j, (word, span)) = cut(one_of(
        "expected from (ingress) or to (egress) and a CIDR",
        PEER_WORDS,
    ))(i)?;
    let wanted = match direction {
        Direction::Ingress => 0,
        Direction::Egress => 1,
    };
    if word != wanted {
        let (right, wrong) = if wanted == 0 {
            ("from", "to")
        } else {
            ("to", "from")
        };
        let d = Diagnostic::syntax(format!(
            "an {} entry names its CIDR after '{right}'",
            direction.as_str()
        ))
        .at(span)
        .label(format!("'{wrong}' here"))
        .help(format!("write {right} <cidr>"));
        return Fail::worded(d).failure();
    }
    let (j, cidr) = cut(context("a CIDR (0.0.0.0/0)", address))(j)?;
    let entry = NaclEntrySpec {
        nacl,
        direction,
        number,
        allow: action == 0,
        perm,
        cidr,
    };
    Ok((j, entry))
}

/// `ingress` or `egress`, after the ACL of an entry.
fn direction(i: Input<'_>) -> PResult<'_, Direction> {
    let (i, (k, _)) = cut(one_of(
        "expected a direction: ingress or egress",
        DIRECTIONS,
    ))(i)?;
    let direction = if k == 0 {
        Direction::Ingress
    } else {
        Direction::Egress
    };
    Ok((i, direction))
}

/// delete_nacl_entry = "nacl-entry" reference ( "ingress" | "egress" ) number ;
pub(super) fn delete_nacl_entry(i: Input<'_>) -> PResult<'_, Command> {
    let (i, _) = keyword("nacl-entry")(i)?;
    let (i, nacl) = cut(context("the network ACL", reference))(i)?;
    let (i, direction) = direction(i)?;
    let (i, number) = cut(context("the rule number to delete", number))(i)?;
    let command = Command::DeleteNaclEntry {
        nacl,
        direction,
        number,
    };
    Ok((i, command))
}
