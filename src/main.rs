use std::process::ExitCode;

/// mimalloc: a session makes and drops many small values (parsed commands, rules, replies);
/// glibc's malloc and free were about a quarter of the instructions of building a world.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    sgs::cli::main()
}
