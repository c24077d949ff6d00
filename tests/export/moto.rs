//! A moto server on a free loopback port, and the AWS CLI of the test's Python environment
//! (`.ci/run` installs both into `.venv-test`, or `SGS_TEST_VENV` names another). One server
//! serves every world of a test; `reset` empties it between worlds.

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
    /// Starts moto_server from `bin` on a free port of 127.0.0.1 and waits until it answers.
    pub fn start(bin: &Path) -> Result<Moto, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let child = Command::new(bin.join("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start moto_server: {e}"))?;
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
        Err("moto_server did not answer within 60 s".into())
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

    /// Empties the server, then gives the account what AWS gives a new one; the id of an image
    /// instances can launch from.
    pub fn reset(&self) -> Result<String, String> {
        self.http("POST", "/moto-api/reset")?;
        let out = self.command("python", &["-c", GAPS])?;
        Ok(out.trim().to_string())
    }

    fn env(&self, c: &mut Command) {
        c.env("AWS_ENDPOINT_URL", self.url())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_REGION", "us-east-1")
            .env("AWS_PAGER", "")
            .env_remove("AWS_PROFILE")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        let path = std::env::var("PATH").unwrap_or_default();
        c.env("PATH", format!("{}:{path}", self.bin.display()));
    }

    fn command(&self, program: &str, args: &[&str]) -> Result<String, String> {
        let mut c = Command::new(self.bin.join(program));
        c.args(args);
        self.env(&mut c);
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

    /// Runs an exported script with bash, the venv's `aws` first on the path.
    pub fn run_script(&self, script: &Path, ami: &str) -> Result<(), String> {
        let mut c = Command::new("bash");
        c.arg(script).env("AMI", ami);
        self.env(&mut c);
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

    /// Writes what the describe-* commands print into `dir`, one file each, two at a time.
    pub fn dump(&self, dir: &Path) -> Result<(), String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        for pair in DESCRIBE.chunks(2) {
            let mut running = Vec::new();
            for cmd in pair {
                let file = std::fs::File::create(dir.join(format!("{cmd}.json")))
                    .map_err(|e| e.to_string())?;
                let mut c = Command::new(self.bin.join("aws"));
                c.args(["ec2", cmd, "--output", "json"]).stdout(file);
                self.env(&mut c);
                running.push((cmd, c.spawn().map_err(|e| e.to_string())?));
            }
            for (cmd, mut child) in running {
                let status = child.wait().map_err(|e| e.to_string())?;
                if !status.success() {
                    return Err(format!("aws ec2 {cmd} failed ({status})"));
                }
            }
        }
        self.dump_prefix_lists(dir)
    }

    /// Writes `describe-managed-prefix-lists` into `dir`, and as `pl-ID.entries.json` the
    /// `get-managed-prefix-list-entries` output of every list of the account's own and of every
    /// list AWS manages that a rule names (moto, like AWS, lists a handful of those in every
    /// region: the others are left without entries, and the import says it skipped them).
    fn dump_prefix_lists(&self, dir: &Path) -> Result<(), String> {
        let read = |file: &str| -> Result<serde_json::Value, String> {
            let text = std::fs::read_to_string(dir.join(file)).map_err(|e| e.to_string())?;
            serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))
        };
        let lists = self.command(
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
