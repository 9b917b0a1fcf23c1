//! The `ipdc` command line: argument definitions and one function per command.

mod demo;
mod feeds;
mod ingest;
mod inspect;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{Config, Overrides};
use crate::error::Result;

/// ipdc: the ingestion and exchange pipeline of an intellectual-property data center.
///
/// Reads patents (USPTO Red Book v4.0–v4.7, PATDOC v2.5, PAP v1.5–1.6 and APS Green Book; CNIPA;
/// EPO DOCDB exchange v2.x with create/amend/delete, EP full text and FTM, EPO OPS biblio,
/// family and legal status; WIPO ST.96; JPO gazette), trademarks (USPTO daily XML and TSDR,
/// WIPO ST.96 and ST.66, EUIPO, DPMA), designs (EUIPO, WIPO ST.96 and ST.86), geographical
/// indications (WIPO ST.96) and the exchange files ministries and CNIPA send (trademarks, GIs,
/// IC layout-designs, patent legal status: CSV / JSON Lines against published exchange
/// schemas), plus the Nice, IPC, CPC and ST.3 reference tables; normalises every record
/// against published, versioned schemas and writes Delta Lake tables under a data root.
/// `ipdc demo` shows it all on the bundled real samples.
/// Exit codes: 0 success, 2 finished with quarantined records, 1 failure.
#[derive(Debug, Parser)]
#[command(name = "ipdc", version, propagate_version = true)]
pub struct Cli {
    /// Configuration file. Default: ./ipdc.toml when it exists, else built-in defaults.
    #[arg(long, global = true, env = "IPDC_CONFIG")]
    pub config: Option<PathBuf>,
    /// Data root: a folder or `s3://bucket/prefix` (S3 options from `[storage]` and the AWS_*
    /// environment variables); overrides `root` in the configuration.
    #[arg(long, global = true, env = "IPDC_ROOT")]
    pub root: Option<String>,
    /// Local folder of the state database and locks; overrides `state_dir` in the configuration.
    /// Default: `<root>/state`, or `./ipdc-state` when the root is on S3.
    #[arg(long, global = true, env = "IPDC_STATE_DIR")]
    pub state_dir: Option<PathBuf>,
    /// Log output: human-readable lines or JSON objects.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Human)]
    pub log_format: LogFormat,
    /// Log filter (tracing env-filter syntax), e.g. `info` or `ipdc_pipeline=debug`. Default:
    /// `info` for `serve` (a service logs each run), `warn` for the other commands (they print
    /// progress and a summary).
    #[arg(long, global = true, env = "IPDC_LOG")]
    pub log: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The log filter asked for, or the command's default.
    pub fn log_filter(&self) -> String {
        let quiet = "buoyant_kernel::snapshot::builder=off";
        match (&self.log, &self.command) {
            (Some(filter), _) => filter.clone(),
            (None, Command::Serve { .. }) => format!("info,{quiet}"),
            (None, _) => format!("warn,{quiet}"),
        }
    }
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Human,
    /// One JSON object per event.
    Json,
}

