/// mimalloc instead of the system allocator: postlint makes many small, short-lived
/// allocations per document (model vectors, words, front-matter values) on several
/// threads, which glibc's malloc serves slowly (see README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = postlint::cli::run();
    postlint::timings::report();
    std::process::exit(code);
}
