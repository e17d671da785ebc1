//! Links the app's wasm with relocations kept, which the build's split step
//! (`scripts/split-wasm.mjs`) needs to cut the pages of `src/pages/on_demand.rs` into modules
//! of their own. Only the app binary, only for wasm: the hashing worker, native tests and the
//! in-browser tests link as before.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-bin=glance-portal=--emit-relocs");
    }
}
