//! sgs: a sandbox that simulates AWS security groups in memory.
//!
//! The crate map. Data flows one way:
//!
//! ```text
//! text ──lang::parse──▶ Command ──control::apply──▶ World'   (AWS's control plane)
//!                           └──query::probe──▶ Question ──dataplane::decide──▶ Trace
//! Session = World + flows + clock + undo history: a line in, a Reply (data) out; render turns
//! replies into text; the shells (cli, repl, tui) ask the session and print what render writes.
//! Below them all, vocab: the words (Span, Diagnostic, Direction, Ref, ids, Proto, …) they share.
//! ```
//!
//! - [`vocab`]: the words every floor shares: [`vocab::Span`], [`vocab::Diagnostic`] (and its
//!   renderer), [`vocab::Direction`], references ([`vocab::Ref`]), typed ids and [`vocab::Scope`],
//!   protocols and ports as written ([`vocab::Perm`]) and as stored ([`vocab::Proto`]), peers, the
//!   probe question ([`vocab::Probe`]) and the managed-service kinds. Depends on nothing of ours.
//! - [`lang`]: text to [`lang::ast::Command`]; the grammar and completion. Knows vocab only:
//!   completion learns the world's names through [`lang::Names`], which the session implements.
//! - [`world`]: the model as plain data, its indexes and reference lookups (ElastiCache and RDS
//!   objects among them, each cache node and DB instance a network interface). No validation.
//!   Knows vocab only, never lang.
//! - [`control`]: AWS's control plane: validates a command with AWS's codes and messages, then
//!   mutates the world. A failed command changes nothing.
//! - [`dataplane`]: decides whether a packet passes and returns the decision as a
//!   [`dataplane::Trace`]: data, rendered by its `Display`. A flow's packets are judged by their
//!   connection-tracking entries, given as input: the data plane keeps no state. Reads the world
//!   and vocab, never lang. Deciding starts from a resolved [`dataplane::Question`].
//! - [`query`]: the questions asked of the world: a probe's endpoints resolved into a packet
//!   ([`query::resolve`]), probe and trace, the reach grid of a VPC, and `show`'s listings as
//!   lines and tables of cells ([`query::Shown`]). Reads the world, changes nothing, prints
//!   nothing; the shells reach it only through the session.
//! - [`session`]: a world with its flows and simulated clock, undo/redo over all three, running
//!   commands, expectations and scripts; the world's names for completion. Every line answers a
//!   [`session::Reply`] (data: a change, a verdict and its trace, a table, an expectation judged)
//!   and an [`session::Outcome`]; the session never writes text.
//! - [`render`]: replies into text (what `sgs run` and the REPL print, `Display for Reply`),
//!   lines with a tone for the REPL's colours, a whole script run as text, JSON Lines
//!   (`sgs run --json`) and JUnit XML (`--junit`).
//! - [`io`]: saving and loading worlds (RON), the synthetic world generator, and estates as
//!   worlds: AWS describe-* output, and Terraform's `terraform show -json` of a state or a plan.
//! - [`cli`]: the command line: parses arguments and maps results to exit codes.
//! - [`repl`]: the interactive shell (`sgs repl`): a rustyline editor whose helper only calls
//!   `lang::complete`, `lang::hint` and `lang::tokens`.
//! - [`tui`]: the terminal UI (`sgs`, `sgs tui`, `sgs play`): ratatui panes over a session, the
//!   same language on its command line (completing through `lang::complete`), traces drawn from
//!   the `Trace` data, a reach grid and a play mode. Asks every question of the session: it
//!   never decides a packet itself.
//!
//! The shells (`cli`, `repl`, `tui`) and `io` are the only modules that touch the terminal and files.
//! The core (`vocab`, `lang`, `world`, `control`, `dataplane`, `query`, `session`) does no I/O,
//! reads no clock and no randomness: the same session gives the same ids, verdicts and traces every
//! time.
#![forbid(unsafe_code)]

pub mod cli;
pub mod control;
pub mod dataplane;
pub mod io;
pub mod lang;
pub mod query;
pub mod render;
pub mod repl;
pub mod session;
pub mod tui;
pub mod vocab;
pub mod world;
