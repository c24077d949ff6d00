//! The parser's unit tests: the grammar file and the parser fns stay in step; single behaviours
//! of the language; and no input at all makes the parser panic or point outside the line.
//! `tests/parse.rs` snapshots whole files of commands and errors.

use super::parse_command;
use crate::lang::ast::{Command, Endpoint, Expectation, IcmpSpec, Peer, Perm, PortSpec, Span};
use crate::lang::error::Diagnostic;
use proptest::prelude::*;

/// The grammar, and the parser's sources in the grammar's order.
const GRAMMAR: &str = include_str!("../../../grammar/sgs.ebnf");
const SOURCES: &[(&str, &str)] = &[
    ("parse.rs", include_str!("../parse.rs")),
    ("topology.rs", include_str!("topology.rs")),
    ("rules.rs", include_str!("rules.rs")),
    ("instances.rs", include_str!("instances.rs")),
    ("nacls.rs", include_str!("nacls.rs")),
    ("services.rs", include_str!("services.rs")),
    ("packets.rs", include_str!("packets.rs")),
    ("flows.rs", include_str!("flows.rs")),
    ("show.rs", include_str!("show.rs")),
    ("session.rs", include_str!("session.rs")),
    ("lessons.rs", include_str!("lessons.rs")),
    ("lex.rs", include_str!("lex.rs")),
];

/// The rules of an EBNF text, as (name, whole rule with whitespace collapsed), in order.
fn ebnf_rules(ebnf: &str) -> Vec<(String, String)> {
    let mut rules = Vec::new();
    let mut current = String::new();
    let mut chars = ebnf.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '(' if chars.peek() == Some(&'*') => {
                let mut prev = ' ';
                for c in chars.by_ref() {
                    if prev == '*' && c == ')' {
                        break;
                    }
                    prev = c;
                }
            }
            '"' | '\'' | '?' => {
                current.push(c);
                for d in chars.by_ref() {
                    current.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            ';' => {
                current.push(';');
                let rule = collapse(&current);
                let name = rule.split(" =").next().unwrap_or_default().to_string();
                rules.push((name, rule));
                current.clear();
            }
            c => current.push(c),
        }
    }
    assert!(
        collapse(&current).is_empty(),
        "text after the last rule: {current}"
    );
    rules
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every rule fn of the sources, in order: (file, fn name, its doc comment collapsed), where a
/// rule fn is one whose doc comment starts with `its_name =`.
fn rule_fns() -> Vec<(&'static str, String, String)> {
    let mut found = Vec::new();
    for (file, source) in SOURCES {
        let mut doc: Vec<&str> = Vec::new();
        for line in source.lines() {
            let line = line.trim();
            if let Some(text) = line.strip_prefix("///") {
                doc.push(text);
                continue;
            }
            let after_fn = line.split_once("fn ").map(|(_, rest)| rest);
            if let Some(rest) = after_fn.filter(|_| !line.starts_with("//")) {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let doc_text = collapse(&doc.join(" "));
                if doc_text.starts_with(&format!("{name} =")) {
                    found.push((*file, name, doc_text));
                }
            }
            if !line.starts_with("#[") {
                doc.clear();
            }
        }
    }
    found
}

#[test]
fn every_grammar_rule_is_a_parser_fn_in_the_same_order_with_the_rule_as_its_doc() {
    let rules = ebnf_rules(GRAMMAR);
    let fns = rule_fns();
    assert!(rules.len() > 40, "the grammar was not read: {rules:?}");
    let rule_names: Vec<&str> = rules.iter().map(|(n, _)| n.as_str()).collect();
    let fn_names: Vec<&str> = fns.iter().map(|(_, n, _)| n.as_str()).collect();
    assert_eq!(
        rule_names, fn_names,
        "grammar rules vs parser rule fns, in order"
    );
    for ((name, rule), (file, _, doc)) in rules.iter().zip(&fns) {
        assert!(
            doc.contains(rule.as_str()),
            "{file}: the doc comment of fn {name} is not the grammar's rule\n  grammar: {rule}\n  doc:     {doc}"
        );
    }
}

#[test]
fn ebnf_reader_skips_comments_and_quoted_semicolons() {
    let rules = ebnf_rules("(* a ; b *) x = \";\" | '(*' ;\n(* c *) y = ? z ; ? ;");
    let names: Vec<&str> = rules.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["x", "y"]);
}

fn parse(text: &str) -> Command {
    match parse_command(text) {
        Ok(Some(command)) => command.node,
        Ok(None) => panic!("no command in {text:?}"),
        Err(e) => panic!("{}", e.render("<test>", text)),
    }
}

