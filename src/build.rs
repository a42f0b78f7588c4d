//! `sqlx::migrate!` embeds the migrations folder at compile time, but cargo
//! does not know that: without this, a new migration file would not rebuild
//! the binary, which would then start without it.
fn main() {
    println!("cargo::rerun-if-changed=migrations");
}
