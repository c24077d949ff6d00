//! Endpoints as findings name them, and as witness lines write them: an instance by its name, a
//! cache node as `cluster#k`, a DB instance by its name, any other interface by its name; in a
//! witness, the interface's id wherever the name would not resolve to this very interface.

use crate::dataplane::End;
use crate::vocab::{Endpoint, Ref, Span, Spanned};
use crate::world::World;
use crate::world::instance::Eni;
use crate::world::service::EniOwner;

/// The endpoint's name.
pub fn name(world: &World, eni: &Eni) -> String {
    match &eni.owner {
        Some(EniOwner::CacheNode { cluster, node }) => return format!("{cluster}#{node}"),
        Some(EniOwner::DbInstance { name }) => return name.clone(),
        None => {}
    }
    let instance = eni.instance.as_ref().and_then(|i| world.instances.get(i));
    match instance {
        Some(i) if eni.device_index == 0 => i.name.clone(),
        _ => eni.name.clone(),
    }
}

/// How a witness line writes the endpoint: its name when the name is one word that resolves to
/// this interface, else its id.
pub fn written(world: &World, eni: &Eni) -> String {
    let name = name(world, eni);
    let word = |c: char| c.is_ascii_alphanumeric() || "-_.#".contains(c);
    if !name.is_empty() && name.chars().all(word) {
        let end = Spanned::new(
            Endpoint::Object(Ref {
                qualifier: None,
                name: name.clone(),
                span: Span::default(),
            }),
            Span::default(),
        );
        if let Ok(crate::query::endpoint::Resolved {
            end: End::Eni { id, .. },
            ..
        }) = crate::query::endpoint::resolve(world, &end)
            && id == eni.id
        {
            return name;
        }
    }
    eni.id.to_string()
}
