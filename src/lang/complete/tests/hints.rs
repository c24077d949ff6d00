//! The hint: the rest of the command's template after what is typed, and its typeable part.

use super::*;

#[test]
fn the_hint_is_the_rest_of_the_template() {
    let w = world();
    let h = |line: &str| hint(line, &w);
    assert_eq!(
        h("authorize ingress tcp 22 ").as_deref(),
        Some("from <peer> to <group>")
    );
    assert_eq!(
        h("authorize egress tcp 22 ").as_deref(),
        Some("from <group> to <peer>")
    );
    assert_eq!(
        h("authorize ingress tcp ").as_deref(),
        Some("[<ports>] from <peer> to <group>")
    );
    assert_eq!(
        h("authorize ingress tcp 22 from 0.0.0.0/0 ").as_deref(),
        Some("to <group>")
    );
    assert_eq!(
        h("create ").as_deref(),
        Some(
            "vpc|subnet|peering|group|prefix-list|nacl|nacl-entry|cache-cluster|replication-group\
             |cache-group|db-cluster|db-instance …"
        )
    );
    assert_eq!(
        h("authorize ").as_deref(),
        Some("ingress|egress|cache-ingress …")
    );
    assert_eq!(h("create subnet db-b in prod ").as_deref(), Some("<cidr>"));
    assert_eq!(
        h("probe tcp 22 from web-1 ").as_deref(),
        Some("to <endpoint>")
    );
    assert_eq!(h("expect error ").as_deref(), Some("[<Code>]: <command>"));
}

#[test]
fn only_optional_clauses_left_are_shown_in_brackets() {
    let w = world();
    assert_eq!(
        hint("authorize ingress tcp 22 from 0.0.0.0/0 to app ", &w).as_deref(),
        Some("[description \"<text>\"]")
    );
    assert_eq!(
        hint("create group db \"Databases\" ", &w).as_deref(),
        Some("[in <vpc> | classic] [id <sg-readable>]")
    );
    assert_eq!(hint("stop web-1 ", &w), None);
}

#[test]
fn a_word_with_one_completion_is_finished_in_the_hint() {
    let w = world();
    assert_eq!(
        hint("auth", &w).as_deref(),
        Some("orize ingress|egress|cache-ingress …")
    );
    assert_eq!(
        hint("authorize ingress tcp 22 fr", &w).as_deref(),
        Some("om <peer> to <group>")
    );
    assert_eq!(hint("stop we", &w).as_deref(), Some("b-1"));
    // A finished word: the rest after it.
    assert_eq!(
        hint("authorize ingress tcp 22", &w).as_deref(),
        Some(" from <peer> to <group>")
    );
    // Two words fit: Tab lists them, the hint waits.
    assert_eq!(hint("st", &w), None);
}

#[test]
fn no_hint_for_blank_wrong_or_commented_lines() {
    let w = world();
    for line in [
        "",
        "   ",
        "frobnicate ",
        "show vpcs # c",
        "echo \"open",
        "stop web-1 \\",
    ] {
        assert_eq!(hint(line, &w), None, "{line:?}");
    }
}

#[test]
fn the_typeable_part_of_a_hint_stops_at_the_first_placeholder() {
    assert_eq!(hint_words(" from <peer> to <group>"), " from");
    assert_eq!(hint_words("orize ingress|egress …"), "orize");
    assert_eq!(hint_words("b-1"), "b-1");
    assert_eq!(hint_words("[description \"<text>\"]"), "");
    assert_eq!(hint_words("<cidr>"), "");
}
