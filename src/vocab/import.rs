//! What `import aws DIR` read and what it skipped, and why: the report an import answers with.

/// One thing the importer did not bring into the world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The file, as shown (relative to the imported folder).
    pub file: String,
    /// Where in the file: a JSON path (`SecurityGroups[2].IpPermissionsEgress[1]`), or empty for
    /// the whole file.
    pub at: String,
    /// What it is: an AWS id, or a short description.
    pub what: String,
    /// Why it was skipped.
    pub why: String,
}

/// The report of one import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The folder, as the user wrote it.
    pub dir: String,
    /// The accounts and regions imported (`123456789012 us-east-1`), the current one first.
    pub scopes: Vec<String>,
    /// The number of objects read, by kind (its plural, `VPCs`, `rules`, …), in a fixed order;
    /// kinds with none are left out.
    pub read: Vec<(String, usize)>,
    /// The files that were read.
    pub files: usize,
    pub skipped: Vec<Skipped>,
}

impl ImportReport {
    /// The text after `ok: `.
    pub fn summary(&self) -> String {
        let read: Vec<String> = self
            .read
            .iter()
            .map(|(k, n)| match n {
                1 => format!("1 {}", k.strip_suffix('s').unwrap_or(k)),
                n => format!("{n} {k}"),
            })
            .collect();
        let files = if self.files == 1 { "file" } else { "files" };
        let mut s = format!(
            "imported {} ({} {files}): {}",
            self.dir,
            self.files,
            if read.is_empty() {
                "nothing".to_string()
            } else {
                read.join(", ")
            }
        );
        if !self.scopes.is_empty() {
            s.push_str(&format!("; now in {}", self.scopes[0]));
        }
        if !self.skipped.is_empty() {
            s.push_str(&format!("; {} skipped", self.skipped.len()));
        }
        s
    }
}

impl Skipped {
    /// `file at: what: why`, as the text report lists it.
    pub fn line(&self) -> String {
        let at = if self.at.is_empty() {
            String::new()
        } else {
            format!(" {}", self.at)
        };
        if self.file.is_empty() {
            return format!("{}: {}", self.what, self.why);
        }
        format!("{}{at}: {}: {}", self.file, self.what, self.why)
    }
}
