//! `cargo run --release --example synth -- N DIR`: writes a synthetic workspace of N agencies
//! (three documents each) into DIR, as the scale test and benchmark use.

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (args.next().and_then(|n| n.parse().ok()), args.next()) else {
        eprintln!("cách dùng: cargo run --release --example synth -- SỐ_CƠ_QUAN THƯ_MỤC");
        std::process::exit(2);
    };
    if let Err(e) = vanban::synth::write_workspace(std::path::Path::new(&dir), n) {
        eprintln!("lỗi: không ghi được {dir}: {e}");
        std::process::exit(2);
    }
    eprintln!("đã tạo {n} cơ quan ({} văn bản) trong {dir}", 3 * n);
}