/// Query output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// A text table.
    Table,
    /// CSV with a header row.
    Csv,
    /// JSON Lines.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented ipdc.toml into DIR (default: the current folder) and create its data root.
    Init {
        /// Folder to initialise.
        dir: Option<PathBuf>,
    },
    /// Ingest files into the lake: land, parse, normalise, write, commit exactly once.
    Ingest {
        /// Source name from the configuration, or a connector name to ingest without
        /// configuration (uspto_patents, cnipa_patents, epo_docdb, epo_fulltext, epo_ops,
        /// jpo_patents, cnipa_legal_status, uspto_trademarks, euipo_trademarks, euipo_designs,
        /// dpma_registers, wipo_st96, cnipa_trademarks, cnipa_geographical_indications, cnipa_ic_layout,
        /// wipo_st3_codes, wipo_nice, wipo_ipc_titles, cpc_scheme, patent_xml, xml). Default: xml
        /// (any XML ipdc reads, format detected per document).
        source: Option<String>,
        /// Files or folders to ingest (repeatable); default: the source's configured paths.
        #[arg(long = "path", short = 'p')]
        paths: Vec<PathBuf>,
        /// Read the bibliography and abstract of patents only: claims and descriptions are
        /// stepped over unparsed and no patent_fulltext rows are written (the source's
        /// `fulltext = false`). Other documents are read whole.
        #[arg(long)]
        no_fulltext: bool,
    },
    /// List recent runs, or show one with its artifacts.
    Runs {
        /// `show <RUN_ID>` to show one run.
        #[command(subcommand)]
        action: Option<RunsAction>,
        /// How many runs to list.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Read quarantined records and artifacts.
    Quarantine {
        /// `list` or `show`.
        #[command(subcommand)]
        action: QuarantineAction,
    },
    /// Run SQL over the lake tables, each registered under its dataset name (patent_publication,
    /// patent_fulltext, patent_legal_event, trademark, design_registration,
    /// geographical_indication, ic_layout_design, the reference tables, quarantine).
    Query {
        /// The SQL statement.
        sql: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
    },
    /// Published schema files: datasets and exchange files (CSV / JSON Lines senders check against).
    Schemas {
        /// `export <DIR>`.
        #[command(subcommand)]
        action: SchemasAction,
    },
    /// Pull a configured source now: list its origin (`from`), fetch what is new since its
    /// cursor, land, verify and ingest it.
    Fetch {
        /// Source name (a `[sources.<name>]` with `from`).
        source: String,
    },
    /// Pull a source's history: like `fetch`, for files dated in a window (dates from the
    /// listing, else from the file names), whatever the configured since/until.
    Backfill {
        /// Source name.
        source: String,
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        from: NaiveDate,
        /// Last day (YYYY-MM-DD), inclusive.
        #[arg(long)]
        to: NaiveDate,
    },
    /// Show each source: origin, schedule, last run, next run, cursor, lag and last error.
    Status,
    /// Run the scheduler (sources with a `schedule`) and serve /metrics, /healthz, /readyz until
    /// SIGINT/SIGTERM; runs in flight get `--grace` seconds to finish, then are abandoned (their
    /// uncommitted work is redone by the next run).
    Serve {
        /// Address of the metrics and health endpoints.
        #[arg(long, default_value = "127.0.0.1:9464", env = "IPDC_LISTEN")]
        listen: SocketAddr,
        /// Seconds runs in flight may take to finish at shutdown.
        #[arg(long, default_value_t = 60)]
        grace: u64,
    },
    /// Ingest the real samples bundled with ipdc into a fresh data root, run example queries,
    /// and say where everything is.
    Demo {
        /// Folder of samples to ingest. Default: the samples bundled in the repository.
        #[arg(long)]
        samples: Option<PathBuf>,
    },
}

/// `ipdc runs …`.
#[derive(Debug, Subcommand)]
pub enum RunsAction {
    /// Show one run and its artifacts.
    Show {
        /// Run id.
        id: String,
    },
}

/// `ipdc quarantine …`.
#[derive(Debug, Subcommand)]
pub enum QuarantineAction {
    /// List quarantined items, newest first.
    List {
        /// How many.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Show every quarantined item of an artifact, with reasons and raw fragments.
    Show {
        /// Artifact id (as listed).
        artifact: String,
    },
}

/// `ipdc schemas …`.
#[derive(Debug, Subcommand)]
pub enum SchemasAction {
    /// Write every published schema file into DIR.
    Export {
        /// Target folder.
        dir: PathBuf,
    },
}

/// Runs a parsed command line; returns the process exit code.
///
/// # Errors
/// Any failure of the command.
pub async fn run(cli: Cli) -> Result<i32> {
    let overrides = Overrides { root: cli.root.clone(), state_dir: cli.state_dir.clone() };
    let config = || Config::load(cli.config.as_deref(), &overrides);
    match cli.command {
        Command::Init { dir } => inspect::init(dir.as_deref()),
        Command::Ingest { source, paths, no_fulltext } => {
            ingest::ingest(&config()?, source.as_deref(), &paths, no_fulltext).await
        }
        Command::Runs { action: None, limit } => inspect::runs(&config()?, limit),
        Command::Runs { action: Some(RunsAction::Show { id }), .. } => inspect::run_show(&config()?, &id),
        Command::Quarantine { action: QuarantineAction::List { limit } } => {
            inspect::quarantine_list(&config()?, limit).await
        }
        Command::Quarantine { action: QuarantineAction::Show { artifact } } => {
            inspect::quarantine_show(&config()?, &artifact).await
        }
        Command::Query { sql, format } => inspect::query(&config()?, &sql, format).await,
        Command::Schemas { action: SchemasAction::Export { dir } } => inspect::schemas_export(&dir),
        Command::Fetch { source } => feeds::fetch(&config()?, &source, None).await,
        Command::Backfill { source, from, to } => {
            if from > to {
                return Err(crate::error::Error::Config(vec![format!("--from {from} is after --to {to}")]));
            }
            feeds::fetch(&config()?, &source, Some((from, to))).await
        }
        Command::Status => feeds::status(&config()?),
        Command::Serve { listen, grace } => feeds::serve(&config()?, listen, Duration::from_secs(grace)).await,
        Command::Demo { samples } => demo::demo(cli.root.as_deref().map(Path::new), samples.as_deref()).await,
    }
}
