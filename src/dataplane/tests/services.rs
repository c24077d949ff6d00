//! Managed services: endpoints that name cache clusters, their nodes, replication groups, DB
//! instances and DB clusters; and the cache security groups of an EC2-Classic cluster.

use super::*;
use crate::world::service::{
    CacheCluster, CacheEngine, CacheNet, CacheSecurityGroup, DbCluster, DbEngine, DbInstance,
    Ec2GroupRef, EniOwner, ReplicationGroup, SvcKey,
};

impl Lab {
    /// A service's interface (no instance, only a private address).
    fn service_eni(
        &mut self,
        name: &str,
        subnet: Option<&SubnetId>,
        ip: &str,
        groups: &[&SgId],
        owner: EniOwner,
    ) -> Eni {
        let sub = subnet.map(|s| self.w.subnets[s].clone());
        let seq = self.w.next_seq();
        Eni {
            id: EniId(self.w.mint(EniId::PREFIX)),
            name: name.to_string(),
            scope: self.scope(),
            instance: None,
            subnet: sub.as_ref().map(|s| s.id.clone()),
            vpc: sub.as_ref().map(|s| s.vpc.clone()),
            private_ip: net(ip),
            ipv6: None,
            public_ip: None,
            elastic_ip: None,
            groups: groups.iter().map(|g| (*g).clone()).collect(),
            device_index: 0,
            seq,
            owner: Some(owner),
        }
    }

    /// A cache cluster with one node per address, in a subnet with VPC groups, or in EC2-Classic
    /// (no subnet) with cache security groups. Returns the nodes' interfaces.
    fn cache_cluster(
        &mut self,
        name: &str,
        subnet: Option<&SubnetId>,
        ips: &[&str],
        groups: &[&SgId],
        cache_groups: &[&str],
    ) -> Vec<EniId> {
        let enis: Vec<Eni> = (1u32..)
            .zip(ips)
            .map(|(k, ip)| {
                let owner = EniOwner::CacheNode {
                    cluster: name.to_string(),
                    node: k,
                };
                self.service_eni(&format!("{name}#{k}"), subnet, ip, groups, owner)
            })
            .collect();
        let nodes: Vec<EniId> = enis.iter().map(|e| e.id.clone()).collect();
        let net = match subnet {
            Some(s) => CacheNet::Vpc {
                vpc: self.w.subnets[s].vpc.clone(),
                subnet: s.clone(),
            },
            None => CacheNet::Classic {
                cache_groups: cache_groups.iter().map(|g| g.to_string()).collect(),
            },
        };
        let seq = self.w.next_seq();
        let cluster = CacheCluster {
            name: name.to_string(),
            scope: self.scope(),
            engine: CacheEngine::Memcached,
            port: 11211,
            net,
            nodes: nodes.clone(),
            replication_group: None,
            seq,
        };
        self.w.add_cache_cluster(cluster, enis);
        nodes
    }

    fn db_instance(&mut self, name: &str, subnet: &SubnetId, ip: &str, groups: &[&SgId]) -> EniId {
        let owner = EniOwner::DbInstance {
            name: name.to_string(),
        };
        let eni = self.service_eni(name, Some(subnet), ip, groups, owner);
        let id = eni.id.clone();
        let seq = self.w.next_seq();
        let db = DbInstance {
            name: name.to_string(),
            scope: self.scope(),
            engine: DbEngine::AuroraMysql,
            port: 3306,
            cluster: None,
            eni: id.clone(),
            seq,
        };
        self.w.add_db_instance(db, eni);
        id
    }

    fn cache_group(&mut self, name: &str, authorized: &[(&str, &str)]) {
        let scope = self.scope();
        self.w.services_mut().cache_groups.insert(
            SvcKey::new(&scope, name),
            CacheSecurityGroup {
                name: name.to_string(),
                scope,
                description: name.to_string(),
                authorized: authorized
                    .iter()
                    .map(|(n, o)| Ec2GroupRef {
                        name: n.to_string(),
                        owner: o.to_string(),
                    })
                    .collect(),
                is_default: false,
            },
        );
    }

