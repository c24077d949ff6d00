//! A moto server on a free loopback port, and the AWS CLI of the test's Python environment
//! (`.ci/run` installs both into `.venv-test`, or `SGS_TEST_VENV` names another). One server
//! serves every world of a test; `reset` empties it between worlds.
//!
//! moto picks the account of a request from the access key it is signed with (moto 5.2.5,
//! `moto/core/responses.py` `get_current_account`: the `MOTO_ACCOUNT_ID` environment of the
//! server first, then an `x-moto-account-id` header the AWS CLI cannot send, then
//! `moto/iam/models.py` `get_account_id_from`, which knows the keys `sts assume-role` handed
//! out). So an account other than moto's default is the keys of a role assumed in it: any role
//! ARN of that account works, the role need not exist.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Moto {
    child: Child,
    port: u16,
    bin: PathBuf,
}

/// The account moto serves when a request's keys are not a role's of another account.
pub const DEFAULT_ACCOUNT: &str = "123456789012";

/// An account and region of moto, with keys that select the account.
#[derive(Clone, Debug)]
pub struct Scope {
    pub account: String,
    pub region: String,
    key: String,
    secret: String,
    token: Option<String>,
    /// An image instances can launch from in the region.
    ami: String,
}

impl Scope {
    /// Its folder in a dump: `ACCOUNT/REGION`, as `import aws` reads it.
    pub fn folder(&self, dir: &Path) -> PathBuf {
        dir.join(&self.account).join(&self.region)
    }
}

/// The folder holding `aws`, `moto_server` and `python` of the test environment, if installed.
pub fn venv_bin() -> Option<PathBuf> {
    let root = std::env::var_os("SGS_TEST_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv-test"));
    let bin = root.join("bin");
    let ok = ["aws", "moto_server", "python"]
        .iter()
        .all(|b| bin.join(b).exists());
    ok.then_some(bin)
}

/// Starts moto's server as `moto_server` does, after patching the one gap of moto that keeps a
/// world from round-tripping: a rule referencing another account's group (the file says what
/// it patches and why; docs/fidelity.md too).
const LAUNCHER: &str = "tests/export/moto_server.py";

