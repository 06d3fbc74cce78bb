//! The `vanban` command line.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};

use vanban::build::{self, Options};
use vanban::render::Format;

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Tạo văn bản hành chính (DOCX, PDF) đúng thể thức Nghị định 30/2020/NĐ-CP từ dữ liệu YAML",
    long_about = None,
    after_help = "Ví dụ:\n  vanban build                      tạo mọi văn bản trong thư mục hiện tại\n  vanban build -a so-tu-phap        chỉ văn bản của Sở Tư pháp\n  vanban build -d bao-cao-nam -f pdf báo cáo năm của mọi cơ quan, chỉ PDF\n  vanban check                      kiểm tra dữ liệu, không ghi tệp"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tạo mọi văn bản của không gian làm việc vào output/<mã cơ quan>/<văn bản>.docx|pdf
    Build {
        /// Thư mục không gian làm việc (mặc định: thư mục hiện tại)
        #[arg(long, short = 'w', value_name = "THƯ_MỤC", default_value = ".")]
        workspace: PathBuf,
        /// Chỉ tạo định dạng này (lặp lại để chọn nhiều)
        #[arg(long, short = 'f', value_enum, value_name = "docx|pdf")]
        format: Vec<Format>,
        /// Chỉ tạo văn bản của cơ quan này (tên thư mục trong data/; lặp lại để chọn nhiều)
        #[arg(long, short = 'a', value_name = "MÃ_CƠ_QUAN")]
        agency: Vec<String>,
        /// Chỉ tạo loại văn bản này (tên tệp không có .yaml, ví dụ ke-hoach, bao-cao-6-thang, bao-cao-nam)
        #[arg(long, short = 'd', value_name = "VĂN_BẢN")]
        document: Vec<String>,
        /// Số luồng làm việc song song (mặc định: bằng số nhân CPU)
        #[arg(long, short = 'j', value_name = "SỐ", default_value_t = 0)]
        jobs: usize,
    },
    /// Kiểm tra dữ liệu và mẫu của mọi văn bản, không ghi tệp nào
    Check {
        /// Thư mục không gian làm việc (mặc định: thư mục hiện tại)
        #[arg(long, short = 'w', value_name = "THƯ_MỤC", default_value = ".")]
        workspace: PathBuf,
        /// Chỉ kiểm tra văn bản của cơ quan này (lặp lại để chọn nhiều)
        #[arg(long, short = 'a', value_name = "MÃ_CƠ_QUAN")]
        agency: Vec<String>,
        /// Chỉ kiểm tra văn bản này (tên tệp không có .yaml)
        #[arg(long, short = 'd', value_name = "VĂN_BẢN")]
        document: Vec<String>,
        /// Số luồng làm việc song song (mặc định: bằng số nhân CPU)
        #[arg(long, short = 'j', value_name = "SỐ", default_value_t = 0)]
        jobs: usize,
    },
}

/// Clap's help in Vietnamese: headings, and the help and version flags.
fn localised() -> clap::Command {
    const TEMPLATE: &str = "{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";
    fn vi(cmd: clap::Command) -> clap::Command {
        let usage = match cmd.get_name() {
            "vanban" => "vanban <LỆNH>".to_string(),
            name => format!("vanban {name} [TÙY CHỌN]"),
        };
        cmd.help_template(TEMPLATE)
            .override_usage(usage)
            .mut_args(|a| {
                a.help_heading("Tùy chọn")
                    .hide_default_value(true)
                    .hide_possible_values(true)
            })
            .disable_help_flag(true)
            .next_help_heading("Tùy chọn")
            .subcommand_help_heading("Lệnh")
            .subcommand_value_name("LỆNH")
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help("In hướng dẫn này"),
            )
    }
    let mut cmd = vi(Cli::command())
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In phiên bản"),
        );
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for n in names {
        cmd = cmd.mut_subcommand(n, vi);
    }
    cmd
}

fn main() -> ExitCode {
    let cli = match Cli::from_arg_matches(&localised().get_matches()) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Check {
            workspace,
            agency,
            document,
            jobs,
        } => {
            init_pool(jobs);
            let opts = Options {
                formats: vec![],
                agencies: agency,
                documents: document,
                jobs,
            };
            let outcome = build::run(&workspace, &opts, &|_: &Path| {});
            let summary = format!(
                "Kiểm tra: {} văn bản, {} lỗi, {} ms.",
                outcome.documents,
                outcome.errors.len(),
                outcome.elapsed.as_millis()
            );
            report(&outcome, &summary)
        }
        Command::Build {
            workspace,
            format,
            agency,
            document,
            jobs,
        } => {
            init_pool(jobs);
            let mut formats = if format.is_empty() {
                vec![Format::Docx, Format::Pdf]
            } else {
                format
            };
            formats.sort();
            formats.dedup();
            let opts = Options {
                formats,
                agencies: agency,
                documents: document,
                jobs,
            };
            let outcome = if std::io::stderr().is_terminal() {
                let bar = Bar::new();
                let o = build::run(&workspace, &opts, &bar);
                bar.0.finish_and_clear();
                o
            } else {
                build::run(&workspace, &opts, &|p: &Path| {
                    println!("đã ghi {}", p.display())
                })
            };
            let mut summary = format!(
                "Tổng kết: {} văn bản, {} tệp đã ghi, {} lỗi, {} ms",
                outcome.documents,
                outcome.written.len(),
                outcome.errors.len(),
                outcome.elapsed.as_millis()
            );
            if let Some(mb) = build::peak_memory_mb() {
                summary.push_str(&format!(", bộ nhớ tối đa {mb} MB"));
            }
            summary.push('.');
            report(&outcome, &summary)
        }
    }
}

/// `-j N` also bounds typst's own helper pool, so one thread really means one core's work.
fn init_pool(jobs: usize) {
    if jobs > 0 {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global();
    }
}

/// Prints every diagnostic, the summary and the failed documents; the exit code says
/// whether anything went wrong.
fn report(outcome: &build::Outcome, summary: &str) -> ExitCode {
    for e in &outcome.errors {
        eprintln!("{e}");
    }
    eprintln!("{summary}");
    if !outcome.failed.is_empty() {
        eprintln!(
            "Văn bản chưa tạo được ({}): {}",
            outcome.failed.len(),
            outcome.failed.join(", ")
        );
    }
    if outcome.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A progress bar for terminals: one tick per document.
struct Bar(indicatif::ProgressBar);

impl Bar {
    fn new() -> Bar {
        let pb = indicatif::ProgressBar::new(0);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} văn bản  {msg}")
                .expect("valid template"),
        );
        Bar(pb)
    }
}

impl build::Progress for Bar {
    fn start(&self, documents: usize) {
        self.0.set_length(documents as u64);
    }
    fn written(&self, path: &Path) {
        self.0.set_message(path.display().to_string());
    }
    fn done(&self, _agency: &str, _document: &str) {
        self.0.inc(1);
    }
}
