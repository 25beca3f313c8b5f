//! Start-up to the first drawn frame of the real binary, as a whole process.
//!
//! Runs `reflect` RUNS times in a 200x60 pseudo-terminal with
//! `REFLECT_EXIT_AFTER_FIRST_FRAME=1` (the binary draws its first frame,
//! restores the terminal and exits) and reports the wall time from spawn to
//! exit: min, median, mean and max. See BENCHMARKS.md.
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example first_frame -- 50 target/release/reflect --home /tmp/h
//! ```

use std::io::Read;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [runs, program, rest @ ..] = args.as_slice() else {
        eprintln!("usage: first_frame RUNS PROGRAM [ARGS...]");
        std::process::exit(2);
    };
    let runs: usize = runs.parse().expect("RUNS: a number");
    let pty = native_pty_system();
    let mut times = Vec::with_capacity(runs);
    // One untimed run first, so the binary and its files are in the page cache.
    for i in 0..=runs {
        let pair = pty
            .openpty(PtySize {
                rows: 60,
                cols: 200,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(rest);
        cmd.env("TERM", "xterm-256color");
        cmd.env("REFLECT_EXIT_AFTER_FIRST_FRAME", "1");
        let mut reader = pair.master.try_clone_reader().unwrap();
        // Drain the screen output so the child never blocks on a full pty.
        let drain = std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            let mut total = 0;
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                total += n;
            }
            total
        });
        let started = Instant::now();
        let mut child = pair.slave.spawn_command(cmd).expect("the program starts");
        let status = child.wait().expect("the program ends");
        let took = started.elapsed();
        drop(pair.slave);
        drop(pair.master);
        let bytes = drain.join().unwrap_or(0);
        assert!(status.success(), "run {i} failed: {status:?}");
        if i == 0 {
            eprintln!("warm-up run: {took:.2?}, {bytes} bytes of screen output");
        } else {
            times.push(took);
        }
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / runs.max(1) as u32;
    println!(
        "{runs} runs: min {:.2?}, median {:.2?}, mean {mean:.2?}, max {:.2?}",
        times[0],
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
