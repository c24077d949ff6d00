//! Signals that end a shell (SIGTERM, SIGINT, SIGHUP, SIGQUIT sent by `kill`, a closed terminal
//! or a supervisor) must not leave the terminal raw: a thread waits for them, puts the terminal
//! back as the shell found it, and ends the process with the shell's conventional status,
//! 128 + the signal's number. No async runtime: signal-hook's blocking iterator.

/// Runs `restore` and exits when one of `signals` arrives. Without signal support (or if the
/// handlers cannot be installed) the signals keep their default action.
#[cfg(unix)]
pub fn restore_on(signals: &[i32], restore: impl Fn() + Send + 'static) {
    let Ok(mut waiting) = signal_hook::iterator::Signals::new(signals) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = waiting.forever().next() {
                restore();
                std::process::exit(128 + signal);
            }
        });
    // A thread that cannot start leaves the default actions, as before.
    drop(spawned);
}

#[cfg(not(unix))]
pub fn restore_on(_signals: &[i32], _restore: impl Fn() + Send + 'static) {}

/// The signals that end the TUI.
#[cfg(unix)]
pub const TUI: &[i32] = &[
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGQUIT,
];

/// The signals that end the REPL while a line is read (the editor reads Ctrl-C and Ctrl-\ as
/// keys; `kill -INT` and `kill -QUIT` are handled the same way).
#[cfg(unix)]
pub const REPL: &[i32] = TUI;

#[cfg(not(unix))]
pub const TUI: &[i32] = &[];

#[cfg(not(unix))]
pub const REPL: &[i32] = &[];
