//! The table of commands against the parser: examples parse and fit their templates, and every
//! line the parser accepts fits a template.

use super::*;
use crate::lang::ast::Span;
use crate::lang::parse_command;
use crate::lang::template::{may_end, walk, walk_template};
use crate::lang::{split_script, tokens};

fn topic(word: &str) -> Spanned<String> {
    Spanned::new(word.to_string(), Span::new(5, 5 + word.len()))
}

#[test]
fn every_help_example_parses() {
    for cmd in COMMANDS {
        for example in cmd.examples {
            match parse_command(example) {
                Ok(Some(_)) => {}
                Ok(None) => panic!("{}: example `{example}` is empty", cmd.name),
                Err(e) => panic!("{}: {}", cmd.name, e.render("help", example)),
            }
        }
    }
}

#[test]
fn every_help_example_walks_its_own_template_to_the_end() {
    for cmd in COMMANDS {
        for example in cmd.examples {
            let states = walk_template(cmd.template, example);
            assert!(
                may_end(&states),
                "{}: `{example}` does not fit {:?}",
                cmd.name,
                cmd.syntax()
            );
        }
    }
}

#[test]
fn a_command_is_named_by_its_templates_leading_keywords() {
    for cmd in COMMANDS {
        let leading: Vec<&str> = cmd
            .template
            .iter()
            .map_while(|p| match p {
                Part::Kw(k) => Some(*k),
                _ => None,
            })
            .collect();
        assert!(
            leading.join(" ").starts_with(cmd.name),
            "{}: template starts {leading:?}",
            cmd.name
        );
        for example in cmd.examples {
            let words = example.to_ascii_lowercase();
            assert!(
                words.starts_with(cmd.name),
                "{}: example `{example}` is another command",
                cmd.name
            );
        }
    }
}

#[test]
fn every_first_keyword_is_a_command_of_the_parser() {
    for cmd in COMMANDS {
        let first = cmd.name.split(' ').next().unwrap_or("");
        if let Err(e) = parse_command(first) {
            assert!(
                !e.message.starts_with("unknown command"),
                "{first}: {}",
                e.message
            );
        }
    }
}

/// Lines the parser accepts must fit a template, or completion would stop helping on them.
#[test]
fn every_line_the_parser_accepts_fits_a_template() {
    let files = [
        include_str!("../../../tests/data/parse/language.sgs"),
        include_str!("../../../tests/data/parse/lexical.sgs"),
        include_str!("../../../sessions/quickstart.sgs"),
        include_str!("../../../sessions/default-group.sgs"),
        include_str!("../../../sessions/web-server-rules.sgs"),
        include_str!("../../../sessions/network-acls.sgs"),
        include_str!("../../../sessions/peering.sgs"),
        include_str!("../../../sessions/classic-vs-vpc.sgs"),
        include_str!("../../../sessions/scenario3-other-region.sgs"),
        include_str!("../../../sessions/scenario7-one-address.sgs"),
        include_str!("../../../tests/data/trace/nacl.sgs"),
        include_str!("../../../tests/data/trace/peering.sgs"),
    ];
    let mut checked = 0;
    for src in files {
        for (_, line) in split_script(src) {
            if let Ok(Some(_)) = parse_command(&line) {
                assert!(may_end(&walk(&line)), "no template fits `{line}`");
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "only {checked} lines checked");
}

#[test]
fn help_lists_every_command_by_family() {
    let text = help(None).unwrap_or_default();
    for cmd in COMMANDS {
        assert!(text.contains(cmd.name), "{} missing from help", cmd.name);
        assert!(
            FAMILIES.iter().any(|(f, _)| *f == cmd.family),
            "{}",
            cmd.name
        );
    }
    assert!(text.starts_with("Context:"), "{text}");
}

#[test]
fn help_of_a_command_shows_its_syntax_rules_and_examples() {
    let text = help(Some(&topic("authorize"))).unwrap_or_default();
    assert_eq!(
        text,
        "authorize — add rules: one per peer, all or nothing\n  \
         authorize ingress <perm> from <peer>, … to <group> [description \"<text>\"]\n  \
         authorize egress <perm> from <group> to <peer>, … [description \"<text>\"]\n\
         where:\n  \
         <perm> = tcp [<ports>] | udp [<ports>] | icmp [<icmp type>] | icmpv6 [<icmpv6 type>] | all | <protocol number> [<ports> | <icmp type>]\n\
         examples:\n  \
         authorize ingress tcp 22 from 203.0.113.0/24 to web\n  \
         authorize egress tcp 3306 from web to sg-db\n\n\
         authorize cache-ingress — let an EC2-Classic group's instances reach the clusters using \
         the cache group (never a CIDR)\n  \
         authorize cache-ingress <cache group> from <ec2 group> [owner <12 digits>]\n\
         examples:\n  \
         authorize cache-ingress sessions from legacy owner 123456789012\n  \
         authorize cache-ingress default from legacy"
    );
    let create = help(Some(&topic("create"))).unwrap_or_default();
    assert!(
        create.contains("create vpc <name> <cidr> [ipv6 <ipv6 cidr>]"),
        "{create}"
    );
    assert!(create.contains("create group <name> \"<description>\" [in <vpc> | classic]"));
}

#[test]
fn help_of_an_unknown_word_suggests_a_command() {
    let e = help(Some(&topic("authorise"))).err();
    assert_eq!(
        e.and_then(|e| e.help).as_deref(),
        Some("did you mean authorize?")
    );
}

#[test]
fn keywords_come_from_the_templates() {
    for word in [
        "authorize",
        "ingress",
        "from",
        "tcp",
        "public-ip",
        "via",
        "vpcs",
    ] {
        assert!(template::is_keyword(word), "{word}");
    }
    assert!(template::is_keyword("FROM"));
    assert!(!template::is_keyword("web"));
    let classes = tokens::classify("show groups in prod");
    assert_eq!(classes.len(), 4);
}
