//! The `ipdc` binary: choose the allocator, parse arguments, set up logging, call the library.

use clap::Parser;
use ipdc_pipeline::commands::{Cli, LogFormat, run};
use tracing_subscriber::EnvFilter;

/// The allocator: jemalloc, with one arena and dirty pages handed back within a second.
///
/// Large buffers (a document's text, Arrow arrays, Parquet pages) are allocated and freed all
/// the time. glibc either fragmented its heap (peak RSS grew with the input: 364 MiB at 4 GB)
/// or, with its mmap threshold fixed at 256 KiB, mapped and unmapped every such buffer, so the
/// kernel faulted and zeroed fresh pages and, on two cores, shot down the other core's TLB at
/// each unmap. jemalloc reuses the pages instead: measured on the 2-core VM against glibc at 256
/// KiB, interleaved runs, 100 MB one core median 820 -> 725 ms, two cores 466 -> 408 ms; 4 GB
/// one core 28.3 -> 25.0 s. One arena (`narenas:1`) instead of eight kept the 4 GB peak at
/// 197-207 MiB where eight reached 223-235 MiB, at the same speed; the one-second decay returns
/// pages a burst left behind. `_RJEM_MALLOC_CONF` in the environment overrides this. (mimalloc
/// was measured too: 16% faster on two cores but 430-470 MiB at 4 GB.)
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc reads its options from this C string (`const char *malloc_conf`) at start-up.
#[cfg(not(target_env = "msvc"))]
#[expect(unsafe_code, reason = "exporting the symbol jemalloc reads its compiled-in options from")]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_OPTIONS: &u8 = &b"narenas:1,dirty_decay_ms:1000,muzzy_decay_ms:0\0"[0];

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build();
    match runtime {
        Ok(rt) => rt.block_on(run_cli()),
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    }
}

async fn run_cli() {
    let cli = Cli::parse();
    let filter = EnvFilter::try_new(cli.log_filter()).unwrap_or_else(|_| EnvFilter::new("warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Human => builder.init(),
    }
    let code = match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    };
    std::process::exit(code);
}
