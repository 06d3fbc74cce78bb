//! The `vanban` binary: the command line lives in the library (`vanban::cli`).
fn main() -> std::process::ExitCode {
    vanban::cli::main()
}
