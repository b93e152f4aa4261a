//! Builds the test-only C shim (csrc/samba_shim.c) that drives Samba's NDR
//! marshallers for the MS-CMRP PROPERTY_LIST (`tests/src/samba.rs`).
//!
//! Needs Debian's `samba-libs`, `samba-dev` and `libtalloc-dev` (plus a C
//! compiler). Missing pieces fail the build with a message naming them: the
//! Samba interoperability suite never skips itself.
//!
//! Overrides: `CLUSPROP_SAMBA_LIBDIR` (folder holding `libndr-samba4.so.0`),
//! `CLUSPROP_SAMBA_INCLUDE` (folder holding `ndr.h`).

use std::env;
use std::path::{Path, PathBuf};

const PACKAGES: &str = "samba-libs samba-dev libtalloc-dev";
const NDR_SAMBA4: &str = "libndr-samba4.so.0";

fn fail(what: &str) -> ! {
    panic!(
        "\n\nclusprop-tests: the Samba interoperability shim cannot be built: {what}.\n\
         Install the Debian packages it needs:\n\n    \
         apt-get install -y --no-install-recommends {PACKAGES}\n\n\
         (or point CLUSPROP_SAMBA_LIBDIR / CLUSPROP_SAMBA_INCLUDE at a Samba build).\n"
    );
}

/// Debian multiarch tuple for the target being built.
fn multiarch() -> Option<String> {
    let arch = env::var("CARGO_CFG_TARGET_ARCH").ok()?;
    let endian = env::var("CARGO_CFG_TARGET_ENDIAN").unwrap_or_default();
    let abi = env::var("CARGO_CFG_TARGET_ABI").unwrap_or_default();
    let tuple = match arch.as_str() {
        "x86_64" => "x86_64-linux-gnu",
        "x86" => "i386-linux-gnu",
        "aarch64" => "aarch64-linux-gnu",
        "arm" if abi.contains("hf") => "arm-linux-gnueabihf",
        "arm" => "arm-linux-gnueabi",
        "riscv64" => "riscv64-linux-gnu",
        "powerpc64" if endian == "little" => "powerpc64le-linux-gnu",
        "s390x" => "s390x-linux-gnu",
        "loongarch64" => "loongarch64-linux-gnu",
        _ => return None,
    };
    Some(tuple.to_owned())
}

fn samba_libdir() -> PathBuf {
    println!("cargo:rerun-if-env-changed=CLUSPROP_SAMBA_LIBDIR");
    if let Some(dir) = env::var_os("CLUSPROP_SAMBA_LIBDIR") {
        let dir = PathBuf::from(dir);
        if !dir.join(NDR_SAMBA4).is_file() {
            fail(&format!(
                "CLUSPROP_SAMBA_LIBDIR={} holds no {NDR_SAMBA4}",
                dir.display()
            ));
        }
        return dir;
    }
    let mut candidates = Vec::new();
    if let Some(tuple) = multiarch() {
        candidates.push(PathBuf::from(format!("/usr/lib/{tuple}/samba")));
    }
    candidates.push(PathBuf::from("/usr/lib64/samba"));
    candidates.push(PathBuf::from("/usr/lib/samba"));
    for dir in &candidates {
        if dir.join(NDR_SAMBA4).is_file() {
            return dir.clone();
        }
    }
    let looked: Vec<String> = candidates
        .iter()
        .map(|d| d.join(NDR_SAMBA4).display().to_string())
        .collect();
    fail(&format!(
        "{NDR_SAMBA4} (package samba-libs) not found; looked at {}",
        looked.join(", ")
    ));
}

fn samba_include() -> PathBuf {
    println!("cargo:rerun-if-env-changed=CLUSPROP_SAMBA_INCLUDE");
    let dir = env::var_os("CLUSPROP_SAMBA_INCLUDE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/include/samba-4.0"));
    if !dir.join("ndr.h").is_file() {
        fail(&format!(
            "{} not found (package samba-dev)",
            dir.join("ndr.h").display()
        ));
    }
    dir
}

fn require_dev_link(name: &str, package: &str, dirs: &[PathBuf]) {
    if !dirs.iter().any(|d| d.join(name).exists()) {
        fail(&format!("{name} not found (package {package})"));
    }
}

fn main() {
    println!("cargo:rerun-if-changed=csrc/samba_shim.c");
    println!("cargo:rerun-if-changed=build.rs");

    println!("cargo::rustc-check-cfg=cfg(clusprop_no_samba)");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("linux") {
        // Samba's library is a Linux (Debian) build: on other targets (the
        // Windows build run under Wine) the crate's other tests build
        // without the shim, and the interop suite is compiled out.
        println!("cargo:rustc-cfg=clusprop_no_samba");
        return;
    }

    let libdir = samba_libdir();
    let include = samba_include();

    // Unversioned link names of libndr / libtalloc come with the -dev packages.
    let mut std_dirs = Vec::new();
    if let Some(tuple) = multiarch() {
        std_dirs.push(PathBuf::from(format!("/usr/lib/{tuple}")));
    }
    std_dirs.push(PathBuf::from("/usr/lib64"));
    std_dirs.push(PathBuf::from("/usr/lib"));
    if let Some(parent) = libdir.parent() {
        std_dirs.push(parent.to_path_buf());
    }
    require_dev_link("libndr.so", "samba-dev", &std_dirs);
    require_dev_link("libtalloc.so", "libtalloc-dev", &std_dirs);
    let talloc_h = Path::new("/usr/include/talloc.h");
    if !talloc_h.is_file() && !include.join("talloc.h").is_file() {
        fail("talloc.h not found (package libtalloc-dev)");
    }

    let lib_path = libdir.join(NDR_SAMBA4);
    let lib_path_str = lib_path
        .to_str()
        .unwrap_or_else(|| fail("the Samba library path is not UTF-8"));
    let define = format!(
        "\"{}\"",
        lib_path_str.replace('\\', "\\\\").replace('"', "\\\"")
    );

    cc::Build::new()
        .file("csrc/samba_shim.c")
        .include(&include)
        .define("_GNU_SOURCE", "1")
        .define("HAVE_IMMEDIATE_STRUCTURES", "1")
        .define("SHIM_NDR_SAMBA4_PATH", define.as_str())
        .warnings(true)
        .extra_warnings(true)
        .compile("clusprop_samba_shim");

    // libndr and libtalloc are public libraries in the standard folder; the
    // clusapi marshallers themselves are dlopen()ed by absolute path (see the
    // shim), so neither this package nor dependants need an rpath.
    println!("cargo:rustc-link-lib=dylib=ndr");
    println!("cargo:rustc-link-lib=dylib=talloc");
    println!("cargo:rustc-link-lib=dylib=dl");
    println!("cargo:rustc-link-lib=dylib=pthread");
    println!("cargo:rustc-env=CLUSPROP_SAMBA_NDR_LIBRARY={lib_path_str}");
}
