//! The two legs of a decision: the request (the source's egress groups, its subnet's network
//! ACL out, the route, the far ACL in, the destination's ingress groups) and the reply that
//! connection tracking or the rules let back, each gate recorded as a step.

use super::*;

impl<'w, 'q> Run<'w, 'q> {
    /// The request leg. Returns, when the request passes, what each end's groups opened (`None`
    /// for an outside host, which has no groups).
    pub(super) fn request_leg(
        &mut self,
        src: &Side<'w>,
        dst: &Side<'w>,
        path: &Path<'w>,
    ) -> Option<(Opened<'w>, Opened<'w>)> {
        let (world, q, full) = (self.world, self.q, self.full);
        let to_outside = matches!(dst, Side::Outside(_));
        let mut src_eval = None;
        if let Side::Node(s) = src {
            if s.is_classic() {
                let eval = Eval::default();
                let number = self.rec.record(Leg::Request, true, None, to_outside, || {
                    groups::step(
                        world,
                        s.eni,
                        Direction::Egress,
                        GroupsHow::ClassicEgress,
                        &eval,
                    )
                });
                src_eval = Some((eval, number));
            } else if let Some(conn) = self.conn {
                let (egress, far) = (Direction::Egress, &path.src_sees);
                if !self.flow_groups(conn, s, egress, q.packet, far, to_outside) {
                    return None;
                }
            } else {
                let eval = groups::evaluate(
                    world,
                    s.eni,
                    Direction::Egress,
                    q.packet,
                    q.family,
                    &path.src_sees,
                    full,
                );
                let ok = eval.allowed();
                let number = self
                    .rec
                    .record(Leg::Request, ok, mismatch(ok), to_outside, || {
                        groups::step(world, s.eni, Direction::Egress, GroupsHow::Rules, &eval)
                    });
                if !ok {
                    return None;
                }
                src_eval = Some((eval, number));
            }
        }
        if path.leaves_src_subnet
            && !self.acl(
                src,
                Leg::Request,
                AclDirection::Outbound,
                q.packet,
                path.sent.dst,
            )
        {
            return None;
        }
        let ok = path.problem.is_none();
        let code = path.problem.and_then(|p| p.code());
        self.rec.record(Leg::Request, ok, code, false, || {
            StepKind::Route(path.step(src, dst, false))
        });
        if !ok {
            return None;
        }
        if path.enters_dst_subnet
            && !self.acl(
                dst,
                Leg::Request,
                AclDirection::Inbound,
                q.packet,
                path.arrived.src,
            )
        {
            return None;
        }
        let mut dst_eval = None;
        if let (Side::Node(d), Some(conn)) = (dst, self.conn) {
            let (ingress, far) = (Direction::Ingress, &path.dst_sees);
            if !self.flow_groups(conn, d, ingress, q.packet, far, true) {
                return None;
            }
        } else if let Side::Node(d) = dst {
            if let Some(cluster) = world.classic_cache_cluster(d.eni) {
                let (packet, far) = (q.packet, &path.dst_sees);
                let number = self.cache_groups(d, cluster, packet, far, Leg::Request, true)?;
                return Some((src_eval, Some((Eval::default(), number))));
            }
            let eval = groups::evaluate(
                world,
                d.eni,
                Direction::Ingress,
                q.packet,
                q.family,
                &path.dst_sees,
                full,
            );
            let ok = eval.allowed();
            let number = self.rec.record(Leg::Request, ok, mismatch(ok), true, || {
                groups::step(world, d.eni, Direction::Ingress, GroupsHow::Rules, &eval)
            });
            if !ok {
                return None;
            }
            dst_eval = Some((eval, number));
        }
        Some((src_eval, dst_eval))
    }