fn error(text: &str) -> Diagnostic {
    match parse_command(text) {
        Err(e) => e,
        Ok(c) => panic!("{text:?} parsed: {c:?}"),
    }
}

fn perm_of(text: &str) -> Perm {
    match parse(text) {
        Command::Authorize { rule, .. } => rule.perm.node,
        Command::Probe(probe) => probe.packet.node,
        other => panic!("not a rule or probe: {other:?}"),
    }
}

fn peers_of(text: &str) -> Vec<Peer> {
    match parse(text) {
        Command::Authorize { rule, .. } => rule.peers.into_iter().map(|p| p.node).collect(),
        other => panic!("not a rule: {other:?}"),
    }
}

#[test]
fn blank_and_comment_only_lines_are_no_command() {
    for text in [
        "",
        "   ",
        "\t",
        "# a comment",
        "   # indented comment",
        " \r",
    ] {
        assert_eq!(parse_command(text), Ok(None), "{text:?}");
    }
}

#[test]
fn keywords_ignore_case_and_names_keep_theirs() {
    let Command::Authorize { rule, .. } = parse("AUTHORIZE Ingress TCP 22 FROM Web TO Db") else {
        panic!()
    };
    assert_eq!(rule.perm.node, Perm::Tcp(Some(PortSpec::Single(22))));
    assert_eq!(rule.group.name, "Db");
}

#[test]
fn hash_starts_a_comment_only_at_the_start_of_a_word() {
    let Command::Stop(instance) = parse("stop redis-1#2 # the second node") else {
        panic!()
    };
    assert_eq!(instance.name, "redis-1#2");
}

