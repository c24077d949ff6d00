use std::process::ExitCode;

fn main() -> ExitCode {
    sgs::cli::main()
}
