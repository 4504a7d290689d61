fn main() {
    let code = postlint::cli::run();
    postlint::timings::report();
    std::process::exit(code);
}
