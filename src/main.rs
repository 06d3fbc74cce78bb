//! The `vanban` command line.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use vanban::build::{self, Options};
use vanban::render::Format;

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Tạo văn bản hành chính (DOCX, PDF) đúng thể thức Nghị định 30/2020/NĐ-CP từ dữ liệu YAML",
    long_about = None
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { workspace, format } => {
            let mut formats = if format.is_empty() {
                vec![Format::Docx, Format::Pdf]
            } else {
                format
            };
            formats.sort();
            formats.dedup();
            let opts = Options { formats };
            let outcome = build::run(&workspace, &opts, &|p| println!("đã ghi {}", p.display()));
            for e in &outcome.errors {
                eprintln!("{e}");
            }
            eprintln!(
                "Tổng kết: {} văn bản, {} tệp đã ghi, {} lỗi, {} ms.",
                outcome.documents,
                outcome.written.len(),
                outcome.errors.len(),
                outcome.elapsed.as_millis()
            );
            if outcome.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