#[test]
fn a_bare_reference_splits_at_its_first_slash_and_a_quoted_one_never() {
    let Command::DeleteGroup(r) = parse("delete group 111122223333/sg-0a1b2c3d4e5f60789") else {
        panic!()
    };
    assert_eq!(r.qualifier.as_deref(), Some("111122223333"));
    assert_eq!(r.name, "sg-0a1b2c3d4e5f60789");
    let Command::DeleteGroup(r) = parse(r#"delete group "prod/web \"1\" \\""#) else {
        panic!()
    };
    assert_eq!((r.qualifier, r.name.as_str()), (None, r#"prod/web "1" \"#));
    assert_eq!(
        error("delete group a/b/c").help.as_deref(),
        Some(r#"quote the name: "a/b/c""#)
    );
}

#[test]
fn numbers_out_of_range_parse_for_aws_to_answer() {
    let rule = |p: &str| perm_of(&format!("authorize ingress {p} from 0.0.0.0/0 to web"));
    assert_eq!(rule("tcp 70000"), Perm::Tcp(Some(PortSpec::Single(70000))));
    assert_eq!(rule("tcp -1"), Perm::Tcp(Some(PortSpec::Single(-1))));
    assert_eq!(
        rule("tcp 100-50"),
        Perm::Tcp(Some(PortSpec::Range(100, 50)))
    );
    assert_eq!(rule("udp all"), Perm::Udp(Some(PortSpec::All)));
    assert_eq!(rule("tcp"), Perm::Tcp(None));
    assert_eq!(
        rule("icmp 3:300"),
        Perm::Icmp(Some(IcmpSpec::TypeCode(3, 300)))
    );
    assert_eq!(rule("300"), Perm::Number(300));
    assert_eq!(rule("-1"), Perm::Number(-1));
    // Past 64 bits a number is refused as written, never clamped.
    for big in [
        "99999999999999999999999",
        "tcp -99999999999999999999999",
        "tcp 22-9223372036854775808",
        "icmp 3:99999999999999999999",
    ] {
        let line = format!("authorize ingress {big} from 0.0.0.0/0 to web");
        let err = parse_command(&line).expect_err(big);
        let number = big.rsplit([' ', ':']).next().unwrap_or_default();
        let number = number.strip_prefix("22-").unwrap_or(number);
        assert!(err.message.contains(number), "{big}: {}", err.message);
    }
    assert_eq!(rule("9223372036854775807"), Perm::Number(i64::MAX));
}

#[test]
fn icmp_names_resolve_in_their_protocols_table() {
    let probe = |p: &str| perm_of(&format!("probe {p} from a to b"));
    assert_eq!(
        probe("icmp echo-request"),
        Perm::Icmp(Some(IcmpSpec::Type(8)))
    );
    assert_eq!(
        probe("icmpv6 echo-request"),
        Perm::Icmpv6(Some(IcmpSpec::Type(128)))
    );
    assert_eq!(
        probe("icmp Fragmentation-Needed"),
        Perm::Icmp(Some(IcmpSpec::TypeCode(3, 4)))
    );
    assert_eq!(probe("icmpv6"), Perm::Icmpv6(None));
    assert_eq!(probe("icmp all"), Perm::Icmp(Some(IcmpSpec::All)));
    let e = error("probe icmpv6 fragmentation-needed from a to b");
    assert_eq!(e.message, "unknown ICMPv6 type 'fragmentation-needed'");
    let e = error("probe icmp echo-reqest from a to b");
    assert_eq!(e.help.as_deref(), Some("did you mean echo-request?"));
}

#[test]
fn a_peer_is_a_cidr_when_it_is_written_like_an_address() {
    let peers = peers_of(
        r#"authorize ingress all from 1.2.3.4, 10.0.0.0/33, ::/0, fe80::1/128,web,prod/db, "10.0.0.0/8" to web"#,
    );
    let cidr = |s: &str| Peer::Cidr(s.to_string());
    assert_eq!(
        peers[..4],
        [
            cidr("1.2.3.4"),
            cidr("10.0.0.0/33"),
            cidr("::/0"),
            cidr("fe80::1/128")
        ]
    );
    let groups: Vec<String> = peers[4..]
        .iter()
        .map(|p| match p {
            Peer::Group(r) => r.to_string(),
            Peer::Cidr(c) => panic!("{c} is no group"),
            Peer::PrefixList(r) => panic!("{r} is no group"),
        })
        .collect();
    assert_eq!(groups, ["web", "prod/db", "10.0.0.0/8"]);
}

#[test]
fn an_endpoint_is_internet_an_address_or_an_object() {
    let Command::Trace(probe) =
        parse("trace udp 53 from INTERNET to 2600:1f18::20 via private sport 1")
    else {
        panic!()
    };
    assert_eq!(probe.from.node, Endpoint::Internet);
    assert_eq!(probe.to.node, Endpoint::Address("2600:1f18::20".into()));
    assert_eq!(probe.sport.map(|s| s.node), Some(1));
    let Command::Probe(probe) = parse("probe tcp 22 from 10.0.0.0/8 to redis-1#2") else {
        panic!()
    };
    assert!(
        matches!(probe.from.node, Endpoint::Object(_)),
        "a CIDR is no address"
    );
    assert!(matches!(probe.to.node, Endpoint::Object(ref r) if r.name == "redis-1#2"));
}

#[test]
fn expect_wraps_a_command_whose_spans_point_into_the_same_line() {
    let text = "expect error InvalidGroup.NotFound:delete group web";
    let Command::Expect(Expectation::Error { code, command }) = parse(text) else {
        panic!()
    };
    assert_eq!(
        code.map(|c| c.node).as_deref(),
        Some("InvalidGroup.NotFound")
    );
    assert_eq!(command.span, Span::new(35, text.len()));
    let Command::DeleteGroup(group) = command.node else {
        panic!()
    };
    assert_eq!(&text[group.span.start..group.span.end], "web");
    let Command::Expect(Expectation::Output { text, .. }) =
        parse(r#"expect output "a:b" : show vpcs"#)
    else {
        panic!()
    };
    assert_eq!(text.node, "a:b");
}

#[test]
fn options_come_in_any_order_but_once() {
    let a = parse("create subnet s in prod 10.0.1.0/24 public az us-east-1b ipv6 2600::/64");
    let b = parse("create subnet s in prod 10.0.1.0/24 ipv6 2600::/64 public az us-east-1b");
    let strip = |c: Command| match c {
        Command::CreateSubnet {
            ipv6, az, public, ..
        } => (ipv6.map(|s| s.node), az.map(|s| s.node), public),
        _ => panic!(),
    };
    assert_eq!(strip(a), strip(b));
    assert_eq!(
        error("launch x in a/b classic").message,
        "'classic' cannot be combined with 'in'"
    );
    assert_eq!(
        error("create group g \"d\" id sg-a ID sg-b").message,
        "'ID' is given twice"
    );
}

#[test]
fn a_missing_word_is_pointed_at_the_end_of_the_line() {
    let text = "authorize ingress tcp 22 from 0.0.0.0/0";
    let e = error(text);
    assert_eq!(e.message, "expected 'to'");
    assert_eq!(e.span, Some(Span::new(text.len(), text.len())));
}

#[test]
fn errors_name_the_wrong_word_and_suggest_a_fix() {
    let e = error("authorise ingress tcp 22 from 0.0.0.0/0 to web");
    assert_eq!(e.message, "unknown command 'authorise'");
    assert_eq!(e.help.as_deref(), Some("did you mean authorize?"));
    assert_eq!(e.span, Some(Span::new(0, 9)));
    let e = error("explain tcp 22 from a to b");
    assert_eq!(e.message, "unknown command 'explain'");
    assert!(e.help.is_some_and(|h| h.contains("authorize, revoke")));
    let e = error("show matrix");
    assert_eq!(
        e.message,
        "expected one of vpcs, peerings, prefix-lists, subnets, groups, instances, nacls, stale, \
         group, instance, flows, clusters, reach, exposure"
    );
    assert_eq!(
        e.help, None,
        "a word far from every choice gets no did-you-mean"
    );
    let e = error("show reach");
    assert_eq!(
        e.message,
        "expected a protocol: tcp, udp, icmp, icmpv6, all or a protocol number"
    );
    let e = error(r#"create group a|b "x""#);
    assert_eq!(e.help.as_deref(), Some(r#"quote the name: "a|b""#));
    assert_eq!(e.span, Some(Span::new(13, 16)));
    let e = error("authorize ingres tcp 22 from 0.0.0.0/0 to web");
    assert_eq!(e.message, "expected ingress, egress or cache-ingress");
    assert_eq!(e.help.as_deref(), Some("did you mean ingress?"));
    assert!(e.is_syntax());
}

#[test]
fn echo_takes_a_quoted_string_or_the_rest_of_the_line() {
    assert!(matches!(parse(r#"echo "a # b""#), Command::Echo(t) if t.node == "a # b"));
    assert!(matches!(parse("echo  Step 2: go  # why"), Command::Echo(t) if t.node == "Step 2: go"));
    assert!(matches!(parse("echo"), Command::Echo(t) if t.node.is_empty()));
}

/// Text built from the language's own pieces, so random lines get deep into the grammar.
fn line_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("authorize".to_string()),
        Just("ingress".to_string()),
        Just("egress".to_string()),
        Just("tcp".to_string()),
        Just("icmp".to_string()),
        Just("icmpv6".to_string()),
        Just("from".to_string()),
        Just("to".to_string()),
        Just("create".to_string()),
        Just("group".to_string()),
        Just("launch".to_string()),
        Just("public-ip".to_string()),
        Just("expect".to_string()),
        Just("error".to_string()),
        Just("error:".to_string()),
        Just("output".to_string()),
        Just("probe".to_string()),
        Just("via".to_string()),
        Just("sport".to_string()),
        Just("show".to_string()),
        Just("echo".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\\\"".to_string()),
        Just("#".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("/".to_string()),
        Just("-".to_string()),
        Just("0.0.0.0/0".to_string()),
        Just("::/0".to_string()),
        Just("é".to_string()),
        Just("🦀".to_string()),
        Just("\u{2003}".to_string()),
        "[0-9]{1,25}",
        "[a-z|#@/:.\"\\\\-]{1,8}",
        any::<String>(),
    ];
    let sep = prop_oneof![Just(" "), Just(""), Just(","), Just("\t"), Just("  ")];
    prop::collection::vec((piece, sep), 0..14).prop_map(|parts| {
        parts.into_iter().fold(String::new(), |mut s, (p, sep)| {
            s.push_str(&p);
            s.push_str(sep);
            s
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_text_parses_or_fails_with_a_span_inside_it(text in line_strategy()) {
        check(&text)?;
    }

    #[test]
    fn any_unicode_parses_or_fails_with_a_span_inside_it(text in "\\PC{0,60}") {
        check(&text)?;
    }
}

/// The parse of `text` does not panic, and every span it reports lies in the text on char
/// boundaries.
fn check(text: &str) -> Result<(), TestCaseError> {
    let inside = |s: Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    match parse_command(text) {
        Ok(None) => {}
        Ok(Some(command)) => prop_assert!(inside(command.span), "{:?} in {text:?}", command.span),
        Err(e) => {
            let span = e.span.unwrap_or_default();
            prop_assert!(inside(span), "{span:?} in {text:?}: {e}");
            let _ = e.render("<prop>", text);
        }
    }
    Ok(())
}

#[test]
fn expectations_nest_eight_deep_and_no_deeper() {
    let nested = |n: usize| format!("{}undo", "expect error: ".repeat(n));
    assert!(parse_command(&nested(8)).is_ok());
    let err = parse_command(&nested(9)).expect_err("nine deep");
    assert!(err.message.contains("at most 8"), "{}", err.message);
    // Far past the bound the parser answers, rather than exhausting its stack.
    let err = parse_command(&nested(100_000)).expect_err("deep");
    assert_eq!(err.code, "Syntax");
}
