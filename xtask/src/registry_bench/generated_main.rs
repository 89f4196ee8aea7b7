// Written after the `mod` lines of the generated crate's main.rs by
// xtask/src/registry_bench/generate.rs (`cargo xtask registry-bench`): not a module of xtask.

use std::hint::black_box;
use std::time::Instant;

use cookie_registry::Registry;

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

unsafe extern "C" {
    fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
}

/// The process's CPU time so far, in nanoseconds: `CLOCK_PROCESS_CPUTIME_ID`, exact to the call
/// (`/proc/self/schedstat` lags by up to a scheduler tick). Time spent waiting for the CPU,
/// which other tenants of a shared machine cause, is not counted.
fn cpu_ns() -> u64 {
    const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
    let mut time = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec (two 64-bit fields on x86_64 and aarch64 Linux)
    // to the pointer it is given, which points to one.
    let status = unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut time) };
    assert_eq!(status, 0, "clock_gettime");
    time.tv_sec as u64 * 1_000_000_000 + time.tv_nsec as u64
}

/// Minor page faults of the process so far (field 10 of `/proc/self/stat`).
fn minor_faults() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name, in parentheses, may hold spaces: count fields after it.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    after.split_whitespace().nth(7).and_then(|f| f.parse().ok()).unwrap_or(0)
}

/// Peak resident set size, in kB (`VmHWM` of `/proc/self/status`).
fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    let pre_main_cpu_ns = cpu_ns();
    let pre_main_faults = minor_faults();

    let cpu_start = cpu_ns();
    let start = Instant::now();
    let registry = Registry::global().expect("declarations are linked");
    let first = start.elapsed();
    let first_cpu_ns = cpu_ns() - cpu_start;
    let first_faults = minor_faults() - pre_main_faults;

    let start = Instant::now();
    let again = black_box(Registry::global()).expect("cached");
    let second = start.elapsed();
    assert!(std::ptr::eq(registry, again));

    let start = Instant::now();
    let mut sum = 0usize;
    for declaration in black_box(registry).iter() {
        // The name's text: a family's without its `*`.
        sum += declaration.name().stem().len() + declaration.provider().name().len() + usize::from(declaration.requires_consent());
    }
    black_box(sum);
    let iterate = start.elapsed();

    let start = Instant::now();
    let mut found = 0usize;
    for name in names::NAMES {
        found += usize::from(registry.find(black_box(name)).is_some());
    }
    let find = start.elapsed();

    assert_eq!(registry.len(), names::NAMES.len(), "every declaration collected");
    assert_eq!(found, names::NAMES.len(), "every name found");
    assert!(registry.validate().is_ok(), "no conflict");
    println!(
        "backend={} declarations={} pre_main_cpu_us={:.1} pre_main_faults={pre_main_faults} first_us={:.1} first_cpu_us={:.1} first_faults={first_faults} second_ns={} iterate_us={:.1} find_us={:.1} vm_hwm_kb={} checksum={sum}",
        Registry::BACKEND,
        registry.len(),
        pre_main_cpu_ns as f64 / 1e3,
        first.as_secs_f64() * 1e6,
        first_cpu_ns as f64 / 1e3,
        second.as_nanos(),
        iterate.as_secs_f64() * 1e6,
        find.as_secs_f64() * 1e6,
        vm_hwm_kb(),
    );
}
