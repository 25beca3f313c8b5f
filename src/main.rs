use std::process::ExitCode;

fn main() -> ExitCode {
    reflect::cli::main()
}