    /// An EC2-Classic instance (no subnet) with an address of the Classic network.
    fn classic(&mut self, name: &str, ip: &str, groups: &[&SgId]) -> EniId {
        self.eni(name, None, ip, groups)
    }
}

fn cache_step(s: &Step) -> &CacheGroupsStep {
    match &s.kind {
        StepKind::CacheGroups(c) => c,
        other => panic!("not a cache security groups step: {other:?}"),
    }
}

fn to_eni(t: &Trace) -> Option<Addr> {
    t.request.map(|w| w.dst)
}

#[test]
fn a_cache_cluster_is_its_first_node_and_name_k_is_node_k() {
    let mut p = prod();
    let cache_a = p.cache_a.clone();
    let cache = p.cache.clone();
    p.lab.cache_cluster(
        "memc-1",
        Some(&cache_a),
        &["10.0.2.20", "10.0.2.21", "10.0.2.22"],
        &[&cache],
        &[],
    );
    p.lab.ingress(&cache, tcp_rule(11211, 11211), sg(&p.app));
    let t = p.lab.ask(probe(tcp(11211), obj("web-1"), obj("memc-1")));
    assert!(t.allowed, "{t}");
    assert_eq!(to_eni(&t), Some(Addr::Ip(net("10.0.2.20"))));
    let t = p.lab.ask(probe(tcp(11211), obj("web-1"), obj("memc-1#3")));
    assert_eq!(to_eni(&t), Some(Addr::Ip(net("10.0.2.22"))));
    assert_eq!(groups_step(deciding(&t)).eni.name, "memc-1#3");
}

#[test]
fn a_node_number_out_of_range_is_not_found_and_says_which_there_are() {
    let mut p = prod();
    let cache_a = p.cache_a.clone();
    p.lab.cache_cluster(
        "memc-1",
        Some(&cache_a),
        &["10.0.2.20", "10.0.2.21"],
        &[],
        &[],
    );
    for name in ["memc-1#0", "memc-1#3", "memc-1#99999999999999999999"] {
        let e = p.lab.error(probe(tcp(11211), obj("web-1"), obj(name)));
        assert_eq!(e.code, "InvalidEndpoint.NotFound", "{name}");
        assert_eq!(e.help.as_deref(), Some("memc-1 has nodes #1 to #2"));
    }
    // `#` followed by something else is no node: the name is looked up as it is, and the
    // nearest endpoint is suggested.
    let e = p
        .lab
        .error(probe(tcp(11211), obj("web-1"), obj("memc-1#x")));
    assert_eq!(e.code, "InvalidEndpoint.NotFound");
    assert_eq!(e.help.as_deref(), Some("did you mean 'memc-1'?"));
    let e = p
        .lab
        .error(probe(tcp(11211), obj("web-1"), obj("nothing-like-it")));
    assert_eq!(
        e.help.as_deref().map(|h| h.contains("cache cluster")),
        Some(true)
    );
}

#[test]
fn a_replication_group_is_its_primary() {
    let mut p = prod();
    let cache_a = p.cache_a.clone();
    let cache = p.cache.clone();
    let primary = p
        .lab
        .cache_cluster("orders-001", Some(&cache_a), &["10.0.2.30"], &[&cache], &[]);
    p.lab
        .cache_cluster("orders-002", Some(&cache_a), &["10.0.2.31"], &[&cache], &[]);
    let scope = p.lab.scope();
    p.lab.w.services_mut().replication_groups.insert(
        SvcKey::new(&scope, "orders"),
        ReplicationGroup {
            name: "orders".to_string(),
            scope,
            engine: CacheEngine::Redis,
            port: 6379,
            members: vec!["orders-001".to_string(), "orders-002".to_string()],
            seq: 0,
        },
    );
    let t = p.lab.ask(probe(tcp(6379), obj("web-1"), obj("orders")));
    assert!(t.allowed, "{t}");
    assert_eq!(groups_step(deciding(&t)).eni.id, primary[0]);
}

