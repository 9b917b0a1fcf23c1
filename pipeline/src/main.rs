//! The `ipdc` binary: tune the allocator, parse arguments, set up logging, call the library.

use clap::Parser;
use ipdc_pipeline::commands::{Cli, LogFormat, run};
use tracing_subscriber::EnvFilter;

/// Large buffers (a document's text, Arrow arrays, compressed pages) are allocated and freed all
/// the time; glibc's default lets its mmap threshold climb to 32 MiB, after which such buffers
/// come from the heap and fragment it, and resident memory grows with the input (measured: 364
/// MiB at 4 GB). A fixed 256 KiB threshold hands them back to the system when freed: 247–251 MiB
/// at 4 GB, for about 10% of one-core speed (mmap/munmap of those buffers). glibc's own
/// `MALLOC_MMAP_THRESHOLD_` / `MALLOC_TRIM_THRESHOLD_`, when set, win. (mimalloc was measured
/// too: 16% faster on two cores but 430–470 MiB at 4 GB, and slower than this once told to
/// return memory at once.)
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[expect(unsafe_code, reason = "mallopt is an FFI call; it only sets allocator parameters")]
fn tune_allocator() {
    const THRESHOLD: libc::c_int = 256 << 10;
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_some() || std::env::var_os("MALLOC_TRIM_THRESHOLD_").is_some() {
        return;
    }
    // SAFETY: mallopt only sets allocator parameters; called once before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}

fn main() {
    tune_allocator();
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
