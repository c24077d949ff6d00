use sgs::io::synth::{GenSpec, generate};
use sgs::session::{NoFiles, Session, Verbosity};
use std::time::Instant;
fn main() {
    let script = generate(&GenSpec { groups: 500, rules: 60, instances: 10_000, probes: 0, seed: 1 }).unwrap();
    let mut s = Session::new();
    let t = Instant::now();
    let r = s.run_script("g", &script, &mut NoFiles, Verbosity::Quiet);
    println!("build {:?} stopped {} cmds {}", t.elapsed(), r.stopped, script.lines().count());
    for _ in 0..3 {
        let t = Instant::now();
        let st = s.state().clone();
        println!("clone {:?}", t.elapsed());
        let t = Instant::now();
        drop(st);
        println!("drop {:?}", t.elapsed());
    }
    let t = Instant::now();
    s.undo().unwrap();
    println!("undo {:?}", t.elapsed());
}