#[test]
fn a_db_cluster_is_its_writer_and_one_without_instances_is_refused() {
    let mut p = prod();
    let (cache_a, cache, vpc) = (p.cache_a.clone(), p.cache.clone(), p.vpc.clone());
    let scope = p.lab.scope();
    p.lab.w.services_mut().db_clusters.insert(
        SvcKey::new(&scope, "orders-db"),
        DbCluster {
            name: "orders-db".to_string(),
            scope: scope.clone(),
            engine: DbEngine::AuroraMysql,
            port: 3306,
            vpc,
            groups: vec![cache.clone()],
            members: Vec::new(),
            seq: 0,
        },
    );
    let e = p
        .lab
        .error(probe(tcp(3306), obj("web-1"), obj("orders-db")));
    assert_eq!(e.code, "InvalidParameterValue");
    assert!(e.message.contains("no DB instance"), "{}", e.message);
    let writer = p
        .lab
        .db_instance("orders-db-1", &cache_a, "10.0.2.40", &[&cache]);
    p.lab
        .db_instance("orders-db-2", &cache_a, "10.0.2.41", &[&cache]);
    if let Some(c) = p
        .lab
        .w
        .services_mut()
        .db_clusters
        .get_mut(&SvcKey::new(&scope, "orders-db"))
    {
        c.members = vec!["orders-db-1".to_string(), "orders-db-2".to_string()];
    }
    p.lab.ingress(&cache, tcp_rule(3306, 3306), sg(&p.app));
    let t = p.lab.ask(probe(tcp(3306), obj("web-1"), obj("orders-db")));
    assert!(t.allowed, "{t}");
    assert_eq!(groups_step(deciding(&t)).eni.id, writer);
    let t = p
        .lab
        .ask(probe(tcp(3306), obj("web-1"), obj("orders-db-2")));
    assert_eq!(to_eni(&t), Some(Addr::Ip(net("10.0.2.41"))));
}

#[test]
fn a_db_instance_has_no_public_address() {
    let mut p = prod();
    let (cache_a, cache) = (p.cache_a.clone(), p.cache.clone());
    p.lab
        .db_instance("reports", &cache_a, "10.0.2.50", &[&cache]);
    p.lab
        .ingress(&cache, tcp_rule(5432, 5432), cidr("0.0.0.0/0"));
    let t = p.lab.ask(probe(tcp(5432), internet(), obj("reports")));
    assert!(!t.allowed);
    assert!(matches!(
        deciding(&t).kind,
        StepKind::NoAddress {
            wanted: Wanted::PublicIpv4,
            ..
        }
    ));
}

/// EC2-Classic: legacy-1 in group legacy, other-1 in group other; cluster sess-1 behind cache
/// security group sessions, which authorizes legacy.
struct Classic {
    lab: Lab,
    node: EniId,
}

fn classic() -> Classic {
    let mut lab = Lab::new();
    let legacy = lab.classic_group("legacy");
    let other = lab.classic_group("other");
    lab.classic("legacy-1", "10.0.0.4", &[&legacy]);
    lab.classic("other-1", "10.0.0.5", &[&other]);
    lab.cache_group("sessions", &[("legacy", DEFAULT_ACCOUNT)]);
    let node = lab.cache_cluster("sess-1", None, &["10.0.0.6"], &[], &["sessions"])[0].clone();
    Classic { lab, node }
}

