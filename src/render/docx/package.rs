//! The DOCX's zip package, written here rather than with the zip crate so that one deflate
//! compressor serves every part of every document a thread writes. The zip crate sets up a
//! new compressor for each part (eleven per DOCX); zlib-rs allocates and clears about
//! 300 KB for each, which callgrind counted as a fifth of all the instructions spent on a
//! DOCX. The format is the plain one Word writes: local headers, deflated data, central
//! directory, end record; no data descriptors, no zip64 (a part is never near 4 GB). The
//! bytes are the zip crate's, to the byte (a test holds it): only the work is less, 9% of a
//! DOCX's time.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};

thread_local! {
    /// Raw deflate at zlib's default level, reset before each part.
    static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::default(), false));
}

/// `parts` in the given order, each deflated, all stamped midnight of `date` ("YYYY-MM-DD";
/// zip's epoch, 1980-01-01, when missing or out of zip's range).
pub(super) fn zip(parts: &[(String, Vec<u8>)], date: &str) -> Result<Vec<u8>, String> {
    let (dos_time, dos_date) = (0u16, dos_date(date));
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in parts {
        let packed = deflate(data)?;
        let too_big = |n: usize| u32::try_from(n).map_err(|_| format!("phần {name} quá lớn"));
        let (size, packed_size) = (too_big(data.len())?, too_big(packed.len())?);
        let offset = too_big(out.len())?;
        let crc = crc32fast::hash(data);
        // Names are ASCII (part names of the package), so no UTF-8 flag is needed.
        let fields = |head: &mut Vec<u8>| {
            head.extend(20u16.to_le_bytes()); // version needed: 2.0 (deflate)
            head.extend(0u16.to_le_bytes()); // flags
            head.extend(8u16.to_le_bytes()); // method: deflate
            head.extend(dos_time.to_le_bytes());
            head.extend(dos_date.to_le_bytes());
            head.extend(crc.to_le_bytes());
            head.extend(packed_size.to_le_bytes());
            head.extend(size.to_le_bytes());
            head.extend((name.len() as u16).to_le_bytes());
            head.extend(0u16.to_le_bytes()); // extra field length
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        fields(&mut out);
        out.extend(name.as_bytes());
        out.extend(&packed);

        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(((3u16 << 8) | 20).to_le_bytes()); // made by: Unix, 2.0
        fields(&mut central);
        central.extend(0u16.to_le_bytes()); // comment length
        central.extend(0u16.to_le_bytes()); // disk number
        central.extend(0u16.to_le_bytes()); // internal attributes
        central.extend((0o100644u32 << 16).to_le_bytes()); // a regular file, rw-r--r--
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let count = u16::try_from(parts.len()).map_err(|_| "quá nhiều phần".to_string())?;
    let central_at = u32::try_from(out.len()).map_err(|_| "tệp quá lớn".to_string())?;
    let central_size = central.len() as u32;
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend(0u16.to_le_bytes()); // this disk
    out.extend(0u16.to_le_bytes()); // disk of the central directory
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(central_size.to_le_bytes());
    out.extend(central_at.to_le_bytes());
    out.extend(0u16.to_le_bytes()); // comment length
    Ok(out)
}

/// Raw deflate of `data` with the thread's compressor.
fn deflate(data: &[u8]) -> Result<Vec<u8>, String> {
    DEFLATE.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        let mut out = Vec::with_capacity(data.len() / 3 + 64);
        loop {
            let read = c.total_in() as usize;
            match c.compress_vec(&data[read..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return Ok(out),
                Ok(_) => out.reserve(out.capacity().max(1024)),
                Err(e) => return Err(format!("lỗi nén: {e}")),
            }
        }
    })
}

/// The MS-DOS date zip stores: midnight of a "YYYY-MM-DD" date, or 1980-01-01.
fn dos_date(date: &str) -> u16 {
    use chrono::Datelike;
    const EPOCH: u16 = (1 << 5) | 1;
    match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) if (1980..=2107).contains(&d.year()) => {
            (((d.year() - 1980) as u16) << 9) | ((d.month() as u16) << 5) | d.day() as u16
        }
        _ => EPOCH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_zip_crate_reads_back_every_part_as_written() {
        let big: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let parts = vec![
            ("[Content_Types].xml".to_string(), b"<Types/>".to_vec()),
            ("word/document.xml".to_string(), big.clone()),
            ("word/empty.xml".to_string(), Vec::new()),
        ];
        // Twice on one thread: the compressor is reused and must start clean.
        for _ in 0..2 {
            let bytes = zip(&parts, "2025-03-06").unwrap();
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            assert_eq!(z.len(), 3);
            for (i, (name, data)) in parts.iter().enumerate() {
                let mut f = z.by_index(i).unwrap();
                assert_eq!(f.name(), name);
                assert_eq!(f.compression(), zip::CompressionMethod::Deflated);
                let t = f.last_modified().unwrap();
                assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2025, 3, 6, 0));
                assert_eq!(f.unix_mode(), Some(0o100644));
                let mut back = Vec::new();
                f.read_to_end(&mut back).unwrap();
                assert_eq!(&back, data, "{name}");
            }
        }
        assert!(zip(&parts, "").unwrap().len() < big.len() / 4);
    }

    #[test]
    fn the_bytes_are_those_the_zip_crate_writes() {
        use std::io::Write;
        let text: Vec<u8> = "<w:p>Kế hoạch số 12/KH-UBND</w:p>".repeat(500).into_bytes();
        let parts = vec![
            ("[Content_Types].xml".to_string(), b"<Types/>".to_vec()),
            ("word/document.xml".to_string(), text),
        ];
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::from_date_and_time(2025, 3, 6, 0, 0, 0).unwrap())
            .unix_permissions(0o644);
        for (name, data) in &parts {
            z.start_file(name.as_str(), opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
        assert_eq!(zip(&parts, "2025-03-06").unwrap(), buf.into_inner());
    }

    #[test]
    fn a_date_zip_cannot_hold_is_its_epoch() {
        assert_eq!(dos_date("2025-03-06"), (45 << 9) | (3 << 5) | 6);
        for bad in [
            "",
            "1979-12-31",
            "2025-13-01",
            "2025-02-30",
            "x-y-z",
            "2200-01-01",
        ] {
            assert_eq!(dos_date(bad), (1 << 5) | 1, "{bad}");
        }
    }
}
