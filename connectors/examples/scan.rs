//! The ceiling for the whole-process benchmark: a bare quick-xml event scan of a file (the same
//! reader ipdc uses), with no tree, no records and no output. Prints bytes, events and MB/s.
//!
//! `cargo run --release -p ipdc-connectors --example scan -- FILE`

#![allow(missing_docs)]

use std::io::BufReader;
use std::time::Instant;

use quick_xml::Reader;
use quick_xml::events::Event;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: scan FILE")?;
    let bytes = std::fs::metadata(&path)?.len();
    let started = Instant::now();
    let mut reader = Reader::from_reader(BufReader::with_capacity(1 << 20, std::fs::File::open(&path)?));
    reader.config_mut().check_end_names = false; // concatenated documents: several roots
    let mut buf = Vec::with_capacity(1 << 16);
    let mut events = 0u64;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            Ok(_) => events += 1,
            Err(_) => {} // a declaration in mid-stream is an error for one reader; keep scanning
        }
        buf.clear();
    }
    let secs = started.elapsed().as_secs_f64();
    println!("scan bytes={bytes} events={events} seconds={secs:.3} mb_per_s={:.1}", bytes as f64 / 1e6 / secs);
    Ok(())
}