#[test]
fn an_authorized_classic_group_reaches_the_cluster_on_its_port() {
    let c = classic();
    let t = c.lab.ask(probe(tcp(11211), obj("legacy-1"), obj("sess-1")));
    assert!(t.allowed, "{t}");
    let step = cache_step(deciding(&t));
    assert_eq!(step.eni.id, c.node);
    assert!(step.on_port);
    let by = step
        .allowed_by
        .as_ref()
        .expect("an authorization admits it");
    assert_eq!(
        (by.cache_group.as_str(), by.ec2_group.as_str()),
        ("sessions", "legacy")
    );
    assert_eq!(
        by.verdict,
        RuleVerdict::Match(Why::Member(Addr::Ip(net("10.0.0.4"))))
    );
    // The reply passes the node by connection tracking.
    assert!(matches!(
        reply_groups(&t, Direction::Egress).how,
        GroupsHow::Tracked(_)
    ));
}

#[test]
fn cache_security_groups_open_the_clusters_port_only() {
    let c = classic();
    for packet in [tcp(22), udp(11211), icmp(8, 0)] {
        let t = c.lab.ask(probe(packet, obj("legacy-1"), obj("sess-1")));
        assert!(!t.allowed);
        let step = cache_step(deciding(&t));
        assert!(!step.on_port);
        assert_eq!(deciding(&t).code, Some(Code::EniSgRulesMismatch));
        assert!(
            t.summary().contains("listens on tcp 11211 only"),
            "{}",
            t.summary()
        );
    }
}

#[test]
fn a_source_in_no_authorized_group_is_denied() {
    let c = classic();
    let t = c.lab.ask(probe(tcp(11211), obj("other-1"), obj("sess-1")));
    assert!(!t.allowed);
    let step = cache_step(deciding(&t));
    assert_eq!(
        step.checks[0].verdict,
        RuleVerdict::Miss(Miss::NotMember(Addr::Ip(net("10.0.0.5"))))
    );
    assert!(
        t.to_string().contains("deny what they do not authorize"),
        "{t}"
    );
}

#[test]
fn network_access_is_off_until_something_is_authorized() {
    let mut c = classic();
    let scope = c.lab.scope();
    if let Some(g) = c
        .lab
        .w
        .services_mut()
        .cache_groups
        .get_mut(&SvcKey::new(&scope, "sessions"))
    {
        g.authorized.clear();
    }
    let t = c.lab.ask(probe(tcp(11211), obj("legacy-1"), obj("sess-1")));
    assert!(!t.allowed);
    assert_eq!(cache_step(deciding(&t)).authorized, 0);
    assert!(
        t.summary().contains("network access is off"),
        "{}",
        t.summary()
    );
}

#[test]
fn an_authorization_whose_group_is_gone_matches_nothing() {
    let mut c = classic();
    c.lab
        .cache_group("sessions", &[("retired", DEFAULT_ACCOUNT)]);
    let t = c.lab.ask(probe(tcp(11211), obj("legacy-1"), obj("sess-1")));
    assert!(!t.allowed);
    let step = cache_step(deciding(&t));
    assert_eq!(step.checks[0].group, None);
    assert!(
        t.to_string().contains("has no EC2-Classic group retired"),
        "{t}"
    );
}

#[test]
fn an_instance_in_a_vpc_never_reaches_a_classic_cluster() {
    let mut c = classic();
    let vpc = c.lab.vpc("prod", "10.1.0.0/16", None);
    let sub = c.lab.subnet(&vpc, "a", "10.1.1.0/24", true);
    let g = c.lab.group(&vpc, "g");
    let web = c.lab.launch("web-1", &sub, "10.1.1.10", &[&g]);
    c.lab.public_ip(&web, "54.0.0.10");
    let t = c.lab.ask(probe(tcp(11211), obj("web-1"), obj("sess-1")));
    assert!(!t.allowed);
    assert!(
        matches!(deciding(&t).kind, StepKind::NoAddress { .. }),
        "{t}"
    );
    let t = c.lab.ask(probe(tcp(11211), internet(), obj("sess-1")));
    assert!(!t.allowed);
}
