//! The world's mutation primitives: each adds, removes or changes one object and keeps the index
//! (names, addresses, members, references) in step, journaled for undo.

use super::*;

impl World {
    pub fn add_vpc(&mut self, vpc: Vpc) {
        push_name(&mut self.index.vpc_names, vpc.name.clone(), vpc.id.clone());
        self.vpcs.insert(vpc.id.clone(), vpc);
    }

    pub fn remove_vpc(&mut self, id: &VpcId) -> Option<Vpc> {
        let vpc = self.vpcs.remove(id)?;
        drop_name(&mut self.index.vpc_names, &vpc.name, id);
        Some(vpc)
    }

    pub fn add_subnet(&mut self, subnet: Subnet) {
        push_name(
            &mut self.index.subnet_names,
            subnet.name.clone(),
            subnet.id.clone(),
        );
        self.subnets.insert(subnet.id.clone(), subnet);
    }

    pub fn remove_subnet(&mut self, id: &SubnetId) -> Option<Subnet> {
        let subnet = self.subnets.remove(id)?;
        drop_name(&mut self.index.subnet_names, &subnet.name, id);
        self.index.subnet_cursor.remove(id);
        Some(subnet)
    }

    pub fn add_group(&mut self, group: Group) {
        push_name(
            &mut self.index.group_names,
            group.name.to_lowercase(),
            group.id.clone(),
        );
        if group.vpc.is_some() {
            *self
                .index
                .vpc_groups_per_scope
                .get_or_default(group.scope.clone()) += 1;
        }
        self.index_refs(&group);
        self.groups.insert(group.id.clone(), group);
    }

    pub fn remove_group(&mut self, id: &SgId) -> Option<Group> {
        let group = self.groups.remove(id)?;
        self.unindex_refs(&group);
        drop_name(&mut self.index.group_names, &group.name.to_lowercase(), id);
        if group.vpc.is_some()
            && let Some(n) = self.index.vpc_groups_per_scope.get_mut(&group.scope)
        {
            *n = n.saturating_sub(1);
        }
        self.index.members.remove(id);
        Some(group)
    }

    pub fn add_instance(&mut self, instance: Instance) {
        push_name(
            &mut self.index.instance_names,
            instance.name.clone(),
            instance.id.clone(),
        );
        self.instances.insert(instance.id.clone(), instance);
    }

    /// Removes an instance and its network interfaces.
    pub fn remove_instance(&mut self, id: &InstanceId) -> Option<Instance> {
        let instance = self.instances.remove(id)?;
        drop_name(&mut self.index.instance_names, &instance.name, id);
        for eni in &instance.enis {
            self.remove_eni(eni);
        }
        Some(instance)
    }

    pub fn add_eni(&mut self, eni: Eni) {
        push_name(&mut self.index.eni_names, eni.name.clone(), eni.id.clone());
        let home = self.eni_home(&eni);
        self.index
            .private
            .insert((home.clone(), IpAddr::V4(eni.private_ip)), eni.id.clone());
        if let Some(v6) = eni.ipv6 {
            self.index
                .private
                .insert((home, IpAddr::V6(v6)), eni.id.clone());
            self.index.public.insert(IpAddr::V6(v6), eni.id.clone());
        }
        for public in [eni.public_ip, eni.elastic_ip].into_iter().flatten() {
            self.index.public.insert(IpAddr::V4(public), eni.id.clone());
        }
        for g in &eni.groups {
            let inverse = || -> Inverse<BTreeSet<EniId>> {
                let id = eni.id.clone();
                std::sync::Arc::new(move |set| {
                    set.remove(&id);
                })
            };
            self.index
                .members
                .edit_or_default(g.clone(), inverse)
                .insert(eni.id.clone());
        }
        self.enis.insert(eni.id.clone(), eni);
    }

    pub fn remove_eni(&mut self, id: &EniId) -> Option<Eni> {
        let eni = self.enis.remove(id)?;
        drop_name(&mut self.index.eni_names, &eni.name, id);
        let home = self.eni_home(&eni);
        self.index
            .private
            .remove(&(home.clone(), IpAddr::V4(eni.private_ip)));
        if let Some(v6) = eni.ipv6 {
            self.index.private.remove(&(home, IpAddr::V6(v6)));
            self.index.public.remove(&IpAddr::V6(v6));
        }
        for public in [eni.public_ip, eni.elastic_ip].into_iter().flatten() {
            self.index.public.remove(&IpAddr::V4(public));
        }
        if let Some(subnet) = &eni.subnet {
            // The freed address may now be the lowest free one.
            let cursor = self.index.subnet_cursor.get_or_default(subnet.clone());
            *cursor = (*cursor).min(u32::from(eni.private_ip));
        }
        for g in &eni.groups {
            let inverse = || -> Inverse<BTreeSet<EniId>> {
                let back = id.clone();
                std::sync::Arc::new(move |set| {
                    set.insert(back.clone());
                })
            };
            if let Some(set) = self.index.members.edit(g, inverse) {
                set.remove(id);
            }
        }
        Some(eni)
    }

    /// Replaces an interface's groups.
    pub fn set_eni_groups(&mut self, id: &EniId, groups: Vec<SgId>) {
        if let Some(mut eni) = self.remove_eni(id) {
            eni.groups = groups;
            self.add_eni(eni);
        }
    }

    /// Sets an interface's launch public address (`None` releases it).
    pub fn set_public_ip(&mut self, id: &EniId, public: Option<Ipv4Addr>) {
        if let Some(mut eni) = self.remove_eni(id) {
            eni.public_ip = public;
            self.add_eni(eni);
        }
    }

    /// Associates an Elastic IP with an interface; AWS releases the launch public address.
    pub fn set_elastic_ip(&mut self, id: &EniId, eip: Ipv4Addr) {
        if let Some(mut eni) = self.remove_eni(id) {
            eni.elastic_ip = Some(eip);
            eni.public_ip = None;
            self.add_eni(eni);
        }
    }
}
