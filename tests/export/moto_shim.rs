//! The one patch of moto's server (tests/export/moto_server.py): a rule may reference another
//! account's group by its `UserId` and `GroupId`, as in AWS, and describe shows that account;
//! a `GroupId` that account does not have is still refused, and so is another account's group
//! named without its `UserId` (moto's own lookup, unpatched).

use super::moto::{DEFAULT_ACCOUNT, Moto, venv_bin};

const PEER: &str = "111122223333";

/// `aws ec2` as the peer account, with the keys the script is given for it.
const AS_PEER: &str = "AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID_111122223333 \
AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY_111122223333 \
AWS_SESSION_TOKEN=$AWS_SESSION_TOKEN_111122223333 aws ec2";

#[test]
fn moto_through_the_launcher_accepts_another_accounts_group_and_only_one_it_has() {
    let Some(bin) = venv_bin() else {
        println!(
            "skipped: moto and the AWS CLI are not installed (.ci/run installs them into .venv-test)"
        );
        return;
    };
    let moto = Moto::start(&bin).expect("moto's server");
    let wanted = [DEFAULT_ACCOUNT, PEER].map(|a| (a.to_string(), "us-east-1".to_string()));
    let scopes = moto.reset(&wanted).expect("two accounts");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let d = dir.path().display();
    let q = "--query GroupId --output text";
    let build = format!(
        "set -e\n\
         pv=$({AS_PEER} create-vpc --cidr-block 10.1.0.0/16 --query Vpc.VpcId --output text)\n\
         {AS_PEER} create-security-group --group-name tools --description t --vpc-id $pv {q} > {d}/tools\n\
         v=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)\n\
         aws ec2 create-security-group --group-name app --description a --vpc-id $v {q} > {d}/app\n"
    );
    let authorize = |pair: &str| {
        format!(
            "set -e\ntools=$(cat {d}/tools); app=$(cat {d}/app)\n\
             aws ec2 authorize-security-group-ingress --group-id $app --ip-permissions \
             \"IpProtocol=tcp,FromPort=22,ToPort=22,UserIdGroupPairs=[{{{pair}}}]\"\n\
             aws ec2 describe-security-group-rules --filters Name=group-id,Values=$app \
             --output json > {d}/rules.json\n"
        )
    };
    let run = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("a script");
        moto.run_script(&path, &scopes)
    };
    run("build.sh", build).expect("the two groups");
    for (name, pair) in [
        (
            "unknown.sh",
            format!("UserId={PEER},GroupId=sg-00000000000000000"),
        ),
        ("no-user.sh", "GroupId=$tools".to_string()),
    ] {
        let e = run(name, authorize(&pair)).expect_err(name);
        assert!(e.contains("InvalidGroup.NotFound"), "{name}: {e}");
    }
    run(
        "peer.sh",
        authorize(&format!("UserId={PEER},GroupId=$tools")),
    )
    .expect("accepted");
    let text = std::fs::read_to_string(dir.path().join("rules.json")).expect("the rules");
    let rules: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let tools = std::fs::read_to_string(dir.path().join("tools")).expect("the group id");
    let refs: Vec<&serde_json::Value> = rules["SecurityGroupRules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r.get("ReferencedGroupInfo"))
        .collect();
    assert_eq!(refs.len(), 1, "{text}");
    assert_eq!(refs[0]["UserId"], PEER, "{text}");
    assert_eq!(refs[0]["GroupId"], tools.trim(), "{text}");
}
