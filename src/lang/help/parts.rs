//! The parts the command table's templates share: slots, peers, protocols and ports, endpoints.

use crate::lang::template::{Part, Slot};
use Part::{Choice, Kw, List, Named, Opt, Seq};

pub(super) const NAME: Part = Part::Slot(Slot::Name, "name");
pub(super) const VPC: Part = Part::Slot(Slot::Vpc, "vpc");
pub(super) const SUBNET: Part = Part::Slot(Slot::Subnet, "vpc/subnet");
pub(super) const GROUP: Part = Part::Slot(Slot::Group, "group");
pub(super) const GROUPS: Part = List(Slot::Group, "group");
pub(super) const INSTANCE: Part = Part::Slot(Slot::Instance, "instance");
pub(super) const CIDR: Part = Part::Slot(Slot::Cidr, "cidr");
pub(super) const IPV6_CIDR: Part = Part::Slot(Slot::Cidr, "ipv6 cidr");
pub(super) const PEERS: Part = List(Slot::Peer, "peer");
pub(super) const IN_NETWORK: Part = Opt(&[Kw("in"), Part::Slot(Slot::Network, "vpc")]);
pub(super) const NACL: Part = Part::Slot(Slot::Nacl, "nacl");
pub(super) const PEERING: Part = Part::Slot(Slot::Peering, "peering");
pub(super) const PREFIX_LIST: Part = Part::Slot(Slot::PrefixList, "prefix list");
pub(super) const RULE_NUMBER: Part = Part::Slot(Slot::Number, "1-32766");
pub(super) const ACTION: Part = Choice(&[&[Kw("allow")], &[Kw("deny")]]);
/// `strict ingress 90 deny tcp 22 from 198.51.100.0/24`: a network ACL entry.
pub(super) const NACL_ENTRY: Part = Seq(&[
    NACL,
    Choice(&[
        &[Kw("ingress"), RULE_NUMBER, ACTION, PERM, Kw("from"), CIDR],
        &[Kw("egress"), RULE_NUMBER, ACTION, PERM, Kw("to"), CIDR],
    ]),
]);

/// `tcp 22`, `icmp echo-request`, `all`, `50`: a rule's protocol and ports, or a packet.
pub(super) const PERM_FORMS: &[&[Part]] = &[
    &[Kw("tcp"), Opt(&[Part::Slot(Slot::Port, "ports")])],
    &[Kw("udp"), Opt(&[Part::Slot(Slot::Port, "ports")])],
    &[Kw("icmp"), Opt(&[Part::Slot(Slot::Icmp, "icmp type")])],
    &[
        Kw("icmpv6"),
        Opt(&[Part::Slot(Slot::Icmpv6, "icmpv6 type")]),
    ],
    &[Kw("all")],
    &[
        Part::Slot(Slot::Number, "protocol number"),
        Opt(&[Choice(&[
            &[Part::Slot(Slot::Port, "ports")],
            &[Part::Slot(Slot::Icmp, "icmp type")],
        ])]),
    ],
];
pub(super) const PERM: Part = Named("perm", &[Choice(PERM_FORMS)]);
pub(super) const PACKET: Part = Named("packet", &[Choice(PERM_FORMS)]);

pub(super) const INGRESS: &[Part] = &[Kw("ingress"), PERM, Kw("from"), PEERS, Kw("to"), GROUP];
pub(super) const EGRESS: &[Part] = &[Kw("egress"), PERM, Kw("from"), GROUP, Kw("to"), PEERS];
pub(super) const DESCRIPTION: Part = Opt(&[Kw("description"), Part::Slot(Slot::Quoted, "text")]);

pub(super) const ENDPOINT: Part = Named(
    "endpoint",
    &[Choice(&[
        &[Kw("internet")],
        &[Part::Slot(
            Slot::Endpoint,
            "instance, eni, cluster or address",
        )],
    ])],
);
pub(super) const PROBE_ARGS: Part = Seq(&[
    PACKET,
    Kw("from"),
    ENDPOINT,
    Kw("to"),
    ENDPOINT,
    Opt(&[Kw("via"), Choice(&[&[Kw("public")], &[Kw("private")]])]),
    Opt(&[Kw("sport"), Part::Slot(Slot::Number, "port")]),
]);

/// `ssh request`: the next packet of a flow, one way.
pub(super) const FLOW_PACKET: Part = Seq(&[
    Part::Slot(Slot::Flow, "flow"),
    Choice(&[&[Kw("request")], &[Kw("reply")]]),
]);
