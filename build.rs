//! Links the `sgs` binary as a position-dependent executable on Linux: its start then applies
//! none of the ten thousand relocations a position-independent one needs, and copies none of the
//! pages they would write. Nothing else is built here.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