    pub(super) fn reply_leg(
        &mut self,
        src: &Side<'w>,
        dst: &Side<'w>,
        path: &Path<'w>,
        reply: Packet,
        src_eval: Opened<'w>,
        dst_eval: Opened<'w>,
    ) {
        let reply_sent = path.arrived.answered_by(reply);
        let reply_arrived = path.sent.answered_by(reply);
        // A flow's reply alone: its last groups step decides an allow.
        let src_outside = matches!(src, Side::Outside(_));
        if let (Side::Node(d), Some(conn)) = (dst, self.conn) {
            let (egress, far) = (Direction::Egress, &path.dst_sees);
            if !self.flow_groups(conn, d, egress, reply, far, src_outside) {
                return;
            }
        } else if let (Side::Node(d), Some(eval)) = (dst, &dst_eval) {
            let request = path.arrived;
            if !self.reply_groups(d, Direction::Egress, reply, eval, request, &path.dst_sees) {
                return;
            }
        }
        if path.enters_dst_subnet
            && !self.acl(
                dst,
                Leg::Reply,
                AclDirection::Outbound,
                reply,
                reply_sent.dst,
            )
        {
            return;
        }
        // A probe's reply only gets here when the request's route was sound; a flow's reply
        // meets the route as it is now.
        let ok = path.problem.is_none();
        let code = path.problem.and_then(|p| p.code());
        self.rec.record(Leg::Reply, ok, code, false, || {
            StepKind::Route(path.step(src, dst, true))
        });
        if !ok {
            return;
        }
        if path.leaves_src_subnet
            && !self.acl(
                src,
                Leg::Reply,
                AclDirection::Inbound,
                reply,
                reply_arrived.src,
            )
        {
            return;
        }
        if let (Side::Node(s), Some(conn)) = (src, self.conn) {
            let (ingress, far) = (Direction::Ingress, &path.src_sees);
            self.flow_groups(conn, s, ingress, reply, far, true);
        } else if let (Side::Node(s), Some(eval)) = (src, &src_eval) {
            self.reply_groups(
                s,
                Direction::Ingress,
                reply,
                eval,
                path.sent,
                &path.src_sees,
            );
        }
    }

    /// A reply at one interface's groups: by connection tracking, or by the rules when the flow
    /// is untracked there. `request` is the request as this interface saw it.
    fn reply_groups(
        &mut self,
        node: &Node<'w>,
        direction: Direction,
        reply: Packet,
        (request_eval, opened_at): &(Eval<'w>, usize),
        request: Wire,
        far: &Far<'w>,
    ) -> bool {
        let (world, q) = (self.world, self.q);
        let request_dir = match direction {
            Direction::Egress => Direction::Ingress,
            Direction::Ingress => Direction::Egress,
        };
        let tracking = conntrack::tracking(
            world,
            node.eni,
            request_dir,
            q.packet,
            q.family,
            request_eval,
        );
        self.tracks.push(EndTrack {
            role: match direction {
                Direction::Egress => Role::Destination,
                Direction::Ingress => Role::Source,
            },
            eni: node.label(),
            track: tracking.owned(),
        });
        match tracking {
            Tracking::Tracked(_) => {
                self.rec.record(Leg::Reply, true, None, false, || {
                    let how = conntrack::tracked(node.eni, request, *opened_at);
                    groups::step(world, node.eni, direction, how, &Eval::default())
                });
                true
            }
            Tracking::Untracked { request, other } => {
                let eval =
                    groups::evaluate(world, node.eni, direction, reply, q.family, far, self.full);
                let ok = eval.allowed();
                self.rec.record(Leg::Reply, ok, mismatch(ok), false, || {
                    let how = conntrack::untracked(request, other);
                    groups::step(world, node.eni, direction, how, &eval)
                });
                ok
            }
        }
    }

    /// A subnet's network ACL, when the side is an interface in a subnet. Returns whether the
    /// packet passes.
    fn acl(
        &mut self,
        side: &Side<'w>,
        leg: Leg,
        direction: AclDirection,
        packet: Packet,
        far: Addr,
    ) -> bool {
        let Side::Node(Node {
            subnet: Some(subnet),
            ..
        }) = side
        else {
            return true;
        };
        let Some(acl) = nacl::acl_of(self.world, subnet) else {
            return true;
        };
        let eval = nacl::evaluate(acl, direction, packet, self.q.family, far, self.full);
        let ok = eval.allowed();
        self.rec.record(leg, ok, acl_restriction(ok), false, || {
            nacl::step(acl, subnet, direction, eval)
        });
        ok
    }
}
