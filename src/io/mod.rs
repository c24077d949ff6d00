//! Files (being written).
