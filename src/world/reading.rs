//! Reading the world through its indexes: interfaces by address, members of a group, the
//! subnets and groups of a VPC, free addresses.

use super::*;

impl World {
    /// The interface that has this private address in this network.
    pub fn eni_by_private(&self, home: &NetHome, addr: IpAddr) -> Option<&Eni> {
        self.index
            .private
            .get(&(home.clone(), addr))
            .and_then(|id| self.enis.get(id))
    }

    /// The interface that has this public address (IPv4 public or Elastic IP, or IPv6).
    pub fn eni_by_public(&self, addr: IpAddr) -> Option<&Eni> {
        self.index
            .public
            .get(&addr)
            .and_then(|id| self.enis.get(id))
    }

    /// The interfaces a group is attached to.
    pub fn members(&self, group: &SgId) -> impl Iterator<Item = &Eni> {
        self.index
            .members
            .get(group)
            .into_iter()
            .flatten()
            .filter_map(|id| self.enis.get(id))
    }

    /// Whether any interface uses the group.
    pub fn group_in_use(&self, group: &SgId) -> bool {
        self.index.members.get(group).is_some_and(|s| !s.is_empty())
    }

    /// The subnets of a VPC, in creation order.
    pub fn subnets_of(&self, vpc: &VpcId) -> Vec<&Subnet> {
        let mut list: Vec<&Subnet> = self.subnets.values().filter(|s| &s.vpc == vpc).collect();
        list.sort_by_key(|s| s.seq);
        list
    }

    /// The groups of a VPC, in creation order.
    pub fn groups_of(&self, vpc: &VpcId) -> Vec<&Group> {
        let mut list: Vec<&Group> = self
            .groups
            .values()
            .filter(|g| g.vpc.as_ref() == Some(vpc))
            .collect();
        list.sort_by_key(|g| g.seq);
        list
    }

    /// The current scope's default VPC.
    pub fn default_vpc(&self) -> Option<&Vpc> {
        self.vpc_names_in_scope("default", &self.scope)
            .find(|v| v.is_default)
    }

    fn vpc_names_in_scope<'a>(
        &'a self,
        name: &str,
        scope: &'a Scope,
    ) -> impl Iterator<Item = &'a Vpc> {
        self.index
            .vpc_names
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|id| self.vpcs.get(id))
            .filter(move |v| &v.scope == scope)
    }

    /// The interfaces of an instance that are in a subnet, for display.
    pub fn enis_of(&self, instance: &Instance) -> Vec<&Eni> {
        instance
            .enis
            .iter()
            .filter_map(|e| self.enis.get(e))
            .collect()
    }

    /// The private IPv4 addresses in use in a subnet.
    pub fn address_in_use(&self, vpc: &VpcId, addr: Ipv4Addr) -> bool {
        self.index
            .private
            .contains_key(&(NetHome::Vpc(vpc.clone()), IpAddr::V4(addr)))
    }

    /// The lowest free usable address of a subnet (the first of [`World::free_addresses`]),
    /// taken: the subnet's cursor moves to it.
    pub fn next_free_address(&mut self, subnet: &SubnetId) -> Option<Ipv4Addr> {
        let addr = *self.free_addresses(subnet, 1).first()?;
        self.index
            .subnet_cursor
            .insert(subnet.clone(), u32::from(addr));
        Some(addr)
    }

    /// The next unused address of the public pool.
    pub fn next_public_address(&mut self) -> Option<Ipv4Addr> {
        let base = u32::from(PUBLIC_POOL.network());
        let size = 1u32 << (32 - PUBLIC_POOL.prefix_len());
        let mut offset = self.public_next.max(1);
        while offset < size - 1 {
            let addr = Ipv4Addr::from(base + offset);
            offset += 1;
            if !self.index.public.contains_key(&IpAddr::V4(addr)) {
                self.public_next = offset;
                return Some(addr);
            }
        }
        None
    }
}
