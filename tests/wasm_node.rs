//! The JavaScript API under node (`cargo test --target wasm32-unknown-unknown --test wasm_node`).
#![cfg(target_arch = "wasm32")]

#[path = "wasm/common.rs"]
mod common;
