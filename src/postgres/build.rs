//! Marks this compilation of the source as the PostgreSQL one, and compiles the
//! API tests against PostgreSQL only where a test server is named; rebuilds
//! when a migration is added.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(postgres)");
    println!("cargo::rustc-check-cfg=cfg(pg_tests)");
    println!("cargo::rustc-cfg=postgres");
    println!("cargo::rerun-if-env-changed=REACTIES_TEST_POSTGRES");
    // `sqlx::migrate!` embeds these at compile time; a new one must rebuild.
    println!("cargo::rerun-if-changed=../../migrations/postgres");
    if std::env::var_os("REACTIES_TEST_POSTGRES").is_some_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=pg_tests");
    }
}