/// moto fills in what AWS gives a new account and moto does not: the default VPC's internet
/// gateway and its main route to it, and the default group's rule that lets its members reach
/// each other (interop/README.md lists the gaps).
const GAPS: &str = r#"
import boto3, os
ec2 = boto3.client("ec2", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
rtb = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                         {"Name": "association.main", "Values": ["true"]}])["RouteTables"][0]["RouteTableId"]
ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                           {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]
ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
    {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": sg}]}])
print(ec2.describe_images()["Images"][0]["ImageId"])
"#;

/// The describe-* commands whose output `import aws` reads.
const DESCRIBE: &[&str] = &[
    "describe-vpcs",
    "describe-subnets",
    "describe-security-groups",
    "describe-security-group-rules",
    "describe-instances",
    "describe-network-interfaces",
    "describe-network-acls",
    "describe-vpc-peering-connections",
    "describe-route-tables",
    "describe-internet-gateways",
];

impl Moto {
    /// Starts moto's server on a free port of 127.0.0.1, through LAUNCHER run by `bin`'s Python,
    /// and waits until it answers.
    pub fn start(bin: &Path) -> Result<Moto, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let child = Command::new(bin.join("python"))
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(LAUNCHER))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {LAUNCHER}: {e}"))?;
        let moto = Moto {
            child,
            port,
            bin: bin.to_path_buf(),
        };
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if moto.http("GET", "/moto-api/").is_ok() {
                return Ok(moto);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!("{LAUNCHER} did not answer within 60 s"))
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn http(&self, method: &str, path: &str) -> Result<String, String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).map_err(|e| e.to_string())?;
        s.set_read_timeout(Some(Duration::from_secs(30)))
            .map_err(|e| e.to_string())?;
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
        let mut out = String::new();
        s.read_to_string(&mut out).map_err(|e| e.to_string())?;
        if out.starts_with("HTTP/1.1 200") || out.starts_with("HTTP/1.0 200") {
            Ok(out)
        } else {
            Err(out.lines().next().unwrap_or_default().to_string())
        }
    }

    /// The default account in us-east-1, where the scripts start.
    pub fn home() -> Scope {
        Scope {
            account: DEFAULT_ACCOUNT.into(),
            region: "us-east-1".into(),
            key: "testing".into(),
            secret: "testing".into(),
            token: None,
            ami: String::new(),
        }
    }

    /// Empties the server, then gives each account and region (`(account, region)`, moto's
    /// default account first) what AWS gives a new one. Returns them with keys that select
    /// their accounts and an image of their regions.
    pub fn reset(&self, wanted: &[(String, String)]) -> Result<Vec<Scope>, String> {
        self.http("POST", "/moto-api/reset")?;
        let mut scopes = Vec::new();
        for (account, region) in wanted {
            let mut scope = self.scope(account, region)?;
            scope.ami = self
                .command(&scope, "python", &["-c", GAPS])?
                .trim()
                .to_string();
            scopes.push(scope);
        }
        Ok(scopes)
    }

    /// Keys of `account`: moto's default keys for its default account, else a role's assumed
    /// in it.
    fn scope(&self, account: &str, region: &str) -> Result<Scope, String> {
        let home = Moto::home();
        if account == home.account {
            return Ok(Scope {
                region: region.into(),
                ..home
            });
        }
        let arn = format!("arn:aws:iam::{account}:role/sgs-roundtrip");
        let out = self.command(
            &home,
            "aws",
            &[
                "sts",
                "assume-role",
                "--role-arn",
                &arn,
                "--role-session-name",
                "sgs",
                "--query",
                "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]",
                "--output",
                "text",
            ],
        )?;
        let words: Vec<&str> = out.split_whitespace().collect();
        let [key, secret, token] = words.as_slice() else {
            return Err(format!("sts assume-role printed {out:?}"));
        };
        Ok(Scope {
            account: account.into(),
            region: region.into(),
            key: key.to_string(),
            secret: secret.to_string(),
            token: Some(token.to_string()),
            ami: String::new(),
        })
    }

    fn env(&self, c: &mut Command, scope: &Scope) {
        c.env("AWS_ENDPOINT_URL", self.url())
            .env("AWS_ACCESS_KEY_ID", &scope.key)
            .env("AWS_SECRET_ACCESS_KEY", &scope.secret)
            .env("AWS_DEFAULT_REGION", &scope.region)
            .env("AWS_REGION", &scope.region)
            .env("AWS_PAGER", "")
            .env_remove("AWS_PROFILE")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        match &scope.token {
            Some(t) => c.env("AWS_SESSION_TOKEN", t),
            None => c.env_remove("AWS_SESSION_TOKEN"),
        };
        let path = std::env::var("PATH").unwrap_or_default();
        c.env("PATH", format!("{}:{path}", self.bin.display()));
    }

    fn command(&self, scope: &Scope, program: &str, args: &[&str]) -> Result<String, String> {
        let mut c = Command::new(self.bin.join(program));
        c.args(args);
        self.env(&mut c, scope);
        let out = c.output().map_err(|e| format!("{program}: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "{program} {}: {}",
                args.first().unwrap_or(&""),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Runs an exported script with bash, the venv's `aws` first on the path, as the first of
    /// `scopes`, with the keys of each other account in `AWS_ACCESS_KEY_ID_<ACCOUNT>` … and the
    /// image of each other region in `AMI_<REGION>`, as the script asks.
    pub fn run_script(&self, script: &Path, scopes: &[Scope]) -> Result<(), String> {
        let mut c = Command::new("bash");
        let home = scopes.first().cloned().unwrap_or_else(Moto::home);
        c.arg(script).env("AMI", &home.ami);
        for s in scopes.iter().filter(|s| s.region != home.region) {
            let region = s.region.to_uppercase().replace('-', "_");
            c.env(format!("AMI_{region}"), &s.ami);
        }
        self.env(&mut c, &home);
        for s in scopes.iter().filter(|s| s.account != home.account) {
            c.env(format!("AWS_ACCESS_KEY_ID_{}", s.account), &s.key)
                .env(format!("AWS_SECRET_ACCESS_KEY_{}", s.account), &s.secret);
            if let Some(t) = &s.token {
                c.env(format!("AWS_SESSION_TOKEN_{}", s.account), t);
            }
        }
        let out = c.output().map_err(|e| format!("bash: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "the script failed ({}):\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(())
    }

    /// Writes what each account and region describes into `dir/ACCOUNT/REGION/`.
    pub fn dump(&self, dir: &Path, scopes: &[Scope]) -> Result<(), String> {
        for scope in scopes {
            let sub = scope.folder(dir);
            self.dump_describe(&sub, scope)?;
        }
        Ok(())
    }

    /// Writes what the describe-* commands print into `dir`, one file each, two at a time.
    fn dump_describe(&self, dir: &Path, scope: &Scope) -> Result<(), String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        for pair in DESCRIBE.chunks(2) {
            let mut running = Vec::new();
            for cmd in pair {
                let file = std::fs::File::create(dir.join(format!("{cmd}.json")))
                    .map_err(|e| e.to_string())?;
                let mut c = Command::new(self.bin.join("aws"));
                c.args(["ec2", cmd, "--output", "json"]).stdout(file);
                self.env(&mut c, scope);
                running.push((cmd, c.spawn().map_err(|e| e.to_string())?));
            }
            for (cmd, mut child) in running {
                let status = child.wait().map_err(|e| e.to_string())?;
                if !status.success() {
                    return Err(format!(
                        "aws ec2 {cmd} failed in {} {} ({status})",
                        scope.account, scope.region
                    ));
                }
            }
        }
        self.dump_prefix_lists(dir, scope)
    }

    /// Writes `describe-managed-prefix-lists` into `dir`, and as `pl-ID.entries.json` the
    /// `get-managed-prefix-list-entries` output of every list of the account's own and of every
    /// list AWS manages that a rule names (moto, like AWS, lists a handful of those in every
    /// region: the others are left without entries, and the import says it skipped them).
    fn dump_prefix_lists(&self, dir: &Path, scope: &Scope) -> Result<(), String> {
        let read = |file: &str| -> Result<serde_json::Value, String> {
            let text = std::fs::read_to_string(dir.join(file)).map_err(|e| e.to_string())?;
            serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))
        };
        let lists = self.command(
            scope,
            "aws",
            &["ec2", "describe-managed-prefix-lists", "--output", "json"],
        )?;
        std::fs::write(dir.join("describe-managed-prefix-lists.json"), &lists)
            .map_err(|e| e.to_string())?;
        let lists: serde_json::Value = serde_json::from_str(&lists)
            .map_err(|e| format!("describe-managed-prefix-lists: {e}"))?;
        let groups = read("describe-security-groups.json")?;
        let named = groups["SecurityGroups"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|g| {
                let ins = g["IpPermissions"].as_array().into_iter().flatten();
                let outs = g["IpPermissionsEgress"].as_array().into_iter().flatten();
                ins.chain(outs)
            })
            .flat_map(|p| p["PrefixListIds"].as_array().into_iter().flatten())
            .filter_map(|l| l["PrefixListId"].as_str())
            .collect::<std::collections::BTreeSet<&str>>();
        for l in lists["PrefixLists"].as_array().into_iter().flatten() {
            let Some(id) = l["PrefixListId"].as_str() else {
                return Err(format!("a prefix list without an id: {l}"));
            };
            if l["OwnerId"] == "AWS" && !named.contains(id) {
                continue;
            }
            let entries = self.command(
                scope,
                "aws",
                &[
                    "ec2",
                    "get-managed-prefix-list-entries",
                    "--prefix-list-id",
                    id,
                    "--output",
                    "json",
                ],
            )?;
            std::fs::write(dir.join(format!("{id}.entries.json")), entries)
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
