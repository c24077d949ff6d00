//! `export cli` and `export terraform` (issue 14, scopes 2 and 4): what the files hold, and the
//! round trip through moto and the real AWS CLI.

mod accounts;
mod cli;
mod moto;
mod moto_shim;
mod roundtrip;
mod terraform;
